/** The summary sheet as plain data: cells, formats, styles, merges and charts that every writer applies as it is. */

/** Marker the add-on writes into its own sheets, so it replaces only those (never a sheet the user made). */
export const SUMMARY_MARKER = 'sales-kpi-addon:summary';

/**
 * A cell's number format, by meaning; `formats` of the layout gives the pattern per locale. `points` is a
 * change of a rate in percentage points, signed, with its unit ("+1.5 pp", "-16.4 pp").
 */
export type FormatName =
  | 'money' | 'moneyPerDay' | 'percent' | 'points' | 'days' | 'months' | 'integer' | 'decimal' | 'ratio' | 'date' | 'text';

/** A cell's look, by role; writers map each to fonts, fills and borders. */
export type StyleName = 'title' | 'subtitle' | 'section' | 'header' | 'label' | 'value' | 'muted' | 'note';

import type { StatusColour, Threshold } from '../benchmarks';

export type { StatusColour, Threshold, ThresholdOp } from '../benchmarks';

/** One cell. `v` is always written as a value (text stays text even if it starts with `=`); `f` as a formula. */
export interface LayoutCell {
  /** A value; text that starts with =, +, - or @ is still text (§5). */
  readonly v?: string | number | boolean | null;
  /** A formula in English with comma separators, starting with `=`; `v` is then its expected result. */
  readonly f?: string;
  readonly fmt?: FormatName;
  readonly style?: StyleName;
  readonly status?: StatusColour;
  /** A note shown on the cell (hover text). */
  readonly note?: string;
}

/** A merged range, 0-based, in rows and columns of the layout. */
export interface Merge {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

/** A rectangle of the layout, 0-based, inclusive. */
export interface CellRange {
  readonly row: number;
  readonly col: number;
  readonly lastRow: number;
  readonly lastCol: number;
}

/**
 * A conditional colour by numbers: each cell of `range` gets the status of the first threshold its value
 * matches, and none where the value is not a number (blank, "" or text) or no threshold matches. The value is
 * the cell's own, or with `valueCol` the one in that column of the same row (a status word coloured by its
 * KPI's value).
 */
export interface ThresholdRule {
  readonly range: CellRange;
  readonly valueCol?: number;
  /** In order: the first match wins. */
  readonly thresholds: readonly Threshold[];
}

/** One mark of a text scale: a cell whose value is exactly `text` gets `status`. */
export interface TextMark {
  readonly text: string;
  readonly status: StatusColour;
}

/**
 * A conditional colour by text: each cell of `range` whose own value is a mark's text gets that mark's status,
 * any other value none (the overview's trend marks: ▲ green where going up is good for the KPI, else red).
 */
export interface TextRule {
  readonly range: CellRange;
  /** Distinct texts. */
  readonly marks: readonly TextMark[];
}

/**
 * A conditional colour, by numbers or by text. Every cell with a static `status` lies in a rule that gives
 * that status for the cell's `v`, so live formulas keep the right colour after the deals change; writers add
 * the rules and keep the static colours.
 */
export type ConditionalRule = ThresholdRule | TextRule;

/** A chart over ranges of the layout. */
export interface ChartSpec {
  readonly kind: 'column' | 'bar' | 'line' | 'combo';
  readonly title: string;
  /** Top-left cell the chart is anchored at, and its size in pixels. */
  readonly anchor: { readonly row: number; readonly col: number };
  readonly width: number;
  readonly height: number;
  /** Category labels (one column). */
  readonly categories: CellRange;
  /** Series: a header cell with the name, a column of values; `line` series drawn as lines in a combo. */
  readonly series: readonly { readonly name: string; readonly values: CellRange; readonly as?: 'column' | 'line' }[];
}

/** What a KPI value cell holds, so the add-on can explain it: the KPI (function name), the period's label, the group. */
export interface ValueSource {
  readonly row: number;
  readonly col: number;
  readonly kpi: string;
  /** As parsePeriodText reads it ("2024-03"; "" for the whole table). */
  readonly period: string;
  readonly group?: { readonly field: 'rep' | 'source'; readonly label: string };
}

/** A named block of the summary and the rows it spans. */
export interface BlockRef {
  readonly id: 'overview' | 'byPeriod' | 'byRep' | 'bySource' | 'pipeline' | 'customerValue' | 'dataQuality';
  readonly title: string;
  readonly firstRow: number;
  readonly lastRow: number;
}

/** A whole summary sheet. Row 0 is the sheet's first row. */
export interface SheetLayout {
  readonly name: string;
  readonly marker: string;
  readonly rows: readonly (readonly LayoutCell[])[];
  /** Patterns by format name; `points` is absent in layouts made before it existed (writers then use General). */
  readonly formats: Readonly<Record<Exclude<FormatName, 'points'>, string>> & { readonly points?: string };
  /** Column widths in pixels, from column 0. */
  readonly columnWidths: readonly number[];
  readonly frozenRows: number;
  readonly merges: readonly Merge[];
  readonly charts: readonly ChartSpec[];
  readonly blocks: readonly BlockRef[];
  /** Conditional colours; absent in layouts made before they existed. */
  readonly conditional?: readonly ConditionalRule[];
  /** The KPI behind each value cell (writers need not write it: explaining a cell rebuilds the layout). */
  readonly sources?: readonly ValueSource[];
}

/** A typed copy of the deal table written next to the summary, so live formulas find their data in the same file. */
export interface DealSheet {
  readonly name: string;
  /** Header row at its sheet row (blank rows above it), so the copy's rows keep the source's row numbers. */
  readonly values: readonly (readonly unknown[])[];
}

/** Where a summary went: the sheet's name (which may differ from the layout's), and what the user should know. */
export interface WrittenLayout {
  readonly sheetName: string;
  readonly warnings: readonly string[];
}

/**
 * What a face implements to put a summary somewhere, so every face writes the job's result the same way:
 * src/local/writeXlsx.ts implements it for XLSX, and the Sheets writer (issue 8) will for the open spreadsheet.
 */
export interface LayoutWriter {
  /** Writes the summary sheet, and the deal sheet copy when the job made one (a new sheet, never the user's). */
  write(layout: SheetLayout, deals?: DealSheet): WrittenLayout | Promise<WrittenLayout>;
}
