/**
 * dist/Code.js as Apps Script runs it: evaluated in a fresh realm that holds only Apps Script-like
 * globals, each custom function called by its global name with Sheets-shaped arguments built in that
 * realm (as Sheets builds them in the script's), and its results compared with the engine's.
 */
import { parse, type Comment, type Node } from 'acorn';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_GLOBAL, DIST, build, publicNames } from '../scripts/build';
import { SERVER_FUNCTIONS } from '../src/addon/index';
import { SIDEBAR_FUNCTIONS } from '../src/addon/serverIndex';
import { callByName, callKpi, callKpiTable, type CallEnv } from '../src/engine/call';
import { CATALOG } from '../src/engine/catalog';
import { callDealScore } from '../src/engine/dealScore';
import { functionDocs } from '../src/engine/docs';
import type { KpiDef } from '../src/engine/kpi';
import { readCsvTable } from '../src/local/readCsv';
import { crmExamples } from '../scripts/crmExamples';
import { fakeAppsScript, type FakeOptions } from './addon/fakeAppsScript';

const ROOT = join(__dirname, '..');
const CODE_JS = join(DIST, 'Code.js');

/** The newest modification time of the files the bundle is built from. */
function newestSource(dir = join(ROOT, 'src')): number {
  let newest = Math.max(statSync(join(ROOT, 'appsscript.json')).mtimeMs, statSync(join(ROOT, 'scripts/build.ts')).mtimeMs);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Code.js as `npm run build` writes it; built here, in-process, when missing or older than its sources. */
async function codeJs(): Promise<string> {
  if (!existsSync(CODE_JS) || statSync(CODE_JS).mtimeMs < newestSource()) await build();
  return readFileSync(CODE_JS, 'utf8');
}

/** The spreadsheet's zone in these tests: UTC+3 all year, so a local midnight is 21:00 UTC the day before. */
const ZONE = 'Europe/Moscow';
const NOW = Date.UTC(2025, 0, 1, 9);
const ENV: CallEnv = { timeZone: ZONE, now: NOW };

/** A date cell as Sheets passes it from a Moscow spreadsheet: that day's midnight in Moscow. */
function d(iso: string): Date {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - 3 * 3600 * 1000);
}

/** Code.js evaluated in a realm of its own. */
interface Sandbox {
  readonly context: vm.Context;
  readonly fake: ReturnType<typeof fakeAppsScript>;
  /** Copies a host value (arrays, Dates, primitives) into the sandbox's realm, as Sheets would build it there. */
  readonly local: (v: unknown) => unknown;
  /** The sandbox realm's Error. */
  readonly Error: ErrorConstructor;
}

let CODE = '';
/** The project's other script files, which Apps Script evaluates beside Code.js on every call. */
let OTHER_SCRIPTS: { name: string; text: string }[] = [];

/** A fresh realm with only the fake services, a fixed clock, and the built script files loaded, Code.js first. */
function sandbox(options: FakeOptions = { spreadsheetTimeZone: ZONE }): Sandbox {
  const fake = fakeAppsScript(options);
  const context = vm.createContext({ ...fake.globals });
  vm.runInContext(`Date.now = function () { return ${NOW}; };`, context);
  vm.runInContext(CODE, context, { filename: 'Code.js' });
  for (const f of OTHER_SCRIPTS) vm.runInContext(f.text, context, { filename: f.name });
  const LocalArray = vm.runInContext('Array', context) as ArrayConstructor;
  const LocalDate = vm.runInContext('Date', context) as DateConstructor;
  const local = (v: unknown): unknown => {
    if (v instanceof Date) return new LocalDate(v.getTime());
    if (Array.isArray(v)) {
      const a = new LocalArray();
      for (const x of v) a.push(local(x));
      return a;
    }
    return v;
  };
  return { context, fake, local, Error: vm.runInContext('Error', context) as ErrorConstructor };
}

/** A call's outcome, comparable across realms: a result copied to this realm, or the error's message. */
type Outcome = { value: unknown } | { error: string };

function toHost(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toHost);
  if (v === null || typeof v === 'object' || typeof v === 'function') throw new Error(`not a cell value: ${String(v)}`);
  return v;
}

/** Calls a global of the sandbox the way Sheets calls a custom function. */
function inBundle(box: Sandbox, name: string, args: readonly unknown[]): Outcome {
  const fn = (box.context as Record<string, unknown>)[name];
  if (typeof fn !== 'function') return { error: `Code.js has no top-level ${name}` };
  try {
    return { value: toHost(fn(...args.map(box.local))) };
  } catch (e) {
    // Sheets shows a thrown Error's message as #ERROR!; anything else would show as junk.
    if (!(e instanceof box.Error)) return { error: `threw a non-Error: ${String(e)}` };
    return { error: e.message };
  }
}

