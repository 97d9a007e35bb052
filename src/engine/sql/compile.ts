/**
 * The catalog's definitions (definition.ts) compiled to one SQL query over the canonical deal table (canonical.ts):
 * one row per group — `group_label`, then a column per KPI id — equal to what the custom functions give over a sheet.
 *
 * The query has three parts. `d` is the table with each deal's outcome (a refund is a won deal with a negative
 * amount; in a sales log every row with an amount is a sale). `slices` has one row per group with the window its
 * tallies read ([lo, hi)) and the windows a change compares it with (the previous one [plo, phi), the baseline
 * [blo, bhi); NULL for none), computed here for a
 * bounded period (so clipped edge buckets and the baseline's matching buckets are exactly the engine's) and by SQL
 * over the table's dates for time groups of the whole table; quarters and years are those of the request's fiscal year
 * (dialect.ts's withFiscalYear). Each tally, median and snapshot is one aggregate per slice; a KPI is an expression
 * over them.
 */
import { DEAL_SETS, type Definition, type Tally } from '../definition';
import { formatDay } from '../days';
import { HEADER_SYNONYMS, describeMissingColumn, type Field } from '../fields';
import { definitionOf, type KpiDef } from '../kpi';
import { findKpi } from '../catalog';
import { missingColumns, needsOf } from '../needs';
import {
  bucketOf, bucketsBetween, isFiscalYearStart, isGranularity, previousPeriod, type Bounded, type FiscalYearStart, type Granularity, type Period,
} from '../period';
import { BLANK_GROUP, type GroupBy } from '../slicing';
import type { CanonicalName } from '../canonical';
import { CANONICAL_COLUMNS } from '../canonical';
import { withFiscalYear, type Dialect } from './dialect';

/** What to compile: the KPIs, the call's period, group and options, and the columns the table has. */
export interface SqlRequest {
  readonly dialect: Dialect;
  /** The table to read (default `deals`). */
  readonly table?: string;
  readonly kpis: readonly KpiDef[];
  readonly period: Period;
  readonly groupBy: GroupBy;
  readonly stat?: 'mean' | 'median';
  readonly weighted?: boolean;
  readonly baseline?: Period;
  /**
   * The month (1..12) the fiscal year starts with: the quarters and years of a time group_by are fiscal (FY2025-Q1,
   * FY2025), as the engine's makeSlicing makes them. Default: a fiscal period's own (FY2025), else 1 (the calendar's).
   */
  readonly fiscalYearStart?: FiscalYearStart;
  /** The canonical columns the table has (from its schema.json); every column when not given. */
  readonly columns?: ReadonlySet<CanonicalName>;
}

/** A KPI the request cannot be compiled for, and why: the command prints it and exits with code 2. */
export class SqlRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlRefusal';
  }
}

/** Why a KPI's definition cannot be written in SQL at all (undefined when it can). */
export function inexpressible(def: KpiDef): string | undefined {
  const d = definitionOf(def);
  if (!d) return `${def.name} is computed by hand (${'handWritten' in def ? def.handWritten : 'customer history'}), not from a definition SQL is compiled from`;
  return whyNot(d, def.name, new Set());
}

/** The first node of a definition SQL cannot express. */
function whyNot(d: Definition, name: string, seen: Set<string>): string | undefined {
  if ('sum' in d || 'typical' in d) {
    const t = 'sum' in d ? d.sum : d.typical;
    if (t.known?.includes('type')) {
      return `${name} leaves out deals whose type could not be read but keeps those with a blank type, and the canonical ` +
        'table writes NULL for both, so SQL cannot tell them apart';
    }
    return undefined;
  }
  if ('ratio' in d) return whyNot(d.ratio[0], name, seen) ?? whyNot(d.ratio[1], name, seen);
  if ('change' in d) return whyNot(d.change, name, seen);
  if ('product' in d) {
    for (const p of d.product) {
      const w = whyNot(p, name, seen);
      if (w) return w;
    }
    return undefined;
  }
  if ('kpi' in d) {
    const other = findKpi(d.kpi);
    if (!other) return `${name} refers to ${d.kpi}, which is not in the catalog`;
    if (seen.has(other.name)) return undefined;
    seen.add(other.name);
    const od = definitionOf(other);
    return od ? whyNot(od, name, seen) : `${name} uses ${other.name}, which is computed by hand`;
  }
  if ('target' in d) return `${name} needs a plan table, which is not in the deal table`;
  return undefined;
}

