/**
 * Invariants of every KPI of the catalog over small random deal tables (DESIGN: testing without Google):
 * groups add up to the total, rates stay within 0..1, and neither row order, blank rows nor junk rows
 * change a result. The KPIs come from CATALOG, so a KPI added later is covered without a new test. The
 * KPIs with a plan or a spend argument get a random plan and spend table beside the deals, and their
 * values are checked against sums of those tables taken here, by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/engine/catalog';
import { FIELDS, type Field } from '../../src/engine/fields';
import type { KpiArgs, KpiDef, KpiValue } from '../../src/engine/kpi';
import { parsePeriod, type Period } from '../../src/engine/period';
import { readPlan, readSpend } from '../../src/engine/sideTables';
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

/** Every KPI of the catalog; those with a `side` (PLAN_ATTAINMENT; CAC and the LTV:CAC family) take the generated plan or spend. */
const KPIS = CATALOG;

const REPS = ['A', 'B', 'C', 'D'];
/** 2024's months as [start, end) day numbers (days since 1970-01-01), worked out here rather than by the engine. */
const MONTHS = Array.from({ length: 12 }, (_, m) => ({ start: Date.UTC(2024, m, 1) / DAY_MS, end: Date.UTC(2024, m + 1, 1) / DAY_MS }));
const monthText = (m: number): string => `2024-${String(m + 1).padStart(2, '0')}`;

/**
 * A plan (header Month, Rep, Target) with a target of 1–50 000 for every rep A–D in every month of 2024:
 * the month as text or as a Date on any of its days, the rep as the deals write it or in another case and spacing.
 */
const planRows = fc
  .array(fc.record({
    target: fc.integer({ min: 1, max: 50000 }),
    monthAs: fc.constantFrom<'text' | 'date'>('text', 'date'),
    repAs: fc.constantFrom<'same' | 'lower' | 'spaced'>('same', 'lower', 'spaced'),
    day: fc.integer({ min: 1, max: 28 }),
  }), { minLength: 48, maxLength: 48 })
  .map((cells) => cells.map((c, i): unknown[] => {
    const m = Math.floor(i / 4);
    const rep = REPS[i % 4];
    return [
      c.monthAs === 'text' ? monthText(m) : new Date(Date.UTC(2024, m, c.day)),
      c.repAs === 'same' ? rep : c.repAs === 'lower' ? rep.toLowerCase() : ` ${rep} `,
      c.target,
    ];
  }));

/**
 * A spend table (header Date, Amount, Source) of 0–20 rows: a day (a Date) or a month (text), an amount that may be
 * negative (a credit), and a source of the deals, one in another case or spacing, a blank one, or TV, which no deal has.
 */
const spendRows = fc.array(
  fc.record({
    day: fc.integer({ min: 0, max: 365 }),
    month: fc.integer({ min: 0, max: 11 }),
    as: fc.constantFrom<'day' | 'month'>('day', 'month'),
    amount: fc.integer({ min: -1000, max: 20000 }),
    source: fc.constantFrom('Ads', 'Referral', 'Web', 'ads', ' WEB ', '', 'TV'),
  }).map((r): unknown[] => [r.as === 'day' ? dayOf2024(r.day) : monthText(r.month), r.amount, r.source]),
  { maxLength: 20 },
);

const PLAN_HEADER = ['Month', 'Rep', 'Target'];
const SPEND_HEADER = ['Date', 'Amount', 'Source'];

/** The deals with a plan and a spend table. */
interface Tables {
  deals: unknown[][];
  plan: unknown[][];
  spend: unknown[][];
}
const tables = fc.record({ deals: dealRows, plan: planRows, spend: spendRows });

/** One row of a side table as this test reads it: the days it covers, its value, its rep or source in lower case. */
interface SideRow { start: number; end: number; value: number; key: string }

/** A plan row: its month, whichever way it is written. */
function planRowOf(row: unknown[]): SideRow {
  const cell = row[0];
  const m = cell instanceof Date ? cell.getUTCMonth() : Number(String(cell).slice(5)) - 1;
  return { ...MONTHS[m], value: row[2] as number, key: String(row[1]).trim().toLowerCase() };
}