/** The same call made on the engine directly. */
function direct(f: () => unknown): Outcome {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** A small deterministic random source, so the table is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A deal table as a CRM export would look: two years of deals from three reps and three sources, repeat
 * customers, open deals with probabilities (as fractions and as "60%"), amounts typed as text, a refund,
 * an unreadable amount, a formula error and a blank row.
 */
function realisticDeals(): unknown[][] {
  const rnd = random(20240315);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const day0 = Date.UTC(2023, 0, 1);
  const header = ['Deal ID', 'Created', 'Qualified', 'Close date', 'Amount', 'Cost', 'Status', 'Stage', 'Probability', 'Rep', 'Customer', 'Source', 'Type'];
  const rows: unknown[][] = [];
  const seen = new Set<string>();
  for (let i = 1; i <= 140; i++) {
    const created = day0 + Math.floor(rnd() * 690) * 86400000;
    const r = rnd();
    const status = r < 0.45 ? pick(['won', 'won', 'won', 'Closed Won', 'выиграна']) : r < 0.75 ? pick(['lost', 'lost', 'отказ']) : 'open';
    const isOpen = status === 'open';
    const closed = isOpen ? '' : d(isoOf(Math.min(created + (5 + Math.floor(rnd() * 90)) * 86400000, Date.UTC(2024, 11, 20))));
    const amount = 500 * (10 + Math.floor(rnd() * 190));
    const customer = `C${1 + Math.floor(rnd() * 30)}`;
    const type = seen.has(customer) ? pick(['repeat', 'upsell', 'cross-sell', 'Up-sell', '']) : 'new';
    seen.add(customer);
    rows.push([
      `D${i}`,
      d(isoOf(created)),
      rnd() < 0.6 ? d(isoOf(created + (1 + Math.floor(rnd() * 4)) * 86400000)) : '',
      closed,
      i % 17 === 0 ? amount.toLocaleString('ru-RU').replace(/\s/g, ' ') + ',00' : amount,
      Math.round(amount * (0.4 + rnd() * 0.3)),
      status,
      isOpen ? pick(['Qualification', 'Proposal', 'Negotiation']) : 'Closed',
      isOpen ? (i % 5 === 0 ? `${10 * (2 + Math.floor(rnd() * 7))}%` : Math.round(rnd() * 80 + 10) / 100) : '',
      i === 77 ? '' : pick(['Anna', 'Boris', 'Carla']),
      customer,
      rnd() < 0.1 ? '' : pick(['Ads', 'Referral', 'Web']),
      type,
    ]);
  }
  rows.push(['R1', d('2024-02-01'), '', d('2024-03-05'), -5000, -2000, 'won', 'Closed', '', 'Anna', 'C3', 'Ads', 'repeat']);
  rows.push(['X1', d('2024-01-10'), '', d('2024-03-12'), 'n/a', 100, 'won', 'Closed', '', 'Boris', 'C4', 'Web', 'repeat']);
  rows.push(['X2', d('2024-02-10'), '', d('2024-04-02'), '#N/A', '', 'lost', 'Closed', '', 'Carla', 'C5', 'Web', 'new']);
  rows.push(['', '', '', '', '', '', '', '', '', '', '', '', '']);
  rows.push(['X3', d('2024-05-10'), '', d('2024-06-02'), 42000, 20000, 'won', 'Closed', '', 'Carla', 'C40', 'Referral', 'new']);
  return [header, ...rows];
}

/** Monthly targets per rep for 2024, dated by each month's first day. */
function planTable(): unknown[][] {
  const rows: unknown[][] = [['Month', 'Rep', 'Target']];
  for (let m = 1; m <= 12; m++) {
    for (const rep of ['Anna', 'Boris', 'Carla']) rows.push([d(`2024-${String(m).padStart(2, '0')}-01`), rep, 60000 + 1000 * m]);
  }
  return rows;
}

/** Marketing spend per source, one row per month of 2023 and 2024. */
function spendTable(): unknown[][] {
  const rows: unknown[][] = [['Date', 'Source', 'Amount']];
  for (const y of [2023, 2024]) {
    for (let m = 1; m <= 12; m++) {
      const day = d(`${y}-${String(m).padStart(2, '0')}-15`);
      rows.push([day, 'Ads', 8000], [day, 'Web', 3000], [day, 'Referral', 1000]);
    }
  }
  return rows;
}

const DEALS = realisticDeals();
const PERIODS: unknown[] = ['', '2024', '2024-Q1', '2024-03', '2024-W05', 2024, d('2024-06-15'), [[d('2024-02-01')], [d('2024-04-30')]]];
const GROUP_BYS = ['', 'rep', 'source', 'customer', 'stage', 'type', 'day', 'week', 'month', 'quarter', 'year'];
const OPTION_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  stat: ['median', 'mean', 'mode'],
  weighted: [true, false, 'yes'],
  baseline_period: ['2023', '2023-03', ''],
  method: ['simple', 'bgnbd', 'pareto'],
};
/** Calculator arguments a person might type: counts, money, rates. */
const CALCULATOR_VALUES = [120000, 100000, 0.6, 0.1, 500];

