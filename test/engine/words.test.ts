/**
 * Reading with the document's settings (issue 9, point 2): a team's own status and type words added to the spec's
 * ("Сделка успешна" in a status column is won only with them), the default path unchanged, and a custom function's
 * saved mapping used only for the columns the headers do not name.
 */
import { describe, expect, it } from 'vitest';
import { callKpi } from '../../src/engine/call';
import { savedMapping, tableFor, type CallEnv } from '../../src/engine/callEnv';
import { findKpi } from '../../src/engine/catalog';
import { Kind } from '../../src/engine/fields';
import type { KpiDef } from '../../src/engine/kpi';
import { readDeals, type ReadOptions } from '../../src/engine/read';
import { ENV, d, grid } from '../helpers';

const { Won, Lost, Open, Unknown } = Kind;
const def = (name: string): KpiDef => findKpi(name) as KpiDef;
const read = (g: unknown[][], options: ReadOptions = {}) => readDeals(g, { timeZone: 'UTC', now: ENV.now, ...options });

/**
 * March 2024: a CRM's own words in the status and type columns. With the team's words: won 100 and 200, lost 50
 * and 70 (win rate 0.5, sales 300); types repeat, new, repeat, repeat. Without them rows 2 and 4 have no outcome
 * and rows 2 and 5 no type.
 */
const CRM = grid(['Closed', 'Amount', 'Status', 'Type'], [
  [d('2024-03-01'), 100, 'Сделка успешна', 'Продление'],
  [d('2024-03-02'), 200, 'won', 'new'],
  [d('2024-03-03'), 50, 'Отменена', 'repeat'],
  [d('2024-03-04'), 70, 'lost', 'Продление'],
]);
const WORDS: ReadOptions['words'] = { status: { won: ['Сделка успешна'], lost: ['Отменена'] }, type: { repeat: ['продление'] } };

describe('readDeals with a team\'s words', () => {
  it('reads "Сделка успешна" in a status column as won only with the words', () => {
    const plain = read(CRM);
    expect(Array.from(plain.kind)).toEqual([Unknown, Won, Unknown, Lost]);
    expect(plain.issues.map((x) => [x.row, x.column, x.value])).toEqual([
      [2, 'Status', 'Сделка успешна'], [2, 'Type', 'Продление'], [4, 'Status', 'Отменена'], [5, 'Type', 'Продление'],
    ]);
    const t = read(CRM, { words: WORDS });
    expect(Array.from(t.kind)).toEqual([Won, Won, Lost, Lost]);
    // Type codes: new 1, repeat 2 (DEAL_TYPES order).
    expect(Array.from(t.type)).toEqual([2, 1, 2, 2]);
    expect(t.issues).toEqual([]);
  });

  it('adds won and lost words to the stage\'s too: "Оплачен полностью" is an open stage without them', () => {
    const g = grid(['Stage', 'Amount', 'Close date'], [
      ['Оплачен полностью', 100, d('2024-03-01')],
      ['Closed Won', 50, d('2024-03-02')],
      ['Переговоры', 70, ''],
    ]);
    expect(Array.from(read(g).kind)).toEqual([Open, Won, Open]);
    expect(Array.from(read(g, { words: { status: { won: ['оплачен полностью'] } } }).kind)).toEqual([Won, Won, Open]);
  });

  it('lets the team\'s word decide where the spec gives it another outcome or type', () => {
    const g = grid(['Status', 'Stage', 'Amount', 'Type'], [['Paid', '', 10, 'upgrade'], ['', 'Closed Won', 20, 'new']]);
    expect(Array.from(read(g).kind)).toEqual([Won, Won]);
    const t = read(g, { words: { status: { lost: ['paid'], open: ['closed won'] }, type: { 'cross-sell': ['Upgrade'] } } });
    expect(Array.from(t.kind)).toEqual([Lost, Open]);
    // upgrade is a CRM's upsell word (3); the team's makes it cross-sell (4).
    expect(Array.from(read(g).type)).toEqual([3, 1]);
    expect(Array.from(t.type)).toEqual([4, 1]);
  });

  it('reads a table of the spec\'s words the same with or without words', () => {
    const g = grid(['Closed', 'Amount', 'Status', 'Stage', 'Type'], [
      [d('2024-03-01'), 100, 'won', '', 'new'],
      [d('2024-03-02'), 40, '', 'Closed Lost', 'upsell'],
      [d('2024-03-03'), 60, 'в работе', 'Demo', 'повторная'],
      [d('2024-03-04'), 60, 'maybe', '', 'bundle'],
    ]);
    const plain = read(g);
    for (const words of [{}, { status: {}, type: {} }, WORDS]) {
      const t = read(g, { words });
      expect(Array.from(t.kind)).toEqual(Array.from(plain.kind));
      expect(Array.from(t.type)).toEqual(Array.from(plain.type));
      expect(t.issues).toEqual(plain.issues);
    }
    expect(Array.from(plain.kind)).toEqual([Won, Lost, Open, Unknown]);
    expect(plain.issues.map((x) => x.value)).toEqual(['maybe', 'bundle']);
  });

  it('passes through a custom function call\'s environment', () => {
    const env: CallEnv = { ...ENV, words: WORDS };
    expect(callKpi(def('DEALS_WON'), [CRM, '2024-03'], ENV)).toBe(1);
    expect(callKpi(def('DEALS_WON'), [CRM, '2024-03'], env)).toBe(2);
    expect(callKpi(def('SALES_VOLUME'), [CRM, '2024-03'], env)).toBe(300);
    expect(callKpi(def('WIN_RATE'), [CRM, '2024-03'], env)).toBe(0.5);
  });
});

