import { describe, expect, it } from 'vitest';
import { dayFromCivil, formatDay } from '../../src/engine/days';
import {
  DEAL_TYPES, FIELDS, HEADER_SYNONYMS, Kind, STATUS_VALUES, TYPE_VALUES, describeMissingColumn, normalizeHeader,
} from '../../src/engine/fields';
import { callKpi } from '../../src/engine/call';
import { findKpi } from '../../src/engine/catalog';
import { asGrid, detectColumns, readDeals } from '../../src/engine/read';
import { ENV, NOW, d, grid, table } from '../helpers';

const day = (iso: string): number => {
  const [y, m, dd] = iso.split('-').map(Number);
  return dayFromCivil(y, m, dd);
};
/** Field → header text of the columns detected in a header row. */
const detected = (header: unknown[]): Record<string, string> =>
  Object.fromEntries(Object.entries(detectColumns(header)).map(([f, ref]) => [f, ref!.header]));

describe('header synonyms (§1)', () => {
  it('map every listed synonym, English and Russian, to its field', () => {
    for (const field of FIELDS) {
      for (const synonym of HEADER_SYNONYMS[field]) {
        expect(detectColumns([synonym])[field]?.index, `${synonym} → ${field}`).toBe(0);
      }
    }
  });
  it('list at least the synonyms of the spec', () => {
    const spec: Record<string, string[]> = {
      id: ['id', 'deal id', 'deal', '№', 'номер', 'сделка', 'id сделки'],
      created: ['created', 'created at', 'created date', 'date created', 'lead date', 'дата создания', 'создана', 'дата лида', 'дата обращения'],
      qualified: ['qualified', 'qualified at', 'opportunity date', 'sql date', 'квалифицирован', 'дата квалификации'],
      closed: ['closed', 'closed at', 'close date', 'date closed', 'date', 'дата закрытия', 'закрыта', 'дата', 'дата продажи', 'дата оплаты'],
      amount: ['amount', 'value', 'revenue', 'deal value', 'sum', 'total', 'сумма', 'выручка', 'стоимость', 'сумма сделки'],
      cost: ['cost', 'cogs', 'cost of sale', 'себестоимость', 'затраты', 'издержки'],
      status: ['status', 'state', 'outcome', 'result', 'статус', 'результат', 'состояние'],
      stage: ['stage', 'pipeline stage', 'этап', 'стадия', 'этап воронки'],
      probability: ['probability', 'win probability', 'вероятность'],
      rep: ['rep', 'owner', 'manager', 'sales rep', 'salesperson', 'seller', 'менеджер', 'ответственный', 'продавец', 'сотрудник'],
      customer: ['customer', 'client', 'account', 'company', 'клиент', 'покупатель', 'компания', 'контрагент'],
      source: ['source', 'lead source', 'channel', 'campaign', 'источник', 'канал', 'кампания', 'рекламная кампания'],
      type: ['type', 'deal type', 'тип', 'тип сделки'],
    };
    for (const [field, synonyms] of Object.entries(spec)) {
      for (const s of synonyms) expect(Object.keys(detectColumns([s])), s).toEqual([field]);
    }
  });
  it('ignore case, spaces and punctuation: "Deal ID", "deal_id", "DEAL-ID" are all `id`', () => {
    for (const h of ['Deal ID', 'deal_id', 'DEAL-ID', ' deal.id ', 'DealId']) expect(detected([h]), h).toEqual({ id: h.trim() });
    expect(detected(['Close Date'])).toEqual({ closed: 'Close Date' });
    expect(detected(['CLOSED_AT'])).toEqual({ closed: 'CLOSED_AT' });
    expect(detected(['Дата  создания:'])).toEqual({ created: 'Дата  создания:' });
    expect(detected(['ТИП СДЕЛКИ'])).toEqual({ type: 'ТИП СДЕЛКИ' });
    expect(detected(['Вероятность, %'])).toEqual({ probability: 'Вероятность, %' });
    expect(normalizeHeader('Deal ID')).toBe(normalizeHeader('deal_id'));
  });
  it('fold ё to е', () => {
    expect(normalizeHeader('Ёмкость')).toBe('емкость');
  });
  it('ignore unknown and blank header cells', () => {
    expect(detected(['Notes', '', 'Amount', null, 'Comment'])).toEqual({ amount: 'Amount' });
  });
  it('let the leftmost of two columns of one field win', () => {
    expect(detectColumns(['Amount', 'Revenue']).amount).toEqual({ index: 0, header: 'Amount' });
    expect(detectColumns(['Rep', 'Manager', 'Owner']).rep).toEqual({ index: 0, header: 'Rep' });
    expect(detectColumns(['Дата создания', 'Created']).created).toEqual({ index: 0, header: 'Дата создания' });
  });
  it('let a generic date/дата yield to a specific close date, on either side (§6 Headers)', () => {
    expect(detectColumns(['Date', 'Close date']).closed).toEqual({ index: 1, header: 'Close date' });
    expect(detectColumns(['Close date', 'Date']).closed).toEqual({ index: 0, header: 'Close date' });
    expect(detectColumns(['Дата', 'Дата закрытия']).closed).toEqual({ index: 1, header: 'Дата закрытия' });
    expect(detectColumns(['Date', 'Дата']).closed).toEqual({ index: 0, header: 'Date' });
    // A sales log's single date column is its close date.
    expect(detectColumns(['Date', 'Amount']).closed).toEqual({ index: 0, header: 'Date' });
  });
  it('describe a missing column with its synonyms', () => {
    expect(describeMissingColumn('customer')).toBe(
      'the deal table has no `customer` column (looked for: customer, client, account, company, клиент, покупатель, компания, контрагент)',
    );
  });
});

