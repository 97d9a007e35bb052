/** Slices of a KPI call: the one period, its time buckets, or its category groups, and which rows fall in each. */
import { describeMissingColumn, Kind, type CategoryField, type DateField } from './fields';
import {
  ALL_TIME, bucketOf, bucketsBetween, inSpan, isGranularity, previousPeriod, type Bounded, type FiscalYearStart, type Granularity, type Period,
} from './period';
import { upperBound } from './search';
import { categoryColumn, unreadableRows, type DealTable } from './table';
import { compareLabels } from './labelOrder';
import { KpiError } from './errors';

/** What `group_by` accepts (§3). */
export const GROUP_BYS = ['', 'rep', 'source', 'customer', 'stage', 'type', 'day', 'week', 'month', 'quarter', 'year'] as const;
/** A `group_by` value. */
export type GroupBy = (typeof GROUP_BYS)[number];

/** The label of the group of rows whose group field is empty. */
export const BLANK_GROUP = '(blank)';

/** How a call is cut into slices; a KPI computes one value per slice. */
export type Slicing = WholeSlicing | TimeSlicing | CategorySlicing;

/** No group_by: one slice, the period. */
export interface WholeSlicing {
  readonly by: 'whole';
  readonly period: Period;
  readonly labels: readonly [''];
  readonly periods: readonly [Period];
}

/** Time buckets of the period (clipped to it). */
export interface TimeSlicing {
  readonly by: 'time';
  readonly granularity: Granularity;
  /** The month the buckets' fiscal year starts with: quarters and years are fiscal unless it is 1 (January). */
  readonly fiscal: FiscalYearStart;
  readonly period: Period;
  readonly labels: readonly string[];
  readonly periods: readonly Bounded[];
}

/** Category groups, each over the same period. */
export interface CategorySlicing {
  readonly by: 'category';
  readonly field: CategoryField;
  readonly period: Period;
  readonly labels: readonly string[];
  readonly periods: readonly Period[];
  /** Slice of each row by its group field (blank rows → the `(blank)` slice, unreadable ones → -1: none). */
  readonly slotOfRow: Int32Array;
}

/** Reads a `group_by` argument; throws on an unknown value. */
export function parseGroupBy(arg: unknown): GroupBy {
  const t = arg === undefined || arg === null ? '' : String(arg).trim().toLowerCase();
  if ((GROUP_BYS as readonly string[]).includes(t)) return t as GroupBy;
  throw new KpiError(`group_by "${String(arg)}" is not one of: ${GROUP_BYS.filter(Boolean).join(', ')}`);
}


/**
 * Builds the slices of a call over `table`. Time buckets over the whole table span its dates (§3). Quarters and
 * years are those of a fiscal year starting with month `fiscal`: by default a fiscal period's (FY2025 in quarters
 * gives FY2025-Q1…Q4), else the calendar's.
 */
export function makeSlicing(
  table: DealTable, period: Period, groupBy: GroupBy, fiscal: FiscalYearStart = (period.kind === 'all' ? undefined : period.fiscal) ?? 1,
): Slicing {
  if (groupBy === '') return { by: 'whole', period, labels: [''], periods: [period] };
  if (isGranularity(groupBy)) {
    if (period.kind === 'all' && Number.isNaN(table.minDay)) {
      return { by: 'time', granularity: groupBy, fiscal, period, labels: [], periods: [] };
    }
    // Over the whole table the buckets are whole; an asked period clips its edge buckets to itself.
    const periods = period.kind === 'all'
      ? bucketsBetween(groupBy, bucketOf(groupBy, table.minDay, fiscal).start, bucketOf(groupBy, table.maxDay, fiscal).end, fiscal)
      : bucketsBetween(groupBy, period.start, period.end, fiscal);
    return { by: 'time', granularity: groupBy, fiscal, period, labels: periods.map((b) => b.label), periods };
  }
  // Without the column every row would land in one (blank) group that looks like an answer (§3).
  if (!table.columns[groupBy]) throw new KpiError(describeMissingColumn(groupBy, 'to group by'));
  const col = categoryColumn(table, groupBy);
  // A group cell that could not be read (#N/A, an unknown type) is in no group: (blank) is for empty cells (§3, §5).
  const unreadable = unreadableRows(table, groupBy);
  const used = new Uint8Array(col.labels.length);
  let hasBlank = false;
  for (let i = 0; i < table.n; i++) {
    const c = col.codes[i];
    if (c >= 0) used[c] = 1;
    else if (unreadable[i] === 0) hasBlank = true;
  }
  const codes = [...used.keys()].filter((c) => used[c] === 1).sort((a, b) => compareLabels(col.labels[a], col.labels[b]));
  const slotOfCode = new Int32Array(col.labels.length).fill(-1);
  codes.forEach((c, k) => { slotOfCode[c] = k; });
  const labels = codes.map((c) => col.labels[c]);
  if (hasBlank) labels.push(BLANK_GROUP);
  const slotOfRow = new Int32Array(table.n);
  for (let i = 0; i < table.n; i++) {
    const c = col.codes[i];
    slotOfRow[i] = c >= 0 ? slotOfCode[c] : unreadable[i] === 1 ? -1 : labels.length - 1;
  }
  return { by: 'category', field: groupBy, period, labels, periods: labels.map(() => period), slotOfRow };
}

