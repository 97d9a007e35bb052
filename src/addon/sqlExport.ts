/**
 * The sidebar's "Copy as BigQuery SQL" (issue 11, point 2): the sidebar's current choices as ONE GoogleSQL query over
 * the canonical deal table (DESIGN.md, "Past a sheet's size: SQL for BigQuery"). The deal table is read as the summary
 * reads it (the document's mapping and words), the period resolved as the summary resolves it (absent or "": the last
 * whole month with data), and the query groups it by the chosen granularity (quarters and years of the document's
 * fiscal year): the summary's "By period" view of the chosen KPIs, as SQL. KPIs SQL cannot express (customer history,
 * a plan) or the table's columns cannot give are left out and listed with the reason.
 */
import { CATALOG, findKpi } from '../engine/catalog';
import { canonicalColumns, type CanonicalName } from '../engine/canonical';
import type { KpiDef } from '../engine/kpi';
import { KpiError } from '../engine/errors';
import { GRANULARITIES, isGranularity, parsePeriodText, type Granularity, type Period } from '../engine/period';
import { readDeals } from '../engine/read';
import { compileSql, inexpressible, SqlRefusal, type SqlRequest } from '../engine/sql/compile';
import { BIGQUERY, type Dialect } from '../engine/sql/dialect';
import { chosenPeriod } from '../engine/summary';
import type { DealTable } from '../engine/table';
import type { BigQuerySqlOptions, BigQuerySqlResult } from './api';
import { engineMapping, named } from './server';
import { savedReading } from './settingsApi';
import { checkTableChosen, readGrid, TableError } from './sheetTables';

/** The BigQuery table the query reads unless the sidebar names another. */
export const DEFAULT_BIGQUERY_TABLE = 'deals';

/** What a request for the sidebar's choices is made of: the compiler's request, and what it left out and resolved. */
export interface SidebarSqlRequest {
  /** The compiler's input: the KPIs that compile, over the resolved period, grouped by the granularity. */
  readonly request: SqlRequest;
  /** The deal table as read (its canonical form is what the query reads). */
  readonly table: DealTable;
  readonly skipped: { kpi: string; reason: string }[];
  /** The resolved period's label ("" for a table without dates: the whole table). */
  readonly period: string;
  readonly granularity: Granularity;
}

/** The chosen KPI ids as catalog entries (every KPI when none is chosen); an unknown id is skipped. */
function chosenKpis(ids: readonly string[] | undefined, skipped: { kpi: string; reason: string }[]): KpiDef[] {
  if (!ids || ids.length === 0) return [...CATALOG];
  const defs: KpiDef[] = [];
  for (const id of ids) {
    const def = typeof id === 'string' ? findKpi(id) : undefined;
    if (!def) skipped.push({ kpi: String(id), reason: `"${String(id)}" is not a KPI of the catalog` });
    else if (!defs.includes(def)) defs.push(def);
  }
  return defs;
}

/**
 * The compiler's request for the sidebar's choices in a dialect (BigQuery for the sidebar; the tests ask for DuckDB's to
 * run the same request): reads the table with the document's settings, resolves the period and granularity, and keeps
 * the KPIs that compile alone over the table's canonical columns, in the order chosen. Must run with the spreadsheet
 * service (SpreadsheetApp) at hand.
 */
export function sidebarSqlRequest(options: BigQuerySqlOptions, dialect: Dialect = BIGQUERY): SidebarSqlRequest {
  checkTableChosen(options);
  const granularity = options.granularity ?? 'month';
  if (!isGranularity(granularity)) throw new TableError(`granularity "${String(granularity)}" must be one of ${GRANULARITIES.join(', ')}`);
  const name = options.bigQueryTable === undefined ? '' : String(options.bigQueryTable).trim();
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const grid = readGrid(ss, options.table);
  const table = named(grid, () => readDeals(grid.values, {
    timeZone: ss.getSpreadsheetTimeZone(), now: Date.now(), headerRow: grid.headerRow,
    ...savedReading(ss, options.table.sheet, options.mapping, (m) => engineMapping(m, grid.offset)),
  }));
  let asked: Period;
  try {
    asked = parsePeriodText(options.period ?? '', table.fiscalYearStart);
  } catch (error) {
    if (error instanceof KpiError) throw new TableError(error.message);
    throw error;
  }
  const { period } = chosenPeriod(table, asked);
  const columns = new Set<CanonicalName>(canonicalColumns(table).map((c) => c.name));
  // The document's fiscal year, as the summary's by-period block has it: the query's quarters and years are the summary's.
  const base = { dialect, table: name || DEFAULT_BIGQUERY_TABLE, period, groupBy: granularity, columns, fiscalYearStart: table.fiscalYearStart };
  const skipped: { kpi: string; reason: string }[] = [];
  const kpis = chosenKpis(options.kpis, skipped).filter((def) => {
    const why = inexpressible(def);
    if (why) {
      skipped.push({ kpi: def.id, reason: why });
      return false;
    }
    try {
      compileSql({ ...base, kpis: [def] });
      return true;
    } catch (error) {
      if (!(error instanceof SqlRefusal)) throw error;
      skipped.push({ kpi: def.id, reason: error.message });
      return false;
    }
  });
  return { request: { ...base, kpis }, table, skipped, period: period.label, granularity };
}

/**
 * Beyond DESIGN.md's shape (issue 11): the sidebar's current choices as one BigQuery query over the canonical deal
 * table (`sales-kpi canonical`, then `bq load`), with the KPIs left out and why. Throws an Error with a message for the
 * user when no chosen KPI can be compiled.
 */
export function bigQuerySql(options: BigQuerySqlOptions): BigQuerySqlResult {
  const r = sidebarSqlRequest(options, BIGQUERY);
  if (r.request.kpis.length === 0) {
    const more = r.skipped.length > 3 ? ` … and ${r.skipped.length - 3} more` : '';
    throw new TableError(`None of the chosen KPIs can be written in SQL over this table: ${r.skipped.slice(0, 3).map((s) => s.reason).join('; ')}${more}`);
  }
  return {
    sql: compileSql(r.request), kpis: r.request.kpis.map((k) => k.id), skipped: r.skipped, period: r.period, granularity: r.granularity,
  };
}