/** The canonical table's columns as the engine's column map, to ask `missingColumns` what a KPI lacks. */
function asTableColumns(columns: ReadonlySet<CanonicalName>): { isSalesLog: boolean; columns: Partial<Record<Field, unknown>> } {
  const cols: Partial<Record<Field, unknown>> = {};
  for (const c of columns) if ((HEADER_SYNONYMS as Record<string, unknown>)[c]) cols[c as Field] = true;
  return { isSalesLog: !columns.has('status'), columns: cols };
}

const ALL_COLUMNS: ReadonlySet<CanonicalName> = new Set(CANONICAL_COLUMNS.map((c) => c.name));
const FAR_PAST = "DATE '0001-01-01'";
const FAR_FUTURE = "DATE '9999-12-31'";

/** A date literal. */
const day = (n: number): string => `DATE '${formatDay(n)}'`;
/** A string literal. */
const text = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Which window of a slice a tally reads: its own, or the one a change compares it with. */
type Window = 'now' | 'previous' | 'baseline';

/** The slice columns of each window: its bucket start (time groups), first day and end. */
const WINDOW_COLUMNS: Readonly<Record<Window, readonly [string, string, string]>> = {
  now: ['s.b', 's.lo', 's.hi'], previous: ['s.pb', 's.plo', 's.phi'], baseline: ['s.bb', 's.blo', 's.bhi'],
};

/** The tallies that share one join (their date field and window): one pass over the deals sums them all. */
interface TallyPass {
  readonly name: string;
  readonly date: 'closed' | 'created';
  readonly window: Window;
  readonly tallies: Tally[];
  readonly index: Map<string, number>;
}

/** Builds one query: the aggregates it needs, each once, and the expressions over them. */
class Query {
  private readonly ctes: string[] = [];
  private readonly names = new Map<string, string>();
  private readonly passes = new Map<string, TallyPass>();
  private readonly columns: ReadonlySet<CanonicalName>;
  readonly salesLog: boolean;

  constructor(private readonly req: SqlRequest) {
    this.columns = req.columns ?? ALL_COLUMNS;
    this.salesLog = !this.columns.has('status');
  }

  /** True when the table has the column. */
  has(c: CanonicalName): boolean {
    return this.columns.has(c);
  }

  private get g(): GroupBy {
    return this.req.groupBy;
  }

  /** The aggregate CTE for `key`, made by `body` the first time; returns its name. */
  private cte(key: string, body: () => string): string {
    const hit = this.names.get(key);
    if (hit) return hit;
    const name = `a${this.names.size}`;
    this.names.set(key, name);
    this.ctes.push(`${name} AS (${body()})`);
    return name;
  }

  /** The join of deals to their slice by a date field, in one window. */
  private join(date: 'closed' | 'created', w: Window): string {
    const [bucket, lo, hi] = WINDOW_COLUMNS[w];
    const on = [`d.${date} >= ${lo}`, `d.${date} < ${hi}`];
    const g = this.g;
    if (g !== '' && isGranularity(g)) on.unshift(`${this.req.dialect.bucketStart(g, `d.${date}`)} = ${bucket}`);
    else if (g !== '') on.unshift(`${groupKey(g)} = s.k`);
    return `FROM d JOIN slices s ON ${on.join(' AND ')}`;
  }

