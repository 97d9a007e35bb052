/** A KPI call as Sheets makes it: raw arguments in, a number or a spilled 2-D array out, errors in the user's terms. */
import { findKpi, CATALOG } from './catalog';
import { isBlank } from './coerce';
import { KpiError } from './errors';
import { missingColumns, needsOf } from './needs';
import type { KpiArgs, KpiDef, KpiValue } from './kpi';
import { ALL_TIME, isGranularity, parsePeriod, type Granularity } from './period';
import { asGrid } from './read';
import { readPlan, readSpend } from './sideTables';
import { makeSlicing, parseGroupBy, type GroupBy } from './slicing';
import type { DealTable } from './table';
import { named, tableFor, type CallEnv, type SheetResult, type SheetValue } from './callEnv';

// The shared call pieces live in callEnv.ts (dealScore.ts builds on them too); re-exported for the faces and tests.
export { named, tableFor, type CallEnv, type SheetResult, type SheetValue } from './callEnv';

/** True when a first argument asks for the calculator form: a number rather than a multi-column range. */
function isCalculatorCall(first: unknown): boolean {
  if (typeof first === 'number') return true;
  if (Array.isArray(first) && first.length === 1 && Array.isArray(first[0]) && first[0].length === 1) {
    return typeof first[0][0] === 'number';
  }
  return false;
}

/** Reads a calculator argument: blank → undefined (its default), a number, else an error naming it. */
function calculatorArg(raw: unknown, name: string): number | undefined {
  const v = Array.isArray(raw) ? (raw as unknown[]).flat()[0] : raw;
  if (v === undefined || v === null || isBlank(v)) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new KpiError(`${name} must be a number, got "${String(v)}"`);
}

/** Reads a KPI's trailing option argument. */
function readOption(def: KpiDef, raw: unknown, table: DealTable): Partial<KpiArgs> {
  if (!def.option || raw === undefined || isBlank(raw)) return {};
  switch (def.option.name) {
    case 'stat': {
      const t = String(raw).trim().toLowerCase();
      if (t === 'mean' || t === 'average' || t === 'avg') return { stat: 'mean' };
      if (t === 'median') return { stat: 'median' };
      throw new KpiError(`stat "${String(raw)}" must be "mean" or "median"`);
    }
    case 'weighted': {
      if (typeof raw === 'boolean') return { weighted: raw };
      if (raw === 1 || raw === 0) return { weighted: raw === 1 };
      const word = String(raw).trim().toLowerCase();
      if (word === 'true' || word === 'false') return { weighted: word === 'true' };
      throw new KpiError(`weighted must be TRUE or FALSE, got "${String(raw)}"`);
    }
    case 'method': {
      const t = String(raw).trim().toLowerCase();
      if (t === 'simple' || t === 'bgnbd') return { method: t };
      throw new KpiError(`method "${String(raw)}" must be "simple" or "bgnbd"`);
    }
    case 'baseline_period': {
      const p = parsePeriod(raw, table.dayOf, table.fiscalYearStart);
      return p.kind === 'all' ? {} : { baseline: p };
    }
  }
}

/** One value as a cell: a number, or "" where it is undefined. */
function cell(v: KpiValue): SheetValue {
  return typeof v === 'number' && Number.isFinite(v) ? v : '';
}

/** Computes a KPI over a read table for a period argument and group_by; the core of every call. */
export function evaluate(def: KpiDef, table: DealTable, period: unknown, groupBy: unknown, args: KpiArgs): SheetResult {
  const p = parsePeriod(period, table.dayOf, table.fiscalYearStart);
  const g: GroupBy = parseGroupBy(groupBy);
  if (def.periodNeeds && (p.kind !== 'all' || isGranularity(g))) {
    const missing = missingColumns(def.periodNeeds, table);
    if (missing) throw new KpiError(`${missing}; it is needed to take the snapshot at a period's end (without a period it is taken now)`);
  }
  const slicing = makeSlicing(table, p, g);
  const vals = def.compute(table, slicing, args);
  if (slicing.by === 'whole') {
    const v = vals[0];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    throw new KpiError(typeof v === 'number' ? 'the result is not a finite number' : v.reason);
  }
  return [[g, def.title.en], ...slicing.labels.map((label, k): SheetValue[] => [label, cell(vals[k])])];
}

/**
 * A custom function call of `def`: `NAME(deals, [side], [period], [group_by], [option])`, or its
 * calculator form when the first argument is a number.
 */