describe('status and type values (§1)', () => {
  const statusOf = (value: unknown): number => table(grid(['Status'], [[value]])).kind[0];
  it('maps every listed status word, case-insensitively', () => {
    const want = { won: Kind.Won, lost: Kind.Lost, open: Kind.Open } as const;
    for (const outcome of ['won', 'lost', 'open'] as const) {
      for (const v of STATUS_VALUES[outcome]) {
        expect(statusOf(v), v).toBe(want[outcome]);
        expect(statusOf(v.toUpperCase()), v.toUpperCase()).toBe(want[outcome]);
      }
    }
  });
  it('lists at least the status words of the spec', () => {
    expect(STATUS_VALUES.won).toEqual(expect.arrayContaining(['won', 'closed won', 'success', 'paid', 'выиграна', 'успешно', 'успешна', 'оплачено', 'продажа']));
    expect(STATUS_VALUES.lost).toEqual(expect.arrayContaining(['lost', 'closed lost', 'rejected', 'refused', 'проиграна', 'отказ', 'потеряна', 'провал']));
    expect(STATUS_VALUES.open).toEqual(expect.arrayContaining(['open', 'in progress', 'new', 'в работе', 'открыта', 'новая']));
  });
  it('ignores spaces and punctuation in status words: "Closed-Won", " IN_PROGRESS ", "Closed  Lost"', () => {
    expect(statusOf('Closed-Won')).toBe(Kind.Won);
    expect(statusOf(' IN_PROGRESS ')).toBe(Kind.Open);
    expect(statusOf('Closed\u00a0 Lost')).toBe(Kind.Lost);
    expect(statusOf('В работе')).toBe(Kind.Open);
  });
  it('maps every listed type word to its canonical type', () => {
    for (const t of DEAL_TYPES) {
      for (const v of TYPE_VALUES[t]) {
        const r = table(grid(['Type'], [[v.toUpperCase()]]));
        expect(DEAL_TYPES[r.type[0] - 1], v).toBe(t);
      }
    }
    expect(TYPE_VALUES.new).toEqual(expect.arrayContaining(['new', 'новая', 'новый клиент']));
    expect(TYPE_VALUES.repeat).toEqual(expect.arrayContaining(['repeat', 'повторная']));
    expect(TYPE_VALUES.upsell).toEqual(expect.arrayContaining(['upsell', 'up-sell', 'допродажа', 'апсейл']));
    expect(TYPE_VALUES['cross-sell']).toEqual(expect.arrayContaining(['cross-sell', 'cross sell', 'кросс-продажа', 'перекрестная']));
  });
  it('folds ё in values: "перекрёстная" is cross-sell', () => {
    expect(table(grid(['Type'], [['перекрёстная']])).type[0]).toBe(4);
  });
  it('makes an unknown status or type a row issue, never "open" or blank', () => {
    const t = table(grid(['Status', 'Type'], [['maybe', 'partner'], ['', 'new']]));
    expect(Array.from(t.kind)).toEqual([Kind.Unknown, Kind.Unknown]);
    expect(t.issues).toEqual([
      { row: 2, column: 'Status', field: 'status', value: 'maybe', reason: 'unknown status (expected won, lost or open)' },
      { row: 2, column: 'Type', field: 'type', value: 'partner', reason: 'unknown deal type (expected new, repeat, upsell, cross-sell)' },
      { row: 3, column: 'Status', field: 'status', value: '', reason: 'no status (expected won, lost or open)' },
    ]);
  });
  it('names a formula error in the status or type column as such', () => {
    const t = table(grid(['Status', 'Type'], [['#N/A', '#REF!']]));
    expect(t.issues.map((i) => i.reason)).toEqual(['formula error #N/A', 'formula error #REF!']);
  });
});

