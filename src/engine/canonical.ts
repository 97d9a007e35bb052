/**
 * The canonical deal table of DESIGN.md ("Past a sheet's size"): one row per deal the engine read, every value as the
 * engine uses it (coerced, or NULL where it would not use it: blank, unreadable, a future date), only the fields the
 * source table has. It is what `sales-kpi canonical` writes for BigQuery or DuckDB, and what the SQL compiled from
 * the catalog reads.
 */
import { formatDay } from './days';
import { DEAL_TYPES, Kind } from './fields';
import type { DealTable } from './table';
import { unreadableRows } from './table';

/** A canonical column: its name and BigQuery type. */
export interface CanonicalColumn {
  readonly name: CanonicalName;
  readonly type: 'INT64' | 'STRING' | 'DATE' | 'BOOL' | 'FLOAT64';
}

/** The canonical columns, in DESIGN.md's order. */
export const CANONICAL_COLUMNS = [
  { name: 'row', type: 'INT64' },
  { name: 'id', type: 'STRING' },
  { name: 'created', type: 'DATE' },
  { name: 'qualified', type: 'DATE' },
  { name: 'is_qualified', type: 'BOOL' },
  { name: 'closed', type: 'DATE' },
  { name: 'amount', type: 'FLOAT64' },
  { name: 'cost', type: 'FLOAT64' },
  { name: 'status', type: 'STRING' },
  { name: 'stage', type: 'STRING' },
  { name: 'probability', type: 'FLOAT64' },
  { name: 'rep', type: 'STRING' },
  { name: 'customer', type: 'STRING' },
  { name: 'source', type: 'STRING' },
  { name: 'type', type: 'STRING' },
] as const satisfies readonly { name: string; type: CanonicalColumn['type'] }[];

/** A canonical column's name. */
export type CanonicalName = (typeof CANONICAL_COLUMNS)[number]['name'];

/** A canonical value: NULL is null. Dates are ISO text (YYYY-MM-DD). */
export type CanonicalValue = string | number | boolean | null;

/**
 * The columns a table's canonical form has. `row` always; `status` whenever the engine reads outcomes (a status, a
 * stage or a CRM's Won / Closed checkboxes), none for a sales log (every row with an amount is a sale, §1);
 * `is_qualified` with `qualified`; the others when the source has that field.
 */
export function canonicalColumns(table: DealTable): CanonicalColumn[] {
  const has = (name: CanonicalName): boolean => {
    switch (name) {
      case 'row': return true;
      case 'status': return !table.isSalesLog;
      case 'is_qualified': return table.columns.qualified !== undefined;
      default: return table.columns[name] !== undefined;
    }
  };
  return CANONICAL_COLUMNS.filter((c) => has(c.name));
}

/** The outcome a canonical `status` holds: a refund is a won deal with a negative amount (§6), unknown is NULL. */
const STATUS_OF_KIND: Readonly<Record<number, string | null>> = {
  [Kind.Unknown]: null, [Kind.Won]: 'won', [Kind.Lost]: 'lost', [Kind.Open]: 'open', [Kind.Refund]: 'won',
};

/** A reader of one canonical column's value for row i. */
function valueReader(table: DealTable, name: CanonicalName): (i: number) => CanonicalValue {
  const num = (v: number): CanonicalValue => (v === v ? v : null);
  // A date after today is NULL (DESIGN.md). The reader has already blanked such created and qualified dates and the
  // close dates of closed deals; an open deal's (or an outcome-less row's) expected close date is kept by the reader,
  // but no KPI uses it.
  const day = (v: number): CanonicalValue => (v <= table.today ? formatDay(v) : null);
  const label = (col: { codes: Int32Array; labels: readonly string[] }) => (i: number): CanonicalValue =>
    (col.codes[i] >= 0 ? col.labels[col.codes[i]] : null);
  switch (name) {
    case 'row': return (i) => table.rowNumbers[i];
    case 'id': case 'stage': case 'rep': case 'customer': case 'source': return label(table.labels[name]);
    case 'created': case 'qualified': case 'closed': {
      const dates = table.dates[name];
      return (i) => day(dates[i]);
    }
    case 'amount': case 'cost': case 'probability': {
      const nums = table.numbers[name];
      return (i) => num(nums[i]);
    }
    case 'status': return (i) => STATUS_OF_KIND[table.kind[i]];
    case 'type': return (i) => (table.type[i] > 0 ? DEAL_TYPES[table.type[i] - 1] : null);
    case 'is_qualified': {
      // TRUE for a date or TRUE, FALSE for FALSE, no or blank; NULL where the cell could not be read.
      const unreadable = unreadableRows(table, 'qualified');
      return (i) => (unreadable[i] === 1 ? null : table.qualifiedFlag[i] === 1);
    }
  }
}

/** The canonical table of a read deal table: its columns and one row of values per deal, in sheet order. */
export function canonicalTable(table: DealTable): { columns: CanonicalColumn[]; rows: CanonicalValue[][] } {
  const columns = canonicalColumns(table);
  const readers = columns.map((c) => valueReader(table, c.name));
  const rows: CanonicalValue[][] = new Array(table.n);
  for (let i = 0; i < table.n; i++) rows[i] = readers.map((read) => read(i));
  return { columns, rows };
}

/** The `schema.json` that `bq load --schema` takes for these columns (every field NULLABLE). */
export function bigQuerySchema(columns: readonly CanonicalColumn[]): { name: string; type: string; mode: 'NULLABLE' | 'REQUIRED' }[] {
  return columns.map((c) => ({ name: c.name, type: c.type, mode: c.name === 'row' ? 'REQUIRED' : 'NULLABLE' }));
}
