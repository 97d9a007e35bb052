/**
 * Where GoogleSQL (BigQuery) and DuckDB differ, in one place: identifiers, dividing by zero, date arithmetic and
 * formatting, bucket series and the exact median. The compiler (compile.ts) writes everything else once; fiscal
 * quarters and years are built here from each dialect's calendar buckets and month arithmetic (withFiscalYear).
 */
import { isFiscalBucket, type FiscalYearStart, type Granularity } from '../period';

/** A SQL dialect the catalog compiles to. */
export interface Dialect {
  readonly name: 'bigquery' | 'duckdb';
  /** A table name as written by the user (`project.dataset.deals`, `deals`), quoted. */
  readonly table: (name: string) => string;
  /** a / b, NULL when b is 0 or NULL. */
  readonly divide: (a: string, b: string) => string;
  /** The first day of the `g` bucket holding date `d` (ISO weeks start on Monday). */
  readonly bucketStart: (g: Granularity, d: string) => string;
  /** Date `d` moved by `n` buckets of `g`. */
  readonly addBuckets: (g: Granularity, d: string, n: number) => string;
  /** Date `d` moved by `n` months (a negative `n` moves it back). */
  readonly addMonths: (d: string, n: number) => string;
  /** The text expressions `parts` joined into one. */
  readonly concat: (...parts: string[]) => string;
  /** The label the functions give the bucket starting on `d`: 2024-03-15, 2024-W05, 2024-03, 2024-Q1, 2024. */
  readonly bucketLabel: (g: Granularity, d: string) => string;
  /** A FROM item with one column `b`: every bucket start from `from` to `to` (both bucket starts). */
  readonly bucketSeries: (g: Granularity, from: string, to: string) => string;
  /** Days from `from` to `to` (two dates). */
  readonly daysBetween: (from: string, to: string) => string;
  /**
   * A query of `ord, v`: the exact median of `value` per `ord` over `source` (a FROM … WHERE … text whose rows have
   * `ord` and the value). BigQuery has no exact median aggregate, only the analytic PERCENTILE_CONT.
   */
  readonly medianBy: (value: string, source: string) => string;
  /** A boolean column compared with TRUE. */
  readonly isTrue: (col: string) => string;
  /** The names of the column types the query casts to. */
  readonly types: { readonly STRING: string; readonly FLOAT64: string; readonly INT64: string };
}

/** The interval keyword of a granularity in date arithmetic. */
const PART: Readonly<Record<Granularity, string>> = { day: 'DAY', week: 'WEEK', month: 'MONTH', quarter: 'QUARTER', year: 'YEAR' };

/** The strftime pattern of a granularity's label (a quarter is built from its year and number). */
const LABEL_FORMAT: Readonly<Record<Exclude<Granularity, 'quarter'>, string>> = { day: '%Y-%m-%d', week: '%G-W%V', month: '%Y-%m', year: '%Y' };

/** GoogleSQL's date moved by `n` buckets of `g`. */
const bigQueryAdd = (g: Granularity, d: string, n: number): string => `DATE_ADD(${d}, INTERVAL ${n} ${PART[g]})`;
/** GoogleSQL's concatenation of text expressions. */
const bigQueryConcat = (...parts: string[]): string => `CONCAT(${parts.join(', ')})`;

/** GoogleSQL, as BigQuery runs it. */
export const BIGQUERY: Dialect = {
  name: 'bigquery',
  table: (name) => `\`${name.replace(/`/g, '')}\``,
  divide: (a, b) => `SAFE_DIVIDE(${a}, ${b})`,
  bucketStart: (g, d) => `DATE_TRUNC(${d}, ${g === 'week' ? 'ISOWEEK' : PART[g]})`,
  addBuckets: bigQueryAdd,
  addMonths: (d, n) => bigQueryAdd('month', d, n),
  concat: bigQueryConcat,
  bucketLabel: (g, d) => (g === 'quarter'
    ? bigQueryConcat(`FORMAT_DATE('%Y', ${d})`, "'-Q'", `CAST(EXTRACT(QUARTER FROM ${d}) AS STRING)`)
    : `FORMAT_DATE('${LABEL_FORMAT[g]}', ${d})`),
  bucketSeries: (g, from, to) => `UNNEST(GENERATE_DATE_ARRAY(${from}, ${to}, INTERVAL 1 ${PART[g]})) AS b`,
  daysBetween: (from, to) => `DATE_DIFF(${to}, ${from}, DAY)`,
  medianBy: (value, source) =>
    `SELECT ord, ANY_VALUE(m) AS v FROM (SELECT ord, PERCENTILE_CONT(${value}, 0.5) OVER (PARTITION BY ord) AS m ${source}) GROUP BY ord`,
  isTrue: (col) => `${col} IS TRUE`,
  types: { STRING: 'STRING', FLOAT64: 'FLOAT64', INT64: 'INT64' },
};

