/**
 * `npm run bench:summary`: the KPI summary job (issue #3) on generated deal tables of 10 000, 100 000 and
 * 1 000 000 rows: reading, the summary layout (values, and live formulas), and writing the XLSX (the summary
 * alone, and the summary with the typed deals copy its live formulas read), each with its time and peak memory.
 * Side by side, LibreOffice recalculating the live-formula summary of the same deals, and the ratio to the engine.
 * Each table size runs in a child process of its own so that its memory is its own.
 *
 * Options: `--sizes 10000,100000` (default all three), `--seed 42`, `--lo-max 100000` (the largest table
 * LibreOffice recalculates, default every size; 0 skips it); `--child 100000` measures one size in this
 * process and prints its figures as JSON.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ALL_TIME } from '../src/engine/period';
import { readDeals } from '../src/engine/read';
import { readPlan, readSpend } from '../src/engine/sideTables';
import { buildSummary, typedDealsSheet, type LayoutCell, type SheetLayout } from '../src/engine/summary';
import type { DealTable } from '../src/engine/table';
import { dayOfInstantIn } from '../src/engine/timezone';
import { writeWorkbook } from '../src/local/writeXlsx';
import { convertWithoutRecalc, convertWithRecalc, findSoffice } from '../test/local/libreoffice';
import { DEFAULT_START, generateDeals, REPS, SAMPLE_NOW, SOURCES } from './generate';

const ENV = { timeZone: 'UTC', now: SAMPLE_NOW } as const;
/** The issue's target: the summary of 100 000 deals (layout + summary sheet written) in under 2 s. */
const TARGET_ROWS = 100_000;
const TARGET_MS = 2000;
/** The deals copy's sheet name, as the local job writes it. */
const DEALS = 'Deals';
/** Months the generator spans by default; the plan and spend tables cover the same months. */
const MONTHS = 24;
/** Rows of the table every child warms up on before it measures, so that no size pays for the JIT. */
const WARM_UP_ROWS = 10_000;
/**
 * The longest a LibreOffice conversion may take: a million rows take about 15 s to convert and 50 s to
 * recalculate on a quiet 2-CPU machine, so the whole bench stays within about 10 minutes.
 */
const LO_TIMEOUT_MS = 120_000;

/** The timed steps of one run, in the order they run. */
const STEPS = ['read', 'layout', 'typed', 'layoutLive', 'writeSummary', 'writeLive'] as const;
type Step = (typeof STEPS)[number];

/** What LibreOffice took on the live workbook of one size, or why it was not asked. */
type LibreOfficeResult =
  | {
      readonly ran: true;
      readonly runs: number;
      /** Median milliseconds of converting the live workbook to CSV keeping its saved results (load + save). */
      readonly baselineMs: number;
      /** The same conversion recalculating every formula on load. */
      readonly recalcConvertMs: number;
      readonly formulas: number;
      /** Formulas whose LibreOffice result differs from the engine's value (or is an error). */
      readonly disagreements: readonly string[];
    }
  | { readonly ran: false; readonly reason: string };

/** The figures of one table size, as the child process reports them. */
interface SizeResult {
  readonly rows: number;
  readonly runs: number;
  readonly generateMs: number;
  /** Median milliseconds of each step. */
  readonly ms: Record<Step, number>;
  /** Peak RSS (MB) sampled during each step, the largest over the runs. */
  readonly peakMb: Record<Step, number>;
  /** RSS (MB) after the table was generated and collected: the grid every step works beside. */
  readonly gridMb: number;
  /** The child's peak RSS (MB) over the engine's steps (the kernel's high-water mark). */
  readonly childPeakMb: number;
  readonly summaryBytes: number;
  readonly liveBytes: number;
  readonly libreOffice: LibreOfficeResult;
}

/** Timed runs per size: medians of a few runs for the small sizes, one run at a million rows. */
function runsFor(rows: number): number {
  return rows <= 10_000 ? 5 : rows <= 100_000 ? 3 : 1;
}

/** LibreOffice conversions of each kind per size (their medians are reported). */
function loRunsFor(rows: number): number {
  return rows <= 100_000 ? 3 : 1;
}

/** The median of a non-empty list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Collects garbage when node runs with --expose-gc (the children do). */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const MB = 1024 * 1024;

/**
 * Samples the process's RSS every millisecond or two from a worker thread, so the peak of a synchronous step
 * (which blocks this thread's timers) is seen too. The running maximum, in KB, lives in shared memory.
 */
