/**
 * A sketch, not the SQL compiler: it proves that a KPI's definition (definition.ts) says enough to compile
 * SQL from, by rendering the simplest nodes (a tally, a ratio) over the canonical deal table of DESIGN.md
 * ("Past a sheet's size") for one period, whole or by rep, and running that SQL in DuckDB against the
 * engine on the same deals. The real compiler (GoogleSQL and DuckDB, every node, every grouping) is
 * issue 11; whatever this sketch does not cover is refused as "not sketched".
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, findKpi } from '../../src/engine/catalog';
import { formatDay } from '../../src/engine/days';
import { DEAL_SETS, SALES, type Definition, type Tally } from '../../src/engine/definition';
import { definitionOf } from '../../src/engine/kpi';
import { parsePeriodText, type Bounded } from '../../src/engine/period';
import { makeSlicing } from '../../src/engine/slicing';
import { d, grid, table } from '../helpers';

// ---- The sketch ----

type Grouping = '' | 'rep';

/**
 * The canonical table has `status` ('won' | 'lost' | 'open'), no outcome: a refund is a won row with a
 * negative amount (KPI_SPEC §6 Refunds), so the outcome a deal set names is derived here, once. (A sales
 * log's canonical table has no `status`; the sketch does not cover it.)
 */
const DEALS_WITH_OUTCOME =
  "(SELECT *, CASE WHEN status = 'won' AND amount < 0 THEN 'refund' ELSE status END AS outcome FROM deals) AS deals";

const notSketched = (what: string): Error => new Error(`not sketched: ${what} (the SQL compiler is issue 11)`);

/** What a deal of a tally adds; the canonical column names are the tally's own (closed, created, amount, cost). */
const TALLY_VALUE: Partial<Record<Tally['value'], string>> = { count: '1', amount: 'amount', profit: 'amount - cost' };

/**
 * Σ value over the deals of the tally placed in [start, end) by its date; 0 where there are none, as the
 * evaluator gives. A deal whose value is NULL adds nothing (SUM skips it), as a NaN does in the evaluator.
 * `known` and `where` are left to issue 11: the canonical table has NULL for a blank type and an unreadable
 * one alike, whereas `known: ['type']` keeps the blank one.
 */
function tallySql(t: Tally, p: Bounded): string {
  if (t.known?.length) throw notSketched('a tally with known');
  if (t.where) throw notSketched('a tally with where');
  const value = TALLY_VALUE[t.value];
  if (value === undefined) throw notSketched(`a tally of ${t.value}`);
  const when = [
    `outcome IN (${DEAL_SETS[t.deals].outcomes.map((o) => `'${o}'`).join(', ')})`,
    `${t.date} >= DATE '${formatDay(p.start)}'`,
    `${t.date} < DATE '${formatDay(p.end)}'`,
    ...(t.readable ?? []).map((f) => `${f} IS NOT NULL`),
  ];
  return `COALESCE(SUM(CASE WHEN ${when.join(' AND ')} THEN ${value} END), 0)`;
}

/** A definition as an aggregate expression; a ratio with nothing to divide by is NULL (NULLIF), never an error. */
function valueSql(def: Definition, p: Bounded): string {
  if ('sum' in def) return tallySql(def.sum, p);
  if ('ratio' in def) return `${valueSql(def.ratio[0], p)} / NULLIF(${valueSql(def.ratio[1], p)}, 0)`;
  throw notSketched(`a ${Object.keys(def)[0]} node`);
}

/**
 * The query of a definition for one period, whole (one row) or by rep (a row per rep of the whole table,
 * as the engine has a slice per rep). Blank reps ("(blank)") and the engine's collation are issue 11's.
 */
function renderSql(def: Definition, p: Bounded, groupBy: Grouping): string {
  const value = `${valueSql(def, p)} AS value`;
  if (groupBy === '') return `SELECT ${value}\nFROM ${DEALS_WITH_OUTCOME}`;
  return `SELECT rep, ${value}\nFROM ${DEALS_WITH_OUTCOME}\nGROUP BY rep\nORDER BY rep`;
}

/** The query of a catalog KPI; a hand-written one has no definition to compile. */
function renderKpi(name: string, p: Bounded, groupBy: Grouping): string {
  const kpi = findKpi(name);
  if (!kpi) throw new Error(`no KPI ${name}`);
  const def = definitionOf(kpi);
  if (!def) throw notSketched(`${kpi.name} is hand-written, with no definition to compile`);
  return renderSql(def, p, groupBy);
}

// ---- The same deals, as a sheet holds them and as the canonical table does ----

