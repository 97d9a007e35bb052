/**
 * `npm run bench`: the engine on generated deal tables of 10 000, 100 000 and 1 000 000 rows, side by side
 * with single-threaded DuckDB computing the same eight figures, plus the size and evaluation time of the
 * built `dist/Code.js`. Each table size runs in a child process of its own so that its peak RSS is its own.
 *
 * Options: `--sizes 10000,100000` (default all three), `--seed 42`; `--child 1000000` measures one size in
 * this process and prints its figures as JSON (for profiling).
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { callKpi, kpiTable, kpisAllowedBy } from '../src/engine/call';
import { findKpi } from '../src/engine/catalog';
import { readDeals } from '../src/engine/read';
import type { DealTable } from '../src/engine/table';
import { measureCodeJs, median } from './codejs';
import { duckFigures, figuresSql, loadDuckDeals } from './duckdb';
import { availableFigures, compareFigures, engineFigures, type FigureTable, type Grouping } from './figures';
import { generateDeals, SAMPLE_NOW } from './generate';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENV = { timeZone: 'UTC', now: SAMPLE_NOW } as const;
const GROUPINGS: readonly Grouping[] = ['month', 'rep'];

/** The figures of one table size, as the child process reports them. */
interface SizeResult {
  readonly rows: number;
  readonly runs: number;
  readonly generateMs: number;
  readonly readMs: number;
  readonly kpiTableMs: number;
  readonly kpiTableColumns: number;
  readonly kpiTableRows: number;
  readonly winRateByRepMs: number;
  readonly engineMs: number;
  readonly duckLoadMs: number;
  readonly duckMs: number;
  readonly figures: readonly string[];
  readonly missingFigures: readonly string[];
  readonly mismatches: readonly string[];
  /** Cold first read and KPI_TABLE, before any warm-up. */
  readonly coldReadMs: number;
  readonly coldKpiTableMs: number;
  /** Peak RSS through the first read + KPI_TABLE: the grid, one table and the KPIs' work. */
  readonly callPeakMb: number;
  /** Peak RSS after every engine run (up to three tables alive at once), before DuckDB loads. */
  readonly enginePeakMb: number;
  /** RSS once the grid is generated: what the 2-D array itself holds, before the engine reads it. */
  readonly gridMb: number;
  /** Peak RSS of the whole child, DuckDB included. */
  readonly totalPeakMb: number;
}

/** Timed runs per size after one warm-up: medians of a few runs for the small sizes. */
function runsFor(rows: number): number {
  return rows <= 10_000 ? 7 : rows <= 100_000 ? 5 : 3;
}

/** Milliseconds `fn` takes, and its result. */
function timed<T>(fn: () => T): [number, T] {
  const t0 = performance.now();
  const r = fn();
  return [performance.now() - t0, r];
}

/** Peak resident set size of this process so far, in MB. */
const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

const read = (grid: unknown[][]): DealTable => readDeals(grid, ENV);

/** One pass of every engine step over `grid`; returns each step's time. */
function engineRun(grid: unknown[][], defs: ReturnType<typeof availableFigures>['defs']) {
  const winRate = findKpi('win_rate');
  if (!winRate) throw new Error('WIN_RATE is not in the catalog');
  // The eight figures and KPI_TABLE each get a table fresh from readDeals, as a custom function call
  // does: a KPI that caches per table must not look faster for a cache another step filled.
  // No forced gc() between steps: every major GC ages V8's bytecode, and forcing them flushes the code of
  // the KPIs between runs, which then measures recompilation instead of the engine.
  const [readA, tableA] = timed(() => read(grid));
  const [eight, figures] = timed(() => GROUPINGS.map((g) => engineFigures(tableA, defs, g)));
  const [readB, tableB] = timed(() => read(grid));
  const [kpi, sheet] = timed(() => kpiTable(tableB, 'month', kpisAllowedBy(tableB)));
  const [win] = timed(() => callKpi(winRate, [grid, '', 'rep'], ENV));
  return { readMs: [readA, readB], eightMs: eight, kpiTableMs: kpi, winMs: win, figures, sheetRows: sheet.length - 1, sheetColumns: sheet[0].length - 1 };
}

