/**
 * The typed-array interpreter of KPI definitions (definition.ts): one loop over the table's columns per
 * tally, shared by every KPI of a call that needs the same tally (KPI_TABLE's sales volume, average deal,
 * growth and plan attainment read one sum).
 */
import { relativeChange } from './change';
import { DEAL_SETS, dealSetMask, describeTally, fillReason, tallyKey, type Definition, type Tally } from './definition';
import { KpiError } from './errors';
import { DEAL_TYPES, describeMissingColumn } from './fields';
import { noValue, type KpiArgs, type KpiDef, type KpiValue } from './kpi';
import { bucketsBetween, describePeriod, type Bounded, type Period } from './period';
import { assertSplittable, sideKeyOfSlice, targetFor } from './sideTables';
import { forEachOpenAt, previousSlicing, rowSlots, type Slicing } from './slicing';
import { unreadableRows, type DealTable } from './table';

/** A tally's result per slice: the sum of its values and how many deals went in. */
export interface TallyResult {
  readonly total: Float64Array;
  readonly deals: Float64Array;
}

/** Finds another catalog KPI for a `{ kpi }` definition. */
export type KpiLookup = (name: string) => KpiDef | undefined;

const NO_PREVIOUS = 'the whole table has no previous period; give a period such as 2024-03';

/** Tallies per table and slicing, keyed by tallyKey: the KPIs of one call share them, as they share rowSlots. */
const tallyCache = new WeakMap<DealTable, WeakMap<Slicing, Map<string, TallyResult>>>();

/** Derived per-row values (profit, cycle days) per table: NaN where the row has none. */
const derivedCache = new WeakMap<DealTable, Map<string, Float64Array>>();

/** The per-row values a tally adds, or null for a count. */
function valuesOf(table: DealTable, value: Tally['value']): Float64Array | null {
  if (value === 'count') return null;
  if (value === 'amount') return table.numbers.amount;
  let byValue = derivedCache.get(table);
  if (!byValue) derivedCache.set(table, (byValue = new Map()));
  const hit = byValue.get(value);
  if (hit) return hit;
  const out = new Float64Array(table.n);
  if (value === 'profit') {
    // A row lacking the amount or the cost leaves both sides of a profit figure (§6 Skipping): NaN - x is NaN.
    const { amount, cost } = table.numbers;
    for (let i = 0; i < table.n; i++) out[i] = amount[i] - cost[i];
  } else {
    // A deal closed before it was created has no cycle (a data error the row checks report).
    const { created, closed } = table.dates;
    for (let i = 0; i < table.n; i++) {
      const d = closed[i] - created[i];
      out[i] = d >= 0 ? d : NaN;
    }
  }
  byValue.set(value, out);
  return out;
}

/** 1 for each row a tally leaves for its `known` and `where` conditions; null when it keeps every row. */
function excludedRows(table: DealTable, t: Tally): Uint8Array | null {
  if (!t.known?.length && !t.where) return null;
  const out = new Uint8Array(table.n);
  for (const f of t.known ?? []) {
    const bad = unreadableRows(table, f);
    for (let i = 0; i < table.n; i++) out[i] |= bad[i];
  }
  if (t.where && 'type' in t.where) {
    const code = DEAL_TYPES.indexOf(t.where.type) + 1;
    const types = table.type;
    for (let i = 0; i < table.n; i++) if (types[i] !== code) out[i] = 1;
  } else if (t.where) {
    const q = table.qualifiedFlag;
    for (let i = 0; i < table.n; i++) if (q[i] !== 1) out[i] = 1;
  }
  return out;
}

/** The columns a tally's deals must have readable (NaN: blank or unreadable), beyond the value it adds (checked anyway). */
function mustRead(table: DealTable, t: Tally): [Float64Array | null, Float64Array | null] {
  const implied: readonly string[] = t.value === 'profit' ? ['amount', 'cost'] : t.value === 'amount' ? ['amount'] : [];
  const fields = (t.readable ?? []).filter((f) => !implied.includes(f));
  return [fields[0] ? table.numbers[fields[0]] : null, fields[1] ? table.numbers[fields[1]] : null];
}