  /** The WHERE of a tally: its deals, readable values, known cells and narrower set. */
  private where(t: Tally): string {
    const rule = DEAL_SETS[t.deals];
    const outcomes = [...rule.outcomes, ...(this.salesLog && rule.salesLogUnknown ? ['unknown'] : [])];
    const conds = [`d.outcome IN (${outcomes.map(text).join(', ')})`];
    const need = new Set<string>(t.readable ?? []);
    if (t.value === 'amount') need.add('amount');
    if (t.value === 'profit') need.add('amount').add('cost');
    for (const f of need) conds.push(`d.${f} IS NOT NULL`);
    if (t.value === 'cycle_days') conds.push('d.created IS NOT NULL', 'd.closed >= d.created');
    if (t.known?.includes('qualified')) conds.push('d.is_qualified IS NOT NULL');
    if (t.where && 'type' in t.where) conds.push(`d.type = ${text(t.where.type)}`);
    else if (t.where) conds.push(this.req.dialect.isTrue('d.is_qualified'));
    return conds.join(' AND ');
  }

  /** What one deal of a tally adds. */
  private value(t: Tally): string {
    switch (t.value) {
      case 'count': return '1';
      case 'amount': return 'd.amount';
      case 'profit': return 'd.amount - d.cost';
      case 'cycle_days': return this.req.dialect.daysBetween('d.created', 'd.closed');
    }
  }

  /**
   * Σ value (`.v`) and the number of deals (`.n`) of a tally per slice, as columns of the pass over its date and
   * window: every tally of a query that reads the close dates of the slices' own periods is summed in one scan.
   */
  tally(t: Tally, w: Window): { v: string; n: string } {
    const passKey = `${t.date}|${w}`;
    let pass = this.passes.get(passKey);
    if (!pass) {
      pass = { name: `a${this.names.size}`, date: t.date, window: w, tallies: [], index: new Map() };
      this.names.set(`pass|${passKey}`, pass.name);
      this.passes.set(passKey, pass);
    }
    const key = JSON.stringify(t);
    let i = pass.index.get(key);
    if (i === undefined) {
      i = pass.tallies.length;
      pass.index.set(key, i);
      pass.tallies.push(t);
    }
    return { v: `${pass.name}.v${i}`, n: `${pass.name}.n${i}` };
  }

  /** The aggregate of one pass: a conditional sum and count per tally. */
  private passSql(pass: TallyPass): string {
    const columns = pass.tallies.map((t, i) => {
      const when = this.where(t);
      return `SUM(CASE WHEN ${when} THEN ${this.value(t)} END) AS v${i}, COUNT(CASE WHEN ${when} THEN 1 END) AS n${i}`;
    });
    return `${pass.name} AS (SELECT s.ord, ${columns.join(', ')} ${this.join(pass.date, pass.window)} GROUP BY s.ord)`;
  }

  /** The median of a tally's values per slice (v). */
  median(t: Tally, w: Window): string {
    const key = `${JSON.stringify(t)}|${w}`;
    return this.cte(`median|${key}`, () => this.req.dialect.medianBy('x', `FROM (SELECT s.ord AS ord, ${this.value(t)} AS x ${this.join(t.date, w)} WHERE ${this.where(t)}) AS m`));
  }

  /** The deals open at each slice's end (n) and Σ of their amounts (v), weighted by probability when asked. */
  open(weighted: boolean): string {
    return this.cte(`open|${weighted}`, () => {
      const g = this.g;
      const category = g !== '' && !isGranularity(g);
      // Without a period or time groups the snapshot is taken now: the deals that are open (§6 Snapshots).
      const now = this.req.period.kind === 'all' && !isGranularity(g);
      const conds = now
        ? ["d.outcome = 'open'"]
        : ['d.created < s.hi', "(d.outcome = 'open' OR (d.outcome IN ('won', 'lost') AND d.closed >= s.hi))"];
      if (category) conds.unshift(`${groupKey(g)} = s.k`);
      const amount = !this.has('amount') ? `CAST(NULL AS ${this.req.dialect.types.FLOAT64})` : weighted ? 'd.amount * d.probability' : 'd.amount';
      return `SELECT s.ord, SUM(${amount}) AS v, COUNT(*) AS n FROM d JOIN slices s ON ${conds.join(' AND ')} GROUP BY s.ord`;
    });
  }

