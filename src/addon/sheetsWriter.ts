/**
 * The Sheets face's LayoutWriter: applies a summary layout to the open spreadsheet in a fixed number of batched
 * calls — one rectangle each for values and formulas, number formats, fonts, fills, alignment, wrapping and
 * notes, one rule list, one range list for every border, merge, rule and chart range — whatever the number of
 * deals. The summary is built on a new sheet and takes its place only once complete, so a failed build leaves
 * no half-written sheet; only a sheet carrying the add-on's marker is ever replaced.
 */
import {
  a1, LOOKS, ruleFormulas, ruleStatuses, STATUS_LOOKS, SUMMARY_MARKER,
  type CellRange, type ChartSpec, type DealSheet, type LayoutCell, type LayoutWriter, type SheetLayout, type WrittenLayout,
} from '../engine/summary';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;

/** What the writer made: the sheet it wrote, beside the name and warnings every writer reports. */
export interface SheetsWritten extends WrittenLayout {
  readonly sheet: Sheet;
}

/** Sheets' limit on a sheet name's length. */
const MAX_NAME = 100;

/** True when a sheet carries the add-on's marker: the add-on made it, so a rebuild may replace it. */
export function isOwnSheet(sheet: Sheet): boolean {
  return sheet.getDeveloperMetadata().some((m) => m.getKey() === SUMMARY_MARKER);
}

/**
 * The sheet a summary named `name` replaces, and the name it takes: the name itself when it is free or held by
 * the add-on's own summary, else the first free "name (2)", "name (3)", … — a user's sheet is never touched.
 */
export function summaryTarget(ss: Spreadsheet, name: string): { name: string; replaces: Sheet | null } {
  const base = name.slice(0, MAX_NAME - 5);
  for (let k = 1; ; k++) {
    const candidate = k === 1 ? base : `${base} (${k})`;
    const existing = ss.getSheetByName(candidate);
    if (!existing) return { name: candidate, replaces: null };
    if (isOwnSheet(existing)) return { name: candidate, replaces: existing };
  }
}

/**
 * A cell's content for `setValues`: a formula as it is; text behind an apostrophe, so Sheets keeps it as text
 * ("=1+1", "+7", "007" and "15.03.2024" would otherwise become a formula, a number or a date).
 */
export function cellInput(cell: LayoutCell | undefined): string | number | boolean {
  if (!cell) return '';
  if (cell.f) return cell.f;
  const v = cell.v;
  if (v === undefined || v === null) return '';
  return typeof v === 'string' && v !== '' ? `'${v}` : v;
}

/** A rectangle of `rows` × `cols` filled by `f(row, col)`. */
function grid<T>(rows: number, cols: number, f: (r: number, c: number) => T): T[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => f(r, c)));
}

/** A layout range in A1 notation. */
function rangeA1(r: CellRange): string {
  const from = a1(r.row, r.col);
  return r.lastRow === r.row && r.lastCol === r.col ? from : `${from}:${a1(r.lastRow, r.lastCol)}`;
}

/** Google's chart type of a layout chart. */
function chartType(kind: ChartSpec['kind']): GoogleAppsScript.Charts.ChartType {
  const types = Charts.ChartType;
  return kind === 'bar' ? types.BAR : kind === 'line' ? types.LINE : kind === 'combo' ? types.COMBO : types.COLUMN;
}

/** Writes summaries into one spreadsheet. */
export class SheetsLayoutWriter implements LayoutWriter {
  private readonly ss: Spreadsheet;
  private readonly sheetName?: string;

  /** `sheetName` overrides the layout's name (the sidebar's choice). */
  constructor(ss: Spreadsheet, sheetName?: string) {
    this.ss = ss;
    this.sheetName = sheetName;
  }

