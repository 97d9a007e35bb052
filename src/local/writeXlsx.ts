/**
 * Writes a summary `SheetLayout` into an XLSX workbook with ExcelJS: values, formulas, number formats, styles,
 * status colours (static fills, and conditional rules that keep live values coloured), merges, widths, frozen rows, notes, the add-on's marker, and (through xlsxCharts) the charts.
 *
 * The marker: a note on cell A1 whose text holds `layout.marker`. A note is kept by Google Sheets when it
 * imports the file (custom document properties are dropped), by Excel and by LibreOffice, and ExcelJS reads it
 * back, so every client can tell the add-on's sheets from the user's own. Only a sheet carrying it is replaced.
 */
import { readFile, stat, unlink, realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import {
  a1, LOOKS, ruleFormulas, ruleStatuses, STATUS_LOOKS,
  type CellRange, type Look, type DealSheet, type FormatName, type LayoutCell, type LayoutWriter, type SheetLayout, type StatusColour, type StyleName,
} from '../engine/summary';
import { addCharts, findCharts, type FoundChart } from './xlsxCharts';
import { deflatedSheet, type DealSheetStyles, type DeflatedPart } from './dealsSheetXml';
import { tempPathBeside, writeFileSafely } from './files';

/** How to write a summary. */
export interface WriteOptions {
  /**
   * Store each formula's expected result (the cell's `v`) as its saved value. Default false: formulas are saved
   * without a result, so a client must calculate them and a stale engine value can never pass for a live one.
   */
  readonly cachedResults?: boolean;
}

/** The sheet a summary went into. */
export interface WrittenSheet {
  readonly worksheet: ExcelJS.Worksheet;
  /** The name it got: the layout's, or "<name> (2)" … when a sheet of the user's already has it. */
  readonly name: string;
  /** True when an earlier summary (a sheet with the marker) was replaced. */
  readonly replaced: boolean;
}

/** What a workbook write did. */
export interface WriteResult {
  readonly sheetName: string;
  readonly replaced: boolean;
  /** Parts of the input workbook the copy could not keep (ExcelJS drops charts, pivot tables, macros …). */
  readonly warnings: string[];
}

/** A deal sheet to copy next to the summary, so live formulas have their data in the same workbook (the engine's type). */
export type { DealSheet };

/** Where an XlsxLayoutWriter writes. */
export interface XlsxTarget {
  /** The workbook to write. */
  readonly output: string;
  /** An XLSX workbook to copy with the summary added when there is no deals copy; without it, a new workbook. */
  readonly input?: string;
  readonly options?: WriteOptions;
}

/**
 * The local face's LayoutWriter: a job with a deals copy gets a new workbook holding the summary and the copy,
 * one without (an XLSX input, not live) a copy of the input workbook with the summary added beside its deals.
 */
export class XlsxLayoutWriter implements LayoutWriter {
  private readonly target: XlsxTarget;

  constructor(target: XlsxTarget) {
    this.target = target;
  }

  /** Writes the workbook; see XlsxLayoutWriter. */
  write(layout: SheetLayout, deals?: DealSheet): Promise<WriteResult> {
    const { output, input, options } = this.target;
    if (deals || input === undefined) return writeWorkbook(layout, deals, output, options);
    return addSummaryToWorkbook(input, layout, output, options);
  }
}

/** Excel's limit on sheet-name length. */
const MAX_SHEET_NAME = 31;
const FORBIDDEN_IN_SHEET_NAME = /[\\/?*[\]:]/;
const FONT = 'Calibri';
/** Excel's maximum digit width of Calibri 11 in pixels: the unit column widths are stored in. */
const DIGIT_PX = 7;

/** `#rrggbb` as ExcelJS's ARGB. */
const argb = (hex: string): string => `FF${hex.slice(1).toUpperCase()}`;

/** A look of the engine's palette as an ExcelJS style. */
function excelStyle(look: Look): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = {
    font: { name: FONT, size: look.size, ...(look.bold ? { bold: true } : {}), ...(look.italic ? { italic: true } : {}), color: { argb: argb(look.color) } },
  };
  if (look.fill) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(look.fill) } };
  if (look.borderBottom) style.border = { bottom: { style: 'thin', color: { argb: argb(look.borderBottom) } } };
  if (look.align || look.wrap) {
    style.alignment = { ...(look.align === 'center' ? { vertical: 'middle' } : {}), ...(look.align ? { horizontal: look.align } : {}), ...(look.wrap ? { wrapText: true } : {}) };
  }
  return style;
}

