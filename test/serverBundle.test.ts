/**
 * dist/Code.js and dist/Server.js as Apps Script runs them: both files evaluated in a fresh realm holding the strict
 * Spreadsheet stand-in, every server, trigger and menu function called by its global name, and its answers compared
 * with the same calls made on src/ over an identical stand-in.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIST, SERVER_LOADER, build } from '../scripts/build';
import * as server from '../src/addon/server';
import { insertTemplate } from '../src/addon/template';
import { SIDEBAR_FUNCTIONS } from '../src/addon/serverIndex';
import { MENU_ITEMS } from '../src/addon/menu';
import { fakeSheets, type FakeSheets } from './addon/fakeSheets';
import { d, grid } from './helpers';

const NOW = Date.UTC(2025, 5, 10, 12);
/** May 2025: Anna won 1 000, Boris won 2 000 and lost 500; row 5's amount is unreadable. */
const DEALS = grid(['Created', 'Closed', 'Amount', 'Status', 'Rep'], [
  [d('2025-04-01'), d('2025-05-02'), 1000, 'won', 'Anna'],
  [d('2025-04-02'), d('2025-05-03'), 2000, 'won', 'Boris'],
  [d('2025-04-03'), d('2025-05-04'), 500, 'lost', 'Boris'],
  [d('2025-04-04'), d('2025-05-05'), 'n/a', 'won', 'Anna'],
]);

let CODE = '';
let SERVER = '';
let MODELS = '';

beforeAll(async () => {
  const code = join(DIST, 'Code.js');
  const serverJs = join(DIST, 'Server.js');
  const stale = (p: string) => !existsSync(p) || statSync(p).mtimeMs < statSync(join(__dirname, '../src/addon/server.ts')).mtimeMs;
  if (stale(code) || stale(serverJs)) await build();
  CODE = readFileSync(code, 'utf8');
  SERVER = readFileSync(serverJs, 'utf8');
  MODELS = readFileSync(join(DIST, 'Models.js'), 'utf8');
}, 60_000);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** A fresh stand-in with the deal sheet. */
function stand(): FakeSheets {
  return fakeSheets({ sheets: [{ name: 'Deals', values: DEALS }], activeSheet: 'Deals', activeRange: 'A1:E5' });
}

/** The script files evaluated, in Apps Script's order, in a realm holding only the stand-in's services and a fixed clock. */
function realm(fake: FakeSheets): vm.Context {
  const context = vm.createContext({ ...fake.globals, console });
  vm.runInContext(`Date.now = function () { return ${NOW}; };`, context);
  vm.runInContext(CODE, context, { filename: 'Code.js' });
  vm.runInContext(SERVER, context, { filename: 'Server.js' });
  vm.runInContext(MODELS, context, { filename: 'Models.js' });
  return context;
}