  /** The SQL value of a definition for each slice (an expression over the aggregates, `s` being the slice). */
  expr(d: Definition, w: Window, def: KpiDef): string {
    const dia = this.req.dialect;
    if ('sum' in d) return `COALESCE(${this.tally(d.sum, w).v}, 0)`;
    if ('ratio' in d) return dia.divide(this.expr(d.ratio[0], w, def), this.expr(d.ratio[1], w, def));
    if ('change' in d) {
      const v = this.expr(d.change, w, def);
      const then: Window = d.against === 'previous' ? 'previous' : 'baseline';
      const p = this.expr(d.change, then, def);
      const delta = d.as === 'difference' ? `(${v}) - (${p})` : dia.divide(`(${v}) - (${p})`, `ABS(${p})`);
      return `CASE WHEN ${WINDOW_COLUMNS[then][1]} IS NULL THEN NULL ELSE ${delta} END`;
    }
    if ('open' in d) {
      const weighted = d.open === 'amount' && this.req.weighted === true;
      return d.open === 'count' ? `COALESCE(${this.open(false)}.n, 0)` : `COALESCE(${this.open(weighted)}.v, 0)`;
    }
    if ('typical' in d) {
      if ((this.req.stat ?? 'mean') === 'median') return `${this.median(d.typical, w)}.v`;
      const a = this.tally(d.typical, w);
      return dia.divide(a.v, a.n);
    }
    if ('product' in d) return d.product.map((p) => `(${this.expr(p, w, def)})`).join(' * ');
    if ('kpi' in d) {
      const other = findKpi(d.kpi);
      const od = other && definitionOf(other);
      if (!other || !od) throw new SqlRefusal(inexpressible(def) ?? `${def.name}: ${d.kpi} cannot be compiled`);
      return this.expr(od, w, other);
    }
    throw new SqlRefusal(`${def.name} needs a plan table, which is not in the deal table`);
  }

  /** The WITH part: the deals with their outcome, the slices, and every aggregate asked for so far. */
  withClause(slices: string): string {
    const outcome = this.salesLog
      ? (this.has('amount') ? "CASE WHEN amount IS NULL THEN 'unknown' WHEN amount < 0 THEN 'refund' ELSE 'won' END" : "'unknown'")
      : (this.has('amount') ? "CASE WHEN status = 'won' AND amount < 0 THEN 'refund' ELSE status END" : 'status');
    const d = `d AS (SELECT *, ${outcome} AS outcome FROM ${this.req.dialect.table(this.req.table ?? 'deals')})`;
    return `WITH ${[d, `slices AS (${slices})`, ...[...this.passes.values()].map((p) => this.passSql(p)), ...this.ctes].join(',\n')}`;
  }

  /** Every aggregate's name, to join them to the slices. */
  aggregates(): string[] {
    return [...this.names.values()];
  }
}

/** The deal's group key for a category group_by: its label, blank as the engine's "(blank)". */
function groupKey(g: GroupBy): string {
  return `COALESCE(d.${g}, ${text(BLANK_GROUP)})`;
}

/** A window of a slice: its bucket start (time groups only) and its days [lo, hi). */
interface Span {
  readonly b?: number;
  readonly lo: number;
  readonly hi: number;
}

/** One slice as a row of literals (UNION ALL of them is portable between the dialects); a missing window is NULL. */
function sliceRow(dia: Dialect, ord: number, label: string | null, now: Partial<Span>, previous: Span | null, baseline: Span | null): string {
  const nullDate = 'CAST(NULL AS DATE)';
  const date = (v: number | undefined, fallback = nullDate): string => (v === undefined ? fallback : day(v));
  const win = (w: Span | null): string[] => (w ? [date(w.b), day(w.lo), day(w.hi)] : [nullDate, nullDate, nullDate]);
  const nullText = `CAST(NULL AS ${dia.types.STRING})`;
  const [pb, plo, phi] = win(previous);
  const [bb, blo, bhi] = win(baseline);
  return `SELECT ${ord} AS ord, ${label === null ? nullText : text(label)} AS group_label, ${nullText} AS k, ` +
    `${date(now.b)} AS b, ${date(now.lo, FAR_PAST)} AS lo, ${date(now.hi, FAR_FUTURE)} AS hi, ` +
    `${pb} AS pb, ${plo} AS plo, ${phi} AS phi, ${bb} AS bb, ${blo} AS blo, ${bhi} AS bhi`;
}

