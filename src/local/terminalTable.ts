/**
 * Prints layout cells as an aligned plain-text table for the terminal: numbers formatted by the cell's format
 * in the summary's locale, right-aligned; text left-aligned; status colours as ANSI colours when asked.
 */
import { UNIT_WORDS, type FormatName, type LayoutCell, type StatusColour } from '../engine/summary';

/** The languages the terminal table formats numbers in. */
export type TerminalLocale = 'en' | 'ru';

/** How to print. */
export interface TerminalOptions {
  readonly locale: TerminalLocale;
  /** Colour status cells (green, yellow, red) with ANSI escapes: only for a terminal that shows them. */
  readonly color?: boolean;
}

/** Shown for a cell with no number (its note in the sheet says why). */
export const NO_VALUE = '—';

const ANSI: Record<StatusColour, string> = { good: '\u001b[32m', warn: '\u001b[33m', bad: '\u001b[31m' };
const ANSI_BOLD = '\u001b[1m';
const ANSI_RESET = '\u001b[0m';

/**
 * Digits after the decimal mark, whether the number is shown as a percentage, its unit, and whether a positive
 * number shows "+", per format.
 */
const SHAPES: Record<
  FormatName,
  { digits: number; percent?: boolean; unit?: 'days' | 'months' | 'perDay' | 'points'; signed?: boolean } | undefined
> = {
  money: { digits: 2 },
  moneyPerDay: { digits: 2, unit: 'perDay' },
  percent: { digits: 1, percent: true },
  points: { digits: 1, unit: 'points', signed: true },
  days: { digits: 1, unit: 'days' },
  months: { digits: 1, unit: 'months' },
  integer: { digits: 0 },
  decimal: { digits: 2 },
  ratio: { digits: 2 },
  date: undefined,
  text: undefined,
};

const formatters = new Map<string, Intl.NumberFormat>();

/** A cached number formatter: en "1,234.50", ru "1 234,50" (a non-breaking space groups thousands). */
function numberFormat(locale: TerminalLocale, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, f);
  }
  return f;
}

/**
 * A number as the format shows it in the locale: money 1,234.50; percent 12.5% (ru: 12,5 %); integer 1,234;
 * points +1.5 pp, -16.4 pp, 0.0 pp (ru: -16,4 п.п.), the sign by the number's own sign as the sheet's format has it.
 */
export function formatNumber(n: number, fmt: FormatName | undefined, locale: TerminalLocale): string {
  const shape = fmt ? SHAPES[fmt] : undefined;
  if (!shape) return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6);
  const sign = shape.signed ? (n > 0 ? '+' : n < 0 ? '-' : '') : '';
  const text = sign + numberFormat(locale, shape.digits).format(shape.signed ? Math.abs(n) : shape.percent ? n * 100 : n);
  if (shape.unit) return `${text} ${UNIT_WORDS[locale][shape.unit]}`;
  if (!shape.percent) return text;
  return locale === 'ru' ? `${text}\u00a0%` : `${text}%`;
}

/** The text a cell shows: a formula cell shows its expected result; an empty value cell with a note shows "—". */
export function cellText(cell: LayoutCell | undefined, locale: TerminalLocale): string {
  if (!cell) return '';
  const v = cell.v;
  if (typeof v === 'number') return Number.isFinite(v) ? formatNumber(v, cell.fmt, locale) : NO_VALUE;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string' && v !== '') return v.replace(/\s+/g, ' ');
  // A value cell without a number: the engine had none, and the sheet's note says why.
  return cell.fmt !== undefined && cell.fmt !== 'text' ? NO_VALUE : '';
}

/** Length as the terminal shows it: one column per code point (the summary uses no wide characters). */
function displayWidth(text: string): number {
  let n = 0;
  for (const ch of text) if (ch !== '\u200b') n++;
  return n;
}

/** True when a cell is a number (or its missing value) and so aligns right. */
function alignsRight(cell: LayoutCell | undefined): boolean {
  return cell !== undefined && (typeof cell.v === 'number' || (cell.fmt !== undefined && cell.fmt !== 'text'));
}

/** Columns whose body is mostly numbers: their header aligns right, over the numbers. */
function numericColumns(rows: readonly (readonly (LayoutCell | undefined)[])[], columns: number): boolean[] {
  const out: boolean[] = [];
  for (let c = 0; c < columns; c++) {
    let numbers = 0;
    let filled = 0;
    for (let r = 1; r < rows.length; r++) {
      const cell = rows[r][c];
      if (!cell || (cell.v === undefined && cell.fmt === undefined)) continue;
      filled++;
      if (alignsRight(cell)) numbers++;
    }
    out.push(filled > 0 && numbers * 2 > filled);
  }
  return out;
}

/**
 * Renders rows as an aligned table: the first row is the header (bold when coloured) and is underlined with
 * dashes; columns are separated by two spaces; trailing empty columns are dropped.
 */
export function renderTable(rows: readonly (readonly (LayoutCell | undefined)[])[], options: TerminalOptions): string {
  const texts = rows.map((row) => Array.from(row, (cell) => cellText(cell, options.locale)));
  let columns = 0;
  for (const row of texts) {
    let last = row.length - 1;
    while (last >= 0 && row[last] === '') last--;
    columns = Math.max(columns, last + 1);
  }
  const widths = new Array<number>(columns).fill(0);
  for (const row of texts) for (let c = 0; c < columns; c++) widths[c] = Math.max(widths[c], displayWidth(row[c] ?? ''));
  const right = numericColumns(rows, columns);
  const lines: string[] = [];
  rows.forEach((row, r) => {
    const parts: string[] = [];
    for (let c = 0; c < columns; c++) {
      const text = texts[r][c] ?? '';
      const pad = ' '.repeat(widths[c] - displayWidth(text));
      const cell = row[c];
      let shown = (r === 0 ? right[c] : alignsRight(cell)) ? pad + text : text + pad;
      if (options.color && r === 0 && text !== '') shown = ANSI_BOLD + shown + ANSI_RESET;
      else if (options.color && cell?.status) shown = ANSI[cell.status] + shown + ANSI_RESET;
      parts.push(shown);
    }
    lines.push(parts.join('  ').trimEnd());
    if (r === 0) lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  });
  return lines.join('\n') + '\n';
}
