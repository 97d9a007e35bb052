/**
 * Invariants of every KPI of the catalog over small random deal tables (DESIGN: testing without Google):
 * groups add up to the total, rates stay within 0..1, and neither row order, blank rows nor junk rows
 * change a result. The KPIs come from CATALOG, so a KPI added later is covered without a new test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/engine/catalog';
import { FIELDS, type Field } from '../../src/engine/fields';
import type { KpiDef, KpiValue } from '../../src/engine/kpi';
import { parsePeriod } from '../../src/engine/period';
import { makeSlicing, type GroupBy, type Slicing } from '../../src/engine/slicing';
import type { DealTable } from '../../src/engine/table';
import { grid, table } from '../helpers';

const RUNS = { seed: 20240315, numRuns: 100 };

/** One column per field, so that no KPI is skipped for a missing column. */
const HEADER = ['ID', 'Created', 'Qualified', 'Closed', 'Amount', 'Cost', 'Status', 'Stage', 'Probability', 'Rep', 'Customer', 'Source', 'Type'];
const JAN_1 = Date.UTC(2024, 0, 1);
const DAY_MS = 86400000;
/** A UTC-midnight Date `n` days after 2024-01-01 (2024 has 366 days: 0 … 365). */
const dayOf2024 = (n: number): Date => new Date(JAN_1 + n * DAY_MS);

/** A deal row with every column: Dates in 2024, reps A–D, amounts including refunds (won and negative). */
const dealRow = fc
  .record({
    created: fc.integer({ min: 0, max: 365 }),
    cycle: fc.integer({ min: 0, max: 90 }),
    status: fc.constantFrom('won', 'won', 'lost', 'open'),
    qualified: fc.constantFrom<'date' | 'true' | 'false' | 'blank'>('date', 'true', 'false', 'blank'),
    amount: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 100000 }) }, { weight: 1, arbitrary: fc.integer({ min: -5000, max: -1 }) }),
    cost: fc.integer({ min: 0, max: 60000 }),
    stage: fc.constantFrom('Lead', 'Demo', 'Proposal', 'Closed', ''),
    probability: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant('')),
    rep: fc.constantFrom('A', 'B', 'C', 'D', ''),
    customer: fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5', 'C6', ''),
    source: fc.constantFrom('Ads', 'Referral', 'Web', ''),
    type: fc.constantFrom('new', 'repeat', 'upsell', 'cross-sell', ''),
  })
  .map((r): unknown[] => {
    const closedDay = Math.min(365, r.created + r.cycle); // closed on or after created, within 2024
    const closed = r.status === 'open' ? '' : dayOf2024(closedDay);
    const qualified = r.qualified === 'date' ? dayOf2024(r.created + Math.floor((closedDay - r.created) / 2))
      : r.qualified === 'true' ? true : r.qualified === 'false' ? false : '';
    return ['', dayOf2024(r.created), qualified, closed, r.amount, r.cost, r.status, r.stage, r.probability, r.rep, r.customer, r.source, r.type];
  });

/** A deal table of 0–30 rows, ids D1, D2, … */
const dealRows = fc.array(dealRow, { maxLength: 30 }).map((rows) => rows.map((r, i) => [`D${i + 1}`, ...r.slice(1)]));

/** A row whose every typed cell is unreadable and whose text cells are blank. */
const JUNK_ROW = ['', 'someday', 'maybe', '#N/A', 'lots', '#REF!', '???', '', 'high', '', '', '', 'partner'];
/** The fields a junk row leaves an issue in: every typed field. */
const TYPED_FIELDS: Field[] = ['created', 'qualified', 'closed', 'amount', 'cost', 'status', 'probability', 'type'];

const PERIODS = ['', '2024-Q2', '2024-03', '2024-03-10..2024-04-20'];
const CATEGORY_GROUPS: GroupBy[] = ['rep', 'source', 'customer', 'stage', 'type'];
const TIME_GROUPS: GroupBy[] = ['day', 'week', 'month', 'quarter', 'year'];
const GROUPS: GroupBy[] = ['', ...CATEGORY_GROUPS, ...TIME_GROUPS];