/** Every deal-table call worth comparing for a KPI: each period × group_by, side tables, options, omitted arguments. */
function tableCalls(def: KpiDef): unknown[][] {
  const sides: unknown[][] = def.side === 'plan' ? [[750000], [planTable()]] : def.side === 'spend' ? [[30000], [spendTable()]] : [[]];
  const calls: unknown[][] = [];
  for (const side of sides) {
    calls.push([DEALS, ...side]);
    for (const period of PERIODS) {
      calls.push([DEALS, ...side, period]);
      for (const g of GROUP_BYS) calls.push([DEALS, ...side, period, g]);
      for (const option of def.option ? OPTION_VALUES[def.option.name] : []) {
        for (const g of ['', 'rep', 'month']) calls.push([DEALS, ...side, period, g, option]);
      }
    }
  }
  calls.push([DEALS, ...sides[0], '2024-13'], [DEALS, ...sides[0], '', 'colour'], [[['no header here']]]);
  return calls;
}

/** Calculator calls: all arguments, the required ones only, blanks, a 1×1 range, a non-number, too many. */
function calculatorCalls(def: KpiDef): unknown[][] {
  const params = def.calculator?.params ?? [];
  if (params.length === 0) return [];
  const all = CALCULATOR_VALUES.slice(0, params.length);
  const required = all.slice(0, params.filter((p) => !p.optional).length);
  return [
    all,
    required,
    all.map((v, i) => (params[i].optional ? '' : v)),
    [[[all[0]]], ...all.slice(1)],
    [all[0], 'abc', ...all.slice(2)],
    [...all, 1],
    [all[0], 0, 0, 0, 0].slice(0, params.length),
  ];
}

beforeAll(async () => {
  CODE = await codeJs();
  OTHER_SCRIPTS = ['Server.js', 'Models.js'].map((name) => ({ name, text: readFileSync(join(DIST, name), 'utf8') }));
});

