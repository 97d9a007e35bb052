/**
 * `sales-kpi canonical`: a hand-made deal table in, the canonical CSV and schema.json out, exactly; DuckDB reads the
 * CSV back with the schema's types and gets the same values and NULLs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalTable, type CanonicalColumn, type CanonicalValue } from '../../src/engine/canonical';
import { readDeals } from '../../src/engine/read';
import { canonicalCsv, csvField, duckDbColumns, duckDbReadCsv } from '../../src/local/canonicalCsv';
import { runCanonicalJob, schemaPathFor } from '../../src/local/canonicalJob';
import { CANONICAL_USAGE, USAGE, main, type CliIo } from '../../src/local/cli';
import { readCsv } from '../../src/local/readCsv';
import { NOW } from '../helpers';
import { tempDir } from './tempDir';

/**
 * Every column kind, English headers, "now" 2025-01-01: a Russian-number amount (D1), FALSE and an unreadable amount
 * (D2), TRUE and a percentage (D3), a blank row (5), a future close date (D4), a refund (D5), text with a comma, a
 * quote, a line break (the engine reads it as a space) and Cyrillic letters (D1, D2, D6).
 */
const DEALS = [
  'Deal ID,Created,Qualified,Closed,Amount,Cost,Status,Stage,Probability,Rep,Customer,Source,Type',
  'D1,2024-03-01,2024-03-02,2024-03-10,"1 234,56",500,won,Closed won,,Anna,"Acme, Inc.",Web,new',
  'D2,2024-03-02,no,2024-03-12,abc,,lost,Closed lost,,Boris,"Say ""hi"" Ltd",Ads,repeat',
  'D3,2024-03-03,TRUE,,700,,open,Proposal,35%,Anna,Beta,,upsell',
  ',,,,,,,,,,,,',
  'D4,2024-03-04,,2026-01-01,900,100,won,Closed won,,Boris,Gamma,Web,cross-sell',
  'D5,2024-01-05,FALSE,2024-03-20,-300,0,won,Closed won,,Anna,"Acme, Inc.",Web,new',
  'D6,2024-03-06,2024-03-07,2024-03-25,0.1,,won,Closed won,,Борис,"Two\nlines",Web,repeat',
].join('\n') + '\n';

/** The canonical CSV of DEALS, worked out by hand from DESIGN.md's rules. */
const CANONICAL = [
  'row,id,created,qualified,is_qualified,closed,amount,cost,status,stage,probability,rep,customer,source,type',
  '2,D1,2024-03-01,2024-03-02,true,2024-03-10,1234.56,500,won,Closed won,,Anna,"Acme, Inc.",Web,new',
  '3,D2,2024-03-02,,false,2024-03-12,,,lost,Closed lost,,Boris,"Say ""hi"" Ltd",Ads,repeat',
  '4,D3,2024-03-03,,true,,700,,open,Proposal,0.35,Anna,Beta,,upsell',
  '6,D4,2024-03-04,,false,,900,100,won,Closed won,,Boris,Gamma,Web,cross-sell',
  '7,D5,2024-01-05,,false,2024-03-20,-300,0,won,Closed won,,Anna,"Acme, Inc.",Web,new',
  '8,D6,2024-03-06,2024-03-07,true,2024-03-25,0.1,,won,Closed won,,Борис,Two lines,Web,repeat',
].join('\n') + '\n';

/** The same rows as values: what DuckDB must read back. */
const VALUES: CanonicalValue[][] = [
  [2, 'D1', '2024-03-01', '2024-03-02', true, '2024-03-10', 1234.56, 500, 'won', 'Closed won', null, 'Anna', 'Acme, Inc.', 'Web', 'new'],
  [3, 'D2', '2024-03-02', null, false, '2024-03-12', null, null, 'lost', 'Closed lost', null, 'Boris', 'Say "hi" Ltd', 'Ads', 'repeat'],
  [4, 'D3', '2024-03-03', null, true, null, 700, null, 'open', 'Proposal', 0.35, 'Anna', 'Beta', null, 'upsell'],
  [6, 'D4', '2024-03-04', null, false, null, 900, 100, 'won', 'Closed won', null, 'Boris', 'Gamma', 'Web', 'cross-sell'],
  [7, 'D5', '2024-01-05', null, false, '2024-03-20', -300, 0, 'won', 'Closed won', null, 'Anna', 'Acme, Inc.', 'Web', 'new'],
  [8, 'D6', '2024-03-06', '2024-03-07', true, '2024-03-25', 0.1, null, 'won', 'Closed won', null, 'Борис', 'Two lines', 'Web', 'repeat'],
];

const TYPES: Record<string, string> = {
  row: 'INT64', id: 'STRING', created: 'DATE', qualified: 'DATE', is_qualified: 'BOOL', closed: 'DATE', amount: 'FLOAT64', cost: 'FLOAT64',
  status: 'STRING', stage: 'STRING', probability: 'FLOAT64', rep: 'STRING', customer: 'STRING', source: 'STRING', type: 'STRING',
};