class RssSampler {
  private readonly peak = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const peak = workerData;
       setInterval(() => {
         const kb = Math.round(process.memoryUsage.rss() / 1024);
         let seen = Atomics.load(peak, 0);
         while (kb > seen) {
           const was = Atomics.compareExchange(peak, 0, seen, kb);
           if (was === seen) break;
           seen = was;
         }
       }, 1);`,
      { eval: true, workerData: this.peak },
    );
    this.worker.unref();
  }

  /** Starts a new peak from the RSS now. */
  reset(): void {
    Atomics.store(this.peak, 0, Math.round(process.memoryUsage.rss() / 1024));
  }

  /** The peak RSS since the last reset, in MB. */
  peakMb(): number {
    return Math.max(Atomics.load(this.peak, 0) * 1024, process.memoryUsage.rss()) / MB;
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

/** A plan (monthly target per rep) and a spend table (monthly spend per source) sized to the table, as grids. */
function sideGrids(rows: number): { plan: unknown[][]; spend: unknown[][] } {
  const start = DEFAULT_START;
  const perMonth = rows / MONTHS;
  const plan: unknown[][] = [['Month', 'Rep', 'Target']];
  const spend: unknown[][] = [['Month', 'Source', 'Amount']];
  for (let m = 0; m < MONTHS; m++) {
    const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1));
    const month = d.toISOString().slice(0, 7);
    // About 1 800 of won sales per lead on average over the generator's sources: targets near what reps sell.
    for (const rep of REPS) plan.push([month, rep.name, Math.round((perMonth * rep.share * 1800) / 100) * 100]);
    // About 60 of marketing spend per lead.
    for (const source of SOURCES) spend.push([month, source.name, Math.round(perMonth * source.share * 60)]);
  }
  return { plan, spend };
}

/** Everything a run needs besides the deal grid: the plan and spend tables, read once. */
interface Inputs {
  readonly grid: unknown[][];
  readonly plan: ReturnType<typeof readPlan>;
  readonly spend: ReturnType<typeof readSpend>;
}

/** A generated deal grid of `rows` rows with its plan and spend tables. */
function inputsFor(rows: number, seed: number): Inputs {
  const grid = generateDeals({ rows, seed });
  const sides = sideGrids(rows);
  const dayOf = dayOfInstantIn('UTC');
  return { grid, plan: readPlan(sides.plan, dayOf), spend: readSpend(sides.spend, dayOf) };
}

/** The summary of `table`, with values only or with live formulas over the typed deals copy. */
function layoutOf(inputs: Inputs, table: DealTable, typed: unknown[][] | undefined): SheetLayout {
  return buildSummary({
    table, dealsSheet: typed ? { name: DEALS, values: typed } : { name: DEALS }, period: ALL_TIME, granularity: 'month',
    plan: inputs.plan, spend: inputs.spend, locale: 'en', live: typed !== undefined, generatedAt: new Date(SAMPLE_NOW),
  });
}

/** One run of every step over `inputs`, each after a garbage collection; the files are written into `dir`. */
async function jobRun(inputs: Inputs, dir: string, sampler: RssSampler) {
  const ms = {} as Record<Step, number>;
  const peakMb = {} as Record<Step, number>;
  const step = async <T>(name: Step, fn: () => T | Promise<T>): Promise<T> => {
    collect();
    sampler.reset();
    const t0 = performance.now();
    const out = await fn();
    ms[name] = performance.now() - t0;
    peakMb[name] = sampler.peakMb();
    return out;
  };
  const table = await step('read', () => readDeals(inputs.grid, ENV));
  const layout = await step('layout', () => layoutOf(inputs, table, undefined));
  const typed = await step('typed', () => typedDealsSheet(table, inputs.grid));
  const live = await step('layoutLive', () => layoutOf(inputs, table, typed));
  const summaryPath = path.join(dir, 'summary.xlsx');
  const livePath = path.join(dir, 'live.xlsx');
  await step('writeSummary', () => writeWorkbook(layout, undefined, summaryPath));
  await step('writeLive', () => writeWorkbook(live, { name: DEALS, values: typed }, livePath));
  const bytes = { summary: statSync(summaryPath).size, live: statSync(livePath).size };
  return { ms, peakMb, live, typed, bytes };
}

/** Measures one table size (in a child process): the engine's steps, then LibreOffice on the live workbook. */
async function measureSize(rows: number, seed: number, loMax: number): Promise<SizeResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kpi-bench-summary-'));
  const sampler = new RssSampler();
  try {
    const warm = await jobRun(inputsFor(WARM_UP_ROWS, seed + 1), dir, sampler);
    const warmLive = path.join(dir, 'warm-live.xlsx');
    await writeWorkbook(warm.live, { name: DEALS, values: warm.typed }, warmLive, { cachedResults: true });
    collect();

    const t0 = performance.now();
    const inputs = inputsFor(rows, seed);
    const generateMs = performance.now() - t0;
    const issues = readDeals(inputs.grid, ENV).issues.length;
    if (issues > 0) throw new Error(`the generated table has ${issues} row issues`);
    collect();
    const gridMb = process.memoryUsage.rss() / MB;

    const runs = runsFor(rows);
    const times: Record<Step, number[]> = Object.fromEntries(STEPS.map((s) => [s, []])) as unknown as Record<Step, number[]>;
    const peakMb = Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
    let last: Awaited<ReturnType<typeof jobRun>> | undefined;
    for (let r = 0; r < runs; r++) {
      last = undefined; // the previous run's layout and typed copy must not count in this run's memory
      last = await jobRun(inputs, dir, sampler);
      for (const s of STEPS) {
        times[s].push(last.ms[s]);
        peakMb[s] = Math.max(peakMb[s], last.peakMb[s]);
      }
    }
    const childPeakMb = process.resourceUsage().maxRSS / 1024;
    const done = last as Awaited<ReturnType<typeof jobRun>>;
    const libreOffice = await libreOfficeRecalc(rows, loMax, done, dir, warmLive);
    return {
      rows, runs, generateMs, gridMb, childPeakMb,
      ms: Object.fromEntries(STEPS.map((s) => [s, median(times[s])])) as Record<Step, number>,
      peakMb, summaryBytes: done.bytes.summary, liveBytes: done.bytes.live, libreOffice,
    };
  } finally {
    await sampler.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * LibreOffice's recalculation of the live summary: the live workbook is written with each formula's result
 * saved, then converted to CSV (the summary sheet) keeping the saved results (the baseline: start, load, save)
 * and recalculating every formula on load; the difference of the medians is the recalculation.
 */
async function libreOfficeRecalc(
  rows: number, loMax: number, run: { live: SheetLayout; typed: unknown[][] }, dir: string, warmLive: string,
): Promise<LibreOfficeResult> {
  if (!findSoffice()) return { ran: false, reason: 'LibreOffice (soffice) is not on PATH' };
  if (rows > loMax) return { ran: false, reason: `above --lo-max ${loMax}` };
  try {
    return await timeLibreOffice(rows, run, dir, warmLive);
  } catch (error) {
    // A timeout or a crash of LibreOffice is a figure of the report, not a failure of the engine's bench.
    return { ran: false, reason: `LibreOffice failed: ${((error as Error).message ?? String(error)).split('\n')[0]}` };
  }
}

/** The conversions of libreOfficeRecalc, warmed up on the small workbook, and the check of their results. */
async function timeLibreOffice(
  rows: number, run: { live: SheetLayout; typed: unknown[][] }, dir: string, warmLive: string,
): Promise<LibreOfficeResult> {
  const file = path.join(dir, 'live-cached.xlsx');
  await writeWorkbook(run.live, { name: DEALS, values: run.typed }, file, { cachedResults: true });
  let n = 0;
  const convert = async (recalc: boolean, input: string): Promise<[number, string]> => {
    const out = path.join(dir, `lo-${n++}`);
    const t0 = performance.now();
    const csv = await (recalc ? convertWithRecalc : convertWithoutRecalc)(input, 'csv', out, { timeoutMs: LO_TIMEOUT_MS });
    return [performance.now() - t0, csv];
  };
  // The first start of each profile creates it: warm both on a small workbook.
  await convert(false, warmLive);
  await convert(true, warmLive);
  const baseline: number[] = [];
  const recalc: number[] = [];
  let csv = '';
  const runs = loRunsFor(rows);
  for (let r = 0; r < runs; r++) {
    baseline.push((await convert(false, file))[0]);
    const [ms, out] = await convert(true, file);
    recalc.push(ms);
    csv = out;
  }
  const { formulas, disagreements } = compareWithLayout(run.live, readFileSync(csv, 'utf8'));
  return { ran: true, runs, baselineMs: median(baseline), recalcConvertMs: median(recalc), formulas, disagreements };
}

/** Every formula cell of the layout against LibreOffice's recalculated CSV of the sheet (percentages as "12.5%"). */
function compareWithLayout(layout: SheetLayout, csv: string): { formulas: number; disagreements: string[] } {
  const lines = csv.split(/\r?\n/).map(csvFields);
  let formulas = 0;
  const disagreements: string[] = [];
  layout.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (!cell || cell.f === undefined) return;
      formulas++;
      const text = lines[r]?.[c] ?? '';
      if (!sameResult(cell.v, text)) disagreements.push(`${columnName(c)}${r + 1}: LibreOffice ${text === '' ? '(empty)' : text}, engine ${String(cell.v)}`);
    }),
  );
  return { formulas, disagreements };
}

/** A CSV cell against the engine's value: numbers within 1e-9 relative (percentages written "12.5%"), text as it is. */
function sameResult(ours: LayoutCell['v'], text: string): boolean {
  if (typeof ours === 'number') {
    const theirs = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : text === '' ? NaN : Number(text);
    return Math.abs(theirs - ours) <= 1e-9 * Math.max(1, Math.abs(ours));
  }
  if (typeof ours === 'boolean') return text.toUpperCase() === String(ours).toUpperCase();
  return text === (ours ?? '');
}

/** The fields of one CSV line: commas, double quotes doubled inside quoted fields. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(field); field = ''; } else field += ch;
  }
  out.push(field);
  return out;
}

/** A, B, …, Z, AA, … for a 0-based column. */
function columnName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Runs one size in a child process of its own and returns its figures. */
function measureInChild(rows: number, seed: number, loMax: number): Promise<SizeResult> {
  return new Promise((resolve, reject) => {
    const args = ['--child', String(rows), '--seed', String(seed), '--lo-max', String(loMax)];
    const child = fork(fileURLToPath(import.meta.url), args, {
      execArgv: [...process.execArgv, '--expose-gc', '--max-old-space-size=6144'],
    });
    let result: SizeResult | undefined;
    child.on('message', (m) => { result = m as SizeResult; });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the ${rows}-row run exited with code ${code}`))));
  });
}

