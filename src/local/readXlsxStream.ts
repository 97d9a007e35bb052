/**
 * The streaming XLSX reader, for workbooks too big to load whole. The zip is opened from its central directory
 * (JSZip: the compressed file stays in memory, about a tenth of the sheet's XML); the sheet list, relationships and
 * styles are parsed by ExcelJS's own xforms; the shared strings and the deal sheet's XML are read here with ExcelJS's
 * SAX parser, the sheet inflated by node:zlib as it is parsed and turned row by row into the grid readXlsx.ts returns
 * for a small file (the same values, the same sheet choice, header search and warnings). Memory holds the grid, the
 * shared strings and the compressed file, never a Cell object per cell nor the sheet's XML.
 *
 * Why not ExcelJS's streaming WorkbookReader (`ExcelJS.stream.xlsx.WorkbookReader`), tried first:
 * - it loses zip entries at random: its unzipper (0.10) ends the stream of entries once the whole file has been
 *   written to it, not once its last entries have been read, so a part near the end of the zip can go missing. On a
 *   five-sheet workbook saved by ExcelJS, 2 reads in 6 threw "Cannot read properties of undefined (reading 'sheets')"
 *   (xl/workbook.xml, the last entry, was lost); a lost xl/sharedStrings.xml reads every text cell as blank;
 * - it decodes each chunk of XML as UTF-8 on its own, so a Cyrillic letter split between two chunks became "��"
 *   (exceljs issues #2063, #2316; 14 cells of a 20 000-row Russian table here);
 * - its rows lose a formula's error result (#N/A became NaN), give a boolean result as 1 or 0 and a date-formatted
 *   result as a serial number; and it copies every sheet that comes before the shared strings in the zip (all of
 *   them, in Excel's files) to a temporary file before reading it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PassThrough, Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import JSZip from 'jszip';
import { isBlank } from '../engine/coerce';
import { HeaderSearch, namedSheet, noResultNote, noSheetError, tableWarnings, type ReadXlsxOptions, type XlsxTable } from './readXlsx';

/**
 * Files above this size (about 65 000 deal rows of 13 columns) are streamed. Loaded whole, a workbook takes some 80
 * times its size in memory (1.3 GB for the 15 MB of 200 000 generated deals, which streaming reads in 0.3 GB) and five
 * to seven times as long; below it, loading stays under half a GB and a few seconds.
 */
export const STREAM_XLSX_BYTES = 5_000_000;

/** How often `onRows` is called while the deal sheet is read. */
export const PROGRESS_ROWS = 250_000;

/** True when an XLSX file of this many bytes is read by streaming rather than loaded whole. */
export function streamsXlsx(bytes: number): boolean {
  return bytes > STREAM_XLSX_BYTES;
}

// ExcelJS's own parser, xforms and helpers, so that values come out as its in-memory reader makes them.
const require = createRequire(import.meta.url);
const parseSax = require('exceljs/lib/utils/parse-sax') as (chunks: AsyncIterable<string>) => AsyncIterable<SaxEvent[]>;
const excel = require('exceljs/lib/utils/utils') as {
  isDateFmt(format: string | undefined): boolean;
  excelToDate(serial: number, date1904?: boolean): Date;
  xmlDecode(text: string): string;
};
const { slideFormula } = require('exceljs/lib/utils/shared-formula') as { slideFormula(formula: string, from: string, to: string): string };

/** An ExcelJS xform: parses a part's XML into its model. */
interface Xform<M> {
  parse(events: AsyncIterable<SaxEvent[]>): Promise<M | undefined>;
}
const WorkbookXform = require('exceljs/lib/xlsx/xform/book/workbook-xform') as new () => Xform<{
  sheets?: { name: string; rId: string; state?: string }[];
  properties?: { date1904?: boolean };
}>;
const RelationshipsXform = require('exceljs/lib/xlsx/xform/core/relationships-xform') as new () => Xform<{ Id: string; Target: string }[]>;
const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform') as new () => Xform<unknown> & {
  getStyleModel(id: number): { numFmt?: string } | null;
};

