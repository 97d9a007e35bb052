/**
 * The 12-month window behind LTV and CAC payback (§3 LTV, §6 LTV window): per slice, ARPA (revenue per
 * active customer-month), monthly churn and gross margin, pooled over the 12 calendar months that end
 * with the month holding the slice's last day.
 */
import { civilFromDay, dayFromCivil, formatMonth } from '../days';
import { Kind } from '../fields';
import { noValue, type KpiValue } from '../kpi';
import type { Slicing } from '../slicing';
import type { DealTable } from '../table';

/** Months in the LTV window. */
export const WINDOW_MONTHS = 12;

/** What LTV is made of for one slice; each part is a number or the reason it has none. */
export interface LtvWindow {
  /** Σ revenue / Σ active customers of the window's months. */
  readonly arpa: KpiValue;
  /** Σ customers lost / Σ customers active in the month before, over the window's months. */
  readonly churn: KpiValue;
  /** Σ (amount − cost) / Σ amount of the window's won deals and refunds; 1 without a `cost` column. */
  readonly margin: KpiValue;
  /** The window's last month as `2024-03`, for messages ("in the 12 months to 2024-03"); "" without data. */
  readonly lastMonth: string;
}

/** Pooled sums of one window, before they become ratios. */
interface WindowSums {
  revenue: number;
  active: number;
  base: number;
  lost: number;
  marginAmount: number;
  marginProfit: number;
}

const cache = new WeakMap<Slicing, LtvWindow[]>();

/** Month number (year × 12 + month − 1) of a day number. */
export function monthOfDay(day: number): number {
  const c = civilFromDay(day);
  return c.year * 12 + c.month - 1;
}

/** First day number of a month number. */
function firstDayOfMonth(m: number): number {
  return dayFromCivil(Math.floor(m / 12), (m % 12) + 1, 1);
}

/** `2024-03` of a month number. */
function monthLabel(m: number): string {
  return formatMonth(Math.floor(m / 12), (m % 12) + 1);
}

/**
 * The LTV window of every slice. Activity is a won deal (refunds are not activity, §6), revenue is
 * won deals plus refunds, both only of rows with a customer. A category group's customers are those
 * active in the group; one counts as lost in month m when active in the group in m − 1 and not active
 * at all in m (history from the whole table, §6). Cached per slicing: LTV, NET_LTV, LTV_CAC and
 * CAC_PAYBACK of one summary share it.
 */
export function ltvWindows(table: DealTable, s: Slicing): LtvWindow[] {
  const hit = cache.get(s);
  if (hit) return hit;
  const out = computeWindows(table, s);
  cache.set(s, out);
  return out;
}

/** Month number of the last won deal with a customer and a close date, NaN when there is none. */
function lastActiveMonth(table: DealTable): number {
  const { kind } = table;
  const closed = table.dates.closed;
  const cust = table.labels.customer.codes;
  let last = -Infinity;
  for (let i = 0; i < table.n; i++) {
    if (kind[i] === Kind.Won && cust[i] >= 0 && closed[i] > last) last = closed[i];
  }
  return last === -Infinity ? NaN : monthOfDay(last);
}

function computeWindows(table: DealTable, s: Slicing): LtvWindow[] {
  // Every category slice shares one period: find its window's end once, not once per group.
  let lastActive: number | undefined;
  const ends = s.periods.map((p) => {
    if (p.kind !== 'all') return monthOfDay(p.end - 1);
    if (lastActive === undefined) lastActive = lastActiveMonth(table);
    return lastActive;
  });
  if (ends.length === 0) return [];
  if (ends.some((e) => Number.isNaN(e))) {
    return ends.map(() => {
      const why = noValue('the table has no won deals with a customer and a close date');
      return { arpa: why, churn: why, margin: why, lastMonth: '' };
    });
  }
  // Months [lo, hi] hold every window and the month before each, for churn's base.
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of ends) {
    if (e < lo) lo = e;
    if (e > hi) hi = e;
  }
  lo -= WINDOW_MONTHS;
  const nM = hi - lo + 1;
  const dayLo = firstDayOfMonth(lo);
  const dayHi = firstDayOfMonth(hi + 1);
  const monthOf = new Int32Array(dayHi - dayLo);
  for (let m = 0; m < nM; m++) monthOf.fill(m, firstDayOfMonth(lo + m) - dayLo, firstDayOfMonth(lo + m + 1) - dayLo);

  const category = s.by === 'category';
  const G = category ? s.labels.length : 1;
  // A category call has one window, months [wLo, wHi] relative to lo, and sums per group;
  // whole and time calls have one group and sum per month, then per window.
  const wLo = nM - WINDOW_MONTHS;
  const cells = category ? G : nM;
  const cellOf = (g: number, m: number): number => (category ? (m >= wLo ? g : -1) : m);
  const sums = {
    revenue: new Float64Array(cells), active: new Float64Array(cells), base: new Float64Array(cells),
    lost: new Float64Array(cells), marginAmount: new Float64Array(cells), marginProfit: new Float64Array(cells),
  };

  const C = Math.max(1, table.labels.customer.labels.length);
  const { whole, grouped } = activityKeys(table, s, dayLo, dayHi, monthOf, nM, C, sums, cellOf);
  // Key (g, m, c) = (g·nM + m)·C + c stays below 2^52 for any sheet (≤ 10^7 rows, G and C ≤ rows, nM small
  // for a category call), so the divisions below are exact.
  const keys = grouped ?? whole;
  for (let j = 0; j < keys.length; j++) {
    const key = keys[j];
    const gm = Math.floor(key / C);
    const c = key - gm * C;
    const m = gm % nM;
    const g = (gm - m) / nM;
    const here = cellOf(g, m);
    if (here >= 0) sums.active[here]++;
    if (m + 1 >= nM) continue;
    const next = cellOf(g, m + 1);
    if (next < 0) continue;
    sums.base[next]++;
    if (!has(whole, (m + 1) * C + c)) sums.lost[next]++;
  }

  const hasCost = table.columns.cost !== undefined;
  // Slices that share a window end share its reasons: a call by customer has one slice per customer.
  const reasons = new Map<number, Reasons>();
  return s.periods.map((_, k) => {
    const w = category ? pick(sums, k) : windowSum(sums, ends[k] - lo - WINDOW_MONTHS + 1, ends[k] - lo);
    let r = reasons.get(ends[k]);
    if (!r) reasons.set(ends[k], (r = reasonsFor(ends[k])));
    return toWindow(w, r, hasCost);
  });
}