const fmt = (x: number, digits = 0): string => x.toFixed(digits);
const rowsText = (n: number): string => n.toLocaleString('en-US');
const loadAverage = (): string => os.loadavg()[0].toFixed(2);
const pad = (cells: readonly string[], widths: readonly number[]): string =>
  cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

/** The engine's summary time: the layout and the summary sheet written (the issue's target figure). */
const summaryMs = (r: SizeResult): number => r.ms.layout + r.ms.writeSummary;
/** LibreOffice's recalculation: recalculating conversion minus the baseline conversion, never below 0. */
const recalcMs = (lo: LibreOfficeResult): number | undefined => (lo.ran ? Math.max(0, lo.recalcConvertMs - lo.baselineMs) : undefined);

/** The main table: per size a row for the values-only summary and one for the live-formula summary. */
function printTable(results: readonly SizeResult[]): void {
  const head = ['rows', 'summary', 'read ms', 'layout ms', 'write ms', 'total ms', 'peak RSS MB', 'LO recalc ms', 'ratio'];
  const widths = [9, 7, 8, 9, 8, 8, 11, 12, 6];
  console.log(pad(head, widths));
  for (const r of results) {
    const valuesPeak = Math.max(r.peakMb.read, r.peakMb.layout, r.peakMb.writeSummary);
    const livePeak = Math.max(r.peakMb.read, r.peakMb.typed, r.peakMb.layoutLive, r.peakMb.writeLive);
    const liveLayout = r.ms.typed + r.ms.layoutLive;
    const lo = recalcMs(r.libreOffice);
    console.log(pad([
      rowsText(r.rows), 'values', fmt(r.ms.read), fmt(r.ms.layout), fmt(r.ms.writeSummary),
      fmt(r.ms.read + r.ms.layout + r.ms.writeSummary), fmt(valuesPeak), '', '',
    ], widths));
    console.log(pad([
      '', 'live', fmt(r.ms.read), fmt(liveLayout), fmt(r.ms.writeLive), fmt(r.ms.read + liveLayout + r.ms.writeLive),
      fmt(livePeak), lo === undefined ? 'skipped' : fmt(lo), lo === undefined ? '' : fmt(lo / liveLayout, 1),
    ], widths));
  }
}