/** An event of ExcelJS's SAX parser (saxes): a tag with its attributes, or text. */
type SaxEvent =
  | { readonly eventType: 'opentag'; readonly value: { readonly name: string; readonly attributes: Readonly<Record<string, string>> } }
  | { readonly eventType: 'closetag'; readonly value: { readonly name: string } }
  | { readonly eventType: 'text'; readonly value: string };

/** A sheet of the workbook: its name, whether it shows, and its part in the zip. */
interface SheetPart {
  readonly name: string;
  readonly visible: boolean;
  readonly file: JSZip.JSZipObject | undefined;
}

/** The workbook-wide parts a sheet's cells refer to. */
interface Parts {
  /** Shared strings as plain text (rich text joined). */
  readonly strings: readonly string[];
  /** Whether a cell style shows a date, by style index. */
  readonly dateStyle: (s: number) => boolean;
  readonly date1904: boolean;
}

/**
 * Reads a sheet of an XLSX file as readXlsxTable does (the same sheet choice, grid and warnings), streaming the
 * sheet's XML: memory holds the grid, the shared strings and the compressed file, not the workbook.
 */
export async function readXlsxTableStreaming(path: string, options: ReadXlsxOptions = {}): Promise<XlsxTable> {
  const bytes = await readFile(path);
  try {
    const zip = await JSZip.loadAsync(bytes);
    const { sheets, date1904 } = await sheetList(zip);
    if (sheets.length === 0) throw new Error(`${path} has no sheets`);
    let parts: Parts | undefined;
    const read = async (sheet: SheetPart, picking: boolean): Promise<XlsxTable | undefined> => {
      if (!sheet.file) throw new Error(`the sheet "${sheet.name}" has no part in the workbook`);
      parts = parts ?? { strings: await sharedStrings(zip), dateStyle: await dateStyles(zip), date1904 };
      return readSheet(sheet.name, sheet.file, parts, picking, options.onRows);
    };
    if (options.sheet !== undefined) {
      const found = namedSheet(sheets.map((s) => s.name), options.sheet);
      if (found === undefined) throw noSheetError(path, options.sheet, sheets.map((s) => s.name));
      return (await read(sheets[found], false)) as XlsxTable;
    }
    // A hidden sheet is read only when named: it is usually a lookup list, not the deals.
    const visible = sheets.filter((s) => s.visible);
    for (const sheet of visible) {
      const table = await read(sheet, true);
      if (table) return table;
    }
    return (await read(visible[0] ?? sheets[0], false)) as XlsxTable;
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    if (message.startsWith(path)) throw error;
    throw new Error(`cannot read ${path} as an XLSX workbook: ${message}`);
  }
}

/** The workbook's sheets in its order, with their parts, and its date system. */
async function sheetList(zip: JSZip): Promise<{ sheets: SheetPart[]; date1904: boolean }> {
  const workbookFile = zip.file('xl/workbook.xml');
  if (!workbookFile) throw new Error('it has no xl/workbook.xml');
  const workbook = await new WorkbookXform().parse(parseSax(decoded(partChunks(workbookFile))));
  const relsFile = zip.file('xl/_rels/workbook.xml.rels');
  const rels = relsFile ? await new RelationshipsXform().parse(parseSax(decoded(partChunks(relsFile)))) : undefined;
  const targets = new Map((rels ?? []).map((rel) => [rel.Id, rel.Target]));
  const sheets = (workbook?.sheets ?? []).map((sheet) => {
    const target = targets.get(sheet.rId);
    return { name: sheet.name, visible: isVisible(sheet.state), file: target === undefined ? undefined : zip.file(partPath(target)) ?? undefined };
  });
  return { sheets, date1904: workbook?.properties?.date1904 === true };
}

