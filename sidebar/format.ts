/** Pure formatting for the sidebar: numbers by unit, column letters, the summary sheet's link. */
import type { BuildResult, Locale } from '../src/addon/api';

/** The units of the catalog's KPIs (a test keeps this list in step with the catalog). */
export const UNITS = ['count', 'money', 'money_per_day', 'rate', 'ratio', 'days', 'months'] as const;

/** The spreadsheet's URL opened on the sheet `sheetId` (any fragment of `url` replaced). */
export function sheetUrl(url: string, sheetId: number): string {
  const base = url.split('#')[0];
  return `${base}#gid=${sheetId}`;
}

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', options);
}

/** A whole count with digit grouping. */
export function formatCount(n: number, locale: Locale): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** A KPI value as its unit reads: rates as percentages, money and ratios with two decimals; null as a dash. */
export function formatValue(value: number | null | undefined, unit: string | undefined, locale: Locale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'rate':
      return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'count':
      return numberFormat(locale, { maximumFractionDigits: Number.isInteger(value) ? 0 : 2 }).format(value);
    case 'days':
    case 'months':
      return numberFormat(locale, { maximumFractionDigits: 1 }).format(value);
    case 'money':
    case 'money_per_day':
      return numberFormat(locale, { minimumFractionDigits: Number.isInteger(value) ? 0 : 2, maximumFractionDigits: 2 }).format(value);
    default:
      return numberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  }
}

/** A 0-based column index as its letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = Math.max(0, Math.floor(index)) + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The 0-based index of a range's first column ("C3:F10" → 2); 0 when there is none to read. */
export function firstColumn(range: string | undefined): number {
  const m = /^(?:.*!)?\$?([A-Za-z]{1,3})\$?\d*(?::|$)/.exec((range ?? '').trim());
  if (!m) return 0;
  let n = 0;
  for (const ch of m[1].toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Rows read that the build did not use. */
export function skippedRows(result: Pick<BuildResult, 'rowsRead' | 'rowsUsed'>): number {
  return Math.max(0, result.rowsRead - result.rowsUsed);
}
