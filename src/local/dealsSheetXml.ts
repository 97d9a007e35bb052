/**
 * The worksheet XML of the deals copy, written by hand: ExcelJS spends 30–40 µs on each deal (a style object per
 * cell, slow XML rendering), which is 40 s for a million deals; this writes the same cells in a fraction of that.
 *
 * Cells are what ExcelJS wrote for the same values: numbers as <v>, booleans as t="b", dates as their serial
 * number with a date style, text as an inline string (t="inlineStr": never a formula, whatever it starts with,
 * and no shared-strings table to merge with the summary's), blanks and non-finite numbers as no cell at all.
 * The header row is bold. Styles are cellXfs indexes that the caller takes from styles.xml.
 *
 * The part is deflated as it is made, so a million deals never exist as one XML string.
 */
import { promisify } from 'node:util';
import { constants as zlib, crc32, deflateRaw } from 'node:zlib';

/** The cellXfs indexes the copy's cells use. */
export interface DealSheetStyles {
  /** Bold text: every cell of the header row, and the row itself (so its blank cells are bold too). */
  readonly header: number;
  /** A short-date number format: every date below the header. */
  readonly date: number;
  /** Bold and a short date: a date in the header row. */
  readonly headerDate: number;
}

/** A worksheet part, raw-deflated, with what a zip entry needs to hold it. */
export interface DeflatedPart {
  readonly data: Buffer;
  readonly size: number;
  readonly crc32: number;
}

/**
 * Rows per piece of XML (about 100 KB): made, encoded and let go while V8 still holds them in its young
 * generation. Pieces of thousands of rows live long enough to be promoted, and collecting them takes longer
 * than making them.
 */
const ROWS_PER_PIECE = 200;
/** XML bytes deflated as one batch. */
const BATCH_BYTES = 2 * 1024 * 1024;
/** Batches deflating at once before making another waits: bounds the text held in memory. */
const IN_FLIGHT = 4;
/**
 * zlib's fastest level: about three times faster than its default, and the file is as large as the one ExcelJS
 * wrote (69 MB for a million generated deals; the default level gives 56 MB).
 */
const LEVEL = zlib.Z_BEST_SPEED;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_UTF8_PER_UNIT = 3;

const deflateBatch = promisify(deflateRaw);
const MS_PER_DAY = 86_400_000;
/** The serial number of 1970-01-01 in Excel's 1900 date system. */
const UNIX_EPOCH_SERIAL = 25_569;
/**
 * What XML 1.0 cannot hold, dropped as ExcelJS drops it (C0 controls but tab, LF and CR; DEL), plus U+FFFE and
 * U+FFFF, which ExcelJS would write into an unreadable file; & < > are escaped and CR kept as a character
 * reference (a parser would turn a raw CR into LF).
 */