/**
 * KPIs taken from the catalog. KPIs with a `side` (PLAN_ATTAINMENT; CAC and the LTV:CAC family) need a
 * plan or spend table beside the deals, which these tables do not model: they are left out here.
 */
const KPIS = CATALOG.filter((k) => !k.side);

/**
 * Snapshot KPIs look at the deals open at each bucket's end: a deal open through three months counts in
 * three buckets, so they add up over categories but not over time. INCREMENTAL_SALES compares each bucket
 * with its own previous bucket, so its buckets telescope instead of adding up to the period's value.
 */
const NOT_ADDITIVE_OVER_TIME = new Set(['PIPELINE_COUNT', 'PIPELINE_VALUE', 'LOYAL_CUSTOMERS', 'POTENTIAL_CUSTOMERS', 'INCREMENTAL_SALES']);

/**
 * Rates that are not shares of a whole, so not bounded by 0..1: SALES_GROWTH (+300 % or −80 %),
 * MARGIN (a cost above the amount makes it negative; refunds can make the volume negative or tiny),
 * PLAN_ATTAINMENT (above 1 when the plan is beaten; a side KPI anyway).
 */
const UNBOUNDED_RATES = new Set(['SALES_GROWTH', 'MARGIN', 'PLAN_ATTAINMENT']);

/** The values of one KPI for one period and group_by, with the slice labels, or the error it threw. */
type Outcome = { labels: readonly string[]; values: KpiValue[] } | { error: string };

/** Slicings per table, period and group_by: shared by the KPIs of a table as KPI_TABLE shares them. */
const slicings = new WeakMap<DealTable, Map<string, Slicing>>();

function slicingOf(t: DealTable, period: string, groupBy: GroupBy): Slicing {
  let byKey = slicings.get(t);
  if (!byKey) slicings.set(t, (byKey = new Map()));
  const key = `${period} ${groupBy}`;
  let s = byKey.get(key);
  if (!s) byKey.set(key, (s = makeSlicing(t, parsePeriod(period, t.dayOf), groupBy)));
  return s;
}

