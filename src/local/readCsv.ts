/**
 * Reads a CSV deal table into the 2-D array the engine reads (header row first, every cell a string, "" for
 * blanks), the way Sheets would import it: cells are not trimmed or coerced — the engine coerces "1 234,56 ₽"
 * and "15.03.2024" itself, so the local runtime and the add-on read the same text the same way.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { detectColumns } from '../engine/read';

/** The delimiters a deal table may use. */
export type Delimiter = ',' | ';' | '\t' | '|';

/** A CSV file as read: the grid, what was detected, and what the reader had to guess or repair. */
export interface CsvTable {
  /** Header row first; rectangular, cells are strings ("" for blanks). */
  readonly values: string[][];
  readonly delimiter: Delimiter;
  /** The text encoding the bytes were decoded with. */
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';
  /** Row number of the header as a spreadsheet that imported the file would show it (leading blank lines skipped). */
  readonly headerRow: number;
  /** Things a user may want to know: a guessed encoding, lines with unbalanced quotes. */
  readonly warnings: string[];
}

const CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|'];
const NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
/** Enough of the file to see its header and first rows; detection never needs more. */
const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_ROWS = 20;
/** How many physical lines a quoted cell may span when the reader has to repair broken quoting. */
const MAX_RECORD_LINES = 50;
const MAX_WARNINGS = 20;

/** The delimiter's name for messages: "semicolon". */
export function delimiterName(delimiter: Delimiter): string {
  return NAMES[delimiter];
}

/**
 * Detects the delimiter from the header and the first rows: the candidate that splits the header into
 * two or more cells and keeps the most rows at the header's width wins; ties go to the one whose header
 * names more deal-table columns, then to more columns, then comma. Comma when nothing splits the header.
 */
export function detectDelimiter(text: string): Delimiter {
  const sample = normalizeNewlines(stripBom(text.slice(0, SAMPLE_CHARS)));
  const cut = text.length > SAMPLE_CHARS;
  let best: Delimiter = ',';
  let bestScore: readonly number[] = [-1, -1, -1];
  for (const delimiter of CANDIDATES) {
    const score = delimiterScore(sample, delimiter, cut);
    if (score && isBetter(score, bestScore)) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** [share of rows as wide as the header, header cells naming a deal field, header width], or undefined. */
function delimiterScore(sample: string, delimiter: Delimiter, cut: boolean): number[] | undefined {
  const rows = Papa.parse<string[]>(sample, { delimiter, newline: '\n', preview: SAMPLE_ROWS + 10 }).data
    .filter((row) => !isBlankRow(row))
    .slice(0, SAMPLE_ROWS);
  // The sample may cut the last row short; never judge by it.
  if (rows.length > 2 && cut) rows.pop();
  if (rows.length === 0 || rows[0].length < 2) return undefined;
  const width = rows[0].length;
  const body = rows.slice(1);
  const consistent = body.length === 0 ? 1 : body.filter((row) => row.length === width).length / body.length;
  return [consistent, Object.keys(detectColumns(rows[0])).length, width];
}

function isBetter(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/** Reads a CSV file (path or bytes): detects encoding and delimiter, parses quoted fields, keeps every line a row. */
export function readCsv(source: string | Uint8Array): CsvTable {
  const bytes = typeof source === 'string' ? readFileSync(source) : source;
  const warnings: string[] = [];
  const { text, encoding } = decode(bytes);
  if (encoding === 'windows-1251') {
    warnings.push('the file is not valid UTF-8; it was read as Windows-1251 (Cyrillic). Save it as UTF-8 if the text looks wrong.');
  }
  const body = normalizeNewlines(text);
  const delimiter = detectDelimiter(body);
  const records = parseRecords(body, delimiter, warnings);
  let first = 0;
  while (first < records.length && isBlankRow(records[first])) first++;
  return { values: rectangular(records.slice(first)), delimiter, encoding, headerRow: first + 1, warnings };
}

/** Reads a CSV file (path or bytes) into a grid, header row first, cells as strings. */
export function readCsvTable(source: string | Uint8Array): string[][] {
  return readCsv(source).values;
}

/** Decodes a text file by its BOM; without one, UTF-8 if the bytes are valid UTF-8, else Windows-1251 (Russian Excel's "CSV"). */
export function decode(bytes: Uint8Array): { text: string; encoding: CsvTable['encoding'] } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** One line ending for the whole file: a file mixing CRLF and LF must not leave "\r" at the end of cells. */
function normalizeNewlines(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}

/**
 * Parses every record. Well-formed files take one pass; when quoting is broken (a line written with another
 * delimiter, an unclosed quote), the file is re-read line by line so that one bad line stays one junk row
 * instead of swallowing the rest of the file into a single cell.
 */
function parseRecords(text: string, delimiter: Delimiter, warnings: string[]): string[][] {
  const whole = Papa.parse<string[]>(text, { delimiter, newline: '\n', quoteChar: '"' });
  const data = dropFinalNewline(whole.data, text);
  if (whole.errors.length === 0) return data;
  return parseLineByLine(text, delimiter, warnings);
}

/** Papa reads the newline that ends the last line as one more, empty, record. */
function dropFinalNewline(data: string[][], text: string): string[][] {
  if (text.endsWith('\n') && data.length > 0) {
    const last = data[data.length - 1];
    if (last.length === 1 && last[0] === '') data.pop();
  }
  return data;
}

/** The repair pass: a record is the fewest physical lines (up to a limit) that parse cleanly, else one line alone. */
function parseLineByLine(text: string, delimiter: Delimiter, warnings: string[]): string[][] {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  const records: string[][] = [];
  let broken = 0;
  for (let i = 0; i < lines.length; ) {
    let taken = 0;
    for (let k = 1; k <= MAX_RECORD_LINES && i + k <= lines.length; k++) {
      const parsed = Papa.parse<string[]>(lines.slice(i, i + k).join('\n'), { delimiter, newline: '\n', quoteChar: '"' });
      if (parsed.errors.length === 0 && parsed.data.length === 1) {
        records.push(parsed.data[0]);
        taken = k;
        break;
      }
    }
    if (taken === 0) {
      // Read with quotes as plain characters, so the line keeps its text and its place.
      records.push(Papa.parse<string[]>(lines[i], { delimiter, newline: '\n', quoteChar: '\u0000' }).data[0] ?? ['']);
      broken++;
      if (broken <= MAX_WARNINGS) warnings.push(`line ${i + 1}: unbalanced quotes; read as one row with the quotes kept as text`);
      taken = 1;
    }
    i += taken;
  }
  if (broken > MAX_WARNINGS) warnings.push(`… and ${broken - MAX_WARNINGS} more lines with unbalanced quotes`);
  return records;
}

function isBlankRow(row: readonly string[]): boolean {
  for (let i = 0; i < row.length; i++) if (row[i] !== '') return false;
  return true;
}

/** Pads every row with "" to the widest row, the shape getValues() returns. */
function rectangular(rows: string[][]): string[][] {
  let width = 0;
  for (const row of rows) if (row.length > width) width = row.length;
  for (const row of rows) while (row.length < width) row.push('');
  return rows;
}