/** Per step: median time, and the peak RSS sampled while it ran. */
function printSteps(results: readonly SizeResult[]): void {
  const head = ['rows', 'runs', 'generate', 'read', 'layout', 'typed copy', 'layout live', 'write summary', 'write +deals', 'grid MB', 'child peak MB'];
  const widths = head.map((h) => Math.max(h.length, 7));
  console.log('\nper step: median ms / peak RSS MB sampled during the step');
  console.log(pad(head, widths));
  for (const r of results) {
    console.log(pad([
      rowsText(r.rows), String(r.runs), fmt(r.generateMs),
      ...STEPS.map((s) => `${fmt(r.ms[s])} / ${fmt(r.peakMb[s])}`), fmt(r.gridMb), fmt(r.childPeakMb),
    ], widths));
  }
  for (const r of results) {
    const perRow = (r.ms.writeLive - r.ms.writeSummary) / r.rows * 1000;
    console.log(
      `${rowsText(r.rows)} rows: summary-only workbook ${fmt(r.summaryBytes / 1024)} KB; with the deals copy ` +
        `${fmt(r.liveBytes / MB, 1)} MB, the copy costing ${fmt(r.ms.writeLive - r.ms.writeSummary)} ms (${fmt(perRow, 1)} µs per deal)`,
    );
  }
}

