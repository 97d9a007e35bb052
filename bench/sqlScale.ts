/**
 * `npx tsx bench/sqlScale.ts` (part of `npm run bench`): KPI_TABLE by month, as the catalog compiles it to SQL, over
 * 10 000 000 generated deals in an on-disk DuckDB, beside the engine's KPI_TABLE on the largest table a sheet holds
 * (1 000 000 deals), each measured in a child process of its own for its own peak RSS, and the ratio printed.
 *
 * The 10M table is the 1M generated table (bench/generate.ts) ten times, each copy's rows, customers and deal ids
 * made its own and its dates moved on by two years, so that months, groups and customers grow as a real history
 * does. Before timing, the DuckDB query over the 1M table is checked against the engine's numbers.
 *
 * Options: `--rows 10000000` (the DuckDB table; a multiple of `--base`), `--base 1000000`.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kpiTable } from '../src/engine/call';
import { canonicalTable, type CanonicalValue } from '../src/engine/canonical';
import { CATALOG } from '../src/engine/catalog';
import { missingColumns, needsOf } from '../src/engine/needs';
import { ALL_TIME } from '../src/engine/period';
import { readDeals } from '../src/engine/read';
import { compileSql, inexpressible } from '../src/engine/sql/compile';
import { DUCKDB } from '../src/engine/sql/dialect';
import type { DealTable } from '../src/engine/table';
import { generateDeals, SAMPLE_NOW } from './generate';

const ENV = { timeZone: 'UTC', now: SAMPLE_NOW };

/** Milliseconds `fn` takes, and its result. */
async function timed<T>(fn: () => T | Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

/** The KPIs the SQL compiles for this table: every expressible one its columns allow, by month. */
function kpisFor(table: DealTable) {
  return CATALOG.filter((k) => !inexpressible(k) && !missingColumns(needsOf(k, true), table));
}

/** A CSV field. */
function field(v: CanonicalValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  return String(v);
}

/** Peak RSS of this process in MB. */
const peakMb = (): number => process.resourceUsage().maxRSS / 1024;

interface EngineResult { readonly rows: number; readonly readMs: number; readonly kpiTableMs: number; readonly peakMb: number; readonly kpis: number }
interface DuckResult { readonly rows: number; readonly loadMs: number; readonly queryMs: number; readonly peakMb: number; readonly checked: number; readonly mismatches: string[] }

/** The engine's side: read the 1M grid and KPI_TABLE by month over the compilable KPIs (median of 3). */
async function engineChild(base: number): Promise<EngineResult> {
  const grid = generateDeals({ rows: base, seed: 42 });
  const [readMs, table] = await timed(() => readDeals(grid, ENV));
  const kpis = kpisFor(table);
  kpiTable(table, 'month', kpis);
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) runs.push((await timed(() => kpiTable(readDeals(grid, ENV), 'month', kpis)))[0] - 0);
  runs.sort((a, b) => a - b);
  return { rows: base, readMs, kpiTableMs: runs[1], peakMb: peakMb(), kpis: kpis.length };
}

