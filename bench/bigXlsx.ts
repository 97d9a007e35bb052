/**
 * `npx tsx bench/bigXlsx.ts`: a big XLSX deal table through the local command. Writes 1 000 000 generated deals
 * (bench/generate.ts) to an XLSX in a temporary folder with ExcelJS's streaming WorkbookWriter, then times, each in a
 * child process of its own so that its peak RSS is its own:
 * - read: `readXlsxTable` (streamed, the file being over 5 MB) and `readDeals` on its grid;
 * - canonical: `sales-kpi canonical <file> -o canonical.csv` as the command runs it (main of src/local/cli.ts), its
 *   progress lines on stderr;
 * - with `--summary`: `sales-kpi <file> --live -o summary.xlsx` too;
 * - with `--loaded`: the in-memory reader (`streaming: false`) as well, for comparison (keep --rows small: it takes
 *   about 6 GB per million rows).
 *
 * Options: `--rows 200000` (default 1 000 000), `--seed 7` (default 42), `--file deals.xlsx` (read that file instead of
 * writing one), `--keep` (leave the temporary folder). `--child <mode> <file>` runs one measurement in this process
 * and prints it as JSON.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { readDeals } from '../src/engine/read';
import { main as salesKpi } from '../src/local/cli';
import { XLSX_TIME_ZONE, readXlsxTable } from '../src/local/readXlsx';
import { streamsXlsx } from '../src/local/readXlsxStream';
import { COL, DEAL_HEADER, SAMPLE_NOW, generateDeals } from './generate';

/** One measurement, as a child reports it. */
interface Measured {
  readonly mode: string;
  readonly ms: number;
  readonly peakRssMb: number;
  readonly rows?: number;
  readonly bytes?: number;
  readonly note?: string;
}

const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** Writes `rows` generated deals with the streaming writer: dates date-formatted, text in the shared strings table. */
async function writeDeals(file: string, rows: number, seed: number): Promise<Measured> {
  const t0 = performance.now();
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = writer.addWorksheet('Deals');
  const dateColumns = [COL.created, COL.qualified, COL.closed];
  ws.columns = DEAL_HEADER.map((_, i) => ({ key: String(i), style: dateColumns.includes(i as 1 | 2 | 3) ? { numFmt: 'yyyy-mm-dd' } : {} }));
  // A million rows at once would hold the whole table; generate it in slices of one seed each.
  const slice = 100_000;
  ws.addRow([...DEAL_HEADER]).commit();
  for (let done = 0; done < rows; done += slice) {
    const part = generateDeals({ rows: Math.min(slice, rows - done), seed: seed + done });
    for (let i = 1; i < part.length; i++) {
      const deal = part[i];
      deal[COL.id] = `D-${String(done + i).padStart(7, '0')}`;
      ws.addRow(deal).commit();
    }
  }
  ws.commit();
  await writer.commit();
  return { mode: 'write', ms: performance.now() - t0, peakRssMb: peakRssMb(), rows, bytes: statSync(file).size };
}

/** Reads the file as the command does (or loaded whole) and reads its grid into a DealTable. */
async function readFile(file: string, streaming: boolean | undefined): Promise<Measured> {
  const t0 = performance.now();
  const x = await readXlsxTable(file, {
    streaming, onRows: (n) => process.stderr.write(`  read ${n.toLocaleString('en-US')} rows after ${((performance.now() - t0) / 1000).toFixed(1)} s\n`),
  });
  const readMs = performance.now() - t0;
  const table = readDeals(x.values, { timeZone: XLSX_TIME_ZONE, headerRow: x.headerRow, now: SAMPLE_NOW });
  const ms = performance.now() - t0;
  return {
    mode: streaming === false ? 'loaded' : 'read', ms, peakRssMb: peakRssMb(), rows: table.n,
    note: `${streaming === false ? 'in memory' : streamsXlsx(statSync(file).size) ? 'streamed' : 'in memory'}; grid ${(readMs / 1000).toFixed(1)} s, readDeals ${((ms - readMs) / 1000).toFixed(1)} s`,
  };
}

/** Runs the command on the file, its stderr passed through; stdout's last line is the note. */
async function runCommand(mode: 'canonical' | 'summary', file: string, dir: string): Promise<Measured> {
  const output = path.join(dir, mode === 'canonical' ? 'canonical.csv' : 'summary.xlsx');
  const args = mode === 'canonical' ? ['canonical', file, '-o', output, '--tz', 'UTC'] : [file, '--live', '-o', output, '--tz', 'UTC'];
  let stdout = '';
  const t0 = performance.now();
  const code = await salesKpi(args, { stdout: (t) => { stdout += t; }, stderr: (t) => process.stderr.write(`  ${t}`), color: false, now: SAMPLE_NOW });
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`sales-kpi ${args.join(' ')} exited with ${code}`);
  const lines = stdout.trim().split('\n');
  return { mode, ms, peakRssMb: peakRssMb(), bytes: statSync(output).size, note: mode === 'canonical' ? lines[0] : lines[lines.length - 1] };
}

/** One measurement in a child process of its own. */
function inChild(args: readonly string[]): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', ...args], { execArgv: process.execArgv });
    let result: Measured | undefined;
    child.on('message', (m) => { result = m as Measured; });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`${args[0]} exited with code ${code}`))));
  });
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

async function main(argv: readonly string[]): Promise<void> {
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const child = argv.indexOf('--child');
  if (child >= 0) {
    const [mode, file, extra] = argv.slice(child + 1);
    const result = mode === 'write' ? await writeDeals(file, Number(extra), Number(opt('--seed') ?? 42))
      : mode === 'read' ? await readFile(file, undefined)
      : mode === 'loaded' ? await readFile(file, false)
      : await runCommand(mode as 'canonical' | 'summary', file, extra ?? path.dirname(file));
    if (process.send) process.send(result);
    else console.log(JSON.stringify(result, null, 2));
    return;
  }
  const rows = Number(opt('--rows') ?? 1_000_000);
  const seed = Number(opt('--seed') ?? 42);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sales-kpi-big-xlsx-'));
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(2)}, folder ${dir}`);
  try {
    let file = opt('--file');
    if (!file) {
      file = path.join(dir, 'deals.xlsx');
      process.stderr.write(`writing ${rows.toLocaleString('en-US')} deals to ${file}…\n`);
      const w = await inChild(['write', file, String(rows), '--seed', String(seed)]);
      console.log(`write      ${seconds(w.ms).padStart(8)}  peak RSS ${w.peakRssMb.toFixed(0).padStart(5)} MB  ${megabytes(w.bytes ?? 0)} XLSX, ${rows.toLocaleString('en-US')} deals`);
    }
    const modes = ['read', 'canonical', ...(argv.includes('--summary') ? ['summary'] : []), ...(argv.includes('--loaded') ? ['loaded'] : [])];
    for (const mode of modes) {
      process.stderr.write(`${mode}…\n`);
      const m = await inChild([mode, file, dir]);
      console.log(`${mode.padEnd(10)} ${seconds(m.ms).padStart(8)}  peak RSS ${m.peakRssMb.toFixed(0).padStart(5)} MB  ${m.note ?? ''}${m.bytes ? ` (${megabytes(m.bytes)})` : ''}`);
    }
    console.log(`load average ${os.loadavg()[0].toFixed(2)} at the end (above ${os.cpus().length}, other processes shared the machine)`);
  } finally {
    if (argv.includes('--keep')) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
