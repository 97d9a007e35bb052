import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kpiTable } from '../../src/engine/call';
import { findKpi } from '../../src/engine/catalog';
import { readDeals } from '../../src/engine/read';
import { duckDbReadCsv } from '../../src/local/canonicalCsv';
import { main, type CliIo } from '../../src/local/cli';
import { SQL_USAGE, SqlCommandError, schemaColumns, sqlMain } from '../../src/local/sqlCommand';

/** Runs `sales-kpi sql` with `args`: its stdout, or the error it refused with. */
function run(...args: string[]): string {
  let out = '';
  sqlMain(args, (t) => { out += t; });
  return out;
}

const SCHEMA = JSON.stringify([
  { name: 'row', type: 'INT64', mode: 'REQUIRED' }, { name: 'closed', type: 'DATE', mode: 'NULLABLE' },
  { name: 'amount', type: 'FLOAT64', mode: 'NULLABLE' }, { name: 'status', type: 'STRING', mode: 'NULLABLE' },
  { name: 'rep', type: 'STRING', mode: 'NULLABLE' },
]);

function schemaFile(text = SCHEMA): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sql-cmd-')), 'schema.json');
  writeFileSync(file, text);
  return file;
}

describe('sales-kpi sql', () => {
  it('prints one query with group_label then the KPI columns in the order asked', () => {
    const sql = run('--dialect', 'duckdb', '--kpis', 'win_rate,SALES_VOLUME', '--period', '2024-03', '--group-by', 'rep');
    expect(sql).toMatch(/^WITH d AS \(SELECT \*/);
    expect(sql).toMatch(/SELECT s\.group_label, .* AS win_rate, .* AS sales_volume\nFROM slices s/);
    expect(sql.trimEnd().endsWith(';')).toBe(true);
  });
  it('reads the table as BigQuery names it', () => {
    expect(run('--dialect', 'bigquery', '--table', 'myproject.sales.deals', '--kpis', 'deals_won')).toContain('FROM `myproject.sales.deals`');
  });
  it('with --schema, compiles by default only the KPIs the columns allow', () => {
    const sql = run('--dialect', 'duckdb', '--schema', schemaFile());
    expect(sql).toContain('AS sales_volume');
    expect(sql).toContain('AS win_rate');
    expect(sql).not.toContain('AS profit');
    expect(sql).not.toContain('AS sales_cycle');
  });
  it('refuses a KPI SQL cannot express, and one the schema cannot give, saying why', () => {
    expect(() => run('--dialect', 'duckdb', '--kpis', 'new_customers')).toThrow(SqlCommandError);
    expect(() => run('--dialect', 'duckdb', '--kpis', 'new_customers')).toThrow(/^NEW_CUSTOMERS cannot be compiled to SQL: NEW_CUSTOMERS is computed by hand/);
    expect(() => run('--dialect', 'duckdb', '--kpis', 'upsell_rate')).toThrow(/canonical table writes NULL for both/);
    expect(() => run('--dialect', 'duckdb', '--schema', schemaFile(), '--kpis', 'profit')).toThrow(/^PROFIT: the deal table has no `cost` column/);
  });
  it('refuses a bad command line in plain words', () => {
    expect(() => run('--kpis', 'win_rate')).toThrow('--dialect must be bigquery or duckdb');
    expect(() => run('--dialect', 'duckdb', '--kpis', 'nope')).toThrow(/^unknown KPI "nope"; one of: sales_volume, /);
    expect(() => run('--dialect', 'duckdb', '--period', '2024-13')).toThrow(/^--period: /);
    expect(() => run('--dialect', 'duckdb', '--group-by', 'planet')).toThrow(/^--group-by: group_by "planet" is not one of/);
    expect(() => run('--dialect', 'duckdb', '--stat', 'mode')).toThrow('--stat must be mean or median, got "mode"');
  });
  it('has a help text', () => {
    expect(run('--help')).toBe(SQL_USAGE);
  });
});

describe('schemaColumns', () => {
  it('reads bq\'s schema.json: a list of { name, type, mode }', () => {
    expect([...schemaColumns(SCHEMA, 'schema.json')]).toEqual(['row', 'closed', 'amount', 'status', 'rep']);
  });
  it('refuses a column the canonical table does not have, and text that is not a schema', () => {
    expect(() => schemaColumns('[{"name":"revenue","type":"FLOAT64"}]', 's.json')).toThrow(/^s\.json: "revenue" is not a column of the canonical deal table/);
    expect(() => schemaColumns('{', 's.json')).toThrow('s.json is not JSON');
    expect(() => schemaColumns('{"a":1}', 's.json')).toThrow('s.json is not a BigQuery schema');
  });
});

describe('sales-kpi canonical, then sales-kpi sql, in DuckDB', () => {
  /** Runs the command; its exit code, stdout and stderr. */
  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, color: false, now: Date.UTC(2025, 0, 1) };
    return { code: await main(args, io), stdout, stderr };
  }

  it('gives KPI_TABLE by month over the sample deals, as the engine does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sql-e2e-'));
    const csv = path.join(dir, 'canonical.csv');
    expect((await cli('canonical', 'examples/deals-en.csv', '-o', csv, '--tz', 'UTC')).code).toBe(0);
    const sql = await cli('sql', '--dialect', 'duckdb', '--schema', path.join(dir, 'schema.json'), '--group-by', 'month');
    expect(sql.code).toBe(0);
    const schema = JSON.parse(readFileSync(path.join(dir, 'schema.json'), 'utf8')) as { name: string; type: string }[];
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await db.run(`CREATE TABLE deals AS SELECT * FROM ${duckDbReadCsv(csv, schema as never)}`);
      const got = (await db.runAndReadAll(sql.stdout)).getRowsJS();
      const kpiNames = (await db.runAndReadAll(`SELECT * FROM (${sql.stdout.replace(/;\s*$/, '')}) LIMIT 0`)).columnNames().slice(1);
      const grid = Papa.parse(readFileSync('examples/deals-en.csv', 'utf8'), { skipEmptyLines: true }).data as unknown[][];
      const table = readDeals(grid, { timeZone: 'UTC', now: Date.UTC(2025, 0, 1) });
      const want = kpiTable(table, 'month', kpiNames.map((id) => findKpi(id)!));
      expect(got.map((r) => r[0])).toEqual(want.slice(1).map((r) => r[0]));
      want.slice(1).forEach((row, i) => row.slice(1).forEach((v, j) => {
        const s = got[i][j + 1];
        const x = typeof s === 'bigint' ? Number(s) : (s as number | null);
        if (v === '') expect(x, `${row[0]} ${kpiNames[j]}`).toBeNull();
        else expect(Math.abs((x as number) - (v as number)), `${row[0]} ${kpiNames[j]}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v as number)));
      }));
      expect(kpiNames.length).toBeGreaterThanOrEqual(14);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
  it('exits with code 2 and the reason when a KPI cannot be compiled', async () => {
    const r = await cli('sql', '--dialect', 'bigquery', '--kpis', 'ltv');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sales-kpi: LTV cannot be compiled to SQL: LTV is computed by hand/);
  });
});