/** Measures one table size (in a child process): engine steps, then DuckDB, then compares the figures. */
async function measureSize(rows: number, seed: number): Promise<SizeResult> {
  const runs = runsFor(rows);
  const { figures, defs, missing } = availableFigures();
  const [generateMs, grid] = timed(() => generateDeals({ rows, seed }));
  const gridMb = process.memoryUsage().rss / 1048576;
  // The first call, as Sheets would make it: cold, one table. Its peak RSS is the memory target's figure.
  const [coldReadMs, first] = timed(() => read(grid));
  const [coldKpiTableMs] = timed(() => kpiTable(first, 'month', kpisAllowedBy(first)));
  const callPeakMb = peakRssMb();
  if (first.issues.length > 0) throw new Error(`the generated table has ${first.issues.length} row issues`);

  let last = engineRun(grid, defs); // warm-up
  const reads: number[] = [];
  const eights: number[] = [];
  const kpis: number[] = [];
  const wins: number[] = [];
  for (let r = 0; r < runs; r++) {
    last = engineRun(grid, defs);
    reads.push(...last.readMs);
    eights.push(last.eightMs);
    kpis.push(last.kpiTableMs);
    wins.push(last.winMs);
  }
  const enginePeakMb = peakRssMb();

  const [duckLoadMs, db] = await timedAsync(() => loadDuckDeals(grid));
  const sqls = GROUPINGS.map((g) => figuresSql(figures, g));
  const duckRun = async (): Promise<[number, FigureTable[]]> => {
    const t0 = performance.now();
    const out: FigureTable[] = [];
    for (const sql of sqls) out.push(await duckFigures(db, sql));
    return [performance.now() - t0, out];
  };
  await duckRun(); // warm-up
  const ducks: number[] = [];
  let duckFigs: FigureTable[] = [];
  for (let r = 0; r < runs; r++) {
    const [ms, out] = await duckRun();
    ducks.push(ms);
    duckFigs = out;
  }
  db.close();

  const mismatches = GROUPINGS.flatMap((g, i) =>
    compareFigures(figures, last.figures[i], duckFigs[i]).map((m) => `by ${g}: ${m}`),
  );
  return {
    rows, runs, generateMs,
    readMs: median(reads), kpiTableMs: median(kpis), kpiTableColumns: last.sheetColumns, kpiTableRows: last.sheetRows,
    winRateByRepMs: median(wins), engineMs: median(eights), duckLoadMs, duckMs: median(ducks),
    figures: figures.map((f) => f.id), missingFigures: missing, mismatches,
    coldReadMs, coldKpiTableMs, gridMb, callPeakMb, enginePeakMb, totalPeakMb: peakRssMb(),
  };
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

/** Runs one size in a child process of its own and returns its figures. */
function measureInChild(rows: number, seed: number): Promise<SizeResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', String(rows), '--seed', String(seed)], {
      execArgv: [...process.execArgv, '--max-old-space-size=4096'],
    });
    let result: SizeResult | undefined;
    child.on('message', (m) => { result = m as SizeResult; });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the ${rows}-row run exited with code ${code}`))));
  });
}

const fmt = (x: number, digits = 1): string => x.toFixed(digits);
/** The 1-minute load average: times measured while it exceeds the CPU count are inflated by other processes. */
const loadAverage = (): string => os.loadavg()[0].toFixed(2);
const pad = (cells: readonly string[], widths: readonly number[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

/** The figures table, one line per size. */
function printSizes(results: readonly SizeResult[]): void {
  const head = ['rows', 'read ms', 'KPI_TABLE ms', 'read+KPI_TABLE', 'WIN_RATE/rep ms', 'engine 8-fig ms', 'DuckDB 8-fig ms', 'ratio', 'check', 'peak RSS MB'];
  const widths = head.map((h) => Math.max(h.length, 9));
  console.log(pad(head, widths));
  for (const r of results) {
    console.log(pad([
      r.rows.toLocaleString('en-US'), fmt(r.readMs), fmt(r.kpiTableMs), fmt(r.readMs + r.kpiTableMs), fmt(r.winRateByRepMs),
      fmt(r.engineMs, 2), fmt(r.duckMs, 2), fmt(r.engineMs / r.duckMs, 2), r.mismatches.length === 0 ? 'equal' : 'DIFFER',
      fmt(r.callPeakMb, 0),
    ], widths));
  }
  console.log('');
  for (const r of results) {
    console.log(
      `${r.rows.toLocaleString('en-US')} rows: medians of ${r.runs} runs after a warm-up; KPI_TABLE ${r.kpiTableRows} months × ` +
        `${r.kpiTableColumns} KPIs; first (cold) call: read ${fmt(r.coldReadMs, 0)} + KPI_TABLE ${fmt(r.coldKpiTableMs, 0)} ms; ` +
        `generate ${fmt(r.generateMs, 0)} ms; DuckDB load ${fmt(r.duckLoadMs, 0)} ms (not compared); RSS: grid alone ` +
        `${fmt(r.gridMb, 0)} MB, peak over all engine runs ${fmt(r.enginePeakMb, 0)} MB, with DuckDB ${fmt(r.totalPeakMb, 0)} MB`,
    );
  }
  const first = results[0];
  if (first) {
    console.log(`8 figures compared by month and by rep: ${first.figures.join(', ')}`);
    if (first.missingFigures.length > 0) console.log(`not in the catalog yet, left out on both sides: ${first.missingFigures.join(', ')}`);
  }
  for (const r of results) for (const m of r.mismatches) console.log(`MISMATCH ${r.rows} rows ${m}`);
}

/** The targets of the issue, checked against the figures. */
function printTargets(results: readonly SizeResult[], code: ReturnType<typeof measureCodeJs>, all: ReturnType<typeof measureCodeJs> = null): void {
  const mark = (ok: boolean): string => (ok ? 'met   ' : 'MISSED');
  const big = results.find((r) => r.rows === 1_000_000);
  console.log('\ntargets:');
  if (big) {
    console.log(`  ${mark(big.readMs + big.kpiTableMs < 3000)} 1M rows read + KPI_TABLE < 3 s: ${fmt(big.readMs + big.kpiTableMs, 0)} ms`);
    console.log(`  ${mark(big.callPeakMb < 2048)} 1M rows read + KPI_TABLE peak RSS < 2 GB: ${fmt(big.callPeakMb, 0)} MB`);
  }
  for (const r of results) {
    const ratio = r.engineMs / r.duckMs;
    console.log(`  ${mark(ratio <= 1)} 8-figure month+rep summary, engine/DuckDB ≤ 1.0 at ${r.rows.toLocaleString('en-US')} rows: ${fmt(ratio, 2)}`);
  }
  if (code) {
    console.log(`  ${mark(code.bytes < 150 * 1024)} Code.js < 150 KB: ${fmt(code.bytes / 1024)} KB`);
    console.log(`  ${mark(code.medianMs < 20)} Code.js evaluated < 20 ms: ${fmt(code.medianMs, 2)} ms`);
    if (all) console.log(`  ${mark(all.medianMs < 20)} Code.js + Server.js + Models.js evaluated < 20 ms: ${fmt(all.medianMs, 2)} ms`);
  }
}

/** The parent: every size in its own child, then Code.js, then the report. */
async function main(argv: readonly string[]): Promise<void> {
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = Number(opt('--seed') ?? 42);
  const child = opt('--child');
  if (child) {
    const result = await measureSize(Number(child), seed);
    if (process.send) process.send(result);
    else console.log(JSON.stringify(result, null, 2)); // run by hand, e.g. under --cpu-prof
    return;
  }
  const sizes = (opt('--sizes') ?? '10000,100000,1000000').split(',').map(Number);
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${loadAverage()}, seed ${seed}, ` +
      `now ${new Date(SAMPLE_NOW).toISOString().slice(0, 10)}, time zone UTC\n`,
  );
  const results: SizeResult[] = [];
  for (const rows of sizes) {
    process.stderr.write(`measuring ${rows} rows…\n`);
    results.push(await measureInChild(rows, seed));
  }
  printSizes(results);

  const codePath = path.join(HERE, '..', 'dist', 'Code.js');
  const code = measureCodeJs(codePath);
  console.log('');
  if (code) {
    console.log(
      `dist/Code.js: ${code.bytes} bytes (${fmt(code.bytes / 1024)} KB); evaluation in a fresh vm context: first ` +
        `${fmt(code.firstMs, 2)} ms, median of ${code.runs} ${fmt(code.medianMs, 2)} ms`,
    );
  } else {
    console.log('dist/Code.js: not built (npm run build)');
  }
  // What a custom function call really evaluates: every script file, the server's and the models' bundles still unrun
  // inside their loaders.
  const all = measureCodeJs([codePath, path.join(HERE, '..', 'dist', 'Server.js'), path.join(HERE, '..', 'dist', 'Models.js')]);
  if (all) {
    console.log(`dist/Code.js + Server.js + Models.js: ${all.bytes} bytes; evaluation: first ${fmt(all.firstMs, 2)} ms, median of ${all.runs} ${fmt(all.medianMs, 2)} ms`);
  }
  printTargets(results, code, all);
  const busy = os.loadavg()[0] > os.cpus().length;
  console.log(`\nload average at the end ${loadAverage()}${busy ? ': above the CPU count, other processes shared the machine' : ''}`);
  if (results.some((r) => r.mismatches.length > 0)) process.exitCode = 1;
}

await main(process.argv.slice(2));