/** A relationship's target as a path in the zip: relative to xl/, or absolute from the root. */
function partPath(target: string): string {
  const parts: string[] = [];
  for (const piece of (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

/** True for a sheet state that shows the sheet (none is visible). */
function isVisible(state: string | undefined): boolean {
  return state === undefined || state === 'visible';
}

/** Whether each cell style shows a date, from xl/styles.xml as ExcelJS reads it. */
async function dateStyles(zip: JSZip): Promise<(s: number) => boolean> {
  const file = zip.file('xl/styles.xml');
  if (!file) return () => false;
  const styles = new StylesXform();
  await styles.parse(parseSax(decoded(partChunks(file))));
  const known = new Map<number, boolean>();
  return (s) => {
    let isDate = known.get(s);
    if (isDate === undefined) {
      isDate = excel.isDateFmt(styles.getStyleModel(s)?.numFmt);
      known.set(s, isDate);
    }
    return isDate;
  };
}

/**
 * The shared strings as text, as ExcelJS's in-memory reader gives them: each <si>'s <t> texts joined (rich text's
 * runs too), phonetic runs (<rPh>) left out, `_xHHHH_` escapes decoded.
 */
async function sharedStrings(zip: JSZip): Promise<string[]> {
  const file = zip.file('xl/sharedStrings.xml');
  const strings: string[] = [];
  if (!file) return strings;
  let text: string[] | null = null;
  let inItem = false;
  let inPhonetic = false;
  let item = '';
  for await (const events of parseSax(decoded(partChunks(file)))) {
    for (const event of events) {
      if (event.eventType === 'text') {
        if (text) text.push(event.value);
      } else if (event.eventType === 'opentag') {
        const name = event.value.name;
        if (name === 'si') {
          inItem = true;
          item = '';
        } else if (name === 'rPh') inPhonetic = true;
        else if (name === 't' && inItem && !inPhonetic) text = [];
      } else {
        const name = event.value.name;
        if (name === 't' && text) {
          item += text.join('').replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
          text = null;
        } else if (name === 'rPh') inPhonetic = false;
        else if (name === 'si') {
          strings.push(item);
          inItem = false;
        }
      }
    }
  }
  return strings;
}

/** A part's bytes as they inflate: node:zlib on JSZip's compressed bytes, else JSZip's own (slower) stream. */
function partChunks(file: JSZip.JSZipObject): AsyncIterable<Buffer> {
  const data = (file as unknown as { _data?: { compressedContent?: unknown; compression?: { magic?: string } } })._data;
  const content = data?.compressedContent;
  const magic = data?.compression?.magic;
  if (content instanceof Uint8Array && (magic === DEFLATE || magic === STORE)) {
    const source = Readable.from(slices(content), { objectMode: false });
    return magic === STORE ? source : source.pipe(createInflateRaw());
  }
  return (file.nodeStream('nodebuffer') as unknown as NodeJS.ReadableStream).pipe(new PassThrough());
}

/** JSZip's names for a zip entry's compression methods (8 and 0). */
const DEFLATE = '\x08\x00';
const STORE = '\x00\x00';

/** A buffer in pieces of 1 MB, so inflating starts at once and keeps little output waiting. */
function* slices(bytes: Uint8Array): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += 1 << 20) {
    yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(1 << 20, bytes.length - at));
  }
}

/**
 * A part's XML as text, decoded as one UTF-8 stream (ExcelJS's parse-sax decodes each chunk alone, see the module
 * comment); once `state.stopped`, the rest is not read.
 */
async function* decoded(chunks: AsyncIterable<Buffer | string>, state: { stopped: boolean } = { stopped: false }): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    if (state.stopped) return;
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/**
 * Reads a sheet into the grid of readXlsx.ts's sheetTable. Picking, it stops (undefined) as soon as its header is
 * decided and names fewer than two deal columns.
 */
