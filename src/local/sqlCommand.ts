/**
 * `sales-kpi sql`: prints the query that computes catalog KPIs over a canonical deal table in BigQuery or DuckDB
 * (src/engine/sql/). A KPI SQL cannot express, or one the table's schema cannot give, is refused with exit code 2.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CATALOG, findKpi } from '../engine/catalog';
import { CANONICAL_COLUMNS, type CanonicalName } from '../engine/canonical';
import type { KpiDef } from '../engine/kpi';
import { missingColumns, needsOf } from '../engine/needs';
import { ALL_TIME, isGranularity, parsePeriodText, type FiscalYearStart, type Period } from '../engine/period';
import { parseGroupBy, type GroupBy } from '../engine/slicing';
import { compileSql, inexpressible, SqlRefusal } from '../engine/sql/compile';
import { dialectNamed } from '../engine/sql/dialect';
import { fiscalYearStartOption } from './fiscalOption';

/** The help of `sales-kpi sql`. */
export const SQL_USAGE = `Usage: sales-kpi sql --dialect bigquery|duckdb [--table NAME] [--schema schema.json]
                     [--kpis id,…] [--period P] [--group-by G] [--stat median] [--weighted] [--baseline P]
                     [--fiscal-year-start M]

Prints one query over the canonical deal table (written by sales-kpi canonical) that returns one row
per group: group_label (the label the custom functions give the group; NULL without --group-by),
then one column per KPI id in the order asked, NULL where there is no value.

Options:
  --dialect <d>       bigquery (GoogleSQL) or duckdb
  --table <name>      the table to read (default: deals); in BigQuery project.dataset.table
  --schema <file>     the schema.json written beside the canonical CSV: a KPI whose columns the table
                      lacks is refused, as the custom function would be
  --kpis <ids>        KPI ids or function names, comma-separated (default: every KPI SQL can express
                      that the table's columns allow)
  --period <P>        2024, 2024-Q1, 2024-03, 2024-W05, 2024-03-15, 2024-03-01..2024-03-10, or the
                      fiscal FY2025 and FY2025-Q1 (default: the whole table)
  --group-by <G>      rep, source, customer, stage, type, day, week, month, quarter or year
  --stat <s>          SALES_CYCLE's statistic: mean (default) or median
  --weighted          PIPELINE_VALUE weighted by probability
  --baseline <P>      INCREMENTAL_SALES's baseline period (default: the previous period)
  --fiscal-year-start <M>
                      the month the fiscal year starts with, 1 to 12 (default 1: January). FY periods
                      are read with it (with 4, FY2025 is April 2024 to March 2025), and the quarters and
                      years of --group-by are fiscal (FY2025-Q1 … FY2025-Q4, FY2025)
  -h, --help          show this help

KPIs computed from customer history or a plan or spend table, and the type shares, are refused with
the reason (see the README, "When your deals outgrow a sheet").
`;

const OPTIONS = {
  dialect: { type: 'string' },
  table: { type: 'string' },
  schema: { type: 'string' },
  kpis: { type: 'string' },
  period: { type: 'string' },
  'group-by': { type: 'string' },
  stat: { type: 'string' },
  weighted: { type: 'boolean' },
  baseline: { type: 'string' },
  'fiscal-year-start': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A command line `sales-kpi sql` cannot run, or a KPI it refuses: printed on stderr, exit code 2. */
export class SqlCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlCommandError';
  }
}

/** The columns a `schema.json` names (bq's form: a list of { name, type, mode }). */
export function schemaColumns(text: string, file: string): Set<CanonicalName> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SqlCommandError(`${file} is not JSON`);
  }
  const fields = Array.isArray(parsed) ? parsed : (parsed as { fields?: unknown })?.fields;
  if (!Array.isArray(fields)) throw new SqlCommandError(`${file} is not a BigQuery schema: a list of { "name", "type" }`);
  const known = new Set<string>(CANONICAL_COLUMNS.map((c) => c.name));
  const out = new Set<CanonicalName>();
  for (const f of fields) {
    const name = (f as { name?: unknown })?.name;
    if (typeof name !== 'string') throw new SqlCommandError(`${file}: a field has no name`);
    if (!known.has(name)) throw new SqlCommandError(`${file}: "${name}" is not a column of the canonical deal table (${[...known].join(', ')})`);
    out.add(name as CanonicalName);
  }
  return out;
}

