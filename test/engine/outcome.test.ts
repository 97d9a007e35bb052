import { describe, expect, it } from 'vitest';
import { Kind } from '../../src/engine/fields';
import { isSalesLogOf, settleOutcomes } from '../../src/engine/outcome';
import { call, d, grid, table } from '../helpers';

const kinds = (g: unknown[][]): number[] => Array.from(table(g).kind);
const { Won, Lost, Open, Unknown } = Kind;

describe('the outcome read from the stage (§1: no status column, or a blank status)', () => {
  /** A HubSpot-like export: won 1 000 and 400, lost 500, open 700 and 300. */
  const hubspot = (): unknown[][] => grid(['Deal Stage', 'Amount', 'Close Date'], [
    ['Closed Won', 1000, d('2024-03-05')],
    ['Closed Lost', 500, d('2024-03-06')],
    ['Contract Sent', 700, d('2024-04-30')],
    ['closedwon', 400, d('2024-03-20')],
    ['Appointment Scheduled', 300, ''],
  ]);
  it('is no sales log: SALES_VOLUME counts the won deals only, 1 000 + 400', () => {
    expect(table(hubspot()).isSalesLog).toBe(false);
    expect(call('SALES_VOLUME', hubspot(), '2024-03')).toBe(1400);
    expect(call('DEALS_WON', hubspot())).toBe(2);
    expect(call('DEALS_LOST', hubspot())).toBe(1);
    expect(call('WIN_RATE', hubspot())).toBeCloseTo(2 / 3, 12);
    expect(call('PIPELINE_VALUE', hubspot())).toBe(1000);
  });
  it('knows the won and lost words of every CRM; any other stage is open', () => {
    const stages = [
      'Closed Won', 'Won', 'Успешно реализовано', 'Сделка успешна', 'успешно', 'Выиграна', 'Closed - won', 'Closed & Won', 'Deal won',
      'Closed Lost', 'Lost', 'Закрыто и не реализовано', 'Сделка провалена', 'Провал', 'Отказ', 'Closed-Lost to Competition', 'Deal lost', 'Анализ причины провала',
      'Negotiation/Review', 'Переговоры', 'Новая', 'Closed Won (Sales Pipeline)', 'Closed - not realized', 'Contract Sent (Renewals)',
    ];
    expect(kinds(grid(['Stage'], stages.map((s) => [s])))).toEqual([
      Won, Won, Won, Won, Won, Won, Won, Won, Won, Lost, Lost, Lost, Lost, Lost, Lost, Lost, Lost, Lost, Open, Open, Open, Won, Lost, Open,
    ]);
  });
  it('fills a blank status from the stage; a status that is there decides', () => {
    expect(kinds(grid(['Status', 'Stage'], [['', 'Closed Won'], ['open', 'Closed Won'], ['', 'Demo'], ['won', 'Demo']]))).toEqual([Won, Open, Open, Won]);
  });
  it('is an issue when neither the status nor the stage says anything', () => {
    const t = table(grid(['Status', 'Stage', 'Amount'], [['', '', 100]]));
    expect(t.kind[0]).toBe(Unknown);
    expect(t.issues).toEqual([{ row: 2, column: 'Status', field: 'status', value: '', reason: 'no status (expected won, lost or open)' }]);
    const s = table(grid(['Stage', 'Amount'], [['', 100], ['#N/A', 50]]));
    expect(s.issues).toEqual([
      { row: 2, column: 'Stage', field: 'status', value: '', reason: 'no stage, so the deal\'s outcome is unknown' },
      { row: 3, column: 'Stage', field: 'stage', value: '#N/A', reason: 'formula error #N/A' },
    ]);
    expect(Array.from(s.kind)).toEqual([Unknown, Unknown]);
  });
});