/** A spend row: a day, or a month. */
function spendRowOf(row: unknown[]): SideRow {
  const cell = row[0];
  const span = cell instanceof Date ? { start: cell.getTime() / DAY_MS, end: cell.getTime() / DAY_MS + 1 } : MONTHS[Number(String(cell).slice(5)) - 1];
  return { ...span, value: row[1] as number, key: String(row[2]).trim().toLowerCase() };
}

/** Σ of the rows' values over a period (pro rata by days for a row partly in it), of one key or all. */
function sideSum(rows: readonly SideRow[], period: Period, key?: string): number {
  let sum = 0;
  for (const r of rows) {
    if (key !== undefined && r.key !== key) continue;
    const lo = period.kind === 'all' ? r.start : Math.max(r.start, period.start);
    const hi = period.kind === 'all' ? r.end : Math.min(r.end, period.end);
    if (hi > lo) sum += (r.value * (hi - lo)) / (r.end - r.start);
  }
  return sum;
}

/** The arguments each KPI takes beside the deals: the plan for PLAN_ATTAINMENT, the spend for CAC and its family. */
function sideArgsOf(t: DealTable, x: Tables): { plan: KpiArgs; spend: KpiArgs } {
  return {
    plan: { plan: readPlan(grid(PLAN_HEADER, x.plan), t.dayOf) },
    spend: { spend: readSpend(grid(SPEND_HEADER, x.spend), t.dayOf) },
  };
}

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

function outcome(def: KpiDef, t: DealTable, period: string, groupBy: GroupBy, args: KpiArgs = {}): Outcome {
  try {
    const slicing = slicingOf(t, period, groupBy);
    return { labels: slicing.labels, values: def.compute(t, slicing, args) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Every KPI × period × group_by over a table, keyed "NAME period group"; the side KPIs with the plan or spend of `x`. */
function everything(t: DealTable, x: Tables): Map<string, Outcome> {
  const sides = sideArgsOf(t, x);
  const out = new Map<string, Outcome>();
  for (const def of KPIS) {
    const args = def.side ? sides[def.side] : {};
    for (const p of PERIODS) for (const g of GROUPS) out.set(`${def.name} ${p} ${g}`, outcome(def, t, p, g, args));
  }
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

/** Deals, plan and spend, and an insertion index into the deal rows. */
const rowsAndIndex = tables.chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: 0, max: x.deals.length })));

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

/** A shuffle of an array's items. */
const shuffleOf = <T>(xs: T[]): fc.Arbitrary<T[]> => fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length });