const PALETTE = Object.fromEntries(Object.entries(LOOKS).map(([k, look]) => [k, excelStyle(look)])) as Record<StyleName, Partial<ExcelJS.Style>>;
// The title sits in a taller row: centred vertically, as Excel shows it.
PALETTE.title.alignment = { vertical: 'middle' };

const STATUS: Record<StatusColour, { fill: string; text: string }> = {
  good: { fill: argb(STATUS_LOOKS.good.fill), text: argb(STATUS_LOOKS.good.text) },
  warn: { fill: argb(STATUS_LOOKS.warn.fill), text: argb(STATUS_LOOKS.warn.text) },
  bad: { fill: argb(STATUS_LOOKS.bad.fill), text: argb(STATUS_LOOKS.bad.text) },
};

/** The fill colour (ARGB) a status is written with. */
export function statusFill(status: StatusColour): string {
  return STATUS[status].fill;
}

/** Pixels → Excel column width (characters of the default font plus padding, in 1/256 steps). */
export function pixelsToWidth(px: number): number {
  return Math.floor((Math.max(0, px) / DIGIT_PX) * 256) / 256;
}

/** Excel column width → pixels, the inverse of pixelsToWidth up to rounding. */
export function widthToPixels(width: number): number {
  return Math.round(width * DIGIT_PX);
}