  /** Writes the summary onto a fresh sheet, then puts it in the place of the add-on's previous summary of that name. */
  write(layout: SheetLayout, deals?: DealSheet): SheetsWritten {
    const target = summaryTarget(this.ss, (this.sheetName ?? layout.name).trim() || layout.name);
    const index = target.replaces ? target.replaces.getIndex() : this.ss.getSheets().length + 1;
    const building = this.ss.insertSheet(`${target.name.slice(0, MAX_NAME - 12)} (building)`, index - 1);
    try {
      fill(building, layout);
      if (deals) writeDeals(this.ss, deals);
    } catch (error) {
      this.ss.deleteSheet(building);
      throw error;
    }
    if (target.replaces) this.ss.deleteSheet(target.replaces);
    building.setName(target.name);
    building.activate();
    const warnings = target.name !== (this.sheetName ?? layout.name)
      ? [`A sheet named "${this.sheetName ?? layout.name}" that the add-on did not make is left as it is; the summary is "${target.name}".`]
      : [];
    return { sheetName: target.name, warnings, sheet: building };
  }
}

/** A plain copy of a deal grid on a new sheet (the Sheets face writes live formulas over the user's own sheet instead). */
function writeDeals(ss: Spreadsheet, deals: DealSheet): void {
  const width = Math.max(1, ...deals.values.map((r) => r.length));
  const sheet = ss.insertSheet(summaryTarget(ss, deals.name).name);
  grow(sheet, deals.values.length, width);
  const values = grid(deals.values.length, width, (r, c) => {
    const v = deals.values[r][c];
    return typeof v === 'string' && v !== '' ? `'${v}` : v ?? '';
  });
  sheet.getRange(1, 1, values.length, width).setValues(values as unknown[][]);
}