/** DuckDB's side: the canonical 1M table checked against the engine, then copied to `rows` on disk and queried. */
async function duckChild(base: number, rows: number): Promise<DuckResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sales-kpi-sql-'));
  try {
    const table = readDeals(generateDeals({ rows: base, seed: 42 }), ENV);
    const kpis = kpisFor(table);
    const { columns, rows: values } = canonicalTable(table);
    const csv = path.join(dir, 'canonical.csv');
    writeFileSync(csv, [columns.map((c) => c.name).join(','), ...values.map((r) => r.map(field).join(','))].join('\n'));
    const want = kpiTable(table, 'month', kpis);
    const instance = await DuckDBInstance.create(path.join(dir, 'deals.duckdb'), { threads: '1' });
    const db = await instance.connect();
    const types: Record<string, string> = { INT64: 'BIGINT', STRING: 'VARCHAR', DATE: 'DATE', BOOL: 'BOOLEAN', FLOAT64: 'DOUBLE' };
    const spec = columns.map((c) => `'${c.name}': '${types[c.type]}'`).join(', ');
    await db.run(`CREATE TABLE base AS SELECT * FROM read_csv('${csv}', header = true, columns = {${spec}})`);
    // Check the compiled query on the 1M table first: the same numbers as the engine's KPI_TABLE.
    const sql = compileSql({ dialect: DUCKDB, table: 'base', kpis, period: ALL_TIME, groupBy: 'month', columns: new Set(columns.map((c) => c.name)) });
    const got = (await db.runAndReadAll(sql)).getRowsJS();
    const mismatches: string[] = [];
    let checked = 0;
    want.slice(1).forEach((row, i) => {
      row.slice(1).forEach((v, j) => {
        const s = got[i]?.[j + 1];
        const x = typeof s === 'bigint' ? Number(s) : (s as number | null);
        const same = v === '' ? x === null : typeof x === 'number' && Math.abs(x - (v as number)) <= 1e-9 * Math.max(1, Math.abs(v as number));
        if (!same) mismatches.push(`${row[0]} ${kpis[j].name}: engine ${String(v)}, DuckDB ${String(x)}`);
        checked++;
      });
    });
    // The big table: `rows / base` copies, each its own rows, ids and customers, two years later than the one before.
    const copies = Math.max(1, Math.round(rows / base));
    const shifted = (k: number) => columns.map((c) => {
      if (c.name === 'row') return `"row" + ${k * base * 10} AS "row"`;
      if (c.type === 'DATE') return `${c.name} + INTERVAL ${2 * k} YEAR AS ${c.name}`;
      if (c.name === 'customer' || c.name === 'id') return `CASE WHEN ${c.name} IS NULL THEN NULL ELSE ${c.name} || '-${k}' END AS ${c.name}`;
      return `"${c.name}"`;
    }).join(', ');
    const [loadMs] = await timed(async () => {
      await db.run(`CREATE TABLE deals AS SELECT ${shifted(0)} FROM base`);
      for (let k = 1; k < copies; k++) await db.run(`INSERT INTO deals SELECT ${shifted(k)} FROM base`);
      await db.run('DROP TABLE base');
      await db.run('CHECKPOINT');
    });
    const big = compileSql({ dialect: DUCKDB, table: 'deals', kpis, period: ALL_TIME, groupBy: 'month', columns: new Set(columns.map((c) => c.name)) });
    await db.runAndReadAll(big);
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) runs.push((await timed(() => db.runAndReadAll(big)))[0]);
    runs.sort((a, b) => a - b);
    db.closeSync();
    instance.closeSync();
    return { rows: copies * base, loadMs, queryMs: runs[1], peakMb: peakMb(), checked, mismatches };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one side in a child process and returns what it reports. */
function inChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), args, { execArgv: process.execArgv, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    let result: T | undefined;
    child.on('message', (m) => { result = m as T; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`child ${args.join(' ')} exited with ${code}`))));
  });
}

/** The value of `--name` on the command line, or its default. */
function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const base = option('base', 1_000_000);
  const rows = option('rows', 10_000_000);
  const side = process.argv[process.argv.indexOf('--child') + 1];
  if (process.argv.includes('--child')) {
    const result = side === 'engine' ? await engineChild(base) : await duckChild(base, rows);
    process.send?.(result);
    return;
  }
  console.log(`KPI_TABLE by month as SQL: DuckDB on disk (1 thread) over ${rows.toLocaleString('en')} deals, the engine over ${base.toLocaleString('en')}`);
  const engine = await inChild<EngineResult>(['--child', 'engine', '--base', String(base)]);
  const duck = await inChild<DuckResult>(['--child', 'duck', '--base', String(base), '--rows', String(rows)]);
  console.log(`engine  ${engine.rows.toLocaleString('en')} deals: read ${engine.readMs.toFixed(0)} ms, KPI_TABLE (${engine.kpis} KPIs) ${engine.kpiTableMs.toFixed(0)} ms, peak RSS ${engine.peakMb.toFixed(0)} MB`);
  console.log(`DuckDB  ${duck.rows.toLocaleString('en')} deals: load ${duck.loadMs.toFixed(0)} ms, query ${duck.queryMs.toFixed(0)} ms, peak RSS ${duck.peakMb.toFixed(0)} MB`);
  console.log(`DuckDB over ${(duck.rows / engine.rows).toFixed(0)}× the deals / engine (read + KPI_TABLE): ${(duck.queryMs / (engine.readMs + engine.kpiTableMs)).toFixed(2)}; per deal: ${((duck.queryMs / duck.rows) / ((engine.readMs + engine.kpiTableMs) / engine.rows)).toFixed(3)}`);
  console.log(`checked on ${base.toLocaleString('en')} deals: ${duck.checked} values, ${duck.mismatches.length} differ from the engine`);
  for (const m of duck.mismatches.slice(0, 10)) console.log(`  ${m}`);
  if (duck.mismatches.length > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