async function readSheet(
  name: string, file: JSZip.JSZipObject, parts: Parts, picking: boolean, onRows?: (rows: number) => void,
): Promise<XlsxTable | undefined> {
  const search = new HeaderSearch();
  let decided = false;
  // Every row from the sheet's row 1, a missing row as []; rows above the header are dropped at the end.
  const all: unknown[][] = [];
  const notes: string[] = [];
  const merges: string[] = [];
  const state = { stopped: false };
  let report = PROGRESS_ROWS;
  const onRow = (r: number, cells: unknown[]): void => {
    while (all.length < r - 1) all.push([]);
    if (all.length === r - 1) all.push(cells);
    else all[r - 1] = cells; // rows out of order: the later one wins
    if (!decided) {
      decided = search.add(r, cells);
      if (decided && picking && !search.looksLikeDeals) state.stopped = true;
    }
    if (onRows && all.length >= report) {
      onRows(all.length);
      report += PROGRESS_ROWS;
    }
  };
  await parseSheet(name, partChunks(file), parts, state, onRow, notes, merges);
  if (state.stopped || (picking && !search.looksLikeDeals)) return undefined;
  return gridOf(name, all, search.header?.row ?? 1, notes, merges);
}

/** The table from a sheet's rows: merged-away cells blanked, cut to the header row, the last non-blank row and the widest one. */
function gridOf(sheetName: string, all: unknown[][], headerRow: number, notes: string[], merges: readonly string[]): XlsxTable {
  for (const range of merges) blankMerged(all, range);
  let skipped = 0;
  for (let r = 0; r < headerRow - 1 && r < all.length; r++) if (!all[r].every(isBlank)) skipped++;
  const rows = all.slice(headerRow - 1);
  let width = 0;
  let lastNonBlank = -1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let last = row.length - 1;
    while (last >= 0 && isBlank(row[last])) last--;
    if (last >= 0) {
      lastNonBlank = i;
      if (last + 1 > width) width = last + 1;
    }
  }
  rows.length = lastNonBlank + 1;
  for (const row of rows) {
    if (row.length > width) row.length = width;
    while (row.length < width) row.push('');
  }
  return { sheetName, values: rows, headerRow, warnings: tableWarnings(sheetName, headerRow, skipped, notes) };
}

/** Blanks the cells of a merged range but its first, as Sheets gives them (the in-memory reader does the same). */
function blankMerged(all: unknown[][], range: string): void {
  const [from, to = from] = range.split(':');
  const a = cellRef(from);
  const b = cellRef(to);
  for (let r = a.row; r <= b.row && r <= all.length; r++) {
    const row = all[r - 1];
    for (let c = a.col; c <= b.col && c <= row.length; c++) if (r !== a.row || c !== a.col) row[c - 1] = '';
  }
}

/** "B12" as row 12, column 2. */
function cellRef(ref: string): { row: number; col: number } {
  const col = columnOf(ref);
  return { row: Number(ref.slice(ref.search(/\d/))), col };
}

/** The column number of a cell reference: "B12" → 2, "AA3" → 27. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 65 && ch <= 90) col = col * 26 + ch - 64;
    else if (ch >= 97 && ch <= 122) col = col * 26 + ch - 96;
    else break;
  }
  return col;
}

/** Where text goes while a cell is parsed: its value (<v>), its formula (<f>), its inline string (<is><t>), nowhere. */
type Into = 'v' | 'f' | 't' | '';

/**
 * Parses a worksheet's XML (ECMA-376 §18.3: <row r>, <c r t s>, <v>, <f>, <is>, <mergeCell ref>), calling `onRow`
 * with each row's cells (a dense array up to its last cell, "" for the blanks between). Cell values follow ExcelJS's
 * in-memory reader (cell-xform.js) and readXlsx.ts's cellValue.
 */