describe('readDeals', () => {
  it('reads every field into its typed column', () => {
    const t = table(grid(
      ['ID', 'Created', 'Qualified', 'Closed', 'Amount', 'Cost', 'Status', 'Stage', 'Probability', 'Rep', 'Customer', 'Source', 'Type'],
      [
        ['D1', d('2024-03-01'), d('2024-03-05'), d('2024-03-20'), '1 234,56 ₽', 1000, 'Won', 'Closed', 100, 'Anna', 'ACME', 'Ads', 'new'],
        ['D2', '15.03.2024', true, '', 500, '', 'open', 'Demo', 60, 'Boris', 'Globex', 'Referral', 'upsell'],
      ],
    ));
    expect(t.n).toBe(2);
    expect(Array.from(t.rowNumbers)).toEqual([2, 3]);
    expect(t.isSalesLog).toBe(false);
    expect(Array.from(t.kind)).toEqual([Kind.Won, Kind.Open]);
    expect(Array.from(t.dates.created)).toEqual([day('2024-03-01'), day('2024-03-15')]);
    expect(Array.from(t.dates.qualified)).toEqual([day('2024-03-05'), NaN]);
    expect(Array.from(t.qualifiedFlag)).toEqual([1, 1]);
    expect(Array.from(t.dates.closed)).toEqual([day('2024-03-20'), NaN]);
    expect(Array.from(t.numbers.amount)).toEqual([1234.56, 500]);
    expect(Array.from(t.numbers.cost)).toEqual([1000, NaN]);
    expect(Array.from(t.numbers.probability)).toEqual([1, 0.6]);
    expect(t.labels.rep.labels).toEqual(['Anna', 'Boris']);
    expect(Array.from(t.labels.customer.codes)).toEqual([0, 1]);
    expect(t.labels.id.labels).toEqual(['D1', 'D2']);
    expect(t.labels.stage.labels).toEqual(['Closed', 'Demo']);
    expect(Array.from(t.type)).toEqual([1, 3]);
    expect(t.issues).toEqual([]);
    expect(t.today).toBe(day('2025-01-01'));
    expect([formatDay(t.minDay), formatDay(t.maxDay)]).toEqual(['2024-03-01', '2024-03-20']);
  });
  it('reads Sheets serial numbers in a date column', () => {
    const t = table(grid(['Closed', 'Status'], [[45366, 'won']]));
    expect(formatDay(t.dates.closed[0])).toBe('2024-03-15');
  });
  it('reads Dates in the sheet time zone: Moscow midnight of 1 March lands in March', () => {
    const g = grid(['Closed', 'Amount', 'Status'], [[new Date('2024-02-29T21:00:00Z'), 100, 'won']]);
    const moscow = readDeals(g, { timeZone: 'Europe/Moscow', now: NOW });
    expect(formatDay(moscow.dates.closed[0])).toBe('2024-03-01');
    expect(formatDay(readDeals(g, { timeZone: 'UTC', now: NOW }).dates.closed[0])).toBe('2024-02-29');
  });
  it('puts a deal closed at Moscow midnight of 1 March into March\'s sales in a Moscow spreadsheet', () => {
    const g = grid(['Closed', 'Amount', 'Status'], [[new Date('2024-02-29T21:00:00Z'), 100, 'won']]);
    const salesVolume = findKpi('SALES_VOLUME')!;
    expect(callKpi(salesVolume, [g, '2024-03'], { timeZone: 'Europe/Moscow', now: NOW })).toBe(100);
    expect(callKpi(salesVolume, [g, '2024-02'], { timeZone: 'Europe/Moscow', now: NOW })).toBe(0);
    expect(callKpi(salesVolume, [g, '', 'month'], { timeZone: 'Europe/Moscow', now: NOW })).toEqual([['month', 'Sales volume'], ['2024-03', 100]]);
  });
  it('reads qualified as a date, TRUE/FALSE, yes/no words or a 1/0 checkbox', () => {
    const t = table(grid(['Qualified'], [[d('2024-03-05')], [true], [false], ['да'], ['no'], [1], [0], ['']]));
    expect(Array.from(t.qualifiedFlag)).toEqual([1, 1, 0, 1, 0, 1, 0]);
    expect(t.n).toBe(7);
    expect(t.issues).toEqual([]);
  });
  it('reads a table without status as a sales log: every row with an amount is a won sale', () => {
    const t = table(grid(['Date', 'Amount'], [[d('2024-03-01'), 100], [d('2024-03-02'), -20], [d('2024-03-03'), '']]));
    expect(t.isSalesLog).toBe(true);
    expect(Array.from(t.kind)).toEqual([Kind.Won, Kind.Refund, Kind.Unknown]);
    expect(t.issues).toEqual([{ row: 4, column: 'Amount', field: 'amount', value: '', reason: 'a sale without an amount' }]);
  });
  it('marks a won row with a negative amount as a refund (§6)', () => {
    const t = table(grid(['Closed', 'Amount', 'Status'], [[d('2024-03-01'), -50, 'won'], [d('2024-03-01'), -50, 'lost']]));
    expect(Array.from(t.kind)).toEqual([Kind.Refund, Kind.Lost]);
  });
  it('lists the values a deal needs but lacks', () => {
    const t = table(grid(['Created', 'Closed', 'Amount', 'Cost', 'Status'], [
      ['', '', '', '', 'won'],
      [d('2024-03-01'), '', 10, '', 'lost'],
    ]));
    expect(t.issues).toEqual([
      { row: 2, column: 'Created', field: 'created', value: '', reason: 'no creation date' },
      { row: 2, column: 'Closed', field: 'closed', value: '', reason: 'a won deal without a close date' },
      { row: 2, column: 'Amount', field: 'amount', value: '', reason: 'a won deal without an amount' },
      { row: 2, column: 'Cost', field: 'cost', value: '', reason: 'a won deal without a cost' },
      { row: 3, column: 'Closed', field: 'closed', value: '', reason: 'a lost deal without a close date' },
    ]);
  });
  it('flags dates after "now" and leaves them out, also of the table\'s date span', () => {
    const t = table(grid(['Created', 'Qualified', 'Closed', 'Status'], [
      [d('2024-03-01'), d('2024-03-02'), d('2024-03-10'), 'won'],
      [d('2025-02-01'), d('2025-03-01'), d('2025-04-01'), 'won'],
    ]));
    expect(t.issues).toEqual([
      { row: 3, column: 'Created', field: 'created', value: '2025-02-01', reason: 'creation date 2025-02-01 is in the future' },
      { row: 3, column: 'Qualified', field: 'qualified', value: '2025-03-01', reason: 'qualification date 2025-03-01 is in the future' },
      { row: 3, column: 'Closed', field: 'closed', value: '2025-04-01', reason: 'close date 2025-04-01 is in the future' },
    ]);
    expect([t.dates.created[1], t.dates.qualified[1], t.dates.closed[1], t.qualifiedFlag[1]]).toEqual([NaN, NaN, NaN, 0]);
    expect([formatDay(t.minDay), formatDay(t.maxDay)]).toEqual(['2024-03-01', '2024-03-10']);
  });
  it('keeps an open deal\'s expected close date after now, without an issue and outside the date span', () => {
    const t = table(grid(['Created', 'Closed', 'Status'], [[d('2024-11-01'), d('2025-03-01'), 'open']]));
    expect(t.issues).toEqual([]);
    expect(formatDay(t.dates.closed[0])).toBe('2025-03-01');
    expect([formatDay(t.minDay), formatDay(t.maxDay)]).toEqual(['2024-11-01', '2024-11-01']);
  });
  it('has no date span without a readable date', () => {
    const t = table(grid(['Closed', 'Status'], [['soon', 'won']]));
    expect(t.minDay).toBeNaN();
    expect(t.maxDay).toBeNaN();
  });
  it('follows an explicit mapping over the headers, and null removes a field', () => {
    const g = grid(['When', 'Amount', 'Money'], [[d('2024-03-01'), 'x', 100]]);
    const t = readDeals(g, { timeZone: 'UTC', now: NOW, mapping: { closed: 0, amount: 2 } });
    expect(t.columns.closed).toEqual({ index: 0, header: 'When' });
    expect(t.columns.amount).toEqual({ index: 2, header: 'Money' });
    expect(t.numbers.amount[0]).toBe(100);
    const none = readDeals(g, { timeZone: 'UTC', now: NOW, mapping: { closed: 0, amount: null } });
    expect(none.columns.amount).toBeUndefined();
  });
  it('numbers issue rows from the header row it is told', () => {
    const t = readDeals(grid(['Amount', 'Status'], [['x', 'won']]), { ...ENV, headerRow: 5 });
    expect(t.issues[0].row).toBe(6);
    expect(t.headerRow).toBe(5);
  });
  it('reads a Date in a label column as its day', () => {
    const t = table(grid(['Customer', 'Status'], [[d('2024-03-15'), 'open']]));
    expect(t.labels.customer.labels).toEqual(['2024-03-15']);
  });
  it('lists a repeated bad cell on every row it is on, and reads repeated texts alike', () => {
    const t = table(grid(['Closed', 'Status', 'Rep'], [
      ['15.03.2024', 'maybe', '#N/A'],
      ['15.03.2024', 'maybe', '#N/A'],
      ['15.03.2024', 'won', ' Anna '],
      ['15.03.2024', 'won', 'Anna'],
    ]));
    expect(t.issues.map((i) => `${i.row} ${i.column}: ${i.reason}`)).toEqual([
      '2 Status: unknown status (expected won, lost or open)', '2 Rep: formula error #N/A',
      '3 Status: unknown status (expected won, lost or open)', '3 Rep: formula error #N/A',
    ]);
    expect(Array.from(t.labels.rep.codes)).toEqual([-1, -1, 0, 0]);
    expect(t.labels.rep.labels).toEqual(['Anna']);
    expect(Array.from(t.dates.closed)).toEqual([day('2024-03-15'), day('2024-03-15'), day('2024-03-15'), day('2024-03-15')]);
  });
  it('takes a scalar or a ragged array as a grid', () => {
    expect(asGrid('Amount')).toEqual([['Amount']]);
    expect(asGrid(['Amount', 'x'])).toEqual([['Amount'], ['x']]);
    const t = table([['Closed', 'Amount', 'Status'], [d('2024-03-01'), 100, 'won'], [d('2024-03-02')]]);
    expect(t.n).toBe(2);
    expect(t.issues.map((i) => i.reason)).toEqual(['no status (expected won, lost or open)']);
  });
});

