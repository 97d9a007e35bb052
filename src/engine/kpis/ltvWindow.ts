/**
 * The 12-month window behind LTV and CAC payback (§3 LTV, §6 LTV window): per slice, ARPA (revenue per
 * active customer-month), monthly churn and gross margin, pooled over the 12 calendar months that end
 * with the month holding the slice's last day.
 */
import { civilFromDay, dayFromCivil, formatMonth } from '../days';
import { REVENUE_KINDS } from '../definition';
import { Kind } from '../fields';
import { inSpan } from '../period';
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

// Keyed by table, then slicing: a slicing may be reused on another table (as rowSlots' cache is).
const cache = new WeakMap<DealTable, WeakMap<Slicing, LtvWindow[]>>();

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
  let bySlicing = cache.get(table);
  if (!bySlicing) cache.set(table, (bySlicing = new WeakMap()));
  const hit = bySlicing.get(s);
  if (hit) return hit;
  const out = computeWindows(table, s);
  bySlicing.set(s, out);
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
  const span = monthSpan(lo, hi);

  const hasCost = table.columns.cost !== undefined;
  // A category call has one window and sums per group; whole and time calls sum per month, then per window.
  const sums = s.by === 'category' ? groupSums(table, s.slotOfRow, s.labels.length, span) : monthSums(table, span);
  // Slices that share a window end share its reasons: a call by customer has one slice per customer.
  const reasons = new Map<number, Reasons>();
  return s.periods.map((_, k) => {
    const w = s.by === 'category' ? pick(sums, k) : windowSum(sums, ends[k] - lo - WINDOW_MONTHS + 1, ends[k] - lo);
    let r = reasons.get(ends[k]);
    if (!r) reasons.set(ends[k], (r = reasonsFor(ends[k])));
    return toWindow(w, r, hasCost);
  });
}

/** Months [lo, lo + nM) as day numbers [dayLo, dayHi), with the month index of each day. */
interface MonthSpan {
  readonly nM: number;
  readonly dayLo: number;
  readonly dayHi: number;
  /** Month index (0 = `lo`) of day `dayLo + j`. */
  readonly monthOf: Int32Array;
}

/** The span of month numbers lo … hi. */
function monthSpan(lo: number, hi: number): MonthSpan {
  const nM = hi - lo + 1;
  const dayLo = firstDayOfMonth(lo);
  const dayHi = firstDayOfMonth(hi + 1);
  const monthOf = new Int32Array(dayHi - dayLo);
  for (let m = 0; m < nM; m++) monthOf.fill(m, firstDayOfMonth(lo + m) - dayLo, firstDayOfMonth(lo + m + 1) - dayLo);
  return { nM, dayLo, dayHi, monthOf };
}

/** Per-cell arrays of the sums of WindowSums. */
type Sums = Record<keyof WindowSums, Float64Array>;

/** Zeroed sums for `cells` cells. */
function newSums(cells: number): Sums {
  return {
    revenue: new Float64Array(cells), active: new Float64Array(cells), base: new Float64Array(cells),
    lost: new Float64Array(cells), marginAmount: new Float64Array(cells), marginProfit: new Float64Array(cells),
  };
}

/**
 * Sums per month of the span in O(rows + months + customers), no sort: one pass adds the money and counts
 * won rows per month, a second buckets their customers by month, then a walk over the months in order
 * keeps each customer's last active month, so a first sighting in m is active(m) and, when the last one
 * was m − 1, retained(m); lost(m) = active(m − 1) − retained(m).
 */
function monthSums(table: DealTable, span: MonthSpan): Sums {
  const { nM, dayLo, dayHi, monthOf } = span;
  const { kind } = table;
  const closed = table.dates.closed;
  const amount = table.numbers.amount;
  const cost = table.numbers.cost;
  const hasCost = table.columns.cost !== undefined;
  const cust = table.labels.customer.codes;
  const sums = newSums(nM);
  const { revenue, marginAmount, marginProfit } = sums;
  // start[m] … start[m + 1] will be month m's won rows.
  const start = new Int32Array(nM + 1);
  for (let i = 0; i < table.n; i++) {
    const k = kind[i];
    if (REVENUE_KINDS[k] === 0) continue;
    const d = closed[i];
    if (cust[i] < 0 || !inSpan(d, dayLo, dayHi)) continue;
    const m = monthOf[d - dayLo];
    if (k === Kind.Won) start[m + 1]++;
    const a = amount[i];
    if (a !== a) continue;
    revenue[m] += a;
    if (!hasCost) continue;
    const co = cost[i];
    if (co !== co) continue;
    marginAmount[m] += a;
    marginProfit[m] += a - co;
  }
  for (let m = 0; m < nM; m++) start[m + 1] += start[m];
  const customers = new Int32Array(start[nM]);
  const next = start.slice(0, nM);
  for (let i = 0; i < table.n; i++) {
    if (kind[i] !== Kind.Won) continue;
    const c = cust[i];
    const d = closed[i];
    if (c < 0 || !inSpan(d, dayLo, dayHi)) continue;
    customers[next[monthOf[d - dayLo]]++] = c;
  }
  // seen[c] = 1 + the last month index customer c was active in, 0 before their first.
  const seen = new Int32Array(Math.max(1, table.labels.customer.labels.length));
  const { active, base, lost } = sums;
  for (let m = 0; m < nM; m++) {
    let fresh = 0;
    let retained = 0;
    for (let j = start[m]; j < start[m + 1]; j++) {
      const c = customers[j];
      const was = seen[c];
      if (was === m + 1) continue;
      seen[c] = m + 1;
      fresh++;
      if (was === m) retained++;
    }
    active[m] = fresh;
    // Month 0 only serves as month 1's "before": no window holds its churn.
    if (m === 0) continue;
    base[m] = active[m - 1];
    lost[m] = active[m - 1] - retained;
  }
  return sums;
}

