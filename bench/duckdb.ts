/**
 * The reference side of the benchmark: the same deal rows loaded into an in-memory DuckDB, single-threaded,
 * and the eight figures by month and by rep computed in SQL with the spec's semantics (§3, §6 Refunds,
 * §6 Groups and history).
 */
import { DuckDBDateValue, DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { COL } from './generate';
import type { Figure, FigureTable, Grouping } from './figures';

const DAY_MS = 86400000;

/** An in-memory DuckDB holding one deal table as `deals`. */
export interface DuckDeals {
  readonly connection: DuckDBConnection;
  /** Closes the connection and frees the database. */
  readonly close: () => void;
}

/**
 * Loads the data rows of a generated grid (header first, cells as getValues() gives them) into a fresh
 * single-threaded DuckDB. Only the columns the eight figures read are loaded; `rn` keeps the row order,
 * which breaks ties between a customer's first won deals closed on the same day (the earlier row wins).
 */
export async function loadDuckDeals(grid: readonly (readonly unknown[])[]): Promise<DuckDeals> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run('SET threads = 1');
  await connection.run(
    'CREATE TABLE deals (rn INTEGER, closed DATE, amount DOUBLE, cost DOUBLE, status VARCHAR, rep VARCHAR, customer VARCHAR)',
  );
  const app = await connection.createAppender('deals');
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r];
    app.appendInteger(r - 1);
    const closed = row[COL.closed];
    if (closed instanceof Date) app.appendDate(new DuckDBDateValue(Math.floor(closed.getTime() / DAY_MS)));
    else app.appendNull();
    appendNumber(app, row[COL.amount]);
    appendNumber(app, row[COL.cost]);
    appendText(app, typeof row[COL.status] === 'string' ? (row[COL.status] as string).toLowerCase() : '');
    appendText(app, row[COL.rep]);
    appendText(app, row[COL.customer]);
    app.endRow();
  }
  app.closeSync();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

type Appender = Awaited<ReturnType<DuckDBConnection['createAppender']>>;

function appendNumber(app: Appender, cell: unknown): void {
  if (typeof cell === 'number') app.appendDouble(cell);
  else app.appendNull();
}

function appendText(app: Appender, cell: unknown): void {
  if (typeof cell === 'string' && cell !== '') app.appendVarchar(cell);
  else app.appendNull();
}

/** Row predicates of §6: a refund is a won row with a negative amount; a won deal is any other won row. */
const WON = "status = 'won' AND coalesce(amount >= 0, true)";

/** Per-group aggregates each figure needs, by figure id (computed in the `agg` CTE). */
const AGGREGATES: Readonly<Record<string, readonly string[]>> = {
  sales_volume: ["sum(amount) FILTER (WHERE status = 'won') AS sv"],
  deals_won: [`count(*) FILTER (WHERE ${WON}) AS dw`],
  deals_lost: [`count(*) FILTER (WHERE ${WON}) AS dw`, "count(*) FILTER (WHERE status = 'lost') AS dl"],
  win_rate: [`count(*) FILTER (WHERE ${WON}) AS dw`, "count(*) FILTER (WHERE status = 'lost') AS dl"],
  avg_deal: ["sum(amount) FILTER (WHERE status = 'won') AS sv", `count(amount) FILTER (WHERE ${WON}) AS dwa`],
  active_customers: [`count(DISTINCT customer) FILTER (WHERE ${WON}) AS ac`],
  new_customers: [],
  profit: ["sum(amount - cost) FILTER (WHERE status = 'won') AS pr"],
};

/** The output column of each figure, over the `agg` CTE joined with the new-customer counts `nc`. */
const OUTPUTS: Readonly<Record<string, string>> = {
  sales_volume: 'coalesce(sv, 0)',
  deals_won: 'dw',
  deals_lost: 'dl',
  win_rate: 'dw / nullif(dw + dl, 0)',
  avg_deal: 'coalesce(sv, 0) / nullif(dwa, 0)',
  active_customers: 'ac',
  new_customers: 'coalesce(nc.n, 0)',
  profit: 'coalesce(pr, 0)',
};

/** Group key of a row, and of a customer's first won deal, per grouping. */
const KEYS: Readonly<Record<Grouping, { row: string; first: string; label: string }>> = {
  month: {
    row: "date_trunc('month', closed)",
    first: "date_trunc('month', min(closed))",
    label: "strftime(g, '%Y-%m')",
  },
  rep: {
    row: "coalesce(rep, '(blank)')",
    first: "arg_min(coalesce(rep, '(blank)'), {'d': closed, 'r': rn})",
    label: 'g',
  },
};

/**
 * The SQL computing `figures` over the whole table by `grouping`: closed-date figures of rows with a close
 * date; new customers counted in the group of each customer's first won deal (earliest close, then row).
 */
export function figuresSql(figures: readonly Figure[], grouping: Grouping): string {
  const key = KEYS[grouping];
  const aggs = [...new Set(figures.flatMap((f) => AGGREGATES[f.id]))];
  const withNew = figures.some((f) => f.id === 'new_customers');
  const ctes = [
    `agg AS (SELECT ${[`${key.row} AS g`, ...aggs].join(', ')} FROM deals WHERE closed IS NOT NULL GROUP BY 1)`,
  ];
  if (withNew) {
    ctes.push(
      `firsts AS (SELECT ${key.first} AS g FROM deals WHERE ${WON} AND closed IS NOT NULL AND customer IS NOT NULL GROUP BY customer)`,
      'nc AS (SELECT g, count(*) AS n FROM firsts GROUP BY g)',
    );
  }
  const select = [`${key.label} AS label`, ...figures.map((f) => `${OUTPUTS[f.id]} AS ${f.id}`)].join(', ');
  return `WITH ${ctes.join(', ')} SELECT ${select} FROM agg${withNew ? ' LEFT JOIN nc USING (g)' : ''} ORDER BY agg.g`;
}

/** Runs one figures query and returns its rows as a FigureTable (BIGINT counts as numbers, NULL as null). */
export async function duckFigures(db: DuckDeals, sql: string): Promise<FigureTable> {
  const reader = await db.connection.runAndReadAll(sql);
  const rows = reader.getRowsJS();
  const width = reader.columnCount - 1;
  const values: (number | null)[][] = Array.from({ length: width }, () => []);
  const labels: string[] = [];
  for (const row of rows) {
    labels.push(String(row[0]));
    for (let k = 0; k < width; k++) {
      const v = row[k + 1];
      values[k].push(v === null || v === undefined ? null : Number(v));
    }
  }
  return { labels, values };
}