/** A period as a window, or null. */
const spanOf = (p: Period | null | undefined): Span | null => (p && p.kind !== 'all' ? { lo: p.start, hi: p.end } : null);

/**
 * The windows a whole or category call compares with: the previous period, and the baseline (the explicit one, else
 * the previous period); none over the whole table, where there is no previous period and a baseline has no partner.
 */
function comparisonsOf(period: Period, baseline: Period | undefined): [Span | null, Span | null] {
  if (period.kind === 'all') return [null, null];
  const previous = spanOf(previousPeriod(period));
  return [previous, baseline && baseline.kind !== 'all' ? spanOf(baseline) : previous];
}

/**
 * The slices of a time group_by over a bounded period: each bucket (fiscal quarters and years when the fiscal year
 * starts with month `fiscal`), clipped, with its comparands (evaluate.ts's rules).
 */
function timeSlices(dia: Dialect, g: Granularity, p: Bounded, baseline: Period | undefined, fiscal: FiscalYearStart): string {
  const buckets = bucketsBetween(g, p.start, p.end, fiscal);
  const base = baseline && baseline.kind !== 'all' ? bucketsBetween(g, baseline.start, baseline.end, fiscal) : null;
  const inBucket = (c: Bounded | null | undefined): Span | null => (c ? { b: bucketOf(g, c.start, fiscal).start, lo: c.start, hi: c.end } : null);
  const rows = buckets.map((b, k) => {
    const previous = inBucket(previousPeriod(b));
    // A baseline of one bucket is every bucket's; else the k-th bucket of the baseline is the k-th bucket's.
    const matched = base ? inBucket(base.length === 1 ? base[0] : base[k]) : previous;
    return sliceRow(dia, k, b.label, { b: bucketOf(g, b.start, fiscal).start, lo: b.start, hi: b.end }, previous, matched);
  });
  return rows.join('\nUNION ALL\n');
}

/** The slices of a time group_by over the whole table: every bucket from the earliest date to the latest, in SQL. */
function tableTimeSlices(q: Query, dia: Dialect, g: Granularity, baseline: Period | undefined): string {
  const dates = (['created', 'qualified', 'closed'] as const).filter((c) => q.has(c));
  const all = dates.length ? dates.map((c) => `SELECT ${c} AS x FROM d`).join(' UNION ALL ') : 'SELECT CAST(NULL AS DATE) AS x';
  const span = `(SELECT MIN(x) AS lo, MAX(x) AS hi FROM (${all}) AS dates)`;
  const series = dia.bucketSeries(g, `(SELECT ${dia.bucketStart(g, 'lo')} FROM ${span} AS span)`, `(SELECT ${dia.bucketStart(g, 'hi')} FROM ${span} AS span)`);
  const before = dia.addBuckets(g, 'b', -1);
  // An explicit baseline needs a period to be matched with (evaluate.ts): over the whole table it has none.
  const base = baseline && baseline.kind !== 'all' ? 'CAST(NULL AS DATE) AS bb, CAST(NULL AS DATE) AS blo, CAST(NULL AS DATE) AS bhi' : `${before} AS bb, ${before} AS blo, b AS bhi`;
  return `SELECT CAST(ROW_NUMBER() OVER (ORDER BY b) - 1 AS ${dia.types.INT64}) AS ord, ${dia.bucketLabel(g, 'b')} AS group_label, CAST(NULL AS ${dia.types.STRING}) AS k, ` +
    `b, b AS lo, ${dia.addBuckets(g, 'b', 1)} AS hi, ${before} AS pb, ${before} AS plo, b AS phi, ${base} FROM ${series}`;
}