function outcome(def: KpiDef, t: DealTable, period: string, groupBy: GroupBy): Outcome {
  try {
    const slicing = slicingOf(t, period, groupBy);
    return { labels: slicing.labels, values: def.compute(t, slicing, {}) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Every KPI × period × group_by over a table, keyed "NAME period group". */
function everything(t: DealTable): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  for (const def of KPIS) for (const p of PERIODS) for (const g of GROUPS) out.set(`${def.name} ${p} ${g}`, outcome(def, t, p, g));
  return out;
}

/** Equal numbers (up to rounding from a different order of summation) or equal reasons. */
function sameValue(a: KpiValue, b: KpiValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return typeof a !== 'number' && typeof b !== 'number' && a.reason === b.reason;
}

/** A readable difference between two outcomes, or '' when they are the same. */
function difference(a: Outcome, b: Outcome): string {
  if ('error' in a || 'error' in b) return JSON.stringify(a) === JSON.stringify(b) ? '' : `${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  if (a.labels.join('|') !== b.labels.join('|')) return `labels ${a.labels.join('|')} ≠ ${b.labels.join('|')}`;
  const k = a.values.findIndex((v, i) => !sameValue(v, b.values[i]));
  return k < 0 ? '' : `${a.labels[k]}: ${JSON.stringify(a.values[k])} ≠ ${JSON.stringify(b.values[k])}`;
}

/** Every outcome that differs between two tables, as "key: difference" lines. */
function differences(a: Map<string, Outcome>, b: Map<string, Outcome>): string[] {
  const out: string[] = [];
  for (const [key, x] of a) {
    const diff = difference(x, b.get(key) as Outcome);
    if (diff) out.push(`${key}: ${diff}`);
  }
  return out;
}

/** Issues without their row numbers, sorted: what a row shift leaves unchanged. */
const issueTexts = (t: DealTable): string[] => t.issues.map((i) => `${i.field}|${i.value}|${i.reason}`).sort();

/** Inserts `row` before index `at` of the data rows. */
const withRow = (rows: unknown[][], at: number, row: unknown[]): unknown[][] => [...rows.slice(0, at), row, ...rows.slice(at)];

/** A deal table and an insertion index into its rows. */
const rowsAndIndex = dealRows.chain((rows) => fc.tuple(fc.constant(rows), fc.integer({ min: 0, max: rows.length })));

describe('the generated tables', () => {
  it('have a column for every field, so no KPI is skipped for a missing column', () => {
    const t = table(grid(HEADER, []));
    expect(Object.keys(t.columns).sort()).toEqual([...FIELDS].sort());
    for (const def of KPIS) expect(def.needs.filter((f) => !t.columns[f]), def.name).toEqual([]);
  });
});

describe('additive KPIs: groups add up to the total', () => {
  const additive = KPIS.filter((k) => k.additive);
  it('covers at least the sales counts and sums', () => {
    expect(additive.map((k) => k.name)).toEqual(expect.arrayContaining(['SALES_VOLUME', 'DEALS_WON', 'DEALS_LOST']));
  });
  it('sums over category groups and over time buckets equal the value of the period', () => {
    fc.assert(
      fc.property(dealRows, (rows) => {
        const t = table(grid(HEADER, rows));
        const failures: string[] = [];
        for (const def of additive) {
          for (const p of PERIODS) {
            const whole = outcome(def, t, p, '');
            if ('error' in whole || typeof whole.values[0] !== 'number') continue; // nothing to add up to
            const groups = NOT_ADDITIVE_OVER_TIME.has(def.name) ? CATEGORY_GROUPS : [...CATEGORY_GROUPS, ...TIME_GROUPS];
            for (const g of groups) {
              const o = outcome(def, t, p, g);
              if ('error' in o) { failures.push(`${def.name} ${p} ${g}: ${o.error}`); continue; }
              const missing = o.values.findIndex((v) => typeof v !== 'number');
              if (missing >= 0) { failures.push(`${def.name} ${p} ${g}: no value for ${o.labels[missing]}`); continue; }
              const sum = (o.values as number[]).reduce((a, b) => a + b, 0);
              if (!sameValue(sum, whole.values[0])) failures.push(`${def.name} "${p}" by ${g}: Σ ${sum} ≠ ${whole.values[0]}`);
            }
          }
        }
        expect(failures).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('rates stay within 0..1 where defined', () => {
  const rates = KPIS.filter((k) => k.unit === 'rate' && !UNBOUNDED_RATES.has(k.name));
  it('covers at least WIN_RATE', () => {
    expect(rates.map((k) => k.name)).toContain('WIN_RATE');
  });
  it('in every period and group', () => {
    fc.assert(
      fc.property(dealRows, (rows) => {
        const t = table(grid(HEADER, rows));
        const failures: string[] = [];
        for (const def of rates) {
          for (const p of PERIODS) {
            for (const g of GROUPS) {
              const o = outcome(def, t, p, g);
              if ('error' in o) continue;
              o.values.forEach((v, k) => {
                if (typeof v === 'number' && !(v >= 0 && v <= 1)) failures.push(`${def.name} "${p}" ${g} ${o.labels[k]}: ${v}`);
              });
            }
          }
        }
        expect(failures).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('row order changes no result', () => {
  it('for any shuffle of the rows', () => {
    const shuffled = dealRows.chain((rows) =>
      fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })));
    fc.assert(
      fc.property(shuffled, ([rows, other]) => {
        const a = table(grid(HEADER, rows));
        const b = table(grid(HEADER, other));
        expect(issueTexts(b)).toEqual(issueTexts(a));
        expect(differences(everything(a), everything(b))).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('a blank row changes no result and adds no issue', () => {
  it('wherever it is inserted', () => {
    fc.assert(
      fc.property(rowsAndIndex, ([rows, at]) => {
        const a = table(grid(HEADER, rows));
        const b = table(grid(HEADER, withRow(rows, at, HEADER.map(() => ''))));
        expect(b.n).toBe(a.n);
        expect(issueTexts(b)).toEqual(issueTexts(a));
        expect(differences(everything(a), everything(b))).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('a junk row changes no result and adds issues for exactly one more row', () => {
  /**
   * The junk row's blank text cells put it in the (blank) group of a category group_by; when no other
   * row had a blank label, that group is new. It must then be empty: 0, or no value.
   */
  function withoutNewBlankGroup(before: Outcome, after: Outcome): Outcome {
    if ('error' in before || 'error' in after || after.labels.length !== before.labels.length + 1) return after;
    const k = after.labels.length - 1;
    const v = after.values[k];
    if (after.labels[k] !== '(blank)' || (typeof v === 'number' && v !== 0)) return after;
    return { labels: after.labels.slice(0, k), values: after.values.slice(0, k) };
  }
  it('wherever it is inserted', () => {
    fc.assert(
      fc.property(rowsAndIndex, ([rows, at]) => {
        const a = table(grid(HEADER, rows));
        const b = table(grid(HEADER, withRow(rows, at, JUNK_ROW)));
        const junkRow = b.headerRow + 1 + at;
        const rowsWithIssues = (t: DealTable): number => new Set(t.issues.map((i) => i.row)).size;
        expect(rowsWithIssues(b)).toBe(rowsWithIssues(a) + 1);
        expect(b.issues.filter((i) => i.row === junkRow).map((i) => i.field).sort()).toEqual([...TYPED_FIELDS].sort());
        const before = everything(a);
        const after = everything(b);
        for (const [key, o] of after) after.set(key, withoutNewBlankGroup(before.get(key) as Outcome, o));
        expect(differences(before, after)).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('INCREMENTAL_SALES: each group against its own baseline', () => {
  const incremental = KPIS.find((k) => k.name === 'INCREMENTAL_SALES') as KpiDef;
  const volume = KPIS.find((k) => k.name === 'SALES_VOLUME') as KpiDef;
  /** Periods with their default previous period, and explicit baselines of the same length. */
  const CASES: { period: string; baseline: string | undefined; previous: string }[] = [
    { period: '2024-Q2', baseline: undefined, previous: '2024-Q1' },
    { period: '2024-Q2', baseline: '2024-Q4', previous: '2024-Q4' },
    { period: '2024-03', baseline: undefined, previous: '2024-02' },
    { period: '2024-03', baseline: '2024-11', previous: '2024-11' },
  ];
  it('equals the group\'s sales volume minus its sales volume in the baseline, for every category group_by', () => {
    fc.assert(
      fc.property(dealRows, (rows) => {
        const t = table(grid(HEADER, rows));
        const failures: string[] = [];
        for (const { period, baseline, previous } of CASES) {
          for (const g of CATEGORY_GROUPS) {
            const s = slicingOf(t, period, g);
            const args = baseline === undefined ? {} : { baseline: parsePeriod(baseline, t.dayOf) };
            const got = incremental.compute(t, s, args);
            const now = volume.compute(t, s, {});
            const before = volume.compute(t, makeSlicing(t, parsePeriod(previous, t.dayOf), g), {});
            s.labels.forEach((label, k) => {
              const want = (now[k] as number) - (before[k] as number);
              if (!sameValue(got[k], want)) failures.push(`${period} vs ${previous} by ${g}, ${label}: ${JSON.stringify(got[k])} ≠ ${want}`);
            });
          }
        }
        expect(failures).toEqual([]);
      }),
      RUNS,
    );
  });
});
