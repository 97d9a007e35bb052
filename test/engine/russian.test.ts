/**
 * A deal table typed in Russian — Russian headers, status and type words, `1 234,56 ₽` amounts and
 * `15.03.2024` dates — gives the same results as the same table typed in English.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/engine/catalog';
import { Kind } from '../../src/engine/fields';
import { call, d, grid, table } from '../helpers';

const RU_HEADER = ['Дата создания', 'Дата закрытия', 'Сумма сделки', 'Статус', 'Менеджер', 'Клиент', 'Источник', 'Тип сделки'];
const EN_HEADER = ['Created', 'Closed', 'Amount', 'Status', 'Rep', 'Customer', 'Source', 'Type'];
const NB = '\u00a0'; // Sheets in a Russian locale groups thousands with a non-breaking space

/** The same seven deals, once as a Russian user types them, once in English. */
const RU_ROWS: unknown[][] = [
  ['01.03.2024', '15.03.2024', '1 234,56 ₽', 'выиграна', 'Анна', 'ООО Ромашка', 'Сайт', 'новая'],
  ['02.03.2024', '20.03.2024', `10${NB}000${NB}₽`, 'отказ', 'Борис', 'ИП Иванов', 'Звонок', 'новый клиент'],
  ['05.03.2024', '', '5 000,50 ₽', 'в работе', 'Анна', 'ООО Ромашка', 'Сайт', 'допродажа'],
  ['10.02.2024', '28.02.2024', '2 500 руб.', 'Выиграна', 'Борис', 'ИП Иванов', 'Звонок', 'повторная'],
  ['01.03.2024', '25.03.2024', '3 000 р.', 'успешно', 'Борис', 'ООО Ромашка', 'Сайт', 'Допродажа'],
  ['20.02.2024', '10.03.2024', '-500 ₽', 'выиграна', 'Анна', 'ООО Ромашка', 'Сайт', 'допродажа'],
  ['01.02.2024', '29.02.2024', '0', 'проиграна', 'Анна', 'ИП Иванов', 'Звонок', 'кросс-продажа'],
];
const EN_ROWS: unknown[][] = [
  [d('2024-03-01'), d('2024-03-15'), 1234.56, 'won', 'Анна', 'ООО Ромашка', 'Сайт', 'new'],
  [d('2024-03-02'), d('2024-03-20'), 10000, 'lost', 'Борис', 'ИП Иванов', 'Звонок', 'new'],
  [d('2024-03-05'), '', 5000.5, 'open', 'Анна', 'ООО Ромашка', 'Сайт', 'upsell'],
  [d('2024-02-10'), d('2024-02-28'), 2500, 'won', 'Борис', 'ИП Иванов', 'Звонок', 'repeat'],
  [d('2024-03-01'), d('2024-03-25'), 3000, 'won', 'Борис', 'ООО Ромашка', 'Сайт', 'upsell'],
  [d('2024-02-20'), d('2024-03-10'), -500, 'won', 'Анна', 'ООО Ромашка', 'Сайт', 'upsell'],
  [d('2024-02-01'), d('2024-02-29'), 0, 'lost', 'Анна', 'ИП Иванов', 'Звонок', 'cross-sell'],
];
const ru = (): unknown[][] => grid(RU_HEADER, RU_ROWS);
const en = (): unknown[][] => grid(EN_HEADER, EN_ROWS);

/** The remaining fields, for the catalog-wide comparison: №, qualified, cost, stage, probability. */
const RU_EXTRA_HEADER = ['№', 'Дата квалификации', 'Себестоимость', 'Этап', 'Вероятность'];
const EN_EXTRA_HEADER = ['Deal ID', 'Qualified', 'Cost', 'Stage', 'Probability'];
const RU_EXTRA: unknown[][] = [
  ['1', '05.03.2024', '1 000,00 ₽', 'Закрыта', '100%'],
  ['2', 'нет', '0', 'Закрыта', '0'],
  ['3', 'да', '4 000 ₽', 'Переговоры', '60'],
  ['4', '12.02.2024', '2 000 руб.', 'Закрыта', '100'],
  ['5', 'да', '2 400,5 ₽', 'Закрыта', '100 %'],
  ['6', '', '-400 ₽', 'Закрыта', '1'],
  ['7', 'нет', '0', 'Закрыта', '0,0'],
];
const EN_EXTRA: unknown[][] = [
  ['1', d('2024-03-05'), 1000, 'Закрыта', 1],
  ['2', false, 0, 'Закрыта', 0],
  ['3', true, 4000, 'Переговоры', 0.6],
  ['4', d('2024-02-12'), 2000, 'Закрыта', 1],
  ['5', true, 2400.5, 'Закрыта', 1],
  ['6', '', -400, 'Закрыта', 1],
  ['7', false, 0, 'Закрыта', 0],
];
const ruFull = (): unknown[][] => grid([...RU_HEADER, ...RU_EXTRA_HEADER], RU_ROWS.map((r, i) => [...r, ...RU_EXTRA[i]]));
const enFull = (): unknown[][] => grid([...EN_HEADER, ...EN_EXTRA_HEADER], EN_ROWS.map((r, i) => [...r, ...EN_EXTRA[i]]));