/** The text of a cell note as ExcelJS holds it (a string, or rich texts). */
export function noteText(note: ExcelJS.Cell['note'] | undefined): string {
  if (note === undefined || note === null) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

/** True when a sheet carries the add-on's marker (in its A1 note), i.e. the add-on made it and may replace it. */
export function hasMarker(worksheet: ExcelJS.Worksheet, marker: string): boolean {
  // findCell, not getCell: looking must not add an A1 cell to a sheet of the user's.
  const note = worksheet.findRow(1)?.findCell(1)?.note;
  return noteText(note).split('\n').some((line) => line.trim() === marker);
}

/** Adds the summary sheet to a workbook, replacing an earlier summary only (see WrittenSheet.name). */
export function writeLayoutSheet(workbook: ExcelJS.Workbook, layout: SheetLayout, options: WriteOptions = {}): WrittenSheet {
  const { name, previous } = chooseSheet(workbook, layout);
  let worksheet: ExcelJS.Worksheet;
  if (previous) {
    const orderNo = (previous as unknown as { orderNo: number }).orderNo;
    workbook.removeWorksheet(previous.id);
    worksheet = workbook.addWorksheet(name, { views: frozenViews(layout.frozenRows) });
    // Keep the replaced sheet's place among the tabs.
    (worksheet as unknown as { orderNo: number }).orderNo = orderNo;
  } else {
    worksheet = workbook.addWorksheet(name, { views: frozenViews(layout.frozenRows) });
  }
  fillSheet(worksheet, layout, options);
  return { worksheet, name, replaced: previous !== undefined };
}

/**
 * The sheet views freezing the top rows. They are given when the sheet is added: ExcelJS's streaming writer
 * (used for big deal copies) writes a sheet's views as soon as the sheet exists.
 */
function frozenViews(rows: number): Partial<ExcelJS.WorksheetView>[] {
  return rows > 0 ? [{ state: 'frozen', xSplit: 0, ySplit: rows, topLeftCell: `A${rows + 1}`, activeCell: 'A1' }] : [];
}

/** Writes the layout into an empty worksheet: widths before any row, rows in order (the streaming writer needs both). */
function fillSheet(worksheet: ExcelJS.Worksheet, layout: SheetLayout, options: WriteOptions): void {
  layout.columnWidths.forEach((px, i) => {
    worksheet.getColumn(i + 1).width = pixelsToWidth(px);
  });
  writeCells(worksheet, layout, options);
  for (const m of layout.merges) {
    if (m.rows > 1 || m.cols > 1) worksheet.mergeCells(m.row + 1, m.col + 1, m.row + m.rows, m.col + m.cols);
  }
  addConditionalColours(worksheet, layout);
  markSheet(worksheet, layout);
}

/** The A1 reference of a layout range ("B5", or "C10:C15"). */
export function rangeRef(range: CellRange): string {
  const first = a1(range.row, range.col);
  const last = a1(range.lastRow, range.lastCol);
  return first === last ? first : `${first}:${last}`;
}

/**
 * The layout's conditional colours as formula ("expression") rules, one per threshold or trend mark, with the
 * static status fill and text colour. Formula rules, unlike "cellIs", can leave blanks and "" uncoloured, and
 * Excel, LibreOffice and Google Sheets all import them.
 */
function addConditionalColours(worksheet: ExcelJS.Worksheet, layout: SheetLayout): void {
  for (const rule of layout.conditional ?? []) {
    const formulas = ruleFormulas(rule);
    worksheet.addConditionalFormatting({
      ref: rangeRef(rule.range),
      rules: ruleStatuses(rule).map((status, i) => ({
        type: 'expression',
        formulae: [formulas[i].slice(1)],
        style: statusStyle(status),
      })) as ExcelJS.ConditionalFormattingRule[],
    });
  }
}

/**
 * A status's look in a conditional rule. A differential fill takes its colour from bgColor in Excel and, in
 * some versions, from fgColor in LibreOffice: both are given.
 */
function statusStyle(status: StatusColour): Partial<ExcelJS.Style> {
  const colours = STATUS[status];
  return {
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: colours.fill }, bgColor: { argb: colours.fill } },
    font: { color: { argb: colours.text } },
  };
}

/** The first of "<name>", "<name> (2)", … that is free or holds an earlier summary (which is then replaced). */
function chooseSheet(workbook: ExcelJS.Workbook, layout: SheetLayout): { name: string; previous?: ExcelJS.Worksheet } {
  const byName = new Map(workbook.worksheets.map((ws) => [ws.name.toLowerCase(), ws]));
  for (let n = 1; ; n++) {
    const name = sheetNameCandidate(layout.name, n);
    const existing = byName.get(name.toLowerCase());
    if (!existing) return { name };
    if (hasMarker(existing, layout.marker)) return { name, previous: existing };
  }
}

/** "<base>" for n = 1, else "<base> (n)", the base shortened to keep Excel's 31-character limit. */
function sheetNameCandidate(base: string, n: number): string {
  const clean = base.replace(FORBIDDEN_IN_SHEET_NAME, '-').replace(/^'+|'+$/g, '').trim() || 'Summary';
  const suffix = n === 1 ? '' : ` (${n})`;
  return clean.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
}

function writeCells(worksheet: ExcelJS.Worksheet, layout: SheetLayout, options: WriteOptions): void {
  layout.rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (!cell) return;
      const target = worksheet.getCell(r + 1, c + 1);
      const value = cellValue(cell, options);
      if (value !== null) target.value = value;
      const style = cellStyle(cell, layout.formats);
      if (style) target.style = style;
      if (cell.note) target.note = cell.note;
    });
  });
}