/** The slices of a category group_by: every label the table has (blank as "(blank)"), in label order, blank last. */
function categorySlices(dia: Dialect, g: GroupBy, period: Period, baseline: Period | undefined): string {
  const lo = period.kind === 'all' ? FAR_PAST : day(period.start);
  const hi = period.kind === 'all' ? FAR_FUTURE : day(period.end);
  const pair = (w: Span | null, lo: string, hi: string): string =>
    (w ? `${day(w.lo)} AS ${lo}, ${day(w.hi)} AS ${hi}` : `CAST(NULL AS DATE) AS ${lo}, CAST(NULL AS DATE) AS ${hi}`);
  const [previous, base] = comparisonsOf(period, baseline);
  return `SELECT CAST(ROW_NUMBER() OVER (ORDER BY k = ${text(BLANK_GROUP)}, LOWER(k), k) - 1 AS ${dia.types.INT64}) AS ord, k AS group_label, k, ` +
    `CAST(NULL AS DATE) AS b, ${lo} AS lo, ${hi} AS hi, CAST(NULL AS DATE) AS pb, ${pair(previous, 'plo', 'phi')}, ` +
    `CAST(NULL AS DATE) AS bb, ${pair(base, 'blo', 'bhi')} ` +
    `FROM (SELECT DISTINCT ${groupKey(g)} AS k FROM d) AS groups`;
}

/** The KPIs' needs against the table's columns, as the functions would refuse them. */
function checkColumns(req: SqlRequest): void {
  if (!req.columns) return;
  const table = asTableColumns(req.columns);
  const overTime = req.period.kind !== 'all' || (req.groupBy !== '' && isGranularity(req.groupBy));
  for (const def of req.kpis) {
    const missing = missingColumns(needsOf(def, overTime), table as Parameters<typeof missingColumns>[1]);
    if (missing) throw new SqlRefusal(`${def.name}: ${missing}`);
  }
  const g = req.groupBy;
  if (g !== '' && !isGranularity(g) && !req.columns.has(g)) throw new SqlRefusal(describeMissingColumn(g, 'to group by'));
  if (req.weighted && !req.columns.has('probability') && req.kpis.some((k) => k.option?.name === 'weighted')) {
    throw new SqlRefusal(`weighted TRUE needs win probabilities, but ${describeMissingColumn('probability')}`);
  }
}

/**
 * One query returning a row per group: `group_label` (NULL without a group_by), then one column per KPI id in the
 * order asked, NULL where there is no value. Throws SqlRefusal for a KPI SQL cannot express or the table cannot give.
 */
export function compileSql(request: SqlRequest): string {
  if (request.kpis.length === 0) throw new SqlRefusal('no KPIs to compile');
  for (const def of request.kpis) {
    const why = inexpressible(def);
    if (why) throw new SqlRefusal(why);
  }
  checkColumns(request);
  const fiscal = request.fiscalYearStart ?? (request.period.kind === 'all' ? undefined : request.period.fiscal) ?? 1;
  if (!isFiscalYearStart(fiscal)) throw new SqlRefusal(`the fiscal year's first month must be a month number 1 to 12, got ${String(fiscal)}`);
  // Every bucket start and label the SQL writes (the joins, the whole table's series) is then the fiscal one.
  const req: SqlRequest = { ...request, dialect: withFiscalYear(request.dialect, fiscal) };
  const q = new Query(req);
  const dia = req.dialect;
  const g = req.groupBy;
  let slices: string;
  if (g === '') {
    const p = req.period;
    const [previous, base] = comparisonsOf(p, req.baseline);
    slices = sliceRow(dia, 0, null, p.kind === 'all' ? {} : { lo: p.start, hi: p.end }, previous, base);
  } else if (isGranularity(g)) {
    slices = req.period.kind === 'all' ? tableTimeSlices(q, dia, g, req.baseline) : timeSlices(dia, g, req.period, req.baseline, fiscal);
  } else {
    slices = categorySlices(dia, g, req.period, req.baseline);
  }
  const columns = req.kpis.map((def) => `${q.expr(definitionOf(def) as Definition, 'now', def)} AS ${def.id}`);
  const joins = q.aggregates().map((a) => `LEFT JOIN ${a} ON ${a}.ord = s.ord`).join('\n');
  return `${q.withClause(slices)}\nSELECT s.group_label, ${columns.join(', ')}\nFROM slices s\n${joins}\nORDER BY s.ord`;
}