/** A call's result, or its error message: what the user would see in the cell. */
function outcome(name: string, ...args: unknown[]): unknown {
  try {
    return call(name, ...args);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('a Russian deal table', () => {
  it('maps every Russian header and reads every cell without issues', () => {
    const t = table(ruFull());
    expect(Object.keys(t.columns).sort()).toEqual([
      'amount', 'closed', 'cost', 'created', 'customer', 'id', 'probability', 'qualified', 'rep', 'source', 'stage', 'status', 'type',
    ]);
    expect(t.issues).toEqual([]);
    expect(Array.from(t.kind)).toEqual([Kind.Won, Kind.Lost, Kind.Open, Kind.Won, Kind.Won, Kind.Refund, Kind.Lost]);
    expect(Array.from(t.numbers.amount)).toEqual([1234.56, 10000, 5000.5, 2500, 3000, -500, 0]);
    expect(Array.from(t.type)).toEqual([1, 1, 3, 2, 3, 3, 4]); // new, new, upsell, repeat, upsell, upsell, cross-sell
    expect(Array.from(t.numbers.probability)).toEqual([1, 0, 0.6, 1, 1, 1, 0]);
  });
  it('reads the same typed columns as the English table', () => {
    const r = table(ruFull());
    const e = table(enFull());
    expect(r.kind).toEqual(e.kind);
    expect(r.dates).toEqual(e.dates);
    expect(r.numbers).toEqual(e.numbers);
    expect(r.type).toEqual(e.type);
    expect(r.qualifiedFlag).toEqual(e.qualifiedFlag);
    expect(r.labels).toEqual(e.labels);
    expect([r.minDay, r.maxDay]).toEqual([e.minDay, e.maxDay]);
  });
  it('gives the sales volume, deals won and win rate worked out by hand', () => {
    // March: won 1 234,56 (15.03) and 3 000 (25.03), refund −500 (10.03); lost 10 000 (20.03).
    expect(call('SALES_VOLUME', ru(), '2024-03')).toBeCloseTo(3734.56, 9); // 1 234,56 + 3 000 − 500
    expect(call('DEALS_WON', ru(), '2024-03')).toBe(2);
    expect(call('WIN_RATE', ru(), '2024-03')).toBeCloseTo(2 / 3, 12);
    // February: won 2 500 (28.02), lost 0 (29.02).
    expect(call('SALES_VOLUME', ru(), '2024-02')).toBe(2500);
    expect(call('WIN_RATE', ru(), '2024-02')).toBe(0.5);
  });
  it('groups by Russian rep names and by canonical type names', () => {
    const byRep = call('SALES_VOLUME', ru(), '2024-03', 'rep') as unknown[][];
    expect(byRep[0]).toEqual(['rep', 'Sales volume']);
    expect(byRep.slice(1).map((r) => r[0])).toEqual(['Анна', 'Борис']);
    expect(byRep[1][1]).toBeCloseTo(734.56, 9); // 1 234,56 − 500
    expect(byRep[2][1]).toBe(3000);
    expect(call('SALES_VOLUME', ru(), '2024-03', 'type')).toEqual([
      ['type', 'Sales volume'], ['cross-sell', 0], ['new', 1234.56], ['repeat', 0], ['upsell', 2500], // 3 000 − 500
    ]);
  });
  it('equals the English table for SALES_VOLUME, DEALS_WON and WIN_RATE in every period and group', () => {
    for (const name of ['SALES_VOLUME', 'DEALS_WON', 'WIN_RATE']) {
      for (const period of ['', '2024-02', '2024-03', '2024-Q1', '2024-W11']) {
        for (const groupBy of ['', 'rep', 'customer', 'source', 'type', 'week', 'month']) {
          expect(outcome(name, ru(), period, groupBy), `${name} ${period} ${groupBy}`).toEqual(outcome(name, en(), period, groupBy));
        }
      }
    }
  });
  it('equals the English table for every KPI of the catalog that takes no side table', () => {
    for (const def of CATALOG) {
      if (def.side) continue; // PLAN_ATTAINMENT, CAC, …: their plan or spend table is not the deal table
      for (const period of ['', '2024-02', '2024-03', '2024-Q1']) {
        for (const groupBy of ['', 'rep', 'type', 'month']) {
          const ruResult = outcome(def.name, ruFull(), period, groupBy);
          expect(ruResult, `${def.name} ${period} ${groupBy}`).toEqual(outcome(def.name, enFull(), period, groupBy));
        }
      }
    }
  });
});
