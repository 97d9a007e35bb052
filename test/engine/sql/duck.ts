/** DuckDB over the canonical form of a read deal table, for the SQL compiler's tests. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { canonicalTable, type CanonicalColumn, type CanonicalValue } from '../../../src/engine/canonical';
import type { DealTable } from '../../../src/engine/table';

/** DuckDB's name for each canonical type. */
const DUCK_TYPE: Readonly<Record<CanonicalColumn['type'], string>> = {
  INT64: 'BIGINT', STRING: 'VARCHAR', DATE: 'DATE', BOOL: 'BOOLEAN', FLOAT64: 'DOUBLE',
};

/** A value as a SQL literal of its column's type. */
function literal(v: CanonicalValue, type: CanonicalColumn['type']): string {
  if (v === null) return 'NULL';
  if (type === 'DATE') return `DATE '${v}'`;
  if (type === 'STRING') return `'${String(v).replace(/'/g, "''")}'`;
  if (type === 'BOOL') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** A cell DuckDB returned, as the tests compare it: BIGINT and HUGEINT as numbers. */
export type Cell = string | number | boolean | null;

/** An in-memory DuckDB with one table of canonical deals. */
export class DuckDeals {
  private constructor(private readonly instance: DuckDBInstance, private readonly connection: DuckDBConnection) {}

  /** A database whose table `name` holds the canonical form of `table`. */
  static async of(table: DealTable, name = 'deals'): Promise<{ db: DuckDeals; columns: CanonicalColumn[] }> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const { columns, rows } = canonicalTable(table);
    await connection.run(`CREATE TABLE "${name}" (${columns.map((c) => `"${c.name}" ${DUCK_TYPE[c.type]}`).join(', ')})`);
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500).map((r) => `(${r.map((v, k) => literal(v, columns[k].type)).join(', ')})`);
      if (chunk.length) await connection.run(`INSERT INTO "${name}" VALUES ${chunk.join(', ')}`);
    }
    return { db: new DuckDeals(instance, connection), columns };
  }

  /** The rows of a query. */
  async rows(sql: string): Promise<Cell[][]> {
    const result = await this.connection.runAndReadAll(sql);
    return result.getRowsJS().map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : (v as Cell))));
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