/** A formula without its "=", with its expected result only when asked; otherwise the value as it is. */
function cellValue(cell: LayoutCell, options: WriteOptions): ExcelJS.CellValue {
  if (cell.f !== undefined) {
    const formula = cell.f.startsWith('=') ? cell.f.slice(1) : cell.f;
    if (options.cachedResults && cell.v !== undefined && cell.v !== null) return { formula, result: cell.v } as ExcelJS.CellFormulaValue;
    return { formula } as ExcelJS.CellFormulaValue;
  }
  // ExcelJS stores a string as text whatever it starts with: "=1+2" stays the text "=1+2" (§5).
  return cell.v === undefined ? null : cell.v;
}

/** A fresh style object per cell: ExcelJS shares style objects between cells that are given the same one. */
function cellStyle(cell: LayoutCell, formats: SheetLayout['formats']): Partial<ExcelJS.Style> | undefined {
  if (!cell.style && !cell.status && !cell.fmt) return undefined;
  const base = cell.style ? PALETTE[cell.style] : {};
  const style: Partial<ExcelJS.Style> = JSON.parse(JSON.stringify(base));
  if (cell.fmt) style.numFmt = numberFormat(cell.fmt, formats);
  if (cell.status) {
    const colours = STATUS[cell.status];
    style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: colours.fill } };
    style.font = { ...(style.font ?? { name: FONT, size: 10 }), color: { argb: colours.text } };
  }
  return style;
}

function numberFormat(fmt: FormatName, formats: SheetLayout['formats']): string {
  return formats[fmt] ?? 'General';
}

/** Puts the marker into A1's note, after the layout's own note for A1 if it has one. */
function markSheet(worksheet: ExcelJS.Worksheet, layout: SheetLayout): void {
  const a1 = worksheet.getCell(1, 1);
  const own = layout.rows[0]?.[0]?.note;
  a1.note = own ? `${own}\n\n${layout.marker}` : layout.marker;
  // ExcelJS drops the note of a cell it writes no <c> element for (an empty, unstyled A1), and its streaming
  // writer a row without values or height: give both, invisibly (the default font and row height).
  if (a1.value === null || a1.value === undefined) {
    if (!a1.style?.font) a1.style = { font: { name: FONT, size: 11 } };
    if (!worksheet.getRow(1).height) worksheet.getRow(1).height = 15;
  }
}

/**
 * Writes a new workbook: the summary sheet first, then a copy of the deal sheet when given. ExcelJS streams the
 * summary and an empty stand-in for the copy (so the summary's formulas name an existing sheet, and the copy's
 * views and styles exist); the copy's rows are then written by hand into the stand-in's part (dealsSheetXml),
 * 30–40 times faster than through ExcelJS, and deflated as they are made, so a million deals fit in memory.
 */
export async function writeWorkbook(layout: SheetLayout, deals: DealSheet | undefined, path: string, options: WriteOptions = {}): Promise<WriteResult> {
  const name = sheetNameCandidate(layout.name, 1);
  if (deals) {
    checkSheetName(deals.name);
    if (deals.name.toLowerCase() === name.toLowerCase()) {
      throw new Error(`the deal sheet cannot be called "${deals.name}": that is the summary sheet's name`);
    }
  }
  const streamed = tempPathBeside(path);
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: streamed, useStyles: true, useSharedStrings: true });
    workbook.creator = 'Sales KPI add-on';
    const summary = workbook.addWorksheet(name, { views: frozenViews(layout.frozenRows) });
    fillSheet(summary, layout, options);
    summary.commit();
    let fillDeals: ((zip: JSZip) => Promise<void>) | undefined;
    if (deals) {
      const header = deals.values.findIndex((row) => row.some((cell) => dealCell(cell) !== null));
      const standIn = workbook.addWorksheet(deals.name, { views: frozenViews(header + 1) });
      writeStyleSamples(standIn);
      // ExcelJS's streaming writer names a sheet's part after its id.
      const part = `xl/worksheets/sheet${standIn.id}.xml`;
      fillDeals = (zip) => writeDealRows(zip, part, deals.values, header);
    }
    await workbook.commit();
    await writeFileSafely(path, await finish(await readFile(streamed), name, layout, fillDeals));
  } finally {
    await unlink(streamed).catch(() => undefined);
  }
  return { sheetName: name, replaced: false, warnings: [] };
}