const MARCH = parsePeriodText('2024-03') as Bounded;

type Deal = [id: string, created: string, closed: string | null, amount: number | null, cost: number | null, status: string, rep: string];

const DEALS: readonly Deal[] = [
  ['D1', '2024-02-10', '2024-03-05', 1000, 600, 'won', 'Anna'],
  ['D2', '2024-03-02', '2024-03-12', 600, 250, 'won', 'Boris'],
  ['D3', '2024-02-15', '2024-03-20', -300, 0, 'won', 'Anna'], // a refund: money, not a deal
  ['D4', '2024-03-03', '2024-03-15', 800, null, 'lost', 'Boris'],
  ['D5', '2024-03-10', null, 700, null, 'open', 'Anna'],
  ['D6', '2024-01-05', '2024-02-20', 900, 400, 'won', 'Boris'], // closed in February: outside
  ['D7', '2024-03-05', '2024-03-31', 200, 50, 'won', 'Boris'], // March's last day: in
  ['D8', '2024-03-20', '2024-04-01', 400, 100, 'won', 'Anna'], // April's first day: out
  ['D9', '2024-03-08', '2024-03-25', null, null, 'won', 'Anna'], // won, with no amount
];

/** The deal table as the sheet holds it: a header, dates as Dates, blanks as ''. */
const SHEET = table(grid(['Deal ID', 'Created', 'Closed', 'Amount', 'Cost', 'Status', 'Rep'],
  DEALS.map(([id, created, closed, amount, cost, status, rep]) =>
    [id, d(created), closed === null ? '' : d(closed), amount ?? '', cost ?? '', status, rep])));

const sqlValue = (x: string | number | null, kind: 'text' | 'date' | 'number'): string =>
  x === null ? 'NULL' : kind === 'text' ? `'${x}'` : kind === 'date' ? `DATE '${x}'` : String(x);

/** The canonical table's rows: `row` is the sheet row (the header is row 1). */
const CANONICAL_ROWS = DEALS.map(([id, created, closed, amount, cost, status, rep], i) =>
  `(${[String(i + 2), sqlValue(id, 'text'), sqlValue(created, 'date'), sqlValue(closed, 'date'), sqlValue(amount, 'number'),
    sqlValue(cost, 'number'), sqlValue(status, 'text'), sqlValue(rep, 'text')].join(', ')})`);

type Row = (string | number | null)[];

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(
    'CREATE TABLE deals ("row" INTEGER, id VARCHAR, created DATE, closed DATE, amount DOUBLE, cost DOUBLE, status VARCHAR, rep VARCHAR)',
  );
  await connection.run(`INSERT INTO deals VALUES ${CANONICAL_ROWS.join(', ')}`);
});

afterAll(() => {
  connection?.closeSync();
  instance?.closeSync();
});

/** The rows a query returns; DuckDB's sums of counts (HUGEINT) as numbers. */
async function runSql(sql: string): Promise<Row[]> {
  const rows = (await connection.runAndReadAll(sql)).getRowsJS();
  return rows.map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : (v as string | number | null))));
}

/** The engine's values in the same shape: [[value]] whole, [[rep, value], …] by rep; no value is null. */
function engineRows(name: string, groupBy: Grouping, p: Bounded = MARCH): Row[] {
  const s = makeSlicing(SHEET, p, groupBy);
  const values = findKpi(name)!.compute(SHEET, s, {}).map((v) => (typeof v === 'number' ? v : null));
  return groupBy === '' ? [[values[0]]] : s.labels.map((label, k) => [label, values[k]]);
}

// ---- Tests ----

const FROM = "FROM (SELECT *, CASE WHEN status = 'won' AND amount < 0 THEN 'refund' ELSE status END AS outcome FROM deals) AS deals";
const IN_MARCH = "closed >= DATE '2024-03-01' AND closed < DATE '2024-04-01'";