/** Per slice: Σ value and the number of deals of the tally placed in the slice. */
export function tally(table: DealTable, s: Slicing, t: Tally): TallyResult {
  let bySlicing = tallyCache.get(table);
  if (!bySlicing) tallyCache.set(table, (bySlicing = new WeakMap()));
  let byKey = bySlicing.get(s);
  if (!byKey) bySlicing.set(s, (byKey = new Map()));
  const key = tallyKey(t);
  const hit = byKey.get(key);
  if (hit) return hit;
  const parts = DEAL_SETS[t.deals].parts;
  if (parts && t.value === 'count' && !t.readable && !t.known && !t.where) {
    // Won + lost deals are the won deals' count plus the lost deals': both usually counted already.
    const result = addTallies(parts.map((deals) => tally(table, s, { ...t, deals })));
    byKey.set(key, result);
    return result;
  }
  const slots = rowSlots(table, s, t.date);
  const take = dealSetMask(t.deals, table.isSalesLog);
  const skip = excludedRows(table, t);
  const [r1, r2] = mustRead(table, t);
  const total = new Float64Array(s.labels.length);
  const deals = new Float64Array(s.labels.length);
  const { kind } = table;
  // A loop per kind of value rather than one with a branch per row: the count is the hot path of most KPIs.
  if (t.value === 'count') {
    for (let i = 0; i < table.n; i++) {
      const slot = slots[i];
      if (slot < 0 || take[kind[i]] === 0 || (skip !== null && skip[i] === 1)) continue;
      if ((r1 !== null && r1[i] !== r1[i]) || (r2 !== null && r2[i] !== r2[i])) continue;
      deals[slot]++;
    }
    total.set(deals);
  } else if (t.value === 'profit') {
    // Amount − cost in the loop itself: a profit column for the whole table would cost a pass and its memory.
    const { amount, cost } = table.numbers;
    for (let i = 0; i < table.n; i++) {
      const slot = slots[i];
      if (slot < 0 || take[kind[i]] === 0 || (skip !== null && skip[i] === 1)) continue;
      const v = amount[i] - cost[i];
      if (v !== v || (r1 !== null && r1[i] !== r1[i]) || (r2 !== null && r2[i] !== r2[i])) continue;
      total[slot] += v;
      deals[slot]++;
    }
  } else {
    // An amount or a cycle: a column of its own (valuesOf is null only for a count).
    const vals = valuesOf(table, t.value) as Float64Array;
    for (let i = 0; i < table.n; i++) {
      const slot = slots[i];
      if (slot < 0 || take[kind[i]] === 0 || (skip !== null && skip[i] === 1)) continue;
      const v = vals[i];
      if (v !== v || (r1 !== null && r1[i] !== r1[i]) || (r2 !== null && r2[i] !== r2[i])) continue;
      total[slot] += v;
      deals[slot]++;
    }
  }
  const result = { total, deals };
  byKey.set(key, result);
  return result;
}

/** Indices of the rows a tally takes in slice `slot`: the deals behind its value. */
export function tallyRows(table: DealTable, s: Slicing, t: Tally, slot: number): number[] {
  const slots = rowSlots(table, s, t.date);
  const take = dealSetMask(t.deals, table.isSalesLog);
  const skip = excludedRows(table, t);
  const [r1, r2] = mustRead(table, t);
  const vals = valuesOf(table, t.value);
  const out: number[] = [];
  for (let i = 0; i < table.n; i++) {
    if (slots[i] !== slot || take[table.kind[i]] === 0 || (skip !== null && skip[i] === 1)) continue;
    if ((vals !== null && vals[i] !== vals[i]) || (r1 !== null && r1[i] !== r1[i]) || (r2 !== null && r2[i] !== r2[i])) continue;
    out.push(i);
  }
  return out;
}

/** The slice-by-slice sum of several tallies. */
function addTallies(xs: readonly TallyResult[]): TallyResult {
  const total = new Float64Array(xs[0].total.length);
  const deals = new Float64Array(xs[0].deals.length);
  for (const x of xs) {
    for (let k = 0; k < total.length; k++) {
      total[k] += x.total[k];
      deals[k] += x.deals[k];
    }
  }
  return { total, deals };
}