describe('Code.js as a script', () => {
  let ast: Node & { body: Node[] };
  const comments: Comment[] = [];
  beforeAll(() => {
    ast = parse(CODE, { ecmaVersion: 2019, sourceType: 'script', onComment: comments }) as typeof ast;
  });

  it('parses as an ECMAScript 2019 classic script, as Apps Script loads it', () => {
    expect(ast.type).toBe('Program');
  });

  it('holds no module syntax', () => {
    const found: string[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        const type = (n as { type?: unknown }).type;
        if (typeof type === 'string' && /^(Import|Export)|^MetaProperty$/.test(type)) found.push(type);
        for (const v of Object.values(n)) if (v && typeof v === 'object') walk(v);
      }
    };
    walk(ast);
    expect(found).toEqual([]);
    expect(CODE).not.toMatch(/^\s*(export|import)\b/m);
  });

  it('declares at top level exactly the public functions, and only the bundle global besides', () => {
    const functionNames: string[] = [];
    const others: string[] = [];
    for (const s of ast.body as (Node & Record<string, any>)[]) {
      if (s.type === 'FunctionDeclaration') functionNames.push(s.id.name);
      else if (s.type === 'VariableDeclaration') others.push(...s.declarations.map((x: any) => x.id.name));
      else if (!(s.type === 'ExpressionStatement' && s.directive === 'use strict')) others.push(s.type);
    }
    expect(functionNames.sort()).toEqual(
      [...CATALOG.map((k) => k.name), 'KPI', 'KPI_TABLE', 'DEAL_SCORE', 'CLV_PARAMS', 'P_ALIVE', 'EXPECTED_PURCHASES', 'CLV_TABLE', ...SERVER_FUNCTIONS.map((f) => f.name), ...SIDEBAR_FUNCTIONS.map((f) => f.name)].sort(),
    );
    expect(functionNames.sort()).toEqual(publicNames().sort());
    expect(others).toEqual([BUNDLE_GLOBAL]);
    expect(functionNames.filter((n) => n.endsWith('_'))).toEqual([]);
  });

  /** The block comment right before a top-level function, split into lines without the ` * ` gutter. */
  function jsdocOf(name: string): { lines: string[]; params: string[] } {
    const fn = (ast.body as (Node & Record<string, any>)[]).find((s) => s.type === 'FunctionDeclaration' && s.id.name === name);
    if (!fn) throw new Error(`no top-level function ${name}`);
    const c = comments.find((x) => x.type === 'Block' && x.end <= fn.start && CODE.slice(x.end, fn.start).trim() === '');
    if (!c) throw new Error(`${name} has no doc comment`);
    const lines = c.value.split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim()).filter(Boolean);
    return { lines, params: fn.params.map((p: any) => p.name) };
  }

  it.each(functionDocs().map((f) => [f.name, f] as const))('%s has JSDoc with @customfunction and one @param per argument, in order', (name, doc) => {
    const { lines, params } = jsdocOf(name);
    expect(params).toEqual(doc.params.map((p) => p.name));
    const paramLines = lines.filter((l) => l.startsWith('@param'));
    expect(paramLines.map((l) => /^@param \{[^}]+\} (\w+) \S/.exec(l)?.[1])).toEqual(params);
    expect(lines.filter((l) => l === '@customfunction')).toHaveLength(1);
    expect(lines.some((l) => /^@return \{[^}]+\} \S/.test(l))).toBe(true);
    expect(lines[0]).toBe(doc.description.replace(/\s+/g, ' ').trim());
  });

  it.each(SERVER_FUNCTIONS.map((f) => [f.name]))('%s is not offered as a custom function', (name) => {
    expect(jsdocOf(name).lines.join(' ')).not.toContain('@customfunction');
  });

  it('stays under the 150 KB budget of issue #2: every custom function call loads the whole file', () => {
    expect(Buffer.byteLength(CODE)).toBeLessThan(150 * 1000);
  });
});

describe('the sandbox', () => {
  it('has Apps Script-like globals only: no require, process, module or exports', () => {
    const box = sandbox();
    expect(vm.runInContext('[typeof require, typeof process, typeof module, typeof exports, typeof SpreadsheetApp]', box.context))
      .toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'object']);
  });
});

describe('custom functions in Code.js give what the engine gives', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = sandbox();
  });

  it.each(CATALOG.map((def) => [def.name, def] as const))('%s: every period, group_by, option and side table', (name, def) => {
    let values = 0;
    for (const args of tableCalls(def)) {
      const want = direct(() => callKpi(def, args, ENV));
      expect(inBundle(box, name, args), `${name}(${args.slice(1).map((a) => JSON.stringify(a)).join(', ')})`).toEqual(want);
      if ('value' in want) values++;
    }
    // The table has every column, so each KPI must have a value somewhere: else this compared only errors.
    expect(values).toBeGreaterThan(0);
  });

  it.each(CATALOG.filter((def) => def.calculator).map((def) => [def.name, def] as const))('%s: the calculator form', (name, def) => {
    let values = 0;
    for (const args of calculatorCalls(def)) {
      const want = direct(() => callKpi(def, args, ENV));
      expect(inBundle(box, name, args), `${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`).toEqual(want);
      if ('value' in want) values++;
    }
    expect(values).toBeGreaterThan(0);
  });

  it('KPI(name, …) for every catalog name, and an unknown one', () => {
    const calls: unknown[][] = [['nope', DEALS]];
    for (const def of CATALOG) calls.push([def.id, DEALS, '2024-03'], [def.name, DEALS, '', 'rep'], [def.name.toLowerCase(), DEALS, '2024', 'quarter']);
    for (const args of calls) expect(inBundle(box, 'KPI', args)).toEqual(direct(() => callByName(args, ENV)));
  });

  it('KPI_TABLE by every granularity, with a KPI list, and with a bad one', () => {
    const calls: unknown[][] = [[DEALS], [DEALS, ''], [DEALS, 'fortnight'], [DEALS, 'month', 'sales_volume, win_rate'], [DEALS, 'month', [['deals_won'], ['avg_deal']]]];
    for (const g of ['day', 'week', 'month', 'quarter', 'year']) calls.push([DEALS, g]);
    for (const args of calls) expect(inBundle(box, 'KPI_TABLE', args)).toEqual(direct(() => callKpiTable(args, ENV)));
    expect('value' in direct(() => callKpiTable([DEALS], ENV))).toBe(true);
  });

  it('DEAL_SCORE, and its error for a second argument', () => {
    for (const args of [[DEALS], [DEALS, '2024'], [[['Amount'], [5]]]]) {
      expect(inBundle(box, 'DEAL_SCORE', args)).toEqual(direct(() => callDealScore(args, ENV)));
    }
    expect('value' in direct(() => callDealScore([DEALS], ENV))).toBe(true);
  });
});

