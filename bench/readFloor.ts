/**
 * Issue 11 point 5: how close `readDeals` comes to the floor of reading a grid. The floor is a minimal columnar
 * reader of the generated deal grid (`bench/generate.ts`), which knows the header's column order and checks
 * nothing: Dates to UTC day numbers, numbers into Float64Arrays, every text column dictionary-coded through a
 * Map. Both read the same grid, alternating in one process, and the report gives their medians and the ratio
 * readDeals / minimal against the target ≤ 1.5; also their CPU times (steadier than wall-clock time on a shared
 * machine), and, for information, the floor with ids coded per row as readDeals codes them (no dictionary of a
 * million ids), with readDeals' ratio to it.
 *
 * Options: `--sizes 100000,1000000` (default both), `--rounds 5`, `--seed 42`.
 */
import os from 'node:os';
import { readDeals } from '../src/engine/read';
import { median } from './codejs';
import { COL, generateDeals, SAMPLE_NOW } from './generate';

const DAY_MS = 86400000;
const TARGET = 1.5;

/** What the minimal reader makes of the grid: the same columns as a `DealTable`, unchecked. */
export interface MinimalTable {
  readonly n: number;
  readonly dates: { created: Float64Array; qualified: Float64Array; closed: Float64Array };
  readonly numbers: { amount: Float64Array; cost: Float64Array; probability: Float64Array };
  readonly labels: Record<'id' | 'status' | 'stage' | 'rep' | 'customer' | 'source' | 'type', { codes: Int32Array; labels: string[] }>;
}

/** A Date column to UTC day numbers (NaN for anything else). */
function dateColumn(grid: readonly (readonly unknown[])[], col: number): Float64Array {
  const n = grid.length - 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = grid[i + 1][col];
    out[i] = c instanceof Date ? Math.floor(c.getTime() / DAY_MS) : NaN;
  }
  return out;
}

/** A number column to a Float64Array (NaN for anything else). */
function numberColumn(grid: readonly (readonly unknown[])[], col: number): Float64Array {
  const n = grid.length - 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = grid[i + 1][col];
    out[i] = typeof c === 'number' ? c : NaN;
  }
  return out;
}

/** A text column dictionary-coded through a Map: each distinct string (blanks included) gets the next code. */
function textColumn(grid: readonly (readonly unknown[])[], col: number): { codes: Int32Array; labels: string[] } {
  const n = grid.length - 1;
  const codes = new Int32Array(n);
  const labels: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const s = grid[i + 1][col] as string;
    let code = index.get(s);
    if (code === undefined) {
      code = labels.length;
      labels.push(s);
      index.set(s, code);
    }
    codes[i] = code;
  }
  return { codes, labels };
}

/**
 * Ids coded per row, as `readDeals` codes them (ids are unique, so the next code is the row's): the floor without
 * its most expensive dictionary, for the stricter, informative ratio.
 */
function idColumn(grid: readonly (readonly unknown[])[], col: number): { codes: Int32Array; labels: string[] } {
  const n = grid.length - 1;
  const codes = new Int32Array(n);
  const labels: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = grid[i + 1][col] as string;
    codes[i] = i;
  }
  return { codes, labels };
}

/**
 * The floor: the generated grid read column by column at fixed indexes, with no validation. As the issue defines it,
 * every text column is dictionary-coded through a Map, ids included; `idsPerRow` codes ids per row instead.
 */
export function readMinimal(grid: readonly (readonly unknown[])[], idsPerRow = false): MinimalTable {
  return {
    n: grid.length - 1,
    dates: { created: dateColumn(grid, COL.created), qualified: dateColumn(grid, COL.qualified), closed: dateColumn(grid, COL.closed) },
    numbers: { amount: numberColumn(grid, COL.amount), cost: numberColumn(grid, COL.cost), probability: numberColumn(grid, COL.probability) },
    labels: {
      id: idsPerRow ? idColumn(grid, COL.id) : textColumn(grid, COL.id), status: textColumn(grid, COL.status), stage: textColumn(grid, COL.stage),
      rep: textColumn(grid, COL.rep), customer: textColumn(grid, COL.customer), source: textColumn(grid, COL.source), type: textColumn(grid, COL.type),
    },
  };
}

const readFull = (grid: unknown[][]) => readDeals(grid, { timeZone: 'UTC', now: SAMPLE_NOW });

/** Wall-clock and CPU milliseconds of one call (CPU: this process's user + system time, every thread, the GC's included). */
function timed(fn: () => unknown): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

