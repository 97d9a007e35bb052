/**
 * The custom functions' messages in Russian (src/engine/messagesRu.ts): a corpus of bad calls that drives every error
 * site of the engine, each message checked to have a Russian rendering with no English sentence left in it; a sweep of
 * every KPI over tables that give no value; a count of the error sites per source file, so that a new one fails here
 * until it has a call in the corpus and a pattern in the table; and a few messages checked word for word.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callByName, callKpi, callKpiTable } from '../../src/engine/call';
import { CATALOG, findKpi } from '../../src/engine/catalog';
import { callDealScore } from '../../src/engine/dealScore';
import type { KpiArgs, NoValue } from '../../src/engine/kpi';
import { russianMessage } from '../../src/engine/messagesRu';
import { parsePeriod } from '../../src/engine/period';
import { readPlan, readSpend } from '../../src/engine/sideTables';
import { makeSlicing, type GroupBy } from '../../src/engine/slicing';
import { call, d, ENV, grid, table } from '../helpers';

const ROOT = join(__dirname, '../..');

/** The message a call throws; a call that does not throw fails the test. */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${String(f)} to throw`);
}

/** The reasons a KPI gives for the slices without a value, computed on a read table (as the summary's notes have them). */
function reasons(name: string, g: unknown[][], period: unknown, groupBy: GroupBy = '', args: KpiArgs = {}): string[] {
  const def = findKpi(name);
  if (!def) throw new Error(`no KPI ${name}`);
  const t = table(g);
  const values = def.compute(t, makeSlicing(t, parsePeriod(period, t.dayOf), groupBy), args);
  const out = values.filter((v): v is NoValue => typeof v !== 'number').map((v) => v.reason);
  if (out.length === 0) throw new Error(`${name} has a value in every slice`);
  return [...new Set(out)];
}

/** Every field, two 2024 customers: C1 won in March and again in April (a repeat), C2 lost in March; an open deal. */
const HEADER = ['Deal ID', 'Created', 'Qualified', 'Closed', 'Amount', 'Cost', 'Status', 'Stage', 'Probability', 'Rep', 'Customer', 'Source', 'Type'];
const FULL = grid(HEADER, [
  ['D1', d('2024-02-20'), d('2024-02-22'), d('2024-03-05'), 1000, 600, 'won', 'Closed', '', 'Anna', 'C1', 'Ads', 'new'],
  ['D2', d('2024-02-25'), '', d('2024-03-10'), 500, 300, 'lost', 'Closed', '', 'Boris', 'C2', 'Web', 'new'],
  ['D3', d('2024-03-01'), '', '', 800, '', 'open', 'Proposal', 0.5, 'Anna', 'C3', 'Ads', 'new'],
  ['D4', d('2024-04-01'), '', d('2024-04-20'), 700, 400, 'won', 'Closed', '', 'Anna', 'C1', 'Ads', 'repeat'],
]);
/** The header only: no deals at all. */
const EMPTY = grid(HEADER, []);
/** A plan by month and rep for 2024's first half. */
const PLAN = grid(['Month', 'Rep', 'Target'], [[d('2024-03-01'), 'Anna', 1000], [d('2024-04-01'), 'Anna', 1000]]);
/** A spend by month and source. */
const SPEND = grid(['Month', 'Source', 'Amount'], [[d('2024-03-01'), 'Ads', 300], [d('2024-04-01'), 'Ads', 0]]);

/** One place in the source that writes a message a custom function can show, and calls that make it say each form. */
interface Site {
  readonly file: string;
  readonly site: string;
  /** The messages of its forms; none for an internal error (a bug, not the user's input), which stays English. */
  readonly messages: () => string[];
  readonly internal?: true;
}

const site = (file: string, name: string, ...calls: (() => string | string[])[]): Site =>
  ({ file, site: name, messages: () => calls.flatMap((c) => c()) });
const internal = (file: string, name: string): Site => ({ file, site: name, messages: () => [], internal: true });
const kpi = (name: string, ...args: unknown[]) => () => thrown(() => call(name, ...args));

/** Every error site of src/engine (the summary's job excepted: it is the sidebar's), by file, in source order. */
const CORPUS: readonly Site[] = [
  site('period.ts', 'no such month', kpi('WIN_RATE', FULL, '2024-13')),
  site('period.ts', 'no such ISO week', kpi('WIN_RATE', FULL, '2024-W54')),
  site('period.ts', 'text that is not a period', kpi('WIN_RATE', FULL, 'soon'), kpi('WIN_RATE', FULL, '2024-03-01..later')),
  site('period.ts', 'a range that ends before it starts', kpi('WIN_RATE', FULL, '2024-03-10..2024-03-01'), kpi('WIN_RATE', FULL, [[d('2024-03-10'), d('2024-03-01')]])),
  site('period.ts', 'a number in a range', kpi('WIN_RATE', FULL, [[-1, d('2024-03-01')]])),
  site('period.ts', 'a range of three cells', kpi('WIN_RATE', FULL, [[d('2024-03-01'), d('2024-03-02'), d('2024-03-03')]])),
  site('period.ts', 'a number that is not a year', kpi('WIN_RATE', FULL, 24)),
  site('period.ts', 'a value that is not a period', kpi('WIN_RATE', FULL, true)),

  site('callEnv.ts', 'the function names before a message', () => thrown(() => callByName(['win_rate', FULL, '2024-13'], ENV))),
  site('callEnv.ts', 'deals that are not a range', kpi('SALES_VOLUME', 'Amount')),
  site('callEnv.ts', 'a missing column', kpi('SALES_VOLUME', [['Closed', 'Status']]), kpi('WIN_RATE', [['Closed', 'Amount']]), kpi('DEALS_WON', [['Closed']])),

  site('call.ts', 'a calculator argument that is not a number', kpi('WIN_RATE', 8, 'abc')),
  site('call.ts', 'stat', kpi('SALES_CYCLE', FULL, '', '', 'mode')),
  site('call.ts', 'weighted', kpi('PIPELINE_VALUE', FULL, '', '', 'yes')),
  site('call.ts', 'method', kpi('LTV', FULL, '', '', 'magic')),
  site('call.ts', 'a snapshot without creation dates', kpi('PIPELINE_COUNT', [['Closed', 'Status'], [d('2024-03-01'), 'open']], '2024-03')),
  site(
    'call.ts', 'a whole call without a value',
    kpi('WIN_RATE', FULL, '2023-01'),
    kpi('SALES_VOLUME', grid(['Closed', 'Amount', 'Status'], [[d('2024-03-01'), 1e308, 'won'], [d('2024-03-02'), 1e308, 'won']])),
  ),
  site('call.ts', 'too many calculator arguments', kpi('WIN_RATE', 8, 2, 3)),
  site('call.ts', 'too many arguments', kpi('WIN_RATE', FULL, '', '', 'x'), kpi('SALES_CYCLE', FULL, '', '', 'mean', 1)),
  site('call.ts', 'an unknown KPI name', () => thrown(() => callByName(['nope', FULL], ENV))),
  site('call.ts', 'KPI with too many arguments', () => thrown(() => callByName(['win_rate', FULL, '', '', 'x'], ENV))),
  site('call.ts', 'KPI for a KPI with a side table', () => thrown(() => callByName(['cac', FULL], ENV))),
  site('call.ts', 'KPI_TABLE with too many arguments', () => thrown(() => callKpiTable([FULL, 'month', '', 'x'], ENV))),
  site('call.ts', 'KPI_TABLE granularity', () => thrown(() => callKpiTable([FULL, 'fortnight'], ENV))),
  site('call.ts', 'KPI_TABLE of a KPI with a side table', () => thrown(() => callKpiTable([FULL, 'month', 'plan_attainment'], ENV))),
  site('call.ts', 'KPI_TABLE of a KPI whose column is missing', () => thrown(() => callKpiTable([[['Closed', 'Status']], 'month', 'sales_volume'], ENV))),

  site('columns.ts', 'a first row that is no header', kpi('DEALS_WON', [['hello', 5]]), kpi('DEALS_WON', [])),
  site('dealScore.ts', 'a second argument', () => thrown(() => callDealScore([FULL, '2024'], ENV))),

  site('evaluate.ts', 'a ratio over no deals', kpi('WIN_RATE', FULL, '2023-01'), kpi('LEAD_TO_OPPORTUNITY', EMPTY), kpi('UPSELL_RATE', FULL, '2023-01'), kpi('AVG_DEAL', FULL, '2023-01')),
  site(
    'evaluate.ts', 'a ratio over a zero sum',
    kpi('MARGIN', grid(['Closed', 'Amount', 'Cost', 'Status'], [[d('2024-03-01'), 100, 50, 'won'], [d('2024-03-02'), -100, -50, 'won']]), '2024-03'),
    () => 'the denominator is 0 in 2024-03',
  ),
  site('evaluate.ts', 'a change without a comparand', kpi('SALES_GROWTH', FULL), kpi('INCREMENTAL_SALES', FULL, '', '', '2023')),
  site('evaluate.ts', 'a baseline without the bucket', () => reasons('INCREMENTAL_SALES', FULL, '2024', 'month', { baseline: parsePeriod('2023-Q1', table(FULL).dayOf) })),
  site('evaluate.ts', 'a relative change from 0', kpi('SALES_GROWTH', FULL, '2024-03'), () => 'the value of 2024-02 is 0'),
  internal('evaluate.ts', 'a definition naming a KPI not in the catalog'),
  site('evaluate.ts', 'no plan', () => thrown(() => reasons('PLAN_ATTAINMENT', FULL, ''))),
  site('evaluate.ts', 'a plan without a target', kpi('PLAN_ATTAINMENT', FULL, PLAN, '2023-01'), () => reasons('PLAN_ATTAINMENT', FULL, '2024', 'rep', { plan: readPlan(PLAN, table(FULL).dayOf) })),
  site('evaluate.ts', 'weighted without probabilities', kpi('PIPELINE_VALUE', [['Amount', 'Status'], [5, 'open']], '', '', true)),
  site('evaluate.ts', 'a mean or median of no deals', kpi('SALES_CYCLE', FULL, '2023-01'), kpi('SALES_CYCLE', FULL, '2023-01', '', 'median')),

  site('kpis/aggregate.ts', 'a ratio of the hand-written KPIs over 0', kpi('ARPU', FULL, '2023-01')),
  site('kpis/calculator.ts', 'a calculator argument left out', kpi('WIN_RATE', [[5]])),
  site('kpis/cohort.ts', 'a share of no leads', kpi('LEAD_CONVERSION', 5, 0)),
  site('kpis/customers.ts', 'no previous period', kpi('RETENTION_RATE', FULL)),
  site('kpis/customers.ts', 'no customers in the period before', kpi('RETENTION_RATE', FULL, '2023-06')),
  site('kpis/customers.ts', 'a calculator over no customers', kpi('ARPU', 100, 0), kpi('RETENTION_RATE', 0, 5, 1), kpi('CHURN_RATE', 0, 1)),
  site('kpis/customers.ts', 'ARPU over no customers', kpi('ARPU', FULL, '2023-01')),
  site('kpis/customers.ts', 'REPEAT_RATE over no deals', kpi('REPEAT_RATE', FULL, '2023-01')),
  site('kpis/ltvWindow.ts', 'no won deals with a customer', kpi('LTV', EMPTY)),
  site('kpis/ltvWindow.ts', 'no customers in the window', kpi('LTV', FULL, '2025-06')),
  site('kpis/ltvWindow.ts', 'no churn to measure', () => reasons('LTV', FULL, '2024-03', 'month')),
  site('kpis/ltvWindow.ts', 'no margin', kpi('CAC_PAYBACK', grid(['Closed', 'Amount', 'Status', 'Customer', 'Cost'], [[d('2024-03-01'), 100, 'won', 'C1', '']]), 100, '2024-03')),
  site('kpis/mix.ts', 'a margin over sales of 0', kpi('MARGIN', grid(['Closed', 'Amount', 'Cost', 'Status'], [[d('2024-03-01'), 100, 50, 'won'], [d('2024-03-02'), -100, -50, 'won']]), '2024-03')),
  site('kpis/pipeline.ts', 'a cycle of 0 days', kpi('PIPELINE_VELOCITY', 10, 0.5, 100, 0)),
  site('kpis/pipeline.ts', 'deals won on their first day', kpi('PIPELINE_VELOCITY', grid(['Created', 'Closed', 'Amount', 'Status'], [[d('2024-03-01'), d('2024-03-01'), 100, 'won'], [d('2024-03-01'), '', 100, 'open']]), '2024-03')),
  site('kpis/sales.ts', 'growth from 0', kpi('SALES_GROWTH', 100, 0)),
  site('kpis/sales.ts', 'no sales in the period before', kpi('SALES_GROWTH', FULL, '2024-03')),
  site('kpis/sales.ts', 'a plan of 0', kpi('PLAN_ATTAINMENT', 100, 0)),
  site('kpis/sales.ts', 'a win rate of no deals', kpi('WIN_RATE', 0, 0)),
  site('kpis/value.ts', 'no spend', () => thrown(() => reasons('CAC', FULL, ''))),
  site('kpis/value.ts', 'no new customers', kpi('CAC', FULL, 300, '2023-01')),
  site('kpis/value.ts', 'no churn', kpi('LTV', FULL, '2024-04')),
  site('kpis/value.ts', 'no gross profit', kpi('CAC_PAYBACK', grid(['Closed', 'Amount', 'Cost', 'Status', 'Customer'], [[d('2024-03-01'), 100, 100, 'won', 'C1'], [d('2024-04-01'), 100, 100, 'won', 'C2']]), 0, '2024-04')),
  site('kpis/value.ts', 'a spend of 0', () => reasons('LTV_CAC', FULL, '2024-04', '', { spend: readSpend(SPEND, table(FULL).dayOf) })),
  site('kpis/value.ts', 'CAC over no customers', kpi('CAC', 100, 0)),
  site('kpis/value.ts', 'LTV without churn or discount', kpi('LTV', 100, 0, 1, 0)),
  site('kpis/value.ts', 'LTV:CAC over a CAC of 0', kpi('LTV_CAC', 100, 0)),
  site('kpis/value.ts', 'a payback of no profit', kpi('CAC_PAYBACK', 100, 0)),

  site('sideTables.ts', 'a plan or spend that cannot be split so', kpi('PLAN_ATTAINMENT', FULL, 750, '2024', 'month'), kpi('PLAN_ATTAINMENT', FULL, 750, '2024', 'rep'), kpi('PLAN_ATTAINMENT', FULL, PLAN, '2024', 'source'), kpi('PLAN_ATTAINMENT', FULL, grid(['Month', 'Target'], [[d('2024-03-01'), 5]]), '2024', 'rep')),
  site('sideTables.ts', 'a spend that cannot be split by source', kpi('CAC', FULL, grid(['Month', 'Amount'], [[d('2024-03-01'), 5]]), '2024', 'source'), kpi('CAC', FULL, 300, '2024', 'source')),
  site('sideTables.ts', 'no plan or spend', kpi('PLAN_ATTAINMENT', FULL, ''), kpi('CAC', FULL, '')),
  site('sideTables.ts', 'a blank cell as the plan', kpi('PLAN_ATTAINMENT', FULL, [['']])),
  site('sideTables.ts', 'a plan that is not a number', kpi('PLAN_ATTAINMENT', FULL, 'lots'), kpi('CAC', FULL, [[true]])),
  site('sideTables.ts', 'a negative plan', kpi('PLAN_ATTAINMENT', FULL, -5)),
  site('sideTables.ts', 'a plan without a header row', kpi('PLAN_ATTAINMENT', FULL, [[d('2024-03-01'), 5], [d('2024-04-01'), 6]]), kpi('CAC', FULL, [['a', 'b'], [1, 2]])),
  site('sideTables.ts', 'no period column', kpi('PLAN_ATTAINMENT', FULL, [['Target', 'Rep'], [5, 'Anna']])),
  site('sideTables.ts', 'no value column', kpi('PLAN_ATTAINMENT', FULL, [['Month', 'Rep'], [d('2024-03-01'), 'Anna']]), kpi('CAC', FULL, [['Month', 'Source'], [d('2024-03-01'), 'Ads']])),
  site(
    'sideTables.ts', 'a value that is not a number',
    kpi('PLAN_ATTAINMENT', FULL, [['Month', 'Target'], [d('2024-03-01'), 'abc']]),
    kpi('PLAN_ATTAINMENT', FULL, [['Month', 'Target'], [d('2024-03-01'), '#N/A']]),
    kpi('PLAN_ATTAINMENT', FULL, [['Month', 'Target'], [d('2024-03-01'), true]]),
    kpi('CAC', FULL, [['Date', 'Spend'], [d('2024-03-01'), d('2024-03-02')]]),
  ),
  site('sideTables.ts', 'a negative target', kpi('PLAN_ATTAINMENT', FULL, [['Month', 'Target'], [d('2024-03-01'), -5]])),
  site('sideTables.ts', 'a row without a period', kpi('PLAN_ATTAINMENT', FULL, [['Month', 'Target'], ['', 5]]), kpi('CAC', FULL, [['Date', 'Amount'], ['', 5]])),
  site(
    'sideTables.ts', 'a period cell that is not a period',
    kpi('PLAN_ATTAINMENT', FULL, [['Month', 'Target'], ['soon', 5]]),
    kpi('PLAN_ATTAINMENT', FULL, [['Month', 'Target'], ['#REF!', 5]]),
    kpi('PLAN_ATTAINMENT', FULL, [['Month', 'Target'], [new Date(NaN), 5]]),
    kpi('CAC', FULL, [['Date', 'Amount'], [-3, 5]]),
  ),

  site('slicing.ts', 'an unknown group_by', kpi('WIN_RATE', FULL, '', 'colour')),
  site('slicing.ts', 'a group_by column that is missing', kpi('WIN_RATE', [['Closed', 'Status'], [d('2024-03-01'), 'won']], '', 'rep')),

  internal('template.ts', 'templateSpec: today'),
  internal('template.ts', 'templateSpec: a KPI not in the catalog'),
  internal('timezone.ts', 'an unknown time zone (Sheets always gives a known one)'),

  // The customer-value models (being written in src/engine/clv/): their messages as of now, word for word, until
  // their functions can be called here.
  site('clv/bgnbd.ts', 'too few customers', () => 'CLV_PARAMS: 5 customers are too few to fit BG/NBD: it needs at least 10'),
  site('clv/bgnbd.ts', 'too few repeat buyers', () => 'CLV_PARAMS: 2 of 21 customers bought again: BG/NBD needs at least 3 repeat buyers to fit'),
  site('clv/bgnbd.ts', 'no history', () => 'CLV_PARAMS: every customer made their first purchase on the calibration end: there is no history to fit'),
  site('clv/gammaGamma.ts', 'too few spenders', () => 'CLV_PARAMS: 1 repeat buyers spent something on their repeat purchases: Gamma-Gamma needs at least 3 to fit'),
  site('clv/calls.ts', 'no purchases', () => 'CLV_PARAMS: there are no purchases: won deals with a customer, a close date and an amount of 0 or more'),
  site('clv/calls.ts', 'a calibration end that is not a date', () => 'P_ALIVE: calibration_end "soon" is not a date or a period (such as 1997-09-30 or 1997-09)'),
  site('clv/calls.ts', 'an empty calibration end', () => 'P_ALIVE: calibration_end is empty'),
  site('clv/calls.ts', 'a number argument left out', () => 'EXPECTED_PURCHASES: horizon is missing: a number of units ahead, 0 or more (such as 52 weeks)'),
  site(
    'clv/calls.ts', 'a number argument out of range',
    () => 'CLV_TABLE: horizon_months "1.5" must be a whole number of months, 0 or more',
    () => 'CLV_TABLE: discount_rate "-2" must be an annual rate above −1 (0.1 for 10 %)',
  ),
  site('clv/calls.ts', 'too many arguments', () => 'P_ALIVE: takes at most 3 arguments: P_ALIVE(deals, [calibration_end], [unit])'),
  site('clv/calls.ts', 'no customer by the calibration end', () => 'P_ALIVE: no customer made a purchase by the calibration end 1997-01-01'),
  site('clv/history.ts', 'unit', () => 'P_ALIVE: unit "year" must be "day", "week" or "month"'),
  site('clv/ltv.ts', 'no first purchase in the period', () => 'LTV: no customer made a first purchase in 2024-03'),
  site('clv/ltv.ts', 'one-time buyers only', () => 'LTV: Gamma-Gamma gives no expected value for one-time buyers (q ≤ 1)'),
  site('clv/ltv.ts', 'a slice without a fit (a fit\'s message)', () => 'LTV: 5 customers are too few to fit BG/NBD: it needs at least 10'),
  site('clv/ltv.ts', 'a whole call without a fit (a fit\'s message)', () => 'LTV: every customer made their first purchase on the calibration end: there is no history to fit'),
  site('clv/ltv.ts', 'the slices without a fit (a fit\'s message)', () => 'LTV: 2 of 21 customers bought again: BG/NBD needs at least 3 repeat buyers to fit'),
  internal('clv/optimise.ts', 'a likelihood that is not finite'),
  internal('clv/special.ts', 'a hypergeometric series that does not converge'),
  internal('clv/special.ts', 'a hypergeometric series outside −1 < z < 1'),
  internal('clv/special.ts', 'ln 2F1 of parameters that are not positive'),
  internal('clv/special.ts', 'a positive hypergeometric series that does not converge'),
  site('clv/value.ts', 'a margin over no sales', () => 'CLV_TABLE: the purchases with a cost sum to 0, so their margin, which CLV is multiplied by, is undefined'),
  site(
    'clv/value.ts', 'a fit that takes too long',
    () => 'CLV_TABLE: fitting the models to 120000 customers takes longer than the 30 s a custom function may run: ' +
      'fit them in the sidebar (Customer value → Fit and save), and the functions will use the saved fit',
  ),
];

/** What counts as an error site: a thrown error, a no-value reason, a definition's reason template, a ratio's reason. */
const SITE = /throw new \w*Error\(|new KpiError\(|noValue\(|ifZero: '|none: '|ratio\(s,/g;

/** Error sites per file of src/engine, but the summary's (the sidebar's job, not a custom function's). */
function sitesInSource(): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'summary') walk(p);
      } else if (e.name.endsWith('.ts')) {
        const source = readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        const n = source.match(SITE)?.length ?? 0;
        if (n > 0) out.set(relative(join(ROOT, 'src/engine'), p).replace(/\\/g, '/'), n);
      }
    }
  };
  walk(join(ROOT, 'src/engine'));
  return out;
}

/** English words that mean a sentence was left untranslated, once names, values and header lists are taken out. */
const ENGLISH = /\b(the|is|are|a|an|of|in|to|and|or|not|no|must|with|for|by|has|have|cannot|be|its|it|give|use|needs?|such|as|at|from|one|got|before|after|only|every)\b/g;

/** The English words left in a Russian message outside what stays as typed: «values», "quotes", `fields`, header lists, signatures. */
function englishLeft(ru: string): string[] {
  const stripped = ru
    .replace(/«[^»]*»/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/искали: [^)]*/g, ' ')
    .replace(/=?[A-Z][A-Z0-9_]*\([^)]*\)/g, ' ');
  return stripped.match(ENGLISH) ?? [];
}

/** Checks a message's Russian rendering and returns it. */
function expectRussian(message: string): string {
  const ru = russianMessage(message);
  expect(ru, message).toBeDefined();
  expect(ru, message).toMatch(/[а-яё]/i);
  expect(englishLeft(ru as string), `${message}\n→ ${ru}`).toEqual([]);
  return ru as string;
}

describe('messagesRu', () => {
  it('knows every error site of the engine: a new one needs a call in this corpus and a pattern in messagesRu.ts', () => {
    const known = new Map<string, number>();
    for (const s of CORPUS) known.set(s.file, (known.get(s.file) ?? 0) + 1);
    expect(Object.fromEntries([...known].sort())).toEqual(Object.fromEntries([...sitesInSource()].sort()));
  });

  it.each(CORPUS.filter((s) => !s.internal).map((s) => [s.file, s.site, s] as const))('%s, %s: every form in Russian', (_file, _site, s) => {
    const messages = s.messages();
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expectRussian(m);
  });

  it('renders every message of every KPI over tables that give no value, at every kind of period', () => {
    const tables = [FULL, EMPTY, grid(['Closed', 'Amount'], [[d('2024-03-01'), 5]]), grid(['Created', 'Status'], [[d('2024-03-01'), 'open']])];
    const periods = ['', '2023-01', '2024-03', '2024', '2024-Q2', '2024-W10', '2024-03-01..2024-03-10', '2024-03-15'];
    const seen = new Set<string>();
    for (const def of CATALOG) {
      const sides = def.side === 'plan' ? [750, PLAN] : def.side === 'spend' ? [0, 300, SPEND] : [undefined];
      for (const g of tables) {
        for (const side of sides) {
          for (const period of periods) {
            const args = side === undefined ? [g, period] : [g, side, period];
            try {
              callKpi(def, args, ENV);
            } catch (e) {
              seen.add((e as Error).message);
            }
          }
        }
      }
    }
    expect(seen.size).toBeGreaterThan(40);
    for (const m of seen) expectRussian(m);
  });

  it('says these word for word', () => {
    expect(russianMessage('WIN_RATE: no won or lost deals closed in 2024-03')).toBe('WIN_RATE: нет выигранных или проигранных сделок, закрытых в 2024-03');
    expect(russianMessage('WIN_RATE: group_by "colour" is not one of: rep, source, customer, stage, type, day, week, month, quarter, year')).toBe(
      'WIN_RATE: аргумент group_by должен быть одним из: rep, source, customer, stage, type, day, week, month, quarter, year, а не «colour»',
    );
    expect(russianMessage(thrown(() => call('CAC', [['Closed', 'Amount', 'Status'], [d('2024-03-01'), 5, 'won']], 100)))).toBe(
      'CAC: в таблице сделок нет столбца «клиент» (`customer`; искали: customer, client, account, company, клиент, покупатель, компания, контрагент)',
    );
    expect(russianMessage(thrown(() => call('SALES_VOLUME', FULL, '2024-13')))).toBe('SALES_VOLUME: период «2024-13»: месяца 13 не бывает');
    expect(russianMessage(thrown(() => call('PLAN_ATTAINMENT', FULL, [['Month', 'Target'], [d('2024-03-01'), '#N/A']])))).toBe(
      'PLAN_ATTAINMENT: plan: строка 2, столбец Target: «#N/A» — ошибка формулы #N/A',
    );
    expect(russianMessage(thrown(() => callKpiTable([[['Closed', 'Status']], 'month', 'sales_volume'], ENV)))).toBe(
      'KPI_TABLE: SALES_VOLUME: в таблице сделок нет столбца «сумма» (`amount`; искали: amount, value, revenue, deal value, sum, total, сумма, выручка, стоимость, сумма сделки)',
    );
    expect(russianMessage('SALES_CYCLE: no won deals with a creation date closed in the table')).toBe('SALES_CYCLE: нет выигранных сделок с датой создания, закрытых за всё время');
    expect(russianMessage('SALES_CYCLE: takes at most 4 arguments: SALES_CYCLE(deals, [period], [group_by], [stat])')).toBe(
      'SALES_CYCLE: функция принимает не больше 4 аргументов: SALES_CYCLE(deals, [period], [group_by], [stat])',
    );
    expect(russianMessage('WIN_RATE: the calculator form takes 2 arguments')).toBe('WIN_RATE: форма калькулятора принимает не больше 2 аргументов');
  });

  it('keeps the values the user typed, and the function and KPI names, as they are', () => {
    const ru = expectRussian(thrown(() => callByName(['Win_Rate', FULL, '2024-03..x "y"'], ENV)));
    expect(ru).toMatch(/^KPI: WIN_RATE: «2024-03\.\.x "y"» — не период: /);
  });

  it('gives nothing for a message it does not know, or knows only in part: the caller shows the English then', () => {
    expect(russianMessage('WIN_RATE: the moon is not a deal table')).toBeUndefined();
    expect(russianMessage('SALES_VOLUME: the deal table has no `moon` column (looked for: moon)')).toBeUndefined();
    expect(russianMessage('CAC: spend row 2, column Amount: "x" is a mystery')).toBeUndefined();
    expect(russianMessage('LTV: churn_rate + discount_rate is 0: the moon is full')).toBeUndefined();
  });
});
