import { describe, expect, it } from 'vitest';
import type { CloseDateColumns } from '../../src/engine/closeDates';
import { dayFromCivil, formatDay } from '../../src/engine/days';
import { Kind, type Field } from '../../src/engine/fields';
import { checkRows } from '../../src/engine/rowChecks';
import { RowIssueList } from '../../src/engine/rowIssues';
import { dataRows } from '../../src/engine/rows';
import type { ColumnRef } from '../../src/engine/table';

const { Unknown, Won, Lost, Open, Refund } = Kind;
/** A day number from 'YYYY-MM-DD', NaN for ''. */
const day = (iso: string): number => {
  if (iso === '') return NaN;
  const [y, m, dd] = iso.split('-').map(Number);
  return dayFromCivil(y, m, dd);
};
const TODAY = day('2025-01-01');

/** Values as the reader would have read them, one entry per data row; dates as 'YYYY-MM-DD' ('' unknown), numbers NaN unknown. */
interface Values {
  kind: number[];
  created?: string[];
  qualified?: string[];
  closed?: string[];
  flag?: number[];
  amount?: number[];
  cost?: number[];
}

/**
 * Runs the checks on a table whose header is `header` (each header names its field, or a close-date column in
 * `closeDates`) and whose rows are `rows`, with the values read from them. Returns the issues as
 * [sheet row, column, value, reason] and the dates and flags after the checks.
 */
function check(header: string[], fields: Partial<Record<Field, string>>, rows: unknown[][], v: Values, opts: {
  closeDates?: Partial<Record<keyof CloseDateColumns, string>>; isSalesLog?: boolean;
} = {}) {
  const n = rows.length;
  const ref = (h: string): ColumnRef => ({ index: header.indexOf(h), header: h });
  const refs = (byField: Record<string, string>) => Object.fromEntries(Object.entries(byField).map(([f, h]) => [f, ref(h)]));
  const columns = refs(fields);
  const closeDates = refs(opts.closeDates ?? (fields.closed ? { closed: fields.closed } : {}));
  const dates = (xs?: string[]) => Float64Array.from(xs ?? Array(n).fill(''), day);
  const nums = (xs?: number[]) => Float64Array.from(xs ?? Array(n).fill(NaN));
  const t = {
    rows: dataRows([header, ...rows], n + 1), columns, closeDates, isSalesLog: opts.isSalesLog ?? false, kind: Uint8Array.from(v.kind),
    dates: { created: dates(v.created), qualified: dates(v.qualified), closed: dates(v.closed) },
    qualifiedFlag: Uint8Array.from(v.flag ?? Array(n).fill(0)), numbers: { amount: nums(v.amount), cost: nums(v.cost), probability: nums() },
    today: TODAY,
  };
  const issues = new RowIssueList(t.rows.rowNumbers, (ms) => new Date(ms).toISOString().slice(0, 10));
  checkRows(t, issues);
  const days = (col: Float64Array): string[] => Array.from(col, (x) => (x === x ? formatDay(x) : ''));
  return {
    issues: issues.sorted().map((i) => [i.row, i.column, i.value, i.reason]),
    created: days(t.dates.created), qualified: days(t.dates.qualified), closed: days(t.dates.closed), flag: Array.from(t.qualifiedFlag),
  };
}

const DEAL = ['Created', 'Closed', 'Amount', 'Cost', 'Status'];
const DEAL_FIELDS = { created: 'Created', closed: 'Closed', amount: 'Amount', cost: 'Cost', status: 'Status' } as const;

describe('checkRows: values a deal needs but its row leaves blank', () => {
  it('lists a won deal\'s missing creation date, close date, amount and cost, and a lost deal\'s missing close date', () => {
    const r = check(DEAL, DEAL_FIELDS, [['', '', '', '', 'won'], ['01.03.2024', '', 10, '', 'lost']], {
      kind: [Won, Lost], created: ['', '2024-03-01'], amount: [NaN, 10],
    });
    expect(r.issues).toEqual([
      [2, 'Created', '', 'no creation date'],
      [2, 'Closed', '', 'a won deal without a close date'],
      [2, 'Amount', '', 'a won deal without an amount'],
      [2, 'Cost', '', 'a won deal without a cost'],
      [3, 'Closed', '', 'a lost deal without a close date'],
    ]);
  });
  it('asks a refund for its close date and cost, not its creation date; an open deal or one without an outcome for its creation date only', () => {
    const r = check(DEAL, DEAL_FIELDS, [['', '', -50, '', 'won'], ['', '', '', '', 'open'], ['', '', '', '', 'maybe']], {
      kind: [Refund, Open, Unknown], amount: [-50, NaN, NaN],
    });
    expect(r.issues).toEqual([
      [2, 'Closed', '', 'a refund deal without a close date'],
      [2, 'Cost', '', 'a won deal without a cost'],
      [3, 'Created', '', 'no creation date'],
    ]);
  });
  it('lists nothing for a cell that holds a value it could not read: its read issue already says why', () => {
    const r = check(DEAL, DEAL_FIELDS, [['soon', 'soon', 'about 500', 'tbd', 'won']], { kind: [Won] });
    expect(r.issues).toEqual([]);
  });
  it('lists a sales log\'s row without an amount as a sale without one', () => {
    const fields = { closed: 'Date', amount: 'Amount' };
    const r = check(['Date', 'Amount'], fields, [['01.03.2024', '']], { kind: [Unknown], closed: ['2024-03-01'] }, { isSalesLog: true });
    expect(r.issues).toEqual([[2, 'Amount', '', 'a sale without an amount']]);
    // Outside a sales log, a row without an outcome needs no amount.
    expect(check(['Date', 'Amount'], fields, [['01.03.2024', '']], { kind: [Unknown], closed: ['2024-03-01'] }).issues).toEqual([]);
  });
  it('names the close-date column the row would have used: a Pipedrive won deal without times names the won time', () => {
    const r = check(['Deal - Won time', 'Deal - Lost time', 'Deal - Status'], { status: 'Deal - Status' }, [['', '', 'Won'], ['', '', 'Lost']],
      { kind: [Won, Lost] }, { closeDates: { wonTime: 'Deal - Won time', lostTime: 'Deal - Lost time' } });
    expect(r.issues).toEqual([
      [2, 'Deal - Won time', '', 'a won deal without a close date'],
      [3, 'Deal - Won time', '', 'a lost deal without a close date'],
    ]);
  });
  it('asks for no close date in a table without a close-date column', () => {
    expect(check(['Amount', 'Status'], { amount: 'Amount', status: 'Status' }, [[100, 'won']], { kind: [Won], amount: [100] }).issues).toEqual([]);
  });
});