/** DuckDB's date moved by `count` units: a date ± an interval is a timestamp, so it is cast back to a date. */
const duckShift = (d: string, count: number, unit: string): string =>
  `CAST(${d} ${count < 0 ? '-' : '+'} INTERVAL ${Math.abs(count)} ${unit} AS DATE)`;
/** DuckDB's concatenation of text expressions. */
const duckConcat = (...parts: string[]): string => parts.join(' || ');

/** DuckDB's dialect. */
export const DUCKDB: Dialect = {
  name: 'duckdb',
  table: (name) => name.split('.').map((p) => `"${p.replace(/"/g, '""')}"`).join('.'),
  divide: (a, b) => `(${a}) / NULLIF(${b}, 0)`,
  bucketStart: (g, d) => `CAST(date_trunc('${g}', ${d}) AS DATE)`,
  addBuckets: (g, d, n) => (g === 'quarter' ? duckShift(d, 3 * n, 'MONTH') : g === 'week' ? duckShift(d, 7 * n, 'DAY') : duckShift(d, n, PART[g])),
  addMonths: (d, n) => duckShift(d, n, 'MONTH'),
  concat: duckConcat,
  bucketLabel: (g, d) => (g === 'quarter'
    ? duckConcat(`strftime(${d}, '%Y')`, "'-Q'", `CAST(quarter(${d}) AS VARCHAR)`)
    : `strftime(${d}, '${LABEL_FORMAT[g]}')`),
  bucketSeries: (g, from, to) =>
    `(SELECT CAST(unnest(generate_series(CAST(${from} AS TIMESTAMP), CAST(${to} AS TIMESTAMP), INTERVAL ${g === 'quarter' ? '3 MONTH' : g === 'week' ? '7 DAY' : `1 ${PART[g]}`})) AS DATE) AS b) AS series`,
  daysBetween: (from, to) => `date_diff('day', ${from}, ${to})`,
  medianBy: (value, source) => `SELECT ord, median(${value}) AS v ${source} GROUP BY ord`,
  isTrue: (col) => `${col} IS TRUE`,
  types: { STRING: 'VARCHAR', FLOAT64: 'DOUBLE', INT64: 'BIGINT' },
};

/**
 * `dia` with the quarters and years of a fiscal year starting with month `fiscal`, as the engine's bucketOf makes them
 * (`dia` itself for 1, January). A fiscal year runs `fiscal - 1` months ahead of the calendar: a fiscal bucket starts
 * at the calendar bucket start of the date moved back that many months, moved forward again. Its label is "FY" and the
 * calendar label of its start moved `13 - fiscal` months on: that date (the start moved back `fiscal - 1` months, a
 * year later) lies in the calendar year the fiscal one ends in, and in the calendar quarter of the fiscal quarter's
 * number (with April, FY2025-Q1 starts on 2024-04-01; 2025-01-01 is in 2025-Q1).
 */
export function withFiscalYear(dia: Dialect, fiscal: FiscalYearStart): Dialect {
  if (fiscal === 1) return dia;
  const isFiscal = (g: Granularity): boolean => isFiscalBucket(g, fiscal);
  return {
    ...dia,
    bucketStart: (g, d) => (isFiscal(g) ? dia.addMonths(dia.bucketStart(g, dia.addMonths(d, 1 - fiscal)), fiscal - 1) : dia.bucketStart(g, d)),
    bucketLabel: (g, d) => (isFiscal(g) ? dia.concat("'FY'", dia.bucketLabel(g, dia.addMonths(d, 13 - fiscal))) : dia.bucketLabel(g, d)),
  };
}

/** The dialect named on the command line. */
export function dialectNamed(name: string): Dialect | undefined {
  return name === 'bigquery' ? BIGQUERY : name === 'duckdb' ? DUCKDB : undefined;
}