/** Reads `--fiscal-year-start` as the summary command does; its message as this command's refusal. */
function fiscalOption(text: string | undefined): FiscalYearStart {
  try {
    return fiscalYearStartOption(text);
  } catch (e) {
    throw new SqlCommandError((e as Error).message);
  }
}

/** Reads a period option, FY text of a fiscal year starting with month `fiscal`; a message naming the option when it is not one. */
function periodOption(text: string | undefined, option: string, fiscal: FiscalYearStart): Period {
  if (text === undefined || text.trim() === '') return ALL_TIME;
  try {
    return parsePeriodText(text, fiscal);
  } catch (e) {
    throw new SqlCommandError(`--${option}: ${(e as Error).message}`);
  }
}

/** The KPIs to compile: those asked (each one checked), or every one SQL can express that the columns allow. */
function kpisOf(list: string | undefined, columns: Set<CanonicalName> | undefined, overTime: boolean): KpiDef[] {
  if (list === undefined || list.trim() === '') {
    const table = columns && { isSalesLog: !columns.has('status'), columns: Object.fromEntries([...columns].map((c) => [c, true])) };
    return CATALOG.filter((k) => !inexpressible(k) && (!table || !missingColumns(needsOf(k, overTime), table as never)));
  }
  return list.split(',').map((s) => s.trim()).filter(Boolean).map((name) => {
    const def = findKpi(name);
    if (!def) throw new SqlCommandError(`unknown KPI "${name}"; one of: ${CATALOG.map((k) => k.id).join(', ')}`);
    const why = inexpressible(def);
    if (why) throw new SqlCommandError(`${def.name} cannot be compiled to SQL: ${why}`);
    return def;
  });
}

/** Runs `sales-kpi sql` (the arguments after `sql`): the query on stdout; exit code 2 for a refusal. */
export function sqlMain(argv: readonly string[], out: (text: string) => void): number {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true });
  } catch (e) {
    throw new SqlCommandError(`${(e as Error).message} (see sales-kpi sql --help)`);
  }
  const v = parsed.values;
  if (v.help) {
    out(SQL_USAGE);
    return 0;
  }
  const dialect = dialectNamed(String(v.dialect ?? ''));
  if (!dialect) throw new SqlCommandError('--dialect must be bigquery or duckdb (see sales-kpi sql --help)');
  let groupBy: GroupBy;
  try {
    groupBy = parseGroupBy(v['group-by'] ?? '');
  } catch (e) {
    throw new SqlCommandError(`--group-by: ${(e as Error).message}`);
  }
  const stat = v.stat === undefined ? undefined : v.stat.trim().toLowerCase();
  if (stat !== undefined && stat !== 'mean' && stat !== 'median') throw new SqlCommandError(`--stat must be mean or median, got "${v.stat}"`);
  const columns = v.schema === undefined ? undefined : schemaColumns(readSchema(v.schema), v.schema);
  const fiscalYearStart = fiscalOption(v['fiscal-year-start']);
  const period = periodOption(v.period, 'period', fiscalYearStart);
  const overTime = period.kind !== 'all' || (groupBy !== '' && isGranularity(groupBy));
  const kpis = kpisOf(v.kpis, columns, overTime);
  if (kpis.length === 0) throw new SqlCommandError('the table\'s columns allow no KPI that SQL can express');
  try {
    out(`${compileSql({
      dialect, table: v.table, kpis, period, groupBy, columns, stat: stat as 'mean' | 'median' | undefined,
      weighted: v.weighted === true, baseline: v.baseline === undefined ? undefined : periodOption(v.baseline, 'baseline', fiscalYearStart),
      fiscalYearStart,
    })};\n`);
  } catch (e) {
    if (e instanceof SqlRefusal) throw new SqlCommandError(e.message);
    throw e;
  }
  return 0;
}

/** The text of a schema file, or a message saying it cannot be read. */
function readSchema(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new SqlCommandError(`cannot read the schema ${file}`);
  }
}