/** Where each slice finds the period it is compared with: a slicing of those periods and each slice's slot in it (-1: none). */
interface Comparand {
  readonly slicing: Slicing;
  readonly slotOf: (k: number) => number;
}

/**
 * The comparand of each slice for an explicit `baseline_period`. Whole and category slicings take the
 * baseline as their period, each group against its own baseline (a campaign against its own Q1). Time
 * buckets are matched with the buckets of the same size cut from the baseline, k-th with k-th (2024 by
 * month against 2023: each month against the same month a year before); a baseline no longer than one
 * bucket is the baseline of every bucket.
 */
function explicitBaseline(s: Slicing, baseline: Bounded): Comparand {
  if (s.by !== 'time') {
    return { slicing: { ...s, period: baseline, periods: s.periods.map(() => baseline) } as Slicing, slotOf: (k) => k };
  }
  const periods = bucketsBetween(s.granularity, baseline.start, baseline.end, s.fiscal);
  const slicing: Slicing = { ...s, period: baseline, labels: periods.map((p) => p.label), periods };
  return { slicing, slotOf: periods.length === 1 ? () => 0 : (k) => (k < periods.length ? k : -1) };
}

/** The comparand of a change, or the reason every slice has none. */
function comparand(s: Slicing, against: 'previous' | 'baseline', baseline: Period | undefined): Comparand | string {
  if (against === 'baseline' && baseline && baseline.kind !== 'all') {
    if (s.period.kind === 'all') return 'a baseline_period is compared with a period: give one too, such as 2024-03';
    return explicitBaseline(s, baseline);
  }
  const prev = previousSlicing(s);
  return prev ? { slicing: prev, slotOf: (k) => k } : NO_PREVIOUS;
}

/** Numbers as KPI values. */
function asValues(xs: ArrayLike<number>): KpiValue[] {
  return Array.from(xs);
}

/** One KPI value per slice of `s`, as the definition says. */
export function evaluate(d: Definition, table: DealTable, s: Slicing, args: KpiArgs, lookup: KpiLookup): KpiValue[] {
  const period = (k: number): string => describePeriod(s.periods[k]);
  if ('sum' in d) return asValues(tally(table, s, d.sum).total);
  if ('ratio' in d) {
    const [top, bottom] = d.ratio;
    const num = evaluate(top, table, s, args, lookup);
    // A tally of no deals says which deals there were none of; a zero sum over some deals says `ifZero`.
    const count = 'sum' in bottom ? tally(table, s, bottom.sum).deals : null;
    const den = evaluate(bottom, table, s, args, lookup);
    return num.map((n, k): KpiValue => {
      const x = den[k];
      if (count !== null && count[k] === 0) return noValue(`no ${describeTally((bottom as { sum: Tally }).sum)} in ${period(k)}`);
      if (typeof n !== 'number') return n;
      if (typeof x !== 'number') return x;
      if (x === 0) return noValue(d.ifZero ? fillReason(d.ifZero, period(k)) : `the denominator is 0 in ${period(k)}`);
      return n / x;
    });
  }
  if ('change' in d) {
    const c = comparand(s, d.against, args.baseline);
    if (typeof c === 'string') return s.labels.map(() => noValue(c));
    const now = evaluate(d.change, table, s, args, lookup);
    const then = evaluate(d.change, table, c.slicing, args, lookup);
    const unit = s.by === 'time' ? s.granularity : 'period';
    return now.map((v, k): KpiValue => {
      const b = c.slotOf(k);
      if (b < 0) return noValue(`the baseline ${describePeriod(c.slicing.period)} has no ${unit} to match ${period(k)}`);
      const p = then[b];
      if (typeof v !== 'number') return v;
      if (typeof p !== 'number') return p;
      if (d.as === 'difference') return v - p;
      return relativeChange(v, p) ?? noValue(fillReason(d.none ?? 'the value of {previous} is 0', period(k), describePeriod(c.slicing.periods[b])));
    });
  }
  if ('open' in d) return asValues(openAtEnd(table, s, d.open, d.open === 'amount' && args.weighted === true));
  if ('typical' in d) return typical(table, s, d.typical, args.stat ?? 'mean');
  if ('product' in d) {
    const parts = d.product.map((p) => evaluate(p, table, s, args, lookup));
    return s.labels.map((_, k): KpiValue => {
      let x = 1;
      for (const p of parts) {
        const v = p[k];
        if (typeof v !== 'number') return v;
        x *= v;
      }
      return x;
    });
  }
  if ('kpi' in d) {
    const def = lookup(d.kpi);
    if (!def) throw new Error(`the definition refers to ${d.kpi}, which is not in the catalog`);
    return def.compute(table, s, args);
  }
  return planTargets(s, args);
}