describe('CRM exports as they come, through Code.js', () => {
  // Each examples/crm/ export as a sheet that imported it holds it (text cells), against the canonical table.
  const exports = Object.entries(crmExamples()).filter(([name]) => name.endsWith('.csv') && name !== 'canonical.csv');
  const canonical = readCsvTable(new TextEncoder().encode(crmExamples()['canonical.csv']));
  const names = ['SALES_VOLUME', 'DEALS_WON', 'DEALS_LOST', 'WIN_RATE', 'PIPELINE_COUNT', 'PIPELINE_VALUE', 'NEW_CUSTOMERS'];
  it.each(exports)('%s gives the canonical table\'s numbers', (name, text) => {
    const box = sandbox();
    const g = readCsvTable(new TextEncoder().encode(text));
    for (const fn of names) {
      for (const args of [[g, '2024-Q2'], [g, '', 'rep'], [g, '2024-03', 'source']]) {
        const got = inBundle(box, fn, args);
        expect(got, `${name} ${fn}`).toEqual(inBundle(box, fn, [canonical, ...args.slice(1)]));
        expect('value' in got, `${name} ${fn}`).toBe(true);
      }
    }
  });
});

describe('the time zone of a call', () => {
  // One deal closed on 1 March 2024 at midnight in Moscow, which is 29 February 21:00 in UTC.
  const g = [['Close date', 'Amount', 'Status'], [d('2024-03-01'), 100, 'won']];
  const wonIn = (box: Sandbox, period: string): Outcome => inBundle(box, 'DEALS_WON', [g, period]);

  it('is the spreadsheet\'s: the deal counts in March', () => {
    const box = sandbox({ spreadsheetTimeZone: ZONE });
    expect(wonIn(box, '2024-03')).toEqual({ value: 1 });
    expect(wonIn(box, '2024-02')).toEqual({ value: 0 });
    expect(box.fake.calls.get('Spreadsheet.getSpreadsheetTimeZone')).toBe(2);
    expect(box.fake.calls.get('Session.getScriptTimeZone')).toBeUndefined();
  });

  it('falls back to the script\'s when the spreadsheet cannot be read', () => {
    const box = sandbox({ spreadsheetTimeZone: new Error('no permission'), scriptTimeZone: ZONE });
    expect(wonIn(box, '2024-03')).toEqual({ value: 1 });
    expect(box.fake.calls.get('Session.getScriptTimeZone')).toBe(1);
  });

  it('falls back to UTC when neither can be read: the deal then lands in February', () => {
    const box = sandbox({ spreadsheetTimeZone: new Error('no permission'), scriptTimeZone: new Error('no session') });
    expect(wonIn(box, '2024-03')).toEqual({ value: 0 });
    expect(wonIn(box, '2024-02')).toEqual({ value: 1 });
  });
});

describe('triggers and the menu in Code.js', () => {
  it('onOpen builds the add-on menu, whose items run top-level functions of Code.js', () => {
    const box = sandbox();
    vm.runInContext('onOpen({ authMode: "NONE" })', box.context);
    expect(box.fake.menus).toHaveLength(1);
    const [menu] = box.fake.menus;
    expect(menu.added).toBe(true);
    expect(menu.items.length).toBeGreaterThan(0);
    for (const item of menu.items) expect(vm.runInContext(`typeof ${item.functionName}`, box.context)).toBe('function');
  });

  it('onInstall builds the same menu', () => {
    const box = sandbox();
    vm.runInContext('onInstall({ authMode: "FULL" })', box.context);
    expect(box.fake.menus.map((m) => m.items.map((i) => i.functionName))).toEqual([['openSidebar', 'rebuildSummary', 'explainSelected', 'insertTemplateFromMenu', 'showHelp']]);
  });

  it('Help shows a dialog naming every custom function', () => {
    const box = sandbox();
    vm.runInContext('showHelp()', box.context);
    expect(box.fake.dialogs).toHaveLength(1);
    for (const doc of functionDocs()) expect(box.fake.dialogs[0].html).toContain(`=${doc.name}(`);
  });
});