/** The readers compared, in the order of a round; the next round runs them in the opposite order. */
const READERS = ['minimal', 'readDeals', 'ids per row'] as const;
type Reader = (typeof READERS)[number];

/** The readers' times on one grid: a warm-up of each, then `rounds` rounds, each reader once per round. */
function measure(rows: number, rounds: number, seed: number): Record<Reader, { wall: number[]; cpu: number[] }> {
  const grid = generateDeals({ rows, seed });
  const run: Record<Reader, () => unknown> = {
    minimal: () => readMinimal(grid), readDeals: () => readFull(grid), 'ids per row': () => readMinimal(grid, true),
  };
  // Warm-up, and a sanity check that both read every row (and that the generated grid reads without issues).
  const min = readMinimal(grid);
  const full = readFull(grid);
  readMinimal(grid, true);
  if (min.n !== rows || full.n !== rows) throw new Error(`read ${min.n} / ${full.n} rows of ${rows}`);
  if (full.issues.length > 0) throw new Error(`the generated grid has ${full.issues.length} row issues`);
  const out = { minimal: { wall: [], cpu: [] }, readDeals: { wall: [], cpu: [] }, 'ids per row': { wall: [], cpu: [] } } as Record<Reader, { wall: number[]; cpu: number[] }>;
  for (let r = 0; r < rounds; r++) {
    // Alternating order: no reader always runs right after another's garbage, or always first.
    for (const reader of r % 2 === 0 ? READERS : [...READERS].reverse()) {
      const t = timed(run[reader]);
      out[reader].wall.push(t.wall);
      out[reader].cpu.push(t.cpu);
    }
  }
  return out;
}

function main(argv: readonly string[]): void {
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (opt('--sizes') ?? '100000,1000000').split(',').map(Number);
  const rounds = Number(opt('--rounds') ?? 5);
  const seed = Number(opt('--seed') ?? 42);
  console.log(
    `\nreading near its floor (issue 11): readDeals(grid, { timeZone: 'UTC', now }) against a minimal columnar reader; ` +
      `node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(2)}, seed ${seed}, ` +
      `medians of ${rounds} alternating rounds after a warm-up\n`,
  );
  const head = ['rows', 'minimal ms', 'readDeals ms', 'ratio', 'target', 'CPU ms: minimal', 'readDeals', 'ratio', 'ids per row ms', 'ratio'];
  const widths = head.map((h, i) => (i === 0 ? 11 : Math.max(h.length, 7)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  let missed = false;
  const notes: string[] = [];
  for (const rows of sizes) {
    const t = measure(rows, rounds, seed);
    const m = (r: Reader, k: 'wall' | 'cpu'): number => median(t[r][k]);
    const ratio = m('readDeals', 'wall') / m('minimal', 'wall');
    if (rows === 1_000_000 && ratio > TARGET) missed = true;
    console.log(line([
      rows.toLocaleString('en-US'), m('minimal', 'wall').toFixed(1), m('readDeals', 'wall').toFixed(1), ratio.toFixed(2), `≤ ${TARGET}`,
      m('minimal', 'cpu').toFixed(1), m('readDeals', 'cpu').toFixed(1), (m('readDeals', 'cpu') / m('minimal', 'cpu')).toFixed(2),
      m('ids per row', 'wall').toFixed(1), (m('readDeals', 'wall') / m('ids per row', 'wall')).toFixed(2),
    ]));
    const runs = (r: Reader): string => t[r].wall.map((x) => x.toFixed(0)).join(', ');
    notes.push(`${rows.toLocaleString('en-US')} rows, wall ms per run: minimal ${runs('minimal')}; readDeals ${runs('readDeals')}; ids per row ${runs('ids per row')}`);
  }
  console.log('');
  for (const note of notes) console.log(note);
  console.log(`\ntarget: ${missed ? 'MISSED' : 'met   '} 1M rows, readDeals / minimal ≤ ${TARGET} (wall-clock medians)`);
  const busy = os.loadavg()[0] > os.cpus().length;
  console.log(`load average at the end ${os.loadavg()[0].toFixed(2)}${busy ? ': above the CPU count, other processes shared the machine' : ''}`);
}

// Run as a script (`tsx bench/readFloor.ts`); importing it only gives `readMinimal`.
if (process.argv[1] && /readFloor\.ts$/.test(process.argv[1])) main(process.argv.slice(2));
