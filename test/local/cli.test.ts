import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePeriodText } from '../../src/engine/period';
import { USAGE, main, parseCommandLine, type CliIo } from '../../src/local/cli';
import { NOW } from '../helpers';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LAUNCHER = join(ROOT, 'bin', 'sales-kpi.js');

/** The §7 reference deals: March 2024 — 8 won totalling 400 000, 2 lost; February — 5 won totalling 250 000. */
const CSV = [
  'Deal ID,Created,Closed,Amount,Status,Rep,Customer',
  ...[30000, 40000, 45000, 50000, 50000, 55000, 60000, 70000].map((a, i) => `M${i + 1},2024-02-20,2024-03-0${i + 2},${a},won,Anna,C${i + 1}`),
  'L1,2024-02-25,2024-03-10,20000,lost,Boris,C20',
  'L2,2024-03-01,2024-03-20,10000,lost,Anna,C21',
  ...[40000, 45000, 50000, 55000, 60000].map((a, i) => `F${i + 1},2024-01-15,2024-02-0${i + 5},${a},won,Boris,C${i + 1}`),
].join('\n') + '\n';

interface Spawned {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the launcher as a user would, from the repository root. */
function spawn(args: readonly string[]): Promise<Spawned> {
  return new Promise((resolve) => {
    execFile(process.execPath, [LAUNCHER, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `main` in this process at `now`, capturing what it prints. */
async function runMain(args: readonly string[], now = NOW): Promise<Spawned> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, color: false, now };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

let dir: string;
let csv: string;
let output: string;
// The launcher's runs start together: each spends most of its time starting tsx.
let runs: Promise<{ help: Spawned; missing: Spawned; badPeriod: Spawned; good: Spawned }>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sales-kpi-cli-'));
  csv = join(dir, 'deals.csv');
  writeFileSync(csv, CSV);
  output = join(dir, 'out', 'summary.xlsx');
  runs = Promise.all([
    spawn(['--help']),
    spawn([join(dir, 'nowhere.csv')]),
    spawn([csv, '--period', '2024-W60']),
    spawn([csv, '-o', output, '--tz', 'UTC']),
  ]).then(([help, missing, badPeriod, good]) => ({ help, missing, badPeriod, good }));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the sales-kpi launcher', () => {
  it('--help prints the usage with every option and exits 0', async () => {
    const { help } = await runs;
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(USAGE);
    for (const option of ['--period', '--granularity', '--plan', '--spend', '--locale', '--live', '-o, --output', '--sheet', '--tz', '--help']) {
      expect(help.stdout).toContain(option);
    }
  });

  it('a missing file: exit 2 and one line naming the file', async () => {
    const { missing } = await runs;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`sales-kpi: cannot read the deal table ${join(dir, 'nowhere.csv')}: no such file\n`);
    expect(missing.stdout).toBe('');
  });

  it("a bad --period: exit 2 with the engine's message", async () => {
    const { badPeriod } = await runs;
    const engine = (() => { try { parsePeriodText('2024-W60'); } catch (e) { return (e as Error).message; } return ''; })();
    expect(engine).toBe('period "2024-W60": 2024 has ISO weeks 1 to 52');
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toBe(`sales-kpi: ${engine}\n`);
  });

  it('a good run prints the overview table and the output path, and writes the workbook', async () => {
    const { good } = await runs;
    // stderr may only carry progress lines (a loaded machine can take over a second), never an error.
    expect(good.stderr).not.toContain('sales-kpi:');
    expect(good.code).toBe(0);
    expect(existsSync(output)).toBe(true);
    const lines = good.stdout.split('\n');
    expect(lines[0]).toBe('KPI summary for 2024-03 (the last whole month with data)');
    expect(lines[2]).toMatch(/^KPI\s+Value: 2024-03\s+Previous: 2024-02\s+Change\s+Trend\s+Target\s+Status$/);
    expect(lines[3]).toMatch(/^-+( +-+)+$/);
    // 400 000 against 250 000: +60 %, up. Win rate 8 / 10 = 80 %; in February 5 / 5 = 100 %, so −20 points.
    expect(good.stdout).toMatch(/^Sales volume +400,000\.00 +250,000\.00 +60\.0% +▲$/m);
    expect(good.stdout).toMatch(/^Win rate +80\.0% +100\.0% +-20\.0 pp +▼$/m);
    expect(good.stdout).toContain('15 rows read, 15 used, 0 with issues\n');
    expect(good.stdout.endsWith(`Written to ${output} (sheet "KPI summary")\n`)).toBe(true);
  });
});

describe('main (in process)', () => {
  it('rejects an unknown option, a missing value, no file and two files with exit 2', async () => {
    expect(await runMain(['--frobnicate', csv])).toEqual({ code: 2, stdout: '', stderr: 'sales-kpi: unknown option --frobnicate (see --help)\n' });
    expect((await runMain([csv, '--period'])).stderr).toBe('sales-kpi: --period needs a value (see --help)\n');
    expect(await runMain([])).toMatchObject({ code: 2, stderr: 'sales-kpi: no deal table given: sales-kpi <deals.csv | deals.xlsx> [options]\n' });
    expect(await runMain(['a.csv', 'b.csv'])).toMatchObject({ code: 2, stderr: 'sales-kpi: one deal table at a time, got 2: a.csv, b.csv\n' });
  });

  it('rejects a bad granularity and locale with exit 2, before reading anything', async () => {
    const g = await runMain([join(dir, 'nowhere.csv'), '--granularity', 'fortnight']);
    expect(g).toMatchObject({ code: 2, stderr: 'sales-kpi: --granularity "fortnight" must be one of day, week, month, quarter, year\n' });
    const l = await runMain([csv, '--locale', 'fr']);
    expect(l).toMatchObject({ code: 2, stderr: 'sales-kpi: --locale "fr" must be en or ru\n' });
  });

  it('--fiscal-year-start: FY periods and fiscal quarters; a month that is none is refused before reading anything', async () => {
    // A March year: FY2024-Q4 is December 2023 – February 2024 (February's 250 000), FY2025-Q1 March–May 2024 (400 000).
    const r = await runMain([csv, '-o', join(dir, 'fy.xlsx'), '--fiscal-year-start', '3', '--period', 'FY2025-Q1', '--granularity', 'quarter']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[2]).toMatch(/^KPI\s+Value: FY2025-Q1\s+Previous: FY2024-Q4\s/);
    expect(r.stdout).toMatch(/^Sales volume +400,000\.00 +250,000\.00 /m);
    for (const bad of ['13', 'April', '0', '']) {
      const b = await runMain([join(dir, 'nowhere.csv'), '--fiscal-year-start', bad]);
      expect(b, bad).toMatchObject({
        code: 2, stderr: `sales-kpi: --fiscal-year-start "${bad}" must be the number of the month the fiscal year starts with, 1..12 (4 for April)\n`,
      });
    }
  });

  it('refuses -o equal to the input with exit 2', async () => {
    const r = await runMain([csv, '-o', csv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is an input file');
  });

  it('without --period takes the last whole month with data as of today in --tz, and says it chose it', async () => {
    // Today 2024-03-25 in UTC: March (latest date 2024-03-20) is still running, so February, against January.
    const feb = await runMain([csv, '-o', join(dir, 'feb.xlsx'), '--tz', 'UTC'], Date.UTC(2024, 2, 25, 12));
    expect(feb.code).toBe(0);
    const lines = feb.stdout.split('\n');
    expect(lines[0]).toBe('KPI summary for 2024-02 (the last whole month with data)');
    expect(lines[2]).toMatch(/^KPI\s+Value: 2024-02\s+Previous: 2024-01\s/);
    // February's 5 won deals: 40 000 + 45 000 + 50 000 + 55 000 + 60 000 = 250 000.
    expect(feb.stdout).toMatch(/^Sales volume +250,000\.00 /m);
    // The same instant as 21:00 on 31 March in UTC is 1 April in Moscow: March has ended.
    const march = await runMain([csv, '-o', join(dir, 'march.xlsx'), '--tz', 'Europe/Moscow'], Date.UTC(2024, 2, 31, 21));
    expect(march.stdout.split('\n')[0]).toBe('KPI summary for 2024-03 (the last whole month with data)');
    expect(march.stdout).toMatch(/^Sales volume +400,000\.00 +250,000\.00 /m);
  });

  it('says which CRM export it recognised, and reads each as it comes', async () => {
    const exports: [string, string][] = [
      ['hubspot-deals.csv', 'The deal table is a HubSpot export'], ['salesforce-opportunities.csv', 'The deal table is a Salesforce export'],
      ['pipedrive-deals.csv', 'The deal table is a Pipedrive export'], ['zoho-deals.csv', 'The deal table is a Zoho CRM export'],
      ['amocrm-leads.csv', 'Таблица сделок — выгрузка amoCRM / Kommo'], ['bitrix24-deals.csv', 'Таблица сделок — выгрузка Bitrix24'],
      ['bitrix24-deals-en.xls', 'The deal table is a Bitrix24 export'],
    ];
    for (const [file, line] of exports) {
      const r = await runMain([join(ROOT, 'examples', 'crm', file), '-o', join(dir, `${file}.xlsx`), '--period', '2024-Q2', '--tz', 'UTC'], Date.UTC(2024, 8, 1));
      expect(r.code, file).toBe(0);
      expect(r.stdout.split('\n')[1], file).toMatch(new RegExp(`^${line}`));
      // The won rows of canonical.csv closed from 2024-04-01 to 2024-06-30: 14, the same in every export.
      expect(r.stdout, file).toMatch(/^(Deals won|Выигранные сделки) +14 /m);
    }
    // The canonical table is no CRM's export: no such line.
    const plain = await runMain([join(ROOT, 'examples', 'crm', 'canonical.csv'), '-o', join(dir, 'canonical.xlsx'), '--period', '2024-Q2'], Date.UTC(2024, 8, 1));
    expect(plain.stdout.split('\n')[1]).toBe('');
    expect(plain.stdout).toMatch(/^Deals won +14 /m);
  });

  it('refuses a binary .xls workbook with exit 2, asking for .xlsx or CSV', async () => {
    const xls = join(dir, 'old.xls');
    writeFileSync(xls, Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(await runMain([xls, '-o', join(dir, 'old.xlsx')])).toMatchObject({
      code: 2, stderr: `sales-kpi: the deal table ${xls}: .xls workbooks are not read; save it as .xlsx or .csv\n`,
    });
  });

  it('parses -o as --output and --live as a flag', () => {
    expect(parseCommandLine(['d.csv', '-o', 'x.xlsx', '--live'])).toMatchObject({ help: false, input: 'd.csv', values: { output: 'x.xlsx', live: true } });
    expect(parseCommandLine(['-h'])).toEqual({ help: true });
  });
});
