/** Per-slice sums and counts over rows: the building blocks most KPIs are one line of. */
import { Kind, type DateField } from '../fields';
import { describePeriod } from '../period';
import { noValue, type KpiValue } from '../kpi';
import { rowSlots, type Slicing } from '../slicing';
import type { DealTable } from '../table';

/** Per-slice count of rows of `kind` whose `field` date falls in the slice. */
export function countKind(table: DealTable, s: Slicing, field: DateField, kind: number): Float64Array {
  const slots = rowSlots(table, s, field);
  const out = new Float64Array(s.labels.length);
  const k = table.kind;
  for (let i = 0; i < table.n; i++) {
    const slot = slots[i];
    if (slot >= 0 && k[i] === kind) out[slot]++;
  }
  return out;
}

/**
 * Per-slice Σ amount of won deals and refunds closed in the slice (§6 Refunds), and how many
 * rows with a readable amount went in (refunds excluded from the count: they are not deals).
 */
export function wonAmounts(table: DealTable, s: Slicing): { sum: Float64Array; deals: Float64Array } {
  const slots = rowSlots(table, s, 'closed');
  const sum = new Float64Array(s.labels.length);
  const deals = new Float64Array(s.labels.length);
  const { kind } = table;
  const amount = table.numbers.amount;
  for (let i = 0; i < table.n; i++) {
    const slot = slots[i];
    if (slot < 0) continue;
    const k = kind[i];
    if (k !== Kind.Won && k !== Kind.Refund) continue;
    const a = amount[i];
    if (a !== a) continue;
    sum[slot] += a;
    if (k === Kind.Won) deals[slot]++;
  }
  return { sum, deals };
}

/** Numbers as KPI values. */
export function values(xs: ArrayLike<number>): KpiValue[] {
  return Array.from(xs);
}

/** num / den per slice; where den is 0, no value with `why(period)` as the reason. */
export function ratio(
  s: Slicing,
  num: ArrayLike<number>,
  den: ArrayLike<number>,
  why: (period: string) => string,
): KpiValue[] {
  return s.periods.map((p, k) => (den[k] === 0 ? noValue(why(describePeriod(p))) : num[k] / den[k]));
}

/** Maps two per-slice value lists into one, passing the first missing reason through. */
export function combine(a: KpiValue[], b: KpiValue[], f: (x: number, y: number) => KpiValue): KpiValue[] {
  return a.map((x, k) => {
    const y = b[k];
    if (typeof x !== 'number') return x;
    if (typeof y !== 'number') return y;
    return f(x, y);
  });
}