/** Calls a global function of the realm; the result as JSON (as google.script.run carries it), or the error's message. */
function inRealm(context: vm.Context, name: string, ...args: unknown[]): unknown {
  const fn = (context as Record<string, unknown>)[name] as (...a: unknown[]) => unknown;
  try {
    return { value: JSON.parse(JSON.stringify(fn(...args) ?? null)) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The same call on src/ over an identical stand-in. */
function onSource(name: string, ...args: unknown[]): unknown {
  const fake = stand();
  for (const [k, v] of Object.entries(fake.globals)) vi.stubGlobal(k, v);
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  try {
    return { value: JSON.parse(JSON.stringify((server as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args) ?? null)) };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  }
}

describe('Server.js', () => {
  it('defines only its loader, and runs nothing until a server function is called', () => {
    const context = realm(stand());
    expect(vm.runInContext('SalesKpiServer_', context)).toBeNull();
    expect(typeof (context as Record<string, unknown>)[SERVER_LOADER]).toBe('function');
    inRealm(context, 'sidebarState');
    expect(vm.runInContext('SalesKpiServer_ === null', context)).toBe(false);
  });
  it('every sidebar function is a top-level function of Code.js', () => {
    const context = vm.createContext({});
    vm.runInContext(CODE, context);
    for (const f of SIDEBAR_FUNCTIONS) expect(vm.runInContext(`typeof ${f.name}`, context)).toBe('function');
  });
});

describe('the server functions through the built files give what src/ gives', () => {
  it('sidebarState', () => {
    expect(inRealm(realm(stand()), 'sidebarState')).toEqual(onSource('sidebarState'));
  });
  it('inspectTable, with and without a mapping, and for a missing sheet', () => {
    const context = realm(stand());
    expect(inRealm(context, 'inspectTable', { sheet: 'Deals' })).toEqual(onSource('inspectTable', { sheet: 'Deals' }));
    expect(inRealm(context, 'inspectTable', { sheet: 'Deals' }, { rep: null })).toEqual(onSource('inspectTable', { sheet: 'Deals' }, { rep: null }));
    expect(inRealm(context, 'inspectTable', { sheet: 'Nope' })).toEqual({ error: 'There is no sheet named "Nope" for the deal table: pick another sheet.' });
  });
  it('buildSummary writes the same summary, and explainCell and selectRow then work on it', () => {
    const fake = stand();
    const context = realm(fake);
    const options = { table: { sheet: 'Deals' }, locale: 'en', live: true };
    const built = inRealm(context, 'buildSummary', options) as { value: { sheet: string; rowsUsed: number } };
    expect(built).toEqual(onSource('buildSummary', options));
    expect(built.value).toMatchObject({ sheet: 'KPI summary', rowsRead: 4, rowsUsed: 3, period: '2025-05' });
    const row = fake.spreadsheet.values('KPI summary').findIndex((r) => r[0] === 'Sales volume') + 1;
    // A live formula over the deal sheet itself (the stand-in does not compute formulas; explainCell gives the value).
    expect(fake.spreadsheet.cell('KPI summary', `B${row}`).formula).toMatch(/^=SUMIFS\('Deals'!\$C\$2:\$C\$5,/);
    expect(inRealm(context, 'explainCell', { sheet: 'KPI summary', a1: `B${row}` })).toMatchObject({ value: { kpi: 'sales_volume', value: 3000, rows: [2, 3] } });
    inRealm(context, 'selectRow', 'Deals', 3);
    expect(fake.spreadsheet.activeRange()).toEqual({ sheet: 'Deals', a1: 'A3:E3' });
  });
  it('the triggers and every menu item: menu, sidebar, rebuild, explain, template, help', () => {
    const fake = stand();
    const context = realm(fake);
    inRealm(context, 'onOpen', { authMode: 'NONE' });
    inRealm(context, 'onInstall', { authMode: 'FULL' });
    expect(fake.ui.menus.map((m) => m.items)).toEqual([0, 1].map(() => MENU_ITEMS.map((i) => ({ caption: i.caption.en, functionName: i.functionName }))));
    for (const item of MENU_ITEMS) expect(inRealm(context, item.functionName)).toEqual({ value: null });
    expect(fake.ui.sidebars).toHaveLength(1);
    expect(fake.ui.alerts).toEqual([
      'Build a summary from the sidebar first.',
      'Template added: sheets "Deals (2)", "Plan", "Spend", "KPI", "Lists". "Deals (2)" holds 28 sample deals dated around today, ' +
        'and "KPI" shows their KPIs for this month. Delete them and enter your own deals.',
    ]);
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals', 'Deals (2)', 'Plan', 'Spend', 'KPI', 'Lists']);
    expect(fake.ui.dialogs.map((x) => x.title)).toEqual(['KPI explained', 'Sales KPI functions']);
  });
});

describe('insertTemplate through the built files', () => {
  it('adds what src/ adds: the same sheets, cells, dropdowns and named range, the user\'s Deals untouched', () => {
    const fake = stand();
    const built = inRealm(realm(fake), 'insertTemplate', { locale: 'en', sample: true });
    const source = stand();
    for (const [k, v] of Object.entries(source.globals)) vi.stubGlobal(k, v);
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const expected = insertTemplate({ locale: 'en', sample: true });
    vi.unstubAllGlobals();
    vi.useRealTimers();
    expect(built).toEqual({ value: expected });
    expect(expected.sheets).toEqual(['Deals (2)', 'Plan', 'Spend', 'KPI', 'Lists']);
    for (const name of fake.spreadsheet.sheetNames()) {
      expect(fake.spreadsheet.cells(name), name).toEqual(source.spreadsheet.cells(name));
      expect(fake.spreadsheet.dataValidations(name), name).toEqual(source.spreadsheet.dataValidations(name));
    }
    expect(fake.spreadsheet.namedRanges()).toEqual([{ name: 'Deals', sheet: 'Deals (2)', a1: 'A1:M1000' }]);
    expect(fake.spreadsheet.values('Deals')).toEqual(DEALS);
  });
});
