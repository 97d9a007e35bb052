/**
 * The customer summary the models are fitted on (§8): per customer, the repeat purchase days x, the time of the last
 * purchase t_x and the customer's age T, both after the first purchase and in the chosen unit, and the mean repeat
 * amount m_x, from the won deals of a deal table up to the calibration end.
 */
import { KpiError } from '../errors';
import { Kind } from '../fields';
import type { DealTable } from '../table';
import { compareLabels } from '../labelOrder';

/** The time unit of x's clock (§8). */
export type TimeUnit = 'day' | 'week' | 'month';

/** Days in one unit: a month is a twelfth of a Julian year. */
export const UNIT_DAYS: Readonly<Record<TimeUnit, number>> = { day: 1, week: 7, month: 365.25 / 12 };

/** Reads a `unit` argument: blank is weeks. */
export function parseUnit(arg: unknown): TimeUnit {
  const t = arg === undefined || arg === null ? '' : String(arg).trim().toLowerCase();
  if (t === '') return 'week';
  const u = t.replace(/s$/, '');
  if (u === 'day' || u === 'week' || u === 'month') return u;
  throw new KpiError(`unit "${String(arg)}" must be "day", "week" or "month"`);
}

/** The customers of a model, one entry per customer in label order; every time in `unit`s. */
export interface CustomerHistory {
  readonly unit: TimeUnit;
  /** The calibration end's local day number: purchases after it are not in the summary. */
  readonly calibrationEnd: number;
  readonly labels: readonly string[];
  /** Purchase days after the first. */
  readonly x: Float64Array;
  /** From the first purchase to the last. */
  readonly tx: Float64Array;
  /** From the first purchase to the calibration end. */
  readonly T: Float64Array;
  /** Mean amount of a repeat purchase day; NaN when x = 0. */
  readonly m: Float64Array;
  /** Day number of the first purchase. */
  readonly firstDay: Float64Array;
  /** Table row (0-based) of the first purchase: the first such row of that day, whose rep or source is the customer's. */
  readonly firstRow: Int32Array;
  /** Amount of every purchase up to the calibration end. */
  readonly revenue: Float64Array;
}

/** True when row i is a purchase (§8): a won deal, not a refund, with a customer, a close date and an amount ≥ 0. */
function isPurchase(table: DealTable, i: number): boolean {
  if (table.kind[i] !== Kind.Won || table.labels.customer.codes[i] < 0) return false;
  const d = table.dates.closed[i];
  const a = table.numbers.amount[i];
  return d === d && a >= 0;
}

/** The day of the table's last purchase: the default calibration end; NaN when there is none. */
export function lastPurchaseDay(table: DealTable): number {
  let last = NaN;
  for (let i = 0; i < table.n; i++) {
    if (!isPurchase(table, i)) continue;
    const d = table.dates.closed[i];
    if (!(d <= last)) last = d;
  }
  return last;
}

/**
 * The customer summary at the end of day `calibrationEnd` (default: the table's last purchase day). Purchases of one
 * customer on one day are one purchase of their summed amount.
 */
export function customerHistory(table: DealTable, unit: TimeUnit, calibrationEnd = lastPurchaseDay(table)): CustomerHistory {
  const codes = table.labels.customer.codes;
  const closed = table.dates.closed;
  const amount = table.numbers.amount;
  const nCodes = table.labels.customer.labels.length;
  // Bucket the purchases by customer (a counting sort), then sort each customer's few rows by day.
  const start = new Int32Array(nCodes + 1);
  for (let i = 0; i < table.n; i++) if (isPurchase(table, i) && closed[i] <= calibrationEnd) start[codes[i] + 1]++;
  for (let c = 0; c < nCodes; c++) start[c + 1] += start[c];
  const rows = new Int32Array(start[nCodes]);
  const fill = start.slice(0, nCodes);
  for (let i = 0; i < table.n; i++) if (isPurchase(table, i) && closed[i] <= calibrationEnd) rows[fill[codes[i]]++] = i;

  const present: number[] = [];
  for (let c = 0; c < nCodes; c++) if (start[c + 1] > start[c]) present.push(c);
  const names = table.labels.customer.labels;
  present.sort((p, q) => compareLabels(names[p], names[q]) || (names[p] < names[q] ? -1 : names[p] > names[q] ? 1 : 0));

  const n = present.length;
  const days = UNIT_DAYS[unit];
  const out = {
    x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), m: new Float64Array(n).fill(NaN),
    firstDay: new Float64Array(n), firstRow: new Int32Array(n), revenue: new Float64Array(n),
  };
  const byDay = (i: number, j: number): number => closed[i] - closed[j] || i - j;
  present.forEach((c, k) => {
    const mine = rows.subarray(start[c], start[c + 1]);
    // Rows arrive in table order; a log kept by date needs no sort, and ties keep table order (the first row of the
    // first day is the customer's first purchase).
    let sorted = true;
    for (let j = 1; j < mine.length && sorted; j++) sorted = closed[mine[j - 1]] <= closed[mine[j]];
    if (!sorted) mine.sort(byDay);
    const first = closed[mine[0]];
    let x = 0;
    let repeatSum = 0;
    let revenue = 0;
    let prev = first;
    for (let j = 0; j < mine.length; j++) {
      const i = mine[j];
      revenue += amount[i];
      if (closed[i] === first) continue;
      if (closed[i] !== prev) x++;
      prev = closed[i];
      repeatSum += amount[i];
    }
    out.x[k] = x;
    out.tx[k] = (prev - first) / days;
    out.T[k] = (calibrationEnd - first) / days;
    if (x > 0) out.m[k] = repeatSum / x;
    out.firstDay[k] = first;
    out.firstRow[k] = mine[0];
    out.revenue[k] = revenue;
  });
  return { unit, calibrationEnd, labels: present.map((c) => names[c]), ...out };
}