/** The schema.json of DEALS, as `bq load --schema` takes it. */
const SCHEMA = Object.entries(TYPES).map(([name, type]) => ({ name, type, mode: name === 'row' ? 'REQUIRED' : 'NULLABLE' }));

/** BigQuery types as DuckDB's read_csv names them. */
const DUCKDB: Record<string, string> = { INT64: 'BIGINT', FLOAT64: 'DOUBLE', STRING: 'VARCHAR', DATE: 'DATE', BOOL: 'BOOLEAN' };

let dir: string;
let input: string;
let duck: DuckDBInstance;

beforeAll(async () => {
  dir = tempDir('canonical-');
  input = join(dir, 'deals.csv');
  writeFileSync(input, DEALS);
  duck = await DuckDBInstance.create(':memory:');
});

afterAll(() => {
  duck?.closeSync();
});

/** Runs `main` in this process at NOW, capturing what it prints. */
async function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, color: false, now: NOW };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** The rows DuckDB reads from a canonical CSV with the types of its schema.json: dates as ISO text, BIGINTs as numbers. */
async function readWithDuckDb(csv: string, schema: readonly { name: string; type: string }[]): Promise<unknown[][]> {
  const columns = schema.map((f) => `'${f.name}': '${DUCKDB[f.type]}'`).join(', ');
  const connection = await duck.connect();
  try {
    const result = await connection.runAndReadAll(`SELECT * FROM read_csv('${csv}', header=true, columns={${columns}})`);
    return result.getRowsJS().map((row) => row.map((v) =>
      (typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString().slice(0, 10) : v)));
  } finally {
    connection.closeSync();
  }
}