/** The same slices one period earlier (each bucket's previous bucket); null over the whole table. */
export function previousSlicing(s: Slicing): Slicing | null {
  if (s.by === 'time') {
    const periods = s.periods.map((p) => previousPeriod(p) as Bounded);
    const prevPeriod = s.period.kind === 'all' ? ALL_TIME : (previousPeriod(s.period) as Bounded);
    return { ...s, period: prevPeriod, periods };
  }
  const prev = previousPeriod(s.period);
  if (!prev) return null;
  return { ...s, period: prev, periods: s.periods.map(() => prev) } as Slicing;
}

/** Row slots per table, slicing and date field: keyed by the table too, since a slicing may be reused on another table. */
const slotCache = new WeakMap<DealTable, WeakMap<Slicing, Map<DateField, Int32Array>>>();

/**
 * Slice of each row by one of its dates: -1 when the date is blank or unreadable, or outside every
 * slice's period. Cached per slicing, so the KPIs of one KPI_TABLE share the work.
 */
export function rowSlots(table: DealTable, s: Slicing, field: DateField): Int32Array {
  let bySlicing = slotCache.get(table);
  if (!bySlicing) slotCache.set(table, (bySlicing = new WeakMap()));
  let byField = bySlicing.get(s);
  if (!byField) bySlicing.set(s, (byField = new Map()));
  const hit = byField.get(field);
  if (hit) return hit;
  const dates = table.dates[field];
  const out = new Int32Array(table.n).fill(-1);
  if (s.by === 'time') {
    if (s.periods.length > 0) {
      const lo = s.periods[0].start;
      const hi = s.periods[s.periods.length - 1].end;
      const lut = new Int32Array(hi - lo).fill(-1);
      s.periods.forEach((p, k) => lut.fill(k, p.start - lo, p.end - lo));
      for (let i = 0; i < table.n; i++) {
        const d = dates[i];
        if (inSpan(d, lo, hi)) out[i] = lut[d - lo];
      }
    }
  } else {
    const p = s.period;
    const lo = p.kind === 'all' ? -Infinity : p.start;
    const hi = p.kind === 'all' ? Infinity : p.end;
    const slot = s.by === 'category' ? s.slotOfRow : null;
    for (let i = 0; i < table.n; i++) {
      const d = dates[i];
      if (inSpan(d, lo, hi)) out[i] = slot ? slot[i] : 0;
    }
  }
  byField.set(field, out);
  return out;
}

/** The category slice of each row (all 0 without a category group_by); time slicing has none. */
export function groupOfRow(table: DealTable, s: Slicing): (i: number) => number {
  return s.by === 'category' ? (i) => s.slotOfRow[i] : () => 0;
}

/**
 * Exclusive end of each slice, where snapshot KPIs look (§6 Snapshots); Infinity means "now"
 * (the whole table: the deals that are open now).
 */
export function snapshotEnds(s: Slicing): number[] {
  return s.periods.map((p) => (p.kind === 'all' ? Infinity : p.end));
}

/** True when row `i` is an open deal at the exclusive end `end` (Infinity = now). */
export function isOpenAt(table: DealTable, i: number, end: number): boolean {
  const k = table.kind[i];
  if (end === Infinity) return k === Kind.Open;
  if (!(table.dates.created[i] < end)) return false;
  if (k === Kind.Open) return true;
  return (k === Kind.Won || k === Kind.Lost) && table.dates.closed[i] >= end;
}

/**
 * Calls `fn(row, slot)` for every deal open at each slice's snapshot end. Over time slices a deal is
 * visited once per bucket whose end falls in its open interval.
 */
export function forEachOpenAt(table: DealTable, s: Slicing, fn: (row: number, slot: number) => void): void {
  const ends = snapshotEnds(s);
  if (ends.length === 0) return;
  if (s.by !== 'time') {
    const end = ends[0];
    const group = groupOfRow(table, s);
    for (let i = 0; i < table.n; i++) {
      const slot = group(i);
      if (slot >= 0 && isOpenAt(table, i, end)) fn(i, slot);
    }
    return;
  }
  const { kind } = table;
  const created = table.dates.created;
  const closed = table.dates.closed;
  for (let i = 0; i < table.n; i++) {
    const k = kind[i];
    if (k !== Kind.Open && k !== Kind.Won && k !== Kind.Lost) continue;
    const c = created[i];
    if (!(c === c)) continue;
    const until = k === Kind.Open ? Infinity : closed[i];
    if (!(until === until)) continue;
    // First slice whose end is after `created`, then every slice while its end is ≤ `until`.
    for (let k2 = upperBound(ends, c); k2 < ends.length && ends[k2] <= until; k2++) fn(i, k2);
  }
}