/** A Russian sales sheet whose outcome column is headed "Итог", a word no synonym knows. */
const ITOG = grid(['Дата', 'Сумма', 'Итог'], [
  [d('2024-03-01'), 100, 'Сделка успешна'],
  [d('2024-03-02'), 50, 'Отменена'],
  [d('2024-03-05'), 30, 'Сделка успешна'],
]);

/** An environment with saved mappings whose range is on `sheet`; `asked` counts the questions about the sheet. */
function envWith(mappings: CallEnv['mappings'], sheet: string | undefined): { env: CallEnv; asked: () => number } {
  let n = 0;
  return { env: { ...ENV, mappings, sheetOfRange: () => { n++; return sheet; } }, asked: () => n };
}

describe('savedMapping', () => {
  it('fills only the fields the headers leave out, from the mapping saved for the range\'s sheet', () => {
    const { env, asked } = envWith({ Deals: { closed: 0, amount: 2, status: 2, rep: null } }, 'Deals');
    // Дата and Сумма are named by their headers: the saved amount 2 does not override them.
    expect(savedMapping(ITOG, env)).toEqual({ status: 2 });
    expect(asked()).toBe(1);
  });
  it('does not ask for the sheet when no saved mapping could fill a gap', () => {
    const cases: CallEnv['mappings'][] = [{ Deals: { amount: 1 } }, { Deals: { status: null } }, { Deals: { status: 3 } }, {}];
    for (const mappings of cases) {
      const { env, asked } = envWith(mappings, 'Deals');
      expect(savedMapping(ITOG, env)).toBeUndefined();
      expect(asked()).toBe(0);
    }
    expect(savedMapping(ITOG, ENV)).toBeUndefined();
  });
  it('uses no other sheet\'s mapping, nor any when the sheet cannot be told', () => {
    expect(savedMapping(ITOG, envWith({ Other: { status: 2 } }, 'Deals').env)).toBeUndefined();
    expect(savedMapping(ITOG, envWith({ Deals: { status: 2 } }, undefined).env)).toBeUndefined();
  });
});

describe('tableFor with the document\'s settings', () => {
  it('reads the "Итог" sheet as a sales log without them, and by status with the saved mapping and words', () => {
    expect(callKpi(def('SALES_VOLUME'), [ITOG, '2024-03'], ENV)).toBe(180);
    const { env } = envWith({ Deals: { status: 2 } }, 'Deals');
    const withWords: CallEnv = { ...env, words: { status: { won: ['Сделка успешна'], lost: ['Отменена'] } } };
    const t = tableFor({ needs: ['status'] }, ITOG, withWords);
    expect(Array.from(t.kind)).toEqual([Won, Lost, Won]);
    expect(callKpi(def('SALES_VOLUME'), [ITOG, '2024-03'], withWords)).toBe(130);
    expect(callKpi(def('WIN_RATE'), [ITOG, '2024-03'], withWords)).toBeCloseTo(2 / 3, 12);
    // The mapping without the words: the status column is there, its words unknown.
    expect(() => callKpi(def('WIN_RATE'), [ITOG, '2024-03'], env)).toThrow(/WIN_RATE: no won or lost deals/);
  });
});