describe('checkRows: dates after today (2025-01-01)', () => {
  it('lists a future creation, qualification and close date as the cell shows it, and leaves each out (the lead\'s flag too)', () => {
    const header = ['Created', 'Qualified', 'Closed', 'Status'];
    const fields = { created: 'Created', qualified: 'Qualified', closed: 'Closed', status: 'Status' };
    const r = check(header, fields, [
      ['01.03.2024', '02.03.2024', '10.03.2024', 'won'],
      ['01.02.2025', '01.03.2025', '01.04.2025', 'won'],
    ], {
      kind: [Won, Won], created: ['2024-03-01', '2025-02-01'], qualified: ['2024-03-02', '2025-03-01'], closed: ['2024-03-10', '2025-04-01'],
      flag: [1, 1],
    });
    expect(r.issues).toEqual([
      [3, 'Created', '01.02.2025', 'creation date 2025-02-01 is in the future'],
      [3, 'Qualified', '01.03.2025', 'qualification date 2025-03-01 is in the future'],
      [3, 'Closed', '01.04.2025', 'close date 2025-04-01 is in the future'],
    ]);
    expect([r.created, r.qualified, r.closed, r.flag]).toEqual([
      ['2024-03-01', ''], ['2024-03-02', ''], ['2024-03-10', ''], [1, 0],
    ]);
  });
  it('keeps an open deal\'s close date after today: it is the date the deal is expected to close', () => {
    const r = check(DEAL, DEAL_FIELDS, [['01.11.2024', '01.03.2025', 100, '', 'open']], {
      kind: [Open], created: ['2024-11-01'], closed: ['2025-03-01'], amount: [100],
    });
    expect(r.issues).toEqual([]);
    expect(r.closed).toEqual(['2025-03-01']);
  });
  it('takes today itself as the past', () => {
    const r = check(DEAL, DEAL_FIELDS, [['01.01.2025', '01.01.2025', 100, 10, 'won']], {
      kind: [Won], created: ['2025-01-01'], closed: ['2025-01-01'], amount: [100], cost: [10],
    });
    expect(r.issues).toEqual([]);
  });
});

describe('checkRows: a won deal closed before it was created (§6)', () => {
  it('is listed in its close-date column with both dates; a lost deal so dated is not', () => {
    const r = check(DEAL, DEAL_FIELDS, [['10.03.2024', '01.03.2024', 100, 10, 'won'], ['10.03.2024', '01.03.2024', 100, 10, 'lost']], {
      kind: [Won, Lost], created: ['2024-03-10', '2024-03-10'], closed: ['2024-03-01', '2024-03-01'], amount: [100, 100], cost: [10, 10],
    });
    expect(r.issues).toEqual([[2, 'Closed', '01.03.2024', 'closed (2024-03-01) before it was created (2024-03-10)']]);
    // The dates stay: SALES_CYCLE skips the deal, the other KPIs count it.
    expect([r.created, r.closed]).toEqual([['2024-03-10', '2024-03-10'], ['2024-03-01', '2024-03-01']]);
  });
  it('is not a closed-before-created deal when one of its dates was in the future and so left out', () => {
    const r = check(DEAL, DEAL_FIELDS, [['01.02.2025', '01.03.2024', 100, 10, 'won']], {
      kind: [Won], created: ['2025-02-01'], closed: ['2024-03-01'], amount: [100], cost: [10],
    });
    expect(r.issues).toEqual([[2, 'Created', '01.02.2025', 'creation date 2025-02-01 is in the future']]);
  });
});
