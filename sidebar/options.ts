/** The sidebar's choices as plain data: what the pickers offer, what they start with, and the build's options. */
import type { BuildOptions, ColumnMapping, Granularity, Locale, SidebarState, TableRef } from '../src/addon/api';

/** Every field a column can map to, in the engine's order (a test keeps it equal to src/engine/fields.ts). */
export const FIELDS = [
  'id', 'created', 'qualified', 'closed', 'amount', 'cost', 'status',
  'stage', 'probability', 'rep', 'customer', 'source', 'type',
] as const;
/** A deal table field. */
export type Field = (typeof FIELDS)[number];

/** The granularities of the by-period block; month is the default. */
export const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month', 'quarter', 'year'];
export const DEFAULT_GRANULARITY: Granularity = 'month';

/** A table as a picker's option value: "Sheet!A1:M100", or the sheet's name alone. */
export function tableKey(ref: TableRef): string {
  return ref.range ? `${ref.sheet}!${ref.range}` : ref.sheet;
}

/** A range's top-left cell ("A1" when absent), upper-case and without `$`. */
function topLeft(range: string | undefined): string {
  if (!range) return 'A1';
  const first = range.replace(/\$/g, '').split(':')[0].toUpperCase();
  return /^[A-Z]+$/.test(first) ? `${first}1` : first;
}

/**
 * True when two references name the same table: the same sheet and the same header corner. A table that grew
 * since it was saved ("A1:M1200" then "A1:M1300") is still the same table.
 */
export function sameTable(a: TableRef | null | undefined, b: TableRef | null | undefined): boolean {
  return !!a && !!b && a.sheet === b.sheet && topLeft(a.range) === topLeft(b.range);
}

/** An entry of the table picker. */
export interface TableChoice {
  key: string;
  ref: TableRef;
  kind: 'table' | 'selection' | 'saved';
  /** Data rows, for detected tables. */
  rows?: number;
}

/** The selection as a choice, unless it is one of the detected tables. */
export function selectionChoice(state: Pick<SidebarState, 'tables' | 'selection'>): TableChoice | null {
  const sel = state.selection;
  if (!sel) return null;
  const ref = { sheet: sel.sheet, range: sel.range };
  if (state.tables.some((t) => tableKey(t) === tableKey(ref))) return null;
  return { key: tableKey(ref), ref, kind: 'selection' };
}

/** The table picker's entries: the detected tables, then the selection, then the last build's table if neither. */
export function tableChoices(state: SidebarState): TableChoice[] {
  const out: TableChoice[] = state.tables.map((t) => ({
    key: tableKey(t), ref: { sheet: t.sheet, range: t.range }, kind: 'table', rows: t.rows,
  }));
  const sel = selectionChoice(state);
  if (sel) out.push(sel);
  const saved = state.saved?.table;
  if (saved && !out.some((c) => sameTable(c.ref, saved)) && !out.some((c) => c.key === tableKey(saved))) {
    out.push({ key: tableKey(saved), ref: { ...saved }, kind: 'saved' });
  }
  return out;
}

/** An entry of the plan or spend picker (the empty key is "none"). */
export interface SideChoice {
  key: string;
  ref: TableRef;
}

/** The plan or spend picker's tables: the side tables of that kind, and the last build's if it is not among them. */
export function sideChoices(state: SidebarState, kind: 'plan' | 'spend'): SideChoice[] {
  const out: SideChoice[] = state.sideTables
    .filter((s) => s.kind === kind)
    .map((s) => ({ key: tableKey(s), ref: { sheet: s.sheet, range: s.range } }));
  const saved = state.saved?.[kind];
  if (saved && !out.some((c) => sameTable(c.ref, saved))) out.push({ key: tableKey(saved), ref: { ...saved } });
  return out;
}