describe('sales-kpi canonical', () => {
  it('writes the canonical CSV and schema.json beside it, and says where and how many rows', async () => {
    const output = join(dir, 'bq', 'canonical.csv');
    const r = await run(['canonical', input, '-o', output, '--tz', 'UTC']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `Canonical deal table written to ${output}: 6 rows, 15 columns (${Object.keys(TYPES).join(', ')})\n` +
        `BigQuery schema written to ${join(dir, 'bq', 'schema.json')}\n` +
        `3 rows with issues: what could not be read is NULL (sales-kpi ${input} lists them in its Data quality block)\n`,
    );
    expect(readFileSync(output, 'utf8')).toBe(CANONICAL);
    const schemaText = readFileSync(join(dir, 'bq', 'schema.json'), 'utf8');
    expect(JSON.parse(schemaText)).toEqual(SCHEMA);
    expect(schemaText).toBe(`${JSON.stringify(SCHEMA, null, 2)}\n`);
  });

  it('gives a CSV that DuckDB reads back with the schema\'s types: the same values and NULLs', async () => {
    const output = join(dir, 'duck', 'canonical.csv');
    await runCanonicalJob({ input, output, timeZone: 'UTC', now: NOW });
    const schema = JSON.parse(readFileSync(join(dir, 'duck', 'schema.json'), 'utf8')) as { name: string; type: string }[];
    expect(await readWithDuckDb(output, schema)).toEqual(VALUES);
  });

  it('leaves out the columns the table does not have: no status for a sales log, no qualified without one', async () => {
    const salesLog = join(dir, 'sales-log.csv');
    writeFileSync(salesLog, 'Date,Amount,Customer\n2024-03-01,100,Acme\n2024-03-02,n/a,Beta\n');
    const a = await runCanonicalJob({ input: salesLog, output: join(dir, 'log', 'canonical.csv'), timeZone: 'UTC', now: NOW });
    expect(readFileSync(a.output, 'utf8')).toBe('row,closed,amount,customer\n2,2024-03-01,100,Acme\n3,2024-03-02,,Beta\n');
    expect(JSON.parse(readFileSync(a.schema, 'utf8'))).toEqual([
      { name: 'row', type: 'INT64', mode: 'REQUIRED' },
      { name: 'closed', type: 'DATE', mode: 'NULLABLE' },
      { name: 'amount', type: 'FLOAT64', mode: 'NULLABLE' },
      { name: 'customer', type: 'STRING', mode: 'NULLABLE' },
    ]);

    const noQualified = join(dir, 'no-qualified.csv');
    writeFileSync(noQualified, 'Closed,Amount,Status\n2024-03-01,100,won\n2024-03-02,50,lost\n');
    const b = await runCanonicalJob({ input: noQualified, output: join(dir, 'nq', 'canonical.csv'), timeZone: 'UTC', now: NOW });
    expect(readFileSync(b.output, 'utf8')).toBe('row,closed,amount,status\n2,2024-03-01,100,won\n3,2024-03-02,50,lost\n');
    expect(await readWithDuckDb(b.output, JSON.parse(readFileSync(b.schema, 'utf8')))).toEqual([[2, '2024-03-01', 100, 'won'], [3, '2024-03-02', 50, 'lost']]);
  });

  it('reads an XLSX deal table as the summary does: its dates are days, whatever --tz', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Deals');
    for (const row of readCsv(input).values) {
      ws.addRow(row.map((c) => (/^\d{4}-\d{2}-\d{2}$/.test(c) ? new Date(`${c}T00:00:00Z`) : c)));
    }
    const xlsx = join(dir, 'deals.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const result = await runCanonicalJob({ input: xlsx, output: join(dir, 'xlsx', 'canonical.csv'), timeZone: 'Asia/Tokyo', now: NOW });
    expect(readFileSync(result.output, 'utf8')).toBe(CANONICAL);
  });

  it('writes canonical.csv and schema.json by default', () => {
    expect(schemaPathFor('canonical.csv')).toBe('schema.json');
    expect(schemaPathFor('out/deals.csv')).toBe(join('out', 'schema.json'));
    expect(CANONICAL_USAGE).toContain('-o, --output <file>   the CSV to write (default: canonical.csv); schema.json goes in its folder.');
  });

  it('never writes over an input, and fails with exit code 2 on a bad input or option', async () => {
    const before = readFileSync(input, 'utf8');
    const over = await run(['canonical', input, '-o', input]);
    expect(over).toEqual({
      code: 2, stdout: '',
      stderr: `sales-kpi: -o ${input} is an input file: write the canonical table to another file (the inputs are never modified)\n`,
    });
    expect(readFileSync(input, 'utf8')).toBe(before);

    const missing = await run(['canonical', join(dir, 'nowhere.csv'), '-o', join(dir, 'x', 'canonical.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`sales-kpi: cannot read the deal table ${join(dir, 'nowhere.csv')}: no such file\n`);
    expect(existsSync(join(dir, 'x', 'canonical.csv'))).toBe(false);

    const notCsv = await run(['canonical', input, '-o', join(dir, 'canonical.xlsx')]);
    expect(notCsv).toEqual({ code: 2, stdout: '', stderr: `sales-kpi: -o ${join(dir, 'canonical.xlsx')}: the output must be a .csv file\n` });

    const headerless = join(dir, 'headerless.csv');
    writeFileSync(headerless, 'foo,bar\n1,2\n');
    const bad = await run(['canonical', headerless, '-o', join(dir, 'y', 'canonical.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`^sales-kpi: ${headerless.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));

    expect((await run(['canonical', input, '--period', '2024'])).stderr).toBe('sales-kpi: unknown option --period (see sales-kpi canonical --help)\n');
    expect((await run(['canonical'])).code).toBe(2);
  });

  it('has a --help of its own, and the main usage names it', async () => {
    expect(await run(['canonical', '--help'])).toEqual({ code: 0, stdout: CANONICAL_USAGE, stderr: '' });
    for (const option of ['-o, --output <file>', '--sheet <name>', '--tz <zone>', '-h, --help', 'bq load --source_format=CSV --skip_leading_rows=1']) {
      expect(CANONICAL_USAGE).toContain(option);
    }
    expect(USAGE).toContain('sales-kpi canonical <deals.csv | deals.xlsx> [-o canonical.csv] [--sheet <name>] [--tz <zone>]');
  });
});

describe('canonicalCsv', () => {
  const columns: CanonicalColumn[] = [
    { name: 'row', type: 'INT64' }, { name: 'id', type: 'STRING' }, { name: 'closed', type: 'DATE' },
    { name: 'is_qualified', type: 'BOOL' }, { name: 'amount', type: 'FLOAT64' },
  ];

  it('quotes text only when RFC 4180 needs it, leaves NULL empty, writes numbers in full', () => {
    expect(canonicalCsv(columns, [
      [2, 'plain', '2024-03-15', true, 1234567.891],
      [3, 'a,b', null, false, -0.000001],
      [4, 'say "x"', '2024-03-16', null, 1e21],
      [5, ' padded', null, null, null],
      [6, 'line\r\nbreak', null, null, 2 ** 53],
    ])).toBe([
      'row,id,closed,is_qualified,amount',
      '2,plain,2024-03-15,true,1234567.891',
      '3,"a,b",,false,-0.000001',
      '4,"say ""x""",2024-03-16,,1e+21',
      '5," padded",,,',
      '6,"line\r\nbreak",,,9007199254740992',
    ].join('\n') + '\n');
    expect(csvField('')).toBe('""');
    expect(csvField(NaN)).toBe('');
  });

  it('gives DuckDB\'s types for read_csv', () => {
    expect(duckDbColumns(columns)).toEqual({ row: 'BIGINT', id: 'VARCHAR', closed: 'DATE', is_qualified: 'BOOLEAN', amount: 'DOUBLE' });
    expect(duckDbReadCsv("it's.csv", columns.slice(0, 2))).toBe("read_csv('it''s.csv', header=true, columns={'row': 'BIGINT', 'id': 'VARCHAR'})");
  });

  it('is the CSV of canonicalTable: the engine\'s rows of the hand-made table', () => {
    const t = canonicalTable(readDeals(readCsv(input).values, { timeZone: 'UTC', now: NOW }));
    expect(t.rows).toEqual(VALUES);
    expect(canonicalCsv(t.columns, t.rows)).toBe(CANONICAL);
  });
});