export function callKpi(def: KpiDef, raw: readonly unknown[], env: CallEnv): SheetResult {
  return named(def.name, () => {
    // A calculator KPI given a single value first (a number, blank or text) means the calculator form,
    // so a typo such as WIN_RATE("8", 2) names the argument to fix rather than asking for a table.
    if (def.calculator && (isCalculatorCall(raw[0]) || !Array.isArray(raw[0]))) {
      const params = def.calculator.params;
      if (raw.length > params.length) throw new KpiError(`the calculator form takes ${params.length} arguments`);
      return def.calculator.compute(params.map((p, i) => calculatorArg(raw[i], p.name)));
    }
    const params = 3 + (def.side ? 1 : 0) + (def.option ? 1 : 0);
    if (raw.length > params) throw new KpiError(`takes at most ${params} arguments: ${signature(def)}`);
    const table = tableFor(def, raw[0], env);
    let i = 1;
    const args: { -readonly [K in keyof KpiArgs]: KpiArgs[K] } = {};
    if (def.side === 'plan') args.plan = readPlan(raw[i++], table.dayOf, table.fiscalYearStart);
    else if (def.side === 'spend') args.spend = readSpend(raw[i++], table.dayOf, table.fiscalYearStart);
    const period = raw[i++];
    const groupBy = raw[i++];
    Object.assign(args, readOption(def, raw[i], table));
    if (args.method === 'bgnbd') args.fitting = { deadline: env.fitDeadline, saved: env.savedFits };
    return evaluate(def, table, period, groupBy, args);
  });
}

/** The KPI named `name`, or an error that lists the names there are. */
function kpiNamed(name: unknown): KpiDef {
  const text = String(name ?? '').trim();
  const def = findKpi(text);
  if (!def) throw new KpiError(`unknown KPI "${text}"; one of: ${CATALOG.map((k) => k.id).join(', ')}`);
  return def;
}

/** How a KPI's deal-table form is written, for messages: SALES_CYCLE(deals, [period], [group_by], [stat]). */
function signature(def: KpiDef): string {
  const args = ['deals', ...(def.side ? [def.side] : []), '[period]', '[group_by]', ...(def.option ? [`[${def.option.name}]`] : [])];
  return `${def.name}(${args.join(', ')})`;
}

/** `KPI(name, deals, [period], [group_by])`: any KPI without a plan or spend argument, by name. */
export function callByName(raw: readonly unknown[], env: CallEnv): SheetResult {
  return named('KPI', () => {
    if (raw.length > 4) throw new KpiError('takes at most 4 arguments: KPI(name, deals, [period], [group_by])');
    const def = kpiNamed(raw[0]);
    if (def.side) {
      throw new KpiError(`${def.name} needs a ${def.side} table: call =${def.name}(deals, ${def.side}, …) instead`);
    }
    return named(def.name, () => evaluate(def, tableFor(def, raw[1], env), raw[2], raw[3], {}));
  });
}

/** The KPIs a table's columns allow, without side tables: KPI_TABLE's default columns. */
export function kpisAllowedBy(table: DealTable): KpiDef[] {
  return CATALOG.filter((k) => !k.side && !missingColumns(needsOf(k, true), table));
}

/** `KPI_TABLE(deals, [granularity], [kpis])`: one row per period of the table's span, one column per KPI. */
export function callKpiTable(raw: readonly unknown[], env: CallEnv): SheetResult {
  return named('KPI_TABLE', () => {
    if (raw.length > 3) throw new KpiError('takes at most 3 arguments: KPI_TABLE(deals, [granularity], [kpis])');
    const g = isBlank(raw[1]) || raw[1] === undefined ? 'month' : String(raw[1]).trim().toLowerCase();
    if (!isGranularity(g)) throw new KpiError(`granularity "${String(raw[1])}" must be day, week, month, quarter or year`);
    const table = tableFor({ needs: [] }, raw[0], env);
    let defs: KpiDef[];
    if (raw[2] === undefined || isBlank(raw[2])) {
      defs = kpisAllowedBy(table);
    } else {
      const names = asGrid(raw[2]).flat().flatMap((c) => String(c).split(',')).map((s) => s.trim()).filter(Boolean);
      defs = names.map((n) => {
        const d = kpiNamed(n);
        if (d.side) throw new KpiError(`${d.name} needs a ${d.side} table and cannot be a KPI_TABLE column`);
        const missing = missingColumns(needsOf(d, true), table);
        if (missing) throw new KpiError(`${d.name}: ${missing}`);
        return d;
      });
    }
    return kpiTable(table, g, defs);
  });
}

/** The KPI_TABLE array: header, then a row per bucket of the table's date span. */
export function kpiTable(table: DealTable, g: Granularity, defs: readonly KpiDef[]): SheetValue[][] {
  const slicing = makeSlicing(table, ALL_TIME, g);
  const columns = defs.map((d) => d.compute(table, slicing, {}));
  return [
    [g, ...defs.map((d) => d.title.en)],
    ...slicing.labels.map((label, k): SheetValue[] => [label, ...columns.map((c) => cell(c[k]))]),
  ];
}