/** Per slice: the plan's target of the slice, or why there is none. */
function planTargets(s: Slicing, args: KpiArgs): KpiValue[] {
  const plan = args.plan;
  if (!plan) throw new KpiError('plan is missing: give a number or a plan table (period, [rep], target) with a header row');
  assertSplittable(plan, s);
  return s.periods.map((p, k): KpiValue => {
    const rep = sideKeyOfSlice(s, k);
    const target = targetFor(plan, p, rep);
    if (target !== 0) return target;
    return noValue(`the plan has no target${rep === undefined ? '' : ` for ${s.labels[k]}`} in ${describePeriod(p)}`);
  });
}

/**
 * Per slice: the deals open at the slice's end (§6 Snapshots), or Σ of their amounts; weighted, Σ amount ×
 * probability. Rows whose amount (or probability, when weighted) is blank or unreadable add nothing.
 */
export function openAtEnd(table: DealTable, s: Slicing, what: 'count' | 'amount', weighted: boolean): Float64Array {
  const out = new Float64Array(s.labels.length);
  if (what === 'count') {
    forEachOpenAt(table, s, (_row, slot) => { out[slot]++; });
    return out;
  }
  if (weighted && !table.columns.probability) {
    throw new KpiError(`weighted TRUE needs win probabilities, but ${describeMissingColumn('probability')}`);
  }
  const amount = table.numbers.amount;
  const probability = table.numbers.probability;
  if (weighted) {
    forEachOpenAt(table, s, (i, slot) => {
      const v = amount[i] * probability[i];
      if (v === v) out[slot] += v;
    });
  } else {
    forEachOpenAt(table, s, (i, slot) => {
      const a = amount[i];
      if (a === a) out[slot] += a;
    });
  }
  return out;
}

/** Per slice: the mean or median of a tally's values. */
function typical(table: DealTable, s: Slicing, t: Tally, stat: 'mean' | 'median'): KpiValue[] {
  const { total, deals } = tally(table, s, t);
  const why = (k: number): KpiValue => noValue(`no ${describeTally(t)} in ${describePeriod(s.periods[k])}`);
  if (stat === 'mean') return s.labels.map((_, k) => (deals[k] === 0 ? why(k) : total[k] / deals[k]));
  const mid = medians(table, s, t, deals);
  return s.labels.map((_, k) => (deals[k] === 0 ? why(k) : mid[k]));
}

/** Median of a tally's values per slice: the rows' values laid out slice by slice in one buffer, each run sorted. */
function medians(table: DealTable, s: Slicing, t: Tally, count: Float64Array): number[] {
  const slots = rowSlots(table, s, t.date);
  const take = dealSetMask(t.deals, table.isSalesLog);
  const skip = excludedRows(table, t);
  const [r1, r2] = mustRead(table, t);
  const vals = valuesOf(table, t.value) ?? new Float64Array(table.n).fill(1);
  const start = new Int32Array(count.length + 1);
  for (let k = 0; k < count.length; k++) start[k + 1] = start[k] + count[k];
  const fill = start.slice(0, count.length);
  const buf = new Float64Array(start[count.length]);
  const { kind } = table;
  for (let i = 0; i < table.n; i++) {
    const slot = slots[i];
    if (slot < 0 || take[kind[i]] === 0 || (skip !== null && skip[i] === 1)) continue;
    if ((r1 !== null && r1[i] !== r1[i]) || (r2 !== null && r2[i] !== r2[i])) continue;
    const v = vals[i];
    if (v === v) buf[fill[slot]++] = v;
  }
  return s.labels.map((_, k) => {
    const run = buf.subarray(start[k], start[k + 1]).sort();
    const mid = run.length >> 1;
    return run.length % 2 === 1 ? run[mid] : (run[mid - 1] + run[mid]) / 2;
  });
}