describe('row order changes no result', () => {
  it('for any shuffle of the deal rows, and of the plan\'s and the spend\'s rows', () => {
    const shuffled = tables.chain((x) =>
      fc.tuple(fc.constant(x), fc.record({ deals: shuffleOf(x.deals), plan: shuffleOf(x.plan), spend: shuffleOf(x.spend) })));
    fc.assert(
      fc.property(shuffled, ([x, y]) => {
        const a = table(grid(HEADER, x.deals));
        const b = table(grid(HEADER, y.deals));
        expect(issueTexts(b)).toEqual(issueTexts(a));
        expect(differences(everything(a, x), everything(b, y))).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('a blank row changes no result and adds no issue', () => {
  it('wherever it is inserted', () => {
    fc.assert(
      fc.property(rowsAndIndex, ([x, at]) => {
        const a = table(grid(HEADER, x.deals));
        const b = table(grid(HEADER, withRow(x.deals, at, HEADER.map(() => ''))));
        expect(b.n).toBe(a.n);
        expect(issueTexts(b)).toEqual(issueTexts(a));
        expect(differences(everything(a, x), everything(b, x))).toEqual([]);
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
      fc.property(rowsAndIndex, ([x, at]) => {
        const a = table(grid(HEADER, x.deals));
        const b = table(grid(HEADER, withRow(x.deals, at, JUNK_ROW)));
        const junkRow = b.headerRow + 1 + at;
        const rowsWithIssues = (t: DealTable): number => new Set(t.issues.map((i) => i.row)).size;
        expect(rowsWithIssues(b)).toBe(rowsWithIssues(a) + 1);
        expect(b.issues.filter((i) => i.row === junkRow).map((i) => i.field).sort()).toEqual([...TYPED_FIELDS].sort());
        const before = everything(a, x);
        const after = everything(b, x);
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

/** The value of slice `k` of an outcome; fails the property on an error. */
function valueAt(o: Outcome, k: number): KpiValue {
  if ('error' in o) throw new Error(o.error);
  return o.values[k];
}

/** The slice labels of an outcome; fails the property on an error. */
function labelsOf(o: Outcome): readonly string[] {
  if ('error' in o) throw new Error(o.error);
  return o.labels;
}

/** The numbers of a count or sum outcome by slice label; fails the property on an error. */
function byLabel(o: Outcome): Map<string, number> {
  if ('error' in o) throw new Error(o.error);
  return new Map(o.labels.map((l, k) => [l, o.values[k] as number]));
}

const kpi = (name: string): KpiDef => KPIS.find((k) => k.name === name) as KpiDef;

describe('PLAN_ATTAINMENT: Σ actual / Σ target, the target summed from the plan here', () => {
  const attainment = kpi('PLAN_ATTAINMENT');
  const volume = kpi('SALES_VOLUME');
  it('over the period, by rep and by month; the whole is Σ actual / Σ target over the reps', () => {
    fc.assert(
      fc.property(tables, (x) => {
        const t = table(grid(HEADER, x.deals));
        const { plan } = sideArgsOf(t, x);
        const rows = x.plan.map(planRowOf);
        const failures: string[] = [];
        const check = (what: string, got: KpiValue, want: number): void => {
          if (!sameValue(got, want)) failures.push(`${what}: ${JSON.stringify(got)} ≠ ${want}`);
        };
        for (const p of PERIODS) {
          const period = parsePeriod(p, t.dayOf);
          // The whole period: every rep has a target in every month, so the plan's target is theirs summed.
          const actual = valueAt(outcome(volume, t, p, ''), 0) as number;
          const target = sideSum(rows, period);
          const whole = valueAt(outcome(attainment, t, p, '', plan), 0);
          check(`"${p}"`, whole, actual / target);
          // By rep: each rep's sales against that rep's targets; rows of a blank rep have no target.
          const byRep = outcome(attainment, t, p, 'rep', plan);
          const repVolume = byLabel(outcome(volume, t, p, 'rep'));
          let attained = 0;
          labelsOf(byRep).forEach((label, k) => {
            const v = valueAt(byRep, k);
            if (label === '(blank)') {
              if (typeof v === 'number') failures.push(`"${p}" (blank): ${v}, but no plan row has a blank rep`);
              attained += repVolume.get(label) as number;
              return;
            }
            const repTarget = sideSum(rows, period, label.toLowerCase());
            check(`"${p}" ${label}`, v, (repVolume.get(label) as number) / repTarget);
            if (typeof v === 'number') attained += v * repTarget;
          });
          const repTargets = REPS.reduce((sum, r) => sum + sideSum(rows, period, r.toLowerCase()), 0);
          check(`"${p}" Σ over the reps`, whole, attained / repTargets);
          // By month: each bucket's sales against the bucket's targets (pro rata for a bucket clipped by the period).
          const byMonth = outcome(attainment, t, p, 'month', plan);
          const monthVolume = outcome(volume, t, p, 'month');
          slicingOf(t, p, 'month').periods.forEach((bucket, k) => {
            check(`"${p}" ${bucket.label}`, valueAt(byMonth, k), (valueAt(monthVolume, k) as number) / sideSum(rows, bucket));
          });
        }
        expect(failures).toEqual([]);
      }),
      RUNS,
    );
  });
  it('cannot be split by source: a plan splits by rep and by time', () => {
    const t = table(grid(HEADER, []));
    const plan = readPlan(grid(PLAN_HEADER, [['2024-03', 'A', 100]]), t.dayOf);
    expect(outcome(attainment, t, '2024-03', 'source', { plan })).toEqual({ error: 'a plan table can be split by rep or by time, not by source' });
  });
});

describe('CAC: spend / new customers, the spend summed from the spend table here', () => {
  const cacDef = kpi('CAC');
  const fresh = kpi('NEW_CUSTOMERS');
  it('over the period, by source and by month; the sources\' spend adds up to the whole', () => {
    fc.assert(
      fc.property(tables, (x) => {
        const t = table(grid(HEADER, x.deals));
        const { spend } = sideArgsOf(t, x);
        const rows = x.spend.map(spendRowOf);
        const failures: string[] = [];
        const check = (what: string, got: KpiValue, spent: number, customers: number): void => {
          if (customers === 0 ? typeof got === 'number' : !sameValue(got, spent / customers)) {
            failures.push(`${what}: ${JSON.stringify(got)} ≠ ${spent} / ${customers}`);
          }
        };
        for (const p of PERIODS) {
          const period = parsePeriod(p, t.dayOf);
          const spent = sideSum(rows, period);
          const customers = valueAt(outcome(fresh, t, p, ''), 0) as number;
          check(`"${p}"`, valueAt(outcome(cacDef, t, p, '', spend), 0), spent, customers);
          // By source: a source's spend (any case and spacing; a blank source's spend is the (blank) group's)
          // over the new customers whose first won deal came from it.
          const bySource = outcome(cacDef, t, p, 'source', spend);
          const newBySource = byLabel(outcome(fresh, t, p, 'source'));
          let accounted = sideSum(rows, period, 'tv'); // no deal came from TV: in the whole, in no group
          labelsOf(bySource).forEach((label, k) => {
            const key = label === '(blank)' ? '' : label.toLowerCase();
            const own = sideSum(rows, period, key);
            const n = newBySource.get(label) as number;
            const v = valueAt(bySource, k);
            check(`"${p}" ${label}`, v, own, n);
            accounted += typeof v === 'number' ? v * n : own;
          });
          // Sources with no deal in the table (here only TV) and those of the table together spent the whole.
          const keys = new Set(labelsOf(bySource).map((l) => (l === '(blank)' ? '' : l.toLowerCase())));
          for (const key of ['ads', 'referral', 'web', '']) if (!keys.has(key)) accounted += sideSum(rows, period, key);
          if (!sameValue(accounted, spent)) failures.push(`"${p}": the sources account for ${accounted} of ${spent}`);
          // By month: each bucket's spend over its new customers.
          const byMonth = outcome(cacDef, t, p, 'month', spend);
          const newByMonth = outcome(fresh, t, p, 'month');
          slicingOf(t, p, 'month').periods.forEach((bucket, k) => {
            check(`"${p}" ${bucket.label}`, valueAt(byMonth, k), sideSum(rows, bucket), valueAt(newByMonth, k) as number);
          });
        }
        expect(failures).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('NET_LTV, LTV_CAC and CAC_PAYBACK: LTV and CAC of the same period and group', () => {
  const [ltvDef, cacDef, net, ratio, payback] = ['LTV', 'CAC', 'NET_LTV', 'LTV_CAC', 'CAC_PAYBACK'].map(kpi);
  it('NET_LTV = LTV − CAC, LTV_CAC = LTV / CAC, CAC_PAYBACK has CAC\'s sign, each only where LTV and CAC have values', () => {
    fc.assert(
      fc.property(tables, (x) => {
        const t = table(grid(HEADER, x.deals));
        const { spend } = sideArgsOf(t, x);
        const failures: string[] = [];
        for (const p of PERIODS) {
          for (const g of ['', 'source', 'month'] as GroupBy[]) {
            const l = outcome(ltvDef, t, p, g);
            const c = outcome(cacDef, t, p, g, spend);
            const [n, r, b] = [net, ratio, payback].map((def) => outcome(def, t, p, g, spend));
            if ('error' in l || 'error' in c) continue;
            l.labels.forEach((label, k) => {
              const [lv, cv, nv, rv, bv] = [l, c, n, r, b].map((o) => valueAt(o, k));
              const where = `"${p}" ${g} ${label}`;
              if (typeof lv !== 'number' || typeof cv !== 'number') {
                if ([nv, rv].some((v) => typeof v === 'number')) failures.push(`${where}: a value without both LTV and CAC`);
                if (typeof cv !== 'number' && typeof bv === 'number') failures.push(`${where}: a payback without CAC`);
                return;
              }
              if (!sameValue(nv, lv - cv)) failures.push(`${where}: NET_LTV ${JSON.stringify(nv)} ≠ ${lv} − ${cv}`);
              if (cv === 0 ? typeof rv === 'number' : !sameValue(rv, lv / cv)) failures.push(`${where}: LTV_CAC ${JSON.stringify(rv)} ≠ ${lv} / ${cv}`);
              if (typeof bv === 'number' && Math.sign(bv) !== Math.sign(cv)) failures.push(`${where}: CAC_PAYBACK ${bv} for CAC ${cv}`);
            });
          }
        }
        expect(failures).toEqual([]);
      }),
      RUNS,
    );
  });
});
