/**
 * `sales-kpi canonical`: a deal table file in, DESIGN.md's canonical deal table out, as a CSV and the `schema.json`
 * beside it that `bq load` takes. The file is read exactly as the summary job reads it (run.ts: CSV, XLSX streamed
 * when big, a CRM's HTML .xls, --sheet, --tz); the values are the engine's (src/engine/canonical.ts); the CSV's
 * format is canonicalCsv.ts's. The input is only ever read.
 */
import { dirname, extname, join } from 'node:path';
import { bigQuerySchema, canonicalTable, type CanonicalColumn } from '../engine/canonical';
import { KpiError } from '../engine/errors';
import { readDeals } from '../engine/read';
import { rowCounts } from '../engine/summary';
import { canonicalCsvPieces } from './canonicalCsv';
import { writeTextSafely } from './files';
import {
  InputError, checkNotInput, checkOptions, dealsClock, fileSize, fsReason, makeParentDir, readGrid, type RunStep,
} from './run';

/** Where the CSV goes unless -o says otherwise. */
export const CANONICAL_OUTPUT = 'canonical.csv';
/** The name of the BigQuery schema written in the CSV's folder. */
export const SCHEMA_FILE = 'schema.json';

/** What to convert and where to write it. */
export interface CanonicalOptions {
  /** The deal table: a .csv (.tsv, .txt), .xlsx (.xlsm) or a CRM's HTML .xls. */
  readonly input: string;
  /** The CSV to write; default canonical.csv. `schema.json` goes in its folder. */
  readonly output?: string;
  /** The XLSX sheet holding the deals; default the first sheet that looks like a deal table. */
  readonly sheet?: string;
  /** IANA zone whose "today" decides which dates are in the future (NULL), and in which a CSV's date-times with an offset fall; default this machine's. */
  readonly timeZone?: string;
  /** "Now" as an instant; default Date.now(). */
  readonly now?: number;
  /** Called as each step starts (for progress lines). */
  readonly onStep?: (step: RunStep) => void;
}

/** What the job wrote. */
export interface CanonicalResult {
  /** The CSV written, as given (relative paths stay relative). */
  readonly output: string;
  /** The schema.json written beside it. */
  readonly schema: string;
  /** The canonical columns, in their order. */
  readonly columns: readonly CanonicalColumn[];
  /** Deal rows written (blank rows are not deals). */
  readonly rows: number;
  /** Rows with a value the engine could not use (written as NULL) or missing one a deal needs. */
  readonly rowsWithIssues: number;
  /** What the reader wants the user to know (guessed encodings, a title above the header …). */
  readonly warnings: readonly string[];
  /** The CRM export the deal table was recognised as, if any. */
  readonly crm: string | undefined;
}

/** The schema.json path for a CSV: `schema.json` in the CSV's folder. */
export function schemaPathFor(output: string): string {
  return join(dirname(output), SCHEMA_FILE);
}

/** Runs `sales-kpi canonical`; see CanonicalOptions and CanonicalResult. */
export async function runCanonicalJob(options: CanonicalOptions): Promise<CanonicalResult> {
  const checked = checkOptions({ input: options.input, timeZone: options.timeZone, now: options.now });
  const step = options.onStep ?? (() => undefined);
  const output = options.output ?? CANONICAL_OUTPUT;
  if (extname(output).toLowerCase() !== '.csv') throw new InputError(`-o ${output}: the output must be a .csv file`);
  const schema = schemaPathFor(output);
  await checkNotInput(output, [options.input], 'the canonical table');
  await checkNotInput(schema, [options.input], 'the canonical table');

  const bytes = await fileSize(options.input, 'the deal table');
  step({ kind: 'read', path: options.input, bytes });
  const grid = await readGrid(options.input, 'the deal table', options.sheet, (rows) => step({ kind: 'rows', rows }));
  let table;
  try {
    table = readDeals(grid.values, { headerRow: grid.headerRow, ...dealsClock(checked) });
  } catch (error) {
    if (error instanceof KpiError) throw new InputError(`${options.input}: ${error.message}`);
    throw error;
  }
  step({ kind: 'compute', rows: table.n });
  const { columns, rows } = canonicalTable(table);

  step({ kind: 'write', path: output });
  await makeParentDir(output);
  await writeText(output, canonicalCsvPieces(columns, rows));
  await writeText(schema, [`${JSON.stringify(bigQuerySchema(columns), null, 2)}\n`]);
  return {
    output, schema, columns, rows: rows.length, rowsWithIssues: rowCounts(table).withIssues, warnings: grid.warnings, crm: table.layout?.name,
  };
}

/** Writes a file through a temporary one; a file-system failure becomes an InputError naming it. */
async function writeText(path: string, pieces: Iterable<string>): Promise<void> {
  try {
    await writeTextSafely(path, pieces);
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code) throw new InputError(`cannot write ${path}: ${fsReason(error)}`);
    throw error;
  }
}