describe('CRM exports as they come: close dates, date-times and values (§1)', () => {
  const env = { timeZone: 'Europe/Moscow', now: Date.UTC(2025, 0, 1) };
  const read = (g: unknown[][]) => readDeals(g, env);
  const days = (col: Float64Array): string[] => Array.from(col, (v) => (v === v ? formatDay(v) : ''));

  it('takes the close date from the won or lost time where the export splits it (Pipedrive)', () => {
    const t = read([
      ['Deal - Status', 'Deal - Value', 'Deal - Deal created', 'Deal - Won time', 'Deal - Lost time'],
      ['Won', 100, '2024-03-01 10:00:00', '2024-03-15 14:05:33', ''],
      ['Lost', 50, '2024-03-02 10:00:00', '', '2024-03-20 09:00:00'],
      ['Open', 70, '2024-03-03 10:00:00', '', ''],
      ['Won', 30, '2024-03-04 10:00:00', '', ''],
    ]);
    expect(days(t.dates.closed)).toEqual(['2024-03-15', '2024-03-20', '', '']);
    expect(t.columns.closed?.header).toBe('Deal - Won time');
    expect(t.issues.map((i) => [i.row, i.column, i.reason])).toEqual([[5, 'Deal - Won time', 'a won deal without a close date']]);
  });
  it('uses an expected close date as the close date of closed deals only, and only without another close date (Bitrix24)', () => {
    const bitrix = read([
      ['Стадия сделки', 'Сумма', 'Дата создания', 'Предполагаемая дата закрытия'],
      ['Сделка успешна', 100, '01.03.2024 10:00:00', '15.03.2024'],
      ['Сделка провалена', 50, '02.03.2024 10:00:00', '20.03.2024'],
      ['В работе', 70, '03.03.2024 10:00:00', '30.06.2024'],
    ]);
    expect(days(bitrix.dates.closed)).toEqual(['2024-03-15', '2024-03-20', '']);
    // An open deal's expected date is not data: the table's dates end with March.
    expect(formatDay(bitrix.maxDay)).toBe('2024-03-20');
    const both = read([
      ['Status', 'Amount', 'Close date', 'Expected close date'],
      ['won', 100, '2024-03-15', '2024-03-31'],
      ['won', 50, '', '2024-03-31'],
    ]);
    expect(days(both.dates.closed)).toEqual(['2024-03-15', '']);
    expect(both.issues.map((i) => i.reason)).toEqual(['a won deal without a close date']);
  });
  it('reads "не закрыта" in an open deal\'s close date as a blank, and in a won deal\'s as an issue', () => {
    const t = read([
      ['Этап сделки', 'Бюджет', 'Дата закрытия'],
      ['Переговоры', '150 000', 'не закрыта'],
      ['Успешно реализовано', '90 000', 'не закрыта'],
    ]);
    expect(days(t.dates.closed)).toEqual(['', '']);
    expect(t.issues.map((i) => [i.row, i.column, i.value, i.reason])).toEqual([
      [3, 'Дата закрытия', 'не закрыта', 'not a date (expected 2024-03-15, 15.03.2024 or 15/03/2024)'],
    ]);
  });
  it('takes a date-time as the day it falls on in the sheet\'s zone: 01:30 on the 1st in Moscow is that month', () => {
    // Sheets hands a Moscow date-time 2024-03-01 01:30 as the instant 2024-02-29 22:30 UTC.
    const instant = new Date(Date.UTC(2024, 1, 29, 22, 30));
    const g = [['Status', 'Amount', 'Closed'], ['won', 100, instant], ['won', 50, '2024-02-29T22:30:00Z'], ['won', 20, '2024-03-01 01:30']];
    expect(days(read(g).dates.closed)).toEqual(['2024-03-01', '2024-03-01', '2024-03-01']);
    expect(callKpi(findKpi('SALES_VOLUME')!, [g, '2024-03'], env)).toBe(170);
    expect(callKpi(findKpi('SALES_VOLUME')!, [g, '2024-02'], env)).toBe(0);
    // Read in UTC, the two instants would be February's: the zone is what places them.
    expect(days(readDeals(g, { ...env, timeZone: 'UTC' }).dates.closed)).toEqual(['2024-02-29', '2024-02-29', '2024-03-01']);
  });
  it('reads the CRMs\' own date text', () => {
    const t = read([
      ['Status', 'Created', 'Closed'],
      ['won', '15.03.2024 14:05:33', 'Mar 20, 2024'],
      ['won', '2024-03-15 14:05', '20 марта 2024 г.'],
      ['won', '03/15/2024 02:05:33 pm', 'March 20, 2024 10:00 AM'],
      ['won', '3/1/2024', '3/20/2024, 2:05 PM'],
    ]);
    expect(t.issues).toEqual([]);
    expect(days(t.dates.created)).toEqual(['2024-03-15', '2024-03-15', '2024-03-15', '2024-03-01']);
    expect(days(t.dates.closed)).toEqual(['2024-03-20', '2024-03-20', '2024-03-20', '2024-03-20']);
  });
  it('reads slash dates day first unless the table shows them month first (§1: 15/03/2024 is day first)', () => {
    const dayFirst = read([['Status', 'Closed'], ['won', '05/03/2024'], ['won', '15/03/2024']]);
    expect(days(dayFirst.dates.closed)).toEqual(['2024-03-05', '2024-03-15']);
    const monthFirst = read([['Status', 'Closed'], ['won', '05/03/2024'], ['won', '3/15/2024']]);
    expect(days(monthFirst.dates.closed)).toEqual(['2024-05-03', '2024-03-15']);
    const ambiguous = read([['Status', 'Closed'], ['won', '05/03/2024']]);
    expect(days(ambiguous.dates.closed)).toEqual(['2024-03-05']);
  });
  it('reads a `Probability (%)` column as percents: 1 is 1 %, 60 is 60 %, "35%" is 35 %', () => {
    const pct = read([['Status', 'Probability (%)'], ['open', 1], ['open', 60], ['open', '35%'], ['open', 120]]);
    expect(Array.from(pct.numbers.probability)).toEqual([0.01, 0.6, 0.35, NaN]);
    expect(pct.issues.map((i) => i.reason)).toEqual(['a probability must be between 0 and 1 (or 0 % and 100 %)']);
    // Without the unit, a number above 1 is a percentage and one up to 1 a fraction (§6 Numbers).
    const plain = read([['Status', 'Probability'], ['open', 1], ['open', 60]]);
    expect(Array.from(plain.numbers.probability)).toEqual([1, 0.6]);
  });
  it('reads the deal types CRMs write; Zoho\'s -None- is no type', () => {
    const t = read([['Status', 'Type'], ...['New Business', 'Existing Business', 'New Customer', 'Existing Customer - Upgrade',
      'Existing Customer - Replacement', '-None-'].map((v) => ['won', v])]);
    expect(Array.from(t.type, (c) => (c ? DEAL_TYPES[c - 1] : ''))).toEqual(['new', 'repeat', 'new', 'upsell', 'repeat', '']);
    expect(t.issues).toEqual([]);
  });
  it('takes new or repeat from Bitrix24\'s repeat-deal flag, and not from its Тип (the kind of sale)', () => {
    const t = read([
      ['Стадия сделки', 'Сделка закрыта', 'Сумма', 'Тип', 'Повторная сделка'],
      ['Сделка успешна', 'Да', 100, 'Продажа', 'Нет'],
      ['Сделка успешна', 'Да', 50, 'Продажа услуги', 'Да'],
    ]);
    expect(t.layout?.id).toBe('bitrix24');
    expect(t.columns.type).toBeUndefined();
    expect(Array.from(t.type, (c) => DEAL_TYPES[c - 1])).toEqual(['new', 'repeat']);
    expect(t.issues).toEqual([]);
  });
});