/** Grows a sheet to at least `rows` × `cols`: getRange past the grid throws. */
function grow(sheet: Sheet, rows: number, cols: number): void {
  const maxRows = sheet.getMaxRows();
  if (rows > maxRows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  const maxCols = sheet.getMaxColumns();
  if (cols > maxCols) sheet.insertColumnsAfter(maxCols, cols - maxCols);
}

/** Applies a layout to an empty sheet. */
function fill(sheet: Sheet, layout: SheetLayout): void {
  const rows = Math.max(1, layout.rows.length);
  const cols = Math.max(1, layout.columnWidths.length, ...layout.rows.map((r) => r.length));
  grow(sheet, rows, cols);
  const at = (r: number, c: number): LayoutCell | undefined => layout.rows[r]?.[c];
  const look = (r: number, c: number) => {
    const style = at(r, c)?.style;
    return style ? LOOKS[style] : undefined;
  };
  const status = (r: number, c: number) => {
    const s = at(r, c)?.status;
    return s ? STATUS_LOOKS[s] : undefined;
  };
  const whole = sheet.getRange(1, 1, rows, cols);
  whole.setValues(grid(rows, cols, (r, c) => cellInput(at(r, c))));
  whole.setNumberFormats(grid(rows, cols, (r, c) => {
    const fmt = at(r, c)?.fmt;
    return fmt ? layout.formats[fmt as keyof SheetLayout['formats']] ?? 'General' : 'General';
  }));
  whole.setFontSizes(grid(rows, cols, (r, c) => look(r, c)?.size ?? 10));
  whole.setFontWeights(grid(rows, cols, (r, c) => (look(r, c)?.bold ? 'bold' : 'normal')));
  whole.setFontStyles(grid(rows, cols, (r, c) => (look(r, c)?.italic ? 'italic' : 'normal')));
  whole.setFontColors(grid(rows, cols, (r, c) => status(r, c)?.text ?? look(r, c)?.color ?? '#000000'));
  whole.setBackgrounds(grid(rows, cols, (r, c) => status(r, c)?.fill ?? look(r, c)?.fill ?? null) as string[][]);
  whole.setHorizontalAlignments(grid(rows, cols, (r, c) => look(r, c)?.align ?? null));
  const { WRAP, OVERFLOW } = SpreadsheetApp.WrapStrategy;
  whole.setWrapStrategies(grid(rows, cols, (r, c) => (look(r, c)?.wrap ? WRAP : OVERFLOW)));
  // The marker note of the XLSX writer is developer metadata here: a note would show on hover.
  whole.setNotes(grid(rows, cols, (r, c) => at(r, c)?.note ?? ''));

  // Every range the merges, rules and charts need, fetched in one call.
  const merges = layout.merges.filter((m) => m.rows > 1 || m.cols > 1)
    .map((m) => rangeA1({ row: m.row, col: m.col, lastRow: m.row + m.rows - 1, lastCol: m.col + m.cols - 1 }));
  const rules = layout.conditional ?? [];
  const charts = layout.charts;
  const a1s = [
    ...merges, ...rules.map((r) => rangeA1(r.range)),
    ...charts.flatMap((ch) => [ch.categories, ...ch.series.map((s) => s.values)].map((r) => rangeA1(withHeader(r)))),
  ];
  const ranges = a1s.length > 0 ? sheet.getRangeList(a1s).getRanges() : [];
  let next = 0;
  const take = (n: number): Range[] => ranges.slice(next, (next += n));
  for (const range of take(merges.length)) range.merge();
  for (const [colour, list] of bordersByColour(rows, cols, look)) {
    sheet.getRangeList(list).setBorder(null, null, true, null, null, null, colour, SpreadsheetApp.BorderStyle.SOLID);
  }
  const ruleRanges = take(rules.length);
  if (rules.length > 0) {
    sheet.setConditionalFormatRules(rules.flatMap((rule, i) => {
      const statuses = ruleStatuses(rule);
      return ruleFormulas(rule).map((formula, k) => SpreadsheetApp.newConditionalFormatRule()
        .whenFormulaSatisfied(formula)
        .setBackground(STATUS_LOOKS[statuses[k]].fill)
        .setFontColor(STATUS_LOOKS[statuses[k]].text)
        .setRanges([ruleRanges[i]])
        .build());
    }));
  }
  for (const chart of charts) {
    const parts = take(1 + chart.series.length);
    let builder = sheet.newChart().setChartType(chartType(chart.kind));
    for (const range of parts) builder = builder.addRange(range);
    builder = builder.setNumHeaders(1).setPosition(chart.anchor.row + 1, chart.anchor.col + 1, 0, 0)
      .setOption('title', chart.title).setOption('width', chart.width).setOption('height', chart.height);
    if (chart.kind === 'combo') {
      const series = Object.fromEntries(chart.series.map((s, i) => [i, { type: s.as === 'line' ? 'line' : 'bars' }]));
      builder = builder.setOption('seriesType', 'bars').setOption('series', series);
    }
    sheet.insertChart(builder.build());
  }
  if (layout.frozenRows > 0) sheet.setFrozenRows(layout.frozenRows);
  // One call per run of equal widths: the label column, then the value columns.
  for (let c = 0; c < layout.columnWidths.length;) {
    let end = c + 1;
    while (end < layout.columnWidths.length && layout.columnWidths[end] === layout.columnWidths[c]) end++;
    sheet.setColumnWidths(c + 1, end - c, layout.columnWidths[c]);
    c = end;
  }
  sheet.addDeveloperMetadata(SUMMARY_MARKER, layout.marker, SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
}

/** A chart's column with the header cell above it, which names the series (setNumHeaders(1)). */
function withHeader(values: CellRange): CellRange {
  return { ...values, row: Math.max(0, values.row - 1) };
}

/** The cells drawn with a bottom border, by colour, as A1 runs along each row. */
function bordersByColour(rows: number, cols: number, look: (r: number, c: number) => { borderBottom?: string } | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols;) {
      const colour = look(r, c)?.borderBottom;
      if (!colour) { c++; continue; }
      let end = c + 1;
      while (end < cols && look(r, end)?.borderBottom === colour) end++;
      const list = out.get(colour) ?? [];
      list.push(rangeA1({ row: r, col: c, lastRow: r, lastCol: end - 1 }));
      out.set(colour, list);
      c = end;
    }
  }
  return out;
}