/** Bits of a won row's packed (group, month) entry that hold the month: a category span has 13 months. */
const MONTH_BITS = 4;

/**
 * Sums per group of the one window of a category call: its slices share one period, so the span is that
 * window and the month before it, WINDOW_MONTHS + 1 months.
 * Won rows are bucketed by customer (no sort); per customer, a bit mask per group of the months they were
 * active in it, and one of the months they were active at all, give active, base and lost by bit counts.
 */
function groupSums(table: DealTable, groupOf: Int32Array, G: number, span: MonthSpan): Sums {
  const { nM, dayLo, dayHi, monthOf } = span;
  const wLo = nM - WINDOW_MONTHS;
  const { kind } = table;
  const closed = table.dates.closed;
  const amount = table.numbers.amount;
  const cost = table.numbers.cost;
  const hasCost = table.columns.cost !== undefined;
  const cust = table.labels.customer.codes;
  const C = Math.max(1, table.labels.customer.labels.length);
  const sums = newSums(G);
  const { revenue, marginAmount, marginProfit } = sums;
  // start[c] … start[c + 1] will be customer c's won rows.
  const start = new Int32Array(C + 1);
  for (let i = 0; i < table.n; i++) {
    const k = kind[i];
    if (REVENUE_KINDS[k] === 0) continue;
    const c = cust[i];
    const d = closed[i];
    if (c < 0 || !inSpan(d, dayLo, dayHi)) continue;
    if (k === Kind.Won) start[c + 1]++;
    const a = amount[i];
    const g = groupOf[i];
    // g < 0: the row's group cell could not be read, so it is in no group (§5), yet it is still activity.
    if (a !== a || monthOf[d - dayLo] < wLo || g < 0) continue;
    revenue[g] += a;
    if (!hasCost) continue;
    const co = cost[i];
    if (co !== co) continue;
    marginAmount[g] += a;
    marginProfit[g] += a - co;
  }
  for (let c = 0; c < C; c++) start[c + 1] += start[c];
  const entries = new Int32Array(start[C]);
  const next = start.slice(0, C);
  for (let i = 0; i < table.n; i++) {
    if (kind[i] !== Kind.Won) continue;
    const c = cust[i];
    const d = closed[i];
    if (c < 0 || !inSpan(d, dayLo, dayHi)) continue;
    entries[next[c]++] = (groupOf[i] << MONTH_BITS) | monthOf[d - dayLo];
  }
  const inWindow = ((1 << nM) - 1) ^ ((1 << wLo) - 1);
  const monthsIn = new Int32Array(G);
  const touched = new Int32Array(G);
  const { active, base, lost } = sums;
  for (let c = 0; c < C; c++) {
    let anywhere = 0;
    let nt = 0;
    for (let j = start[c]; j < start[c + 1]; j++) {
      const g = entries[j] >> MONTH_BITS;
      const bit = 1 << (entries[j] & ((1 << MONTH_BITS) - 1));
      anywhere |= bit;
      if (g < 0) continue;
      if (monthsIn[g] === 0) touched[nt++] = g;
      monthsIn[g] |= bit;
    }
    for (let t = 0; t < nt; t++) {
      const g = touched[t];
      const mask = monthsIn[g];
      monthsIn[g] = 0;
      // Window months m whose m − 1 had the customer in the group: churn's base, lost when absent in m.
      const before = (mask << 1) & inWindow;
      active[g] += bitCount(mask & inWindow);
      base[g] += bitCount(before);
      lost[g] += bitCount(before & ~anywhere);
    }
  }
  return sums;
}

/** Set bits of a small mask. */
function bitCount(x: number): number {
  let n = 0;
  for (let y = x; y !== 0; y &= y - 1) n++;
  return n;
}

/** The sums of cell `k`: a category call's group. */
function pick(sums: Sums, k: number): WindowSums {
  return {
    revenue: sums.revenue[k], active: sums.active[k], base: sums.base[k], lost: sums.lost[k],
    marginAmount: sums.marginAmount[k], marginProfit: sums.marginProfit[k],
  };
}

/** Pools the per-month sums of months [from, to]. */
function windowSum(sums: Sums, from: number, to: number): WindowSums {
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