async function parseSheet(
  sheetName: string, xml: AsyncIterable<Buffer>, parts: Parts, state: { stopped: boolean }, onRow: (r: number, cells: unknown[]) => void,
  notes: string[], merges: string[],
): Promise<void> {
  const { strings, dateStyle, date1904 } = parts;
  /** Shared formulas' masters by their index: the formula and its cell, for the note of a slave without a result. */
  const shared = new Map<string, { formula: string; ref: string }>();
  let cells: unknown[] | null = null;
  let rowNo = 0;
  let col = 0;
  let ref = '';
  let type: string | undefined;
  let style = 0;
  let value: string | null = null;
  let formula: string | null = null;
  let formulaType: string | undefined;
  let formulaIndex: string | undefined;
  let formulaMaster = false;
  let inline: string | null = null;
  let into: Into = '';
  let inPhonetic = false;

  /** The cell just closed, as getValues() gives it. */
  const cellValue = (): unknown => {
    const dated = style !== 0 && dateStyle(style);
    if (formula !== null && (formula !== '' || formulaType !== undefined)) {
      if (value === null || value === '') {
        notes.push(noResultNote(sheetName, ref || `${letters(col)}${rowNo}`, formulaText()));
        return '';
      }
      switch (type) {
        case 'str': return excel.xmlDecode(value);
        case 'b': return parseInt(value, 10) !== 0;
        case 'e': return value;
        default: return number(parseFloat(value), dated);
      }
    }
    if (type === 'inlineStr') return inline ?? '';
    if (value === null || value === '') return '';
    switch (type) {
      case 's': return strings[parseInt(value, 10)] ?? '';
      case 'str': return excel.xmlDecode(value);
      case 'b': return parseInt(value, 10) !== 0;
      case 'e': return value;
      default: return number(parseFloat(value), dated);
    }
  };
  /** A number, or the Date it shows in a date format ("" for a serial no date can have). */
  const number = (n: number, dated: boolean): unknown => {
    if (!dated) return n;
    const date = excel.excelToDate(n, date1904);
    return Number.isNaN(date.getTime()) ? '' : date;
  };
  /** The formula of the cell just closed: a shared formula's slave shows its master's, moved to this cell. */
  const formulaText = (): string => {
    if (formula) return formula;
    const master = formulaIndex === undefined ? undefined : shared.get(formulaIndex);
    if (!master) return '';
    try {
      return slideFormula(master.formula, master.ref, ref);
    } catch {
      return master.formula;
    }
  };

  for await (const events of parseSax(decoded(xml, state))) {
    for (const event of events) {
      if (state.stopped) break;
      if (event.eventType === 'text') {
        if (into === 'v') value += event.value;
        else if (into === 'f') formula += event.value;
        else if (into === 't') inline += event.value;
      } else if (event.eventType === 'opentag') {
        const { name, attributes } = event.value;
        switch (name) {
          case 'row':
            rowNo = attributes.r ? parseInt(attributes.r, 10) : rowNo + 1;
            cells = [];
            col = 0;
            break;
          case 'c':
            ref = attributes.r ?? '';
            col = ref ? columnOf(ref) : col + 1;
            type = attributes.t;
            style = attributes.s ? parseInt(attributes.s, 10) || 0 : 0;
            value = formula = inline = null;
            formulaType = formulaIndex = undefined;
            break;
          case 'v':
            value = '';
            into = 'v';
            break;
          case 'f':
            formula = '';
            formulaType = attributes.t;
            formulaIndex = attributes.si;
            // A shared formula's master holds the text (and the range it is shared over); its slaves only the index.
            formulaMaster = attributes.t === 'shared' && attributes.ref !== undefined;
            into = 'f';
            break;
          case 'is':
            inline = '';
            break;
          case 'rPh':
            inPhonetic = true;
            break;
          case 't':
            if (inline !== null && !inPhonetic) into = 't';
            break;
          case 'mergeCell':
            if (attributes.ref) merges.push(attributes.ref);
            break;
        }
      } else {
        switch (event.value.name) {
          case 'v': case 't':
            into = '';
            break;
          case 'f':
            into = '';
            if (formulaMaster && formulaIndex !== undefined && formula) shared.set(formulaIndex, { formula, ref });
            break;
          case 'rPh':
            inPhonetic = false;
            break;
          case 'c':
            if (cells && col > 0) {
              const cell = cellValue();
              if (cell !== '') {
                while (cells.length < col - 1) cells.push('');
                if (cells.length === col - 1) cells.push(cell);
                else cells[col - 1] = cell;
              }
            }
            break;
          case 'row':
            if (cells) onRow(rowNo, cells);
            cells = null;
            break;
        }
      }
    }
  }
}

/** Column letters of a column number: 27 → "AA". */
function letters(col: number): string {
  let out = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) out = String.fromCharCode(65 + ((c - 1) % 26)) + out;
  return out;
}
