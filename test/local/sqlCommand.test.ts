import { DuckDBInstance } from '@duckdb/node-api';
import Papa from 'papaparse';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kpiTable, type SheetValue } from '../../src/engine/call';
import { findKpi } from '../../src/engine/catalog';
import type { KpiDef } from '../../src/engine/kpi';
import { ALL_TIME } from '../../src/engine/period';
import { readDeals } from '../../src/engine/read';
import { makeSlicing } from '../../src/engine/slicing';
import type { DealTable } from '../../src/engine/table';
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

describe('sales-kpi sql --fiscal-year-start', () => {
  it('reads FY periods with it: FY2025 from April is 1 April 2024 to 31 March 2025, in fiscal quarters', () => {
    const sql = run('--dialect', 'duckdb', '--kpis', 'sales_volume', '--period', 'FY2025', '--group-by', 'quarter', '--fiscal-year-start', '4');
    expect(sql).toContain("SELECT 0 AS ord, 'FY2025-Q1' AS group_label, CAST(NULL AS VARCHAR) AS k, DATE '2024-04-01' AS b, DATE '2024-04-01' AS lo, DATE '2024-07-01' AS hi");
    expect(sql).toContain("SELECT 3 AS ord, 'FY2025-Q4' AS group_label, CAST(NULL AS VARCHAR) AS k, DATE '2025-01-01' AS b, DATE '2025-01-01' AS lo, DATE '2025-04-01' AS hi");
    // Without it FY2025 is the calendar 2025.
    expect(run('--dialect', 'duckdb', '--kpis', 'sales_volume', '--period', 'FY2025', '--group-by', 'quarter')).toContain("SELECT 0 AS ord, '2025-Q1' AS group_label");
  });
  it('makes the quarters and years of a calendar period fiscal, and reads the baseline with it', () => {
    const sql = run('--dialect', 'bigquery', '--kpis', 'incremental_sales', '--period', '2024', '--group-by', 'year', '--fiscal-year-start', '4', '--baseline', 'FY2023');
    expect(sql).toContain("'FY2024' AS group_label, CAST(NULL AS STRING) AS k, DATE '2023-04-01' AS b, DATE '2024-01-01' AS lo, DATE '2024-04-01' AS hi");
    // The baseline FY2023 (April 2022 to March 2023) is one bucket: every bucket's.
    expect(sql).toContain("DATE '2022-04-01' AS bb, DATE '2022-04-01' AS blo, DATE '2023-04-01' AS bhi");
    expect(sql).toContain('DATE_ADD(DATE_TRUNC(DATE_ADD(d.closed, INTERVAL -3 MONTH), YEAR), INTERVAL 3 MONTH) = s.b');
  });
  it('is 1 (January) by default: the same query as without it', () => {
    const args = ['--dialect', 'bigquery', '--kpis', 'sales_volume,win_rate', '--group-by', 'quarter'];
    expect(run(...args, '--fiscal-year-start', '1')).toBe(run(...args));
  });
  it('refuses what is not a month number 1 to 12, naming the option', () => {
    for (const bad of ['13', '0', 'April', '4.5', '']) {
      const refuse = () => run('--dialect', 'duckdb', '--fiscal-year-start', bad);
      expect(refuse, bad).toThrow(SqlCommandError);
      expect(refuse, bad).toThrow(/^--fiscal-year-start /);
      expect(refuse, bad).toThrow(`"${bad}"`);
    }
  });
  it('is in the help text', () => {
    expect(SQL_USAGE).toContain('[--fiscal-year-start M]');
    expect(SQL_USAGE).toMatch(/--fiscal-year-start <M>\n\s+the month the fiscal year starts with, 1 to 12/);
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

  /**
   * Writes the sample deals' canonical CSV, runs `sales-kpi sql` with `args` over it in DuckDB, and checks each row
   * against `engine` (KPI_TABLE's shape: a header, then a label and a value per KPI) over the same deals.
   */
  async function agreesOverSample(args: string[], engine: (table: DealTable, defs: KpiDef[]) => SheetValue[][]): Promise<unknown[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sql-e2e-'));
    const csv = path.join(dir, 'canonical.csv');
    expect((await cli('canonical', 'examples/deals-en.csv', '-o', csv, '--tz', 'UTC')).code).toBe(0);
    const sql = await cli('sql', '--dialect', 'duckdb', '--schema', path.join(dir, 'schema.json'), ...args);
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
      const want = engine(table, kpiNames.map((id) => findKpi(id)!));
      expect(got.map((r) => r[0])).toEqual(want.slice(1).map((r) => r[0]));
      want.slice(1).forEach((row, i) => row.slice(1).forEach((v, j) => {
        const s = got[i][j + 1];
        const x = typeof s === 'bigint' ? Number(s) : (s as number | null);
        if (v === '') expect(x, `${row[0]} ${kpiNames[j]}`).toBeNull();
        else expect(Math.abs((x as number) - (v as number)), `${row[0]} ${kpiNames[j]}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v as number)));
      }));
      expect(kpiNames.length).toBeGreaterThanOrEqual(14);
      return got.map((r) => r[0]);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  }

  it('gives KPI_TABLE by month over the sample deals, as the engine does', async () => {
    await agreesOverSample(['--group-by', 'month'], (table, defs) => kpiTable(table, 'month', defs));
  });
  it('with --fiscal-year-start 4 gives fiscal quarters, FY2024-Q3 (October 2023) to FY2025-Q4 (January 2025), as the engine slices them', async () => {
    const labels = await agreesOverSample(['--group-by', 'quarter', '--fiscal-year-start', '4'], (table, defs) => {
      const slicing = makeSlicing(table, ALL_TIME, 'quarter', 4);
      const columns = defs.map((d) => d.compute(table, slicing, {}));
      const cell = (v: unknown): SheetValue => (typeof v === 'number' && Number.isFinite(v) ? v : '');
      return [['quarter', ...defs.map((d) => d.title.en)], ...slicing.labels.map((label, k) => [label, ...columns.map((c) => cell(c[k]))])];
    });
    expect(labels).toEqual(['FY2024-Q3', 'FY2024-Q4', 'FY2025-Q1', 'FY2025-Q2', 'FY2025-Q3', 'FY2025-Q4']);
  });
  it('exits with code 2 and the reason when a KPI cannot be compiled', async () => {
    const r = await cli('sql', '--dialect', 'bigquery', '--kpis', 'ltv');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sales-kpi: LTV cannot be compiled to SQL: LTV is computed by hand/);
  });
  it('exits with code 2 and names --fiscal-year-start when it is not a month number', async () => {
    for (const bad of ['13', 'April']) {
      const r = await cli('sql', '--dialect', 'duckdb', '--fiscal-year-start', bad, '--group-by', 'quarter');
      expect(r.code, bad).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^sales-kpi: --fiscal-year-start .*"${bad}"`));
    }
  });
});