/** LibreOffice's conversions, and whether its results agree with the engine's. */
function printLibreOffice(results: readonly SizeResult[]): void {
  console.log(`\nLibreOffice (headless, converting the live workbook to a CSV of the summary sheet; timeout ${LO_TIMEOUT_MS / 1000} s):`);
  for (const r of results) {
    const lo = r.libreOffice;
    if (!lo.ran) {
      console.log(`  ${rowsText(r.rows)} rows: skipped, ${lo.reason}`);
      continue;
    }
    const agree = lo.disagreements.length === 0
      ? `all ${lo.formulas} formulas agree with the engine`
      : `${lo.disagreements.length} of ${lo.formulas} formulas DIFFER from the engine, e.g. ${lo.disagreements.slice(0, 3).join('; ')}`;
    console.log(
      `  ${rowsText(r.rows)} rows, medians of ${lo.runs}: convert keeping saved results ${fmt(lo.baselineMs)} ms, recalculating ${fmt(lo.recalcConvertMs)} ms ` +
        `→ recalculation ${fmt(recalcMs(lo) as number)} ms; ${agree}`,
    );
  }
}

/** The issue's target, and the live job's figure beside it. */
function printTargets(results: readonly SizeResult[]): void {
  const r = results.find((x) => x.rows === TARGET_ROWS);
  console.log('\ntarget:');
  if (!r) {
    console.log(`  not measured: run with ${rowsText(TARGET_ROWS)} rows among --sizes`);
    return;
  }
  const ms = summaryMs(r);
  console.log(`  ${ms < TARGET_MS ? 'met   ' : 'MISSED'} summary of ${rowsText(TARGET_ROWS)} deals (layout + summary sheet written) < 2 s: ${fmt(ms)} ms`);
  const live = r.ms.typed + r.ms.layoutLive + r.ms.writeLive;
  console.log(`  (live formulas with the typed deals copy written: ${fmt(live)} ms, of which writing the copy ${fmt(r.ms.writeLive - r.ms.writeSummary)} ms)`);
}

/** The parent: every size in its own child, then the report. */
async function main(argv: readonly string[]): Promise<void> {
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = Number(opt('--seed') ?? 42);
  const loMax = Number(opt('--lo-max') ?? Infinity);
  const child = opt('--child');
  if (child) {
    const result = await measureSize(Number(child), seed, loMax);
    if (process.send) process.send(result);
    else console.log(JSON.stringify(result, null, 2));
    return;
  }
  const sizes = (opt('--sizes') ?? '10000,100000,1000000').split(',').map(Number);
  console.log(
    `KPI summary job: node ${process.version}, ${os.cpus().length} CPUs, load average ${loadAverage()}, seed ${seed}, ` +
      `now ${new Date(SAMPLE_NOW).toISOString().slice(0, 10)}, time zone UTC, all time by month, plan and spend tables\n`,
  );
  const results: SizeResult[] = [];
  for (const rows of sizes) {
    process.stderr.write(`measuring the summary of ${rows} rows…\n`);
    results.push(await measureInChild(rows, seed, loMax));
  }
  printTable(results);
  console.log(
    '\nvalues: layout = buildSummary without formulas; write = the summary sheet alone.' +
      '\nlive: layout = typedDealsSheet + buildSummary with live formulas; write = the summary and the typed deals copy.' +
      '\npeak RSS: the largest sampled during the row\'s steps (the generated grid included). LO recalc: LibreOffice\'s' +
      '\nrecalculating conversion minus its conversion keeping saved results; ratio = LO recalc / live layout.',
  );
  printSteps(results);
  printLibreOffice(results);
  printTargets(results);
  console.log(`\nload average at the end ${loadAverage()} (above the CPU count, other processes shared the machine)`);
  if (results.some((r) => r.libreOffice.ran && r.libreOffice.disagreements.length > 0)) process.exitCode = 1;
}

await main(process.argv.slice(2));