/**
 * Copies an XLSX workbook to a new file with the summary sheet added (an earlier summary replaced).
 * The input file is only read; writing over it is refused.
 */
export async function addSummaryToWorkbook(inputPath: string, layout: SheetLayout, outputPath: string, options: WriteOptions = {}): Promise<WriteResult> {
  if (await samePath(inputPath, outputPath)) {
    throw new Error(`the output file must differ from the input file (${inputPath}): the input is never modified`);
  }
  const input = await readFile(inputPath);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(input as unknown as ArrayBuffer);
  } catch (error) {
    throw new Error(`cannot read ${inputPath} as an XLSX workbook: ${(error as Error).message}`);
  }
  const written = writeLayoutSheet(workbook, layout, options);
  const warnings = await droppedParts(input, written.replaced ? written.name : undefined);
  await writeFileSafely(outputPath, await finish(new Uint8Array(await workbook.xlsx.writeBuffer()), written.name, layout));
  return { sheetName: written.name, replaced: written.replaced, warnings };
}

/**
 * What ExcelJS cannot do, done on the zip: the charts, asking clients to recalculate on opening, and `edit`
 * (the deals copy's rows).
 */
async function finish(xlsx: Uint8Array, sheetName: string, layout: SheetLayout, edit?: (zip: JSZip) => Promise<void>): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(await addCharts(xlsx, sheetName, layout));
  const workbookXml = await (zip.file('xl/workbook.xml') as JSZip.JSZipObject).async('string');
  zip.file('xl/workbook.xml', withFullCalcOnLoad(workbookXml));
  if (edit) await edit(zip);
  // Parts left as they were keep their compressed bytes: a big deal sheet is not inflated again.
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/**
 * Sets fullCalcOnLoad on <calcPr>, so Excel recalculates every formula when it opens the file whatever results
 * are saved (LibreOffice and Google Sheets need no telling: Sheets always calculates on import).
 */
function withFullCalcOnLoad(workbookXml: string): string {
  const calcPr = /<calcPr\b([^>]*?)\/?>/.exec(workbookXml);
  if (!calcPr) return workbookXml.replace('</workbook>', '<calcPr calcId="171027" fullCalcOnLoad="1"/></workbook>');
  const attrs = calcPr[1].replace(/\sfullCalcOnLoad="[^"]*"/, '');
  const closing = calcPr[0].endsWith('/>') ? '/>' : '>';
  return workbookXml.replace(calcPr[0], `<calcPr${attrs} fullCalcOnLoad="1"${closing}`);
}

function checkSheetName(name: string): void {
  if (name.trim() === '' || name.length > MAX_SHEET_NAME || FORBIDDEN_IN_SHEET_NAME.test(name) || /^'|'$/.test(name)) {
    throw new Error(`"${name}" cannot be a sheet name: at most 31 characters, none of \\ / ? * [ ] :, not starting or ending with '`);
  }
}

/**
 * Cells in the stand-in deal sheet whose styles the copy's rows use, so that ExcelJS writes them into
 * styles.xml: A1 bold (the header, as ExcelJS wrote it: Calibri bold), B1 a date (ExcelJS's short-date
 * format), C1 both. The rows themselves are replaced.
 */
function writeStyleSamples(worksheet: ExcelJS.Worksheet): void {
  const row = worksheet.getRow(1);
  row.getCell(1).value = 0;
  row.getCell(1).font = { name: FONT, bold: true };
  row.getCell(2).value = new Date(0);
  row.getCell(3).value = new Date(0);
  row.getCell(3).font = { name: FONT, bold: true };
  row.commit();
  worksheet.commit();
}