/** What the sidebar opens with. */
export interface Choices {
  /** The picked table's key, or null when there is none to pick. */
  table: string | null;
  /** The mapping to inspect the picked table with first (the saved one), or undefined: detect. */
  mapping?: ColumnMapping;
  period: string;
  granularity: Granularity;
  /** KPI ids the user left out; every other KPI the columns allow is included. */
  excluded: string[];
  /** The plan and spend tables' keys; "" is none. */
  plan: string;
  spend: string;
  live: boolean;
  /** Append the overview's values to the KPI history sheet. */
  history: boolean;
  locale: Locale;
}

/** The choices restored from the last build (`state.saved`), defaults where it says nothing. */
export function initialChoices(
  state: SidebarState,
  tables: readonly TableChoice[] = tableChoices(state),
  plans: readonly SideChoice[] = sideChoices(state, 'plan'),
  spends: readonly SideChoice[] = sideChoices(state, 'spend'),
): Choices {
  const saved = state.saved;
  const savedTable = saved?.table ? tables.find((c) => sameTable(c.ref, saved.table)) : undefined;
  const table = savedTable ?? tables.find((c) => c.kind === 'table') ?? tables[0];
  const side = (list: readonly SideChoice[], ref: TableRef | undefined): string =>
    (ref && list.find((c) => sameTable(c.ref, ref))?.key) || '';
  const kpis = saved?.kpis;
  return {
    table: table ? table.key : null,
    mapping: savedTable && saved?.mapping ? { ...saved.mapping } : undefined,
    period: saved?.period ?? '',
    granularity: saved?.granularity && GRANULARITIES.includes(saved.granularity) ? saved.granularity : DEFAULT_GRANULARITY,
    excluded: Array.isArray(kpis) ? state.kpis.map((k) => k.id).filter((id) => !kpis.includes(id)) : [],
    plan: side(plans, saved?.plan),
    spend: side(spends, saved?.spend),
    live: saved?.live === true,
    history: saved?.history === true,
    locale: saved?.locale === 'en' || saved?.locale === 'ru' ? saved.locale : state.locale,
  };
}

/** The KPIs to build, in the catalog's order: those the columns allow that the user did not leave out. */
export function checkedKpis(all: readonly string[], allowed: readonly string[], excluded: Iterable<string>): string[] {
  const out = new Set(excluded);
  return all.filter((id) => allowed.includes(id) && !out.has(id));
}

/** What the form holds when Build is pressed. */
export interface FormValues {
  table: TableRef;
  mapping: ColumnMapping;
  period: string;
  granularity: Granularity;
  /** The checked KPIs and those the columns allow. */
  kpis: readonly string[];
  allowed: readonly string[];
  plan?: TableRef | null;
  spend?: TableRef | null;
  live: boolean;
  /** Keep history: sent as `history: true`, left out otherwise. */
  history?: boolean;
  locale: Locale;
}

/**
 * The build's options. `kpis` is left out when every allowed KPI is checked ("all that the columns allow"),
 * so that a saved build keeps taking every KPI after a column is added.
 */
export function toBuildOptions(form: FormValues): BuildOptions {
  const options: BuildOptions = {
    table: { ...form.table },
    mapping: { ...form.mapping },
    period: form.period.trim(),
    granularity: form.granularity,
  };
  const all = form.allowed.every((id) => form.kpis.includes(id));
  if (!all) options.kpis = [...form.kpis];
  if (form.plan) options.plan = { ...form.plan };
  if (form.spend) options.spend = { ...form.spend };
  options.live = form.live;
  if (form.history) options.history = true;
  options.locale = form.locale;
  return options;
}

/** The mapping with one field set to a picker's value ("" is not mapped). */
export function withField(mapping: ColumnMapping, field: string, value: string): ColumnMapping {
  const out: ColumnMapping = { ...mapping };
  out[field] = value === '' ? null : Number(value);
  return out;
}

/** The fields among `needs` that the mapping leaves unmapped. */
export function missingFields(needs: readonly string[], mapping: ColumnMapping | undefined): string[] {
  return needs.filter((f) => !mapping || mapping[f] === null || mapping[f] === undefined);
}