describe('a SQL sketch from KPI definitions', () => {
  it('renders SALES_VOLUME and WIN_RATE over the canonical table, whole and by rep', () => {
    const salesVolume = definitionOf(findKpi('SALES_VOLUME')!)!;
    const winRate = definitionOf(findKpi('WIN_RATE')!)!;
    const sales = `COALESCE(SUM(CASE WHEN outcome IN ('won', 'refund') AND ${IN_MARCH} THEN amount END), 0)`;
    const won = `COALESCE(SUM(CASE WHEN outcome IN ('won') AND ${IN_MARCH} THEN 1 END), 0)`;
    const decided = `COALESCE(SUM(CASE WHEN outcome IN ('won', 'lost') AND ${IN_MARCH} THEN 1 END), 0)`;

    expect(renderSql(salesVolume, MARCH, '')).toBe(
      "SELECT COALESCE(SUM(CASE WHEN outcome IN ('won', 'refund') AND closed >= DATE '2024-03-01' AND closed < DATE '2024-04-01' THEN amount END), 0) AS value\n"
      + "FROM (SELECT *, CASE WHEN status = 'won' AND amount < 0 THEN 'refund' ELSE status END AS outcome FROM deals) AS deals",
    );
    expect(renderSql(salesVolume, MARCH, 'rep')).toBe(`SELECT rep, ${sales} AS value\n${FROM}\nGROUP BY rep\nORDER BY rep`);
    expect(renderSql(winRate, MARCH, '')).toBe(`SELECT ${won} / NULLIF(${decided}, 0) AS value\n${FROM}`);
    expect(renderSql(winRate, MARCH, 'rep')).toBe(`SELECT rep, ${won} / NULLIF(${decided}, 0) AS value\n${FROM}\nGROUP BY rep\nORDER BY rep`);
  });

  it('gives in DuckDB the hand-computed numbers, which are the engine\'s', async () => {
    // Sales volume, March: D1 1000 + D2 600 + D3 −300 (refund) + D7 200 (last day) = 1500; D9 has no amount,
    // D4 is lost, D5 open, D6 in February, D8 in April. Anna 1000 − 300 = 700, Boris 600 + 200 = 800.
    const salesVolume: [Row[], Row[]] = [[[1500]], [['Anna', 700], ['Boris', 800]]];
    // Win rate, March: won D1, D2, D7, D9 (D3 is a refund, not a deal), lost D4: 4 / 5. Anna 2 / 2, Boris 2 / 3.
    const winRate: [Row[], Row[]] = [[[0.8]], [['Anna', 1], ['Boris', 2 / 3]]];
    for (const [name, [whole, byRep]] of [['SALES_VOLUME', salesVolume], ['WIN_RATE', winRate]] as const) {
      expect(await runSql(renderKpi(name, MARCH, ''))).toEqual(whole);
      expect(await runSql(renderKpi(name, MARCH, 'rep'))).toEqual(byRep);
      expect(engineRows(name, '')).toEqual(whole);
      expect(engineRows(name, 'rep')).toEqual(byRep);
    }
  });

  it('agrees with the engine on every catalog KPI it renders, in March and in a May without deals', async () => {
    const MAY = parsePeriodText('2024-05') as Bounded; // sums 0, ratios without a value (NULL)
    const rendered: string[] = [];
    for (const kpi of CATALOG) {
      for (const p of [MARCH, MAY]) {
        let whole: string;
        let byRep: string;
        try {
          whole = renderKpi(kpi.name, p, '');
          byRep = renderKpi(kpi.name, p, 'rep');
        } catch (e) {
          expect((e as Error).message).toMatch(/^not sketched: /);
          continue;
        }
        if (p === MARCH) rendered.push(kpi.name);
        expect([kpi.name, p.label, await runSql(whole)]).toEqual([kpi.name, p.label, engineRows(kpi.name, '', p)]);
        expect([kpi.name, p.label, await runSql(byRep)]).toEqual([kpi.name, p.label, engineRows(kpi.name, 'rep', p)]);
      }
    }
    expect(await runSql(renderKpi('SALES_VOLUME', MAY, 'rep'))).toEqual([['Anna', 0], ['Boris', 0]]);
    expect(await runSql(renderKpi('WIN_RATE', MAY, 'rep'))).toEqual([['Anna', null], ['Boris', null]]);
    expect(rendered).toEqual(expect.arrayContaining(['SALES_VOLUME', 'DEALS_WON', 'AVG_DEAL', 'WIN_RATE', 'PROFIT', 'MARGIN']));
  });

  it('refuses a node it does not sketch, saying which', () => {
    expect(() => renderKpi('SALES_CYCLE', MARCH, '')).toThrow('not sketched: a typical node (the SQL compiler is issue 11)');
    expect(() => renderKpi('NEW_CUSTOMERS', MARCH, 'rep')).toThrow('not sketched: NEW_CUSTOMERS is hand-written, with no definition to compile');
    expect(() => renderSql({ change: { sum: SALES }, against: 'previous', as: 'relative' }, MARCH, '')).toThrow('not sketched: a change node');
    expect(() => renderKpi('UPSELL_RATE', MARCH, '')).toThrow('not sketched: a tally with known');
  });
});