describe('a Salesforce report export\'s footer', () => {
  it('is not read as deals: the grand totals, copyright, "Generated By" and company rows are left out', () => {
    const g = [
      ['Opportunity Owner', 'Account Name', 'Stage', 'Amount', 'Close Date', 'Won', 'Closed'],
      ['Anna', 'Acme', 'Closed Won', '$1,000.00', '3/15/2024', '1', '1'],
      ['Boris', 'Beta', 'Closed Lost', '$500.00', '3/16/2024', '0', '1'],
      [''],
      ['Grand Totals (2 records)'],
      [''],
      ['Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.'],
      ['Confidential Information - Do Not Distribute'],
      ['Generated By:  Anna Smirnova  3/20/2024 2:05 PM'],
      ['Acme Corp'],
    ];
    const t = readDeals(g, { now: NOW });
    expect(t.n).toBe(2);
    expect(t.issues).toEqual([]);
    expect(t.blankRows).toBe(0);
    expect(callKpi(findKpi('SALES_VOLUME')!, [g], ENV)).toBe(1000);
  });
  it('needs the copyright line: a last row of one cell is otherwise a deal row like any other', () => {
    const g = [['Stage', 'Amount'], ['Closed Won', 100], ['Closed Lost']];
    expect(readDeals(g, { now: NOW }).n).toBe(2);
  });
});

describe('readDeals with an invalid Date cell', () => {
  it('reports it as an invalid date in any time zone, UTC or not, rather than failing', () => {
    for (const timeZone of ['UTC', 'Europe/Moscow', 'America/New_York']) {
      const t = readDeals([['Closed', 'Amount', 'Status'], [new Date(NaN), 100, 'won'], [new Date(Date.UTC(2024, 2, 5)), 50, 'won']], { timeZone, now: Date.UTC(2025, 0, 1) });
      expect(t.issues.map((x) => [x.row, x.field, x.reason]), timeZone).toEqual([[2, 'closed', 'an invalid date']]);
      expect(Number.isNaN(t.dates.closed[0])).toBe(true);
    }
  });
});
