/** The pieces every block is made of: number formats, cell constructors, A1 references and a row builder. */
import type { KpiUnit, KpiValue } from '../kpi';
import type { BlockRef, CellRange, ChartSpec, ConditionalRule, FormatName, LayoutCell, Merge, StatusColour, ValueSource } from './layout';
import type { Locale } from './labels';

/** The unit words a number format shows after durations, velocities and changes in percentage points, per locale. */
export const UNIT_WORDS: Readonly<Record<Locale, { days: string; months: string; perDay: string; points: string }>> = {
  en: { days: 'days', months: 'months', perDay: '/day', points: 'pp' },
  ru: { days: 'дн.', months: 'мес.', perDay: '/день', points: 'п.п.' },
};

/**
 * Number format patterns that Google Sheets, Excel and LibreOffice all read the same way. The
 * grouping and decimal marks are the viewer's locale's (a pattern always writes `.`); durations,
 * velocities and point changes carry their unit as quoted text, so "37.5 days" and "-1.0 pp" read without
 * a legend. A point change shows its sign: "+2.5 pp", "-16.4 pp", "0.0 pp". With a `currency` (an ISO 4217 code
 * from the document's settings) money shows it as quoted text too: "1,234.50 USD", "37.50 USD/day".
 */
export function formatsFor(locale: Locale, currency?: string): Readonly<Record<FormatName, string>> {
  const u = UNIT_WORDS[locale];
  const pp = `0.0" ${u.points}"`;
  return {
    money: currency ? `#,##0.00" ${currency}"` : '#,##0.00',
    moneyPerDay: `#,##0.00" ${currency ?? ''}${u.perDay}"`,
    percent: '0.0%',
    points: `+${pp};-${pp};${pp}`,
    days: `0.0" ${u.days}"`,
    months: `0.0" ${u.months}"`,
    integer: '#,##0',
    decimal: '#,##0.00',
    ratio: '0.00',
    date: locale === 'ru' ? 'dd.mm.yyyy' : 'yyyy-mm-dd',
    text: '@',
  };
}

/** The number format of a KPI unit; money per day is money. */
export function formatOfUnit(unit: KpiUnit): FormatName {
  switch (unit) {
    case 'money':
      return 'money';
    case 'money_per_day':
      return 'moneyPerDay';
    case 'count':
      return 'integer';
    case 'rate':
      return 'percent';
    case 'days':
      return 'days';
    case 'months':
      return 'months';
    case 'ratio':
      return 'ratio';
  }
}

/** A finite number, or undefined for a KPI value without one (a NoValue, or ±Infinity/NaN). */
export function numberOf(v: KpiValue | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Why a KPI value has no number, or undefined when it has one. */
export function reasonOf(v: KpiValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : 'the result is not a finite number';
  return v.reason;
}

/** A text cell of the given style. */
export function text(v: string, style: LayoutCell['style'] = 'label', note?: string): LayoutCell {
  return note === undefined ? { v, style } : { v, style, note };
}

/** An empty cell (a gap in a row). */
export const EMPTY: LayoutCell = {};

/**
 * A KPI value as a cell: the number with its format, or an empty cell whose note gives the reason.
 * With a formula, `v` is what the formula yields: the number, or "" where the engine has none.
 */
export function valueCell(
  v: KpiValue | undefined,
  fmt: FormatName,
  opts: { style?: LayoutCell['style']; status?: StatusColour; f?: string | null } = {},
): LayoutCell {
  const n = numberOf(v);
  const reason = reasonOf(v);
  const base: { -readonly [K in keyof LayoutCell]: LayoutCell[K] } = { fmt, style: opts.style ?? 'value' };
  if (opts.f) {
    base.f = opts.f;
    base.v = n === undefined ? '' : n;
  } else {
    base.v = n === undefined ? null : n;
  }
  if (reason !== undefined) base.note = reason;
  if (opts.status !== undefined && n !== undefined) base.status = opts.status;
  return base;
}

/** Column letters of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetters(col: number): string {
  let s = '';
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** The A1 reference of a layout cell (row and column 0-based; row 0 is the sheet's row 1). */
export function a1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/** The range of one cell. */
export function cellAt(row: number, col: number): CellRange {
  return { row, col, lastRow: row, lastCol: col };
}

/** Collects rows, merges, blocks, charts and conditional colours as the blocks are laid out top to bottom. */
export class SheetBuilder {
  readonly rows: LayoutCell[][] = [];
  readonly merges: Merge[] = [];
  readonly blocks: BlockRef[] = [];
  readonly charts: ChartSpec[] = [];
  readonly conditional: ConditionalRule[] = [];
  readonly sources: ValueSource[] = [];

  /** Index of the next row to be added. */
  get next(): number {
    return this.rows.length;
  }

  /** Adds a row and returns its index. */
  push(cells: LayoutCell[]): number {
    this.rows.push(cells);
    return this.rows.length - 1;
  }

  /** The widest row's number of cells. */
  width(): number {
    let w = 0;
    for (const r of this.rows) if (r.length > w) w = r.length;
    return w;
  }
}