const XML_SPECIAL = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]/g;
/** The same, without the global flag's state: to test text, most of which needs no escaping, before replacing. */
const HAS_XML_SPECIAL = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/** Text as XML character data: & < > escaped, CR as &#13;, characters XML 1.0 forbids dropped. */
export function xmlText(text: string): string {
  return HAS_XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL, (ch) => ESCAPES[ch] ?? '') : text;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnName(col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Excel's serial number of an instant (1900 date system): 2024-03-15T00:00Z → 45366. */
export function dateSerial(date: Date): number {
  return date.getTime() / MS_PER_DAY + UNIX_EPOCH_SERIAL;
}

/**
 * One cell's <c> element, '' for a cell left empty (blank, "", a non-finite number, an invalid date).
 * `style` is the cell's xf for a non-date value, `dateStyle` for a date.
 */
export function cellXml(ref: string, value: unknown, style: number, dateStyle: number): string {
  const s = style === 0 ? '' : ` s="${style}"`;
  if (value === '' || value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
  if (typeof value === 'boolean') return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? '' : `<c r="${ref}" s="${dateStyle}"><v>${dateSerial(value)}</v></c>`;
  }
  return inlineString(ref, s, String(value));
}

/** Text as an inline string; white space at its ends is kept (xml:space), which a client would otherwise trim. */
function inlineString(ref: string, s: string, text: string): string {
  const space = text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32 ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`;
}

/** One sheet row's <row> element (row `r`, 1-based), '' when all its cells are blank. */
export function rowXml(cells: readonly unknown[], r: number, columns: readonly string[], styles: DealSheetStyles, header: boolean): string {
  let xml = '';
  const style = header ? styles.header : 0;
  const dateStyle = header ? styles.headerDate : styles.date;
  const row = String(r);
  for (let c = 0; c < cells.length; c++) xml += cellXml(columns[c] + row, cells[c], style, dateStyle);
  if (xml === '') return '';
  return header ? `<row r="${r}" s="${style}" customFormat="1">${xml}</row>` : `<row r="${r}">${xml}</row>`;
}

/** The column names A, B, … of the widest row. */
function columnNames(values: readonly (readonly unknown[])[]): string[] {
  let width = 0;
  for (let r = 0; r < values.length; r++) if (values[r].length > width) width = values[r].length;
  const names: string[] = new Array(width);
  for (let c = 0; c < width; c++) names[c] = columnName(c);
  return names;
}

/**
 * The <sheetData> element of a deal grid in pieces of ROWS_PER_PIECE rows; values[i] is sheet row i + 1 and
 * values[header] the header row (-1: none).
 */
export function* sheetDataPieces(values: readonly (readonly unknown[])[], header: number, styles: DealSheetStyles): Generator<string> {
  const columns = columnNames(values);
  yield '<sheetData>';
  for (let start = 0; start < values.length; start += ROWS_PER_PIECE) {
    const end = Math.min(values.length, start + ROWS_PER_PIECE);
    const rows: string[] = [];
    for (let i = start; i < end; i++) rows.push(rowXml(values[i], i + 1, columns, styles, i === header));
    yield rows.join('');
  }
  yield '</sheetData>';
}

/** The whole part's text, piece by piece. */
function* partPieces(
  before: string, values: readonly (readonly unknown[])[], header: number, styles: DealSheetStyles, after: string,
): Generator<string> {
  yield before;
  yield* sheetDataPieces(values, header, styles);
  yield after;
}

/**
 * A worksheet part made of `before` (up to <sheetData>), the deal grid's rows and `after`, deflated as it is
 * made. The text is encoded into a few reused batch buffers: fresh buffers for half a gigabyte of XML would make
 * V8 collect its whole heap, the deal grid included, again and again. Batches deflate on libuv's threads,
 * several at once, while the next batch is made; each is a deflate stream of its own ended by a sync flush (the
 * last one finished), so their concatenation is one valid stream.
 */
export async function deflatedSheet(
  before: string, values: readonly (readonly unknown[])[], header: number, styles: DealSheetStyles, after: string,
): Promise<DeflatedPart> {
  const free: Buffer[] = [];
  const pending: Promise<Buffer>[] = [];
  const done: Buffer[] = [];
  let batch: Buffer = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  let size = 0;
  let crc = 0;
  /** Deflates `input` in the background, giving `reuse` back to the free batches when done. */
  const send = async (input: Buffer, last: boolean, reuse?: Buffer): Promise<void> => {
    size += input.length;
    crc = crc32(input, crc);
    const deflated = deflateBatch(input, { level: LEVEL, finishFlush: last ? zlib.Z_FINISH : zlib.Z_SYNC_FLUSH }).then((out) => {
      if (reuse) free.push(reuse);
      return out;
    });
    // A batch that fails while an earlier one is awaited is reported when its turn comes, not as unhandled.
    deflated.catch(() => undefined);
    pending.push(deflated);
    if (pending.length >= IN_FLIGHT) done.push(await (pending.shift() as Promise<Buffer>));
  };
  const sendBatch = async (last: boolean): Promise<void> => {
    const full = batch;
    await send(full.subarray(0, used), last, full);
    batch = free.pop() ?? Buffer.allocUnsafe(BATCH_BYTES);
    used = 0;
  };
  for (const piece of partPieces(before, values, header, styles, after)) {
    if (used > 0 && used + piece.length * MAX_UTF8_PER_UNIT > BATCH_BYTES) await sendBatch(false);
    if (piece.length * MAX_UTF8_PER_UNIT > BATCH_BYTES) await send(Buffer.from(piece, 'utf8'), false);
    else used += batch.write(piece, used, 'utf8');
  }
  await sendBatch(true);
  for (const deflated of pending) done.push(await deflated);
  return { data: Buffer.concat(done), size, crc32: crc };
}