/**
 * One pass over the rows: revenue and margin sums per cell, and the sorted distinct keys of
 * (month, customer) activity over the whole table and, for a category call, (group, month, customer).
 */
function activityKeys(
  table: DealTable, s: Slicing, dayLo: number, dayHi: number, monthOf: Int32Array, nM: number, C: number,
  sums: { revenue: Float64Array; marginAmount: Float64Array; marginProfit: Float64Array },
  cellOf: (g: number, m: number) => number,
): { whole: Float64Array; grouped: Float64Array | null } {
  const { kind } = table;
  const closed = table.dates.closed;
  const amount = table.numbers.amount;
  const cost = table.numbers.cost;
  const hasCost = table.columns.cost !== undefined;
  const cust = table.labels.customer.codes;
  const groupOf = s.by === 'category' ? s.slotOfRow : null;
  const whole = new Float64Array(table.n);
  const grouped = groupOf ? new Float64Array(table.n) : null;
  let nw = 0;
  for (let i = 0; i < table.n; i++) {
    const k = kind[i];
    if (k !== Kind.Won && k !== Kind.Refund) continue;
    const c = cust[i];
    const d = closed[i];
    if (c < 0 || !(d >= dayLo && d < dayHi)) continue;
    const m = monthOf[d - dayLo];
    const g = groupOf ? groupOf[i] : 0;
    if (k === Kind.Won) {
      if (grouped) grouped[nw] = (g * nM + m) * C + c;
      whole[nw++] = m * C + c;
    }
    const a = amount[i];
    const cell = cellOf(g, m);
    if (a !== a || cell < 0) continue;
    sums.revenue[cell] += a;
    if (!hasCost) continue;
    const co = cost[i];
    if (co !== co) continue;
    sums.marginAmount[cell] += a;
    sums.marginProfit[cell] += a - co;
  }
  return { whole: sortedUnique(whole.subarray(0, nw)), grouped: grouped ? sortedUnique(grouped.subarray(0, nw)) : null };
}

/** Sorts in place and drops repeats; returns the distinct prefix. */
function sortedUnique(xs: Float64Array): Float64Array {
  xs.sort();
  let u = 0;
  for (let j = 0; j < xs.length; j++) if (j === 0 || xs[j] !== xs[u - 1]) xs[u++] = xs[j];
  return xs.subarray(0, u);
}

/** True when the sorted `xs` holds `x`. */
function has(xs: Float64Array, x: number): boolean {
  let a = 0;
  let b = xs.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (xs[mid] < x) a = mid + 1;
    else b = mid;
  }
  return a < xs.length && xs[a] === x;
}

function pick(sums: Record<keyof WindowSums, Float64Array>, k: number): WindowSums {
  return {
    revenue: sums.revenue[k], active: sums.active[k], base: sums.base[k], lost: sums.lost[k],
    marginAmount: sums.marginAmount[k], marginProfit: sums.marginProfit[k],
  };
}

/** Pools the per-month sums of months [from, to]. */
function windowSum(sums: Record<keyof WindowSums, Float64Array>, from: number, to: number): WindowSums {
  const w: WindowSums = { revenue: 0, active: 0, base: 0, lost: 0, marginAmount: 0, marginProfit: 0 };
  for (let m = from; m <= to; m++) {
    w.revenue += sums.revenue[m];
    w.active += sums.active[m];
    w.base += sums.base[m];
    w.lost += sums.lost[m];
    w.marginAmount += sums.marginAmount[m];
    w.marginProfit += sums.marginProfit[m];
  }
  return w;
}

/** Why each part of a window ending with month `m` can be undefined, in the user's terms. */
interface Reasons {
  readonly lastMonth: string;
  readonly noArpa: KpiValue;
  readonly noChurn: KpiValue;
  readonly noMargin: KpiValue;
}

function reasonsFor(m: number): Reasons {
  const last = monthLabel(m);
  const span = `the 12 months to ${last}`;
  return {
    lastMonth: last,
    noArpa: noValue(`no customers with a won deal in ${span}`),
    noChurn: noValue(`no customers were active in the 12 months to ${monthLabel(m - 1)}, so churn in ${span} cannot be measured`),
    noMargin: noValue(`no won deals with an amount and a cost in ${span}`),
  };
}

function toWindow(w: WindowSums, r: Reasons, hasCost: boolean): LtvWindow {
  const arpa = w.active > 0 ? w.revenue / w.active : r.noArpa;
  const churn = w.base > 0 ? w.lost / w.base : r.noChurn;
  let margin: KpiValue = 1;
  if (hasCost) margin = w.marginAmount !== 0 ? w.marginProfit / w.marginAmount : r.noMargin;
  return { arpa, churn, margin, lastMonth: r.lastMonth };
}