/** Replaces the stand-in deal sheet's rows in the zip with the deal grid's (see writeStyleSamples). */
async function writeDealRows(zip: JSZip, part: string, values: readonly (readonly unknown[])[], header: number): Promise<void> {
  const file = zip.file(part);
  if (!file) throw new Error(`the workbook has no part ${part} for the deals copy`);
  const xml = await file.async('string');
  const open = xml.indexOf('<sheetData>');
  const close = xml.indexOf('</sheetData>');
  if (open < 0 || close < 0) throw new Error(`the deals copy's part ${part} has no <sheetData>`);
  const styles: DealSheetStyles = { header: sampleStyle(xml, 'A1'), date: sampleStyle(xml, 'B1'), headerDate: sampleStyle(xml, 'C1') };
  const sheet = await deflatedSheet(xml.slice(0, open), values, header, styles, xml.slice(close + '</sheetData>'.length));
  zip.file(part, compressedEntry(sheet) as unknown as Uint8Array);
}

/** The style index ExcelJS gave a sample cell. */
function sampleStyle(xml: string, ref: string): number {
  const s = new RegExp(`<c r="${ref}"[^>]* s="(\\d+)"`).exec(xml);
  if (!s) throw new Error(`the deals copy's stand-in has no style on ${ref}`);
  return Number(s[1]);
}

/**
 * An already deflated part as JSZip's own CompressedObject (what it holds for a part it read from a zip), so
 * JSZip copies the bytes into the zip as they are instead of deflating the part again in JavaScript, which takes
 * longer than making it. JSZip 3 has no public way to add compressed bytes; this is the type its reader uses.
 */
function compressedEntry(part: DeflatedPart): object {
  const require = createRequire(import.meta.url);
  const CompressedObject = require('jszip/lib/compressedObject') as new (
    compressedSize: number, uncompressedSize: number, crc32: number, compression: unknown, data: Uint8Array,
  ) => object;
  const compressions = require('jszip/lib/compressions') as { DEFLATE: unknown };
  return new CompressedObject(part.data.length, part.size, part.crc32, compressions.DEFLATE, part.data);
}

function dealCell(value: unknown): ExcelJS.CellValue {
  if (value === '' || value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  return String(value);
}

/** True when both paths name one file (same path, a link to it, or the same inode). */
async function samePath(a: string, b: string): Promise<boolean> {
  if (resolve(a) === resolve(b)) return true;
  try {
    if ((await realpath(a)) === (await realpath(b))) return true;
    const [sa, sb] = await Promise.all([stat(a), stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/**
 * Parts of the input ExcelJS does not carry over, named so the user knows what the copy lacks. The charts of
 * the summary being replaced are not lost: they are drawn again.
 */
async function droppedParts(input: Uint8Array, replacedSheet: string | undefined): Promise<string[]> {
  let names: string[];
  let charts: FoundChart[];
  try {
    names = Object.keys((await JSZip.loadAsync(input)).files);
    charts = (await findCharts(input)).filter((chart) => chart.sheet !== replacedSheet);
  } catch {
    return [];
  }
  const lost = (what: string): string =>
    `the input workbook's ${what} not carried over to the copy (ExcelJS, the XLSX library, cannot keep them); the input file itself is unchanged`;
  const warnings: string[] = [];
  if (charts.length > 0) {
    const sheets = [...new Set(charts.map((chart) => `"${chart.sheet}"`))].join(', ');
    warnings.push(lost(`${charts.length} chart(s) on ${sheets} are`));
  }
  const kinds: [RegExp, string][] = [
    [/^xl\/pivotTables\//, 'pivot tables are'],
    [/^xl\/slicers\//, 'slicers are'],
    [/^xl\/vbaProject\.bin$/, 'macros are'],
    [/^xl\/threadedComments\//, 'threaded comments are'],
  ];
  for (const [pattern, what] of kinds) if (names.some((n) => pattern.test(n))) warnings.push(lost(what));
  return warnings;
}

