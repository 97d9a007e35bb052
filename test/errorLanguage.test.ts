/**
 * The custom functions' #ERROR! messages in the spreadsheet's language, through the built files: dist/Code.js and
 * dist/Server.js evaluated in a fresh realm holding the Spreadsheet stand-in, as Apps Script evaluates every file of
 * the project. The Russian table is in Server.js only; Code.js asks for it when a call fails in a Russian spreadsheet.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST, build } from '../scripts/build';
import { fakeSheets } from './addon/fakeSheets';

const ROOT = join(__dirname, '..');
const NOW = Date.UTC(2025, 0, 1, 9);

/** The newest modification time of the sources the two files are built from. */
function newestSource(dir = join(ROOT, 'src')): number {
  let newest = statSync(join(ROOT, 'scripts/build.ts')).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let CODE = '';
let SERVER = '';

beforeAll(async () => {
  const files = [join(DIST, 'Code.js'), join(DIST, 'Server.js')];
  if (files.some((f) => !existsSync(f) || statSync(f).mtimeMs < newestSource())) await build();
  [CODE, SERVER] = files.map((f) => readFileSync(f, 'utf8'));
}, 60_000);

/** A deal table as a sheet holds it, dates typed as text: March 2024, one won and one lost deal. */
const DEALS = [
  ['Closed', 'Amount', 'Status'],
  ['2024-03-05', 100, 'won'],
  ['2024-03-06', 50, 'lost'],
];

/** Code.js, and Server.js unless left out, evaluated in a realm holding a spreadsheet whose locale is `locale`. */
function realm(locale: string, withServer = true): vm.Context {
  const fake = fakeSheets({ sheets: [{ name: 'Deals', values: DEALS }], locale });
  const context = vm.createContext({ ...fake.globals });
  vm.runInContext(`Date.now = function () { return ${NOW}; };`, context);
  vm.runInContext(CODE, context, { filename: 'Code.js' });
  if (withServer) vm.runInContext(SERVER, context, { filename: 'Server.js' });
  return context;
}

/** A custom function called by its global name, as Sheets calls it: its value, or the #ERROR! message it shows. */
function cell(context: vm.Context, name: string, ...args: unknown[]): { value: unknown } | { error: string } {
  const fn = (context as Record<string, unknown>)[name] as (...a: unknown[]) => unknown;
  try {
    return { value: fn(...args) };
  } catch (e) {
    // Sheets shows an Error's message; anything else thrown would show as junk.
    if (!(e instanceof (vm.runInContext('Error', context) as ErrorConstructor))) return { error: `not an Error: ${String(e)}` };
    return { error: (e as Error).message };
  }
}

describe('custom-function errors through Code.js and Server.js', () => {
  it('are Russian in a Russian spreadsheet and English in an English one', () => {
    const ru = realm('ru_RU');
    const en = realm('en_US');
    expect(cell(ru, 'WIN_RATE', DEALS, '2024-13')).toEqual({ error: 'WIN_RATE: период «2024-13»: месяца 13 не бывает' });
    expect(cell(en, 'WIN_RATE', DEALS, '2024-13')).toEqual({ error: 'WIN_RATE: period "2024-13": there is no month 13' });
    expect(cell(ru, 'WIN_RATE', DEALS, '2023-01')).toEqual({ error: 'WIN_RATE: нет выигранных или проигранных сделок, закрытых в 2023-01' });
    expect(cell(en, 'WIN_RATE', DEALS, '2023-01')).toEqual({ error: 'WIN_RATE: no won or lost deals closed in 2023-01' });
    expect(cell(ru, 'KPI', 'sales_cycle', DEALS)).toEqual({
      error: 'KPI: SALES_CYCLE: в таблице сделок нет столбца «дата создания» (`created`; искали: created, created at, created date, ' +
        'date created, lead date, дата создания, создана, дата лида, дата обращения)',
    });
    // Values are the same in both: 1 won of 2 decided deals.
    expect(cell(ru, 'WIN_RATE', DEALS, '2024-03')).toEqual({ value: 0.5 });
    expect(cell(en, 'WIN_RATE', DEALS, '2024-03')).toEqual({ value: 0.5 });
  });

  it('do not evaluate Server.js for a call that succeeds, even in a Russian spreadsheet', () => {
    const ru = realm('ru_RU');
    cell(ru, 'WIN_RATE', DEALS, '2024-03');
    expect(vm.runInContext('SalesKpiServer_', ru)).toBeNull();
    cell(ru, 'WIN_RATE', DEALS, '2024-13');
    expect(vm.runInContext('SalesKpiServer_ === null', ru)).toBe(false);
  });

  it('stay English in a Russian spreadsheet when Server.js is not there', () => {
    expect(cell(realm('ru_RU', false), 'WIN_RATE', DEALS, '2024-13')).toEqual({ error: 'WIN_RATE: period "2024-13": there is no month 13' });
  });

  it('come from a table that is in Server.js and not in Code.js', () => {
    for (const phrase of ['не бывает', 'выигранных или проигранных сделок', 'не задан аргумент', 'со строкой заголовков']) {
      expect(SERVER.includes(phrase), phrase).toBe(true);
      expect(CODE.includes(phrase), phrase).toBe(false);
    }
  });
});