describe('the Won / Closed checkboxes (Salesforce)', () => {
  it('give the outcome: won when Won, lost when Closed and not Won, open when not Closed', () => {
    const g = grid(['Stage', 'Won', 'Closed', 'Close Date'], [
      ['Signed', '1', '1', d('2024-03-01')], // a renamed won stage: the checkbox knows
      ['Closed Lost', '0', '1', d('2024-03-02')],
      ['Negotiation', '0', '0', d('2024-05-02')],
      ['Closed Won', 'TRUE', 'TRUE', d('2024-03-03')],
      ['Closed Lost', 'false', 'true', d('2024-03-04')],
    ]);
    expect(kinds(g)).toEqual([Won, Lost, Open, Won, Lost]);
    // "Closed" holds checkboxes, so Close Date is the close date.
    expect(table(g).columns.closed?.header).toBe('Close Date');
    expect(call('DEALS_WON', g, '2024-03')).toBe(2);
  });
  it('with only Closed (Bitrix24), let the stage tell won from lost, and say so when it cannot', () => {
    const g = grid(['Стадия сделки', 'Сделка закрыта', 'Сумма'], [
      ['Сделка успешна', 'Да', 100], ['Сделка провалена', 'Да', 50], ['В работе', 'Нет', 70], ['Договор подписан', 'Да', 30], ['В работе', 'может быть', 10],
    ]);
    const t = table(g);
    expect(Array.from(t.kind)).toEqual([Won, Lost, Open, Unknown, Unknown]);
    expect(t.issues.map((i) => [i.row, i.column, i.value, i.reason])).toEqual([
      [5, 'Стадия сделки', 'Договор подписан', 'the deal is closed, but its stage "Договор подписан" says neither won nor lost'],
      [6, 'Сделка закрыта', 'может быть', 'not TRUE or FALSE'],
    ]);
  });
});

describe('isSalesLogOf', () => {
  const col = { index: 0, header: 'X' };
  it('is a sales log only when no status, stage, Won or Closed column gives an outcome (§1)', () => {
    expect(isSalesLogOf({})).toBe(true);
    for (const only of ['status', 'stage', 'wonFlag', 'closedFlag'] as const) expect(isSalesLogOf({ [only]: col }), only).toBe(false);
  });
});

describe('settleOutcomes', () => {
  it('makes a won row with a negative amount a refund (§6); a lost one stays lost, a won 0 stays won', () => {
    const kind = Uint8Array.from([Won, Won, Lost, Won, Open]);
    settleOutcomes(kind, Float64Array.from([100, -50, -50, 0, -10]), false);
    expect(Array.from(kind)).toEqual([Won, Kind.Refund, Lost, Won, Open]);
  });
  it('in a sales log, makes every row with an amount a won sale, and a negative one a refund (§1)', () => {
    const kind = new Uint8Array(3);
    settleOutcomes(kind, Float64Array.from([100, -20, NaN]), true);
    expect(Array.from(kind)).toEqual([Won, Kind.Refund, Unknown]);
  });
});

describe('a status column in a CRM export that has no status of its own', () => {
  it('holds the CRM\'s stages (Kommo calls them statuses): read by the stage words, any other stage open', () => {
    const kommo = grid(['ID', 'Lead title', 'Budget', 'Responsible user', 'Status', 'Closed date'], [
      ['1', 'A', 100, 'Anna', 'Closed - won', d('2024-03-05')],
      ['2', 'B', 50, 'Anna', 'Closed - lost', d('2024-03-06')],
      ['3', 'C', 70, 'Boris', 'Initial contact', ''],
      ['4', 'D', 30, 'Boris', 'Negotiation', ''],
    ]);
    const t = table(kommo);
    expect(t.layout?.id).toBe('amocrm');
    expect(Array.from(t.kind)).toEqual([Won, Lost, Open, Open]);
    expect(t.issues).toEqual([]);
    expect(call('PIPELINE_VALUE', kommo)).toBe(100);
  });
  it('keeps the status words strict in a table of no CRM and in Pipedrive, whose status is a status', () => {
    expect(table(grid(['Status', 'Amount'], [['Initial contact', 10]])).issues.map((i) => i.reason)).toEqual([
      'unknown status (expected won, lost or open)',
    ]);
    const pipedrive = table(grid(['Deal - Title', 'Deal - Value', 'Deal - Status'], [['A', 10, 'Negotiation']]));
    expect(pipedrive.layout?.id).toBe('pipedrive');
    expect(pipedrive.issues.map((i) => i.reason)).toEqual(['unknown status (expected won, lost or open)']);
  });
});
