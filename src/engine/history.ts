/**
 * The KPI history (issue 9, point 5): each build can append the overview's values to a history table — build time,
 * period, KPI id, value — once per build and period, so trends survive when deals are edited later. Pure: the rows
 * of a build, and which of them a table that already holds some still lacks. A build is named by its time stamp.
 */

import type { Locale } from './locale';

/** One history row: [build time as ISO text, period label, KPI id, value]. */
export type HistoryRow = [string, string, string, number];

/** The history table's header row. */
export const HISTORY_HEADER: readonly string[] = ['Built at', 'Period', 'KPI', 'Value'];

/** The history sheet's words in each language: its name, header, the trend's helper area and chart title. */
export const HISTORY_LABELS: Readonly<Record<Locale, {
  readonly sheet: string;
  readonly header: readonly string[];
  readonly trendOf: string;
  readonly builtAtUtc: string;
  readonly value: string;
  readonly chart: string;
}>> = {
  en: { sheet: 'KPI history', header: HISTORY_HEADER, trendOf: 'Trend of KPI', builtAtUtc: 'Built at (UTC)', value: 'Value', chart: 'Trend' },
  ru: {
    sheet: 'История KPI', header: ['Время сборки', 'Период', 'KPI', 'Значение'], trendOf: 'Динамика KPI',
    builtAtUtc: 'Время сборки (UTC)', value: 'Значение', chart: 'Динамика',
  },
};

/** A build's time stamp as history keeps it: ISO text in UTC ("2025-06-10T12:00:00.000Z"). */
export function buildStamp(time: number | Date | string): string {
  if (typeof time === 'string') return time;
  return new Date(typeof time === 'number' ? time : time.getTime()).toISOString();
}

/** The rows of one build: each overview value (by KPI id, in the overview's order) of `period`. */
export function historyRows(time: number | Date | string, period: string, values: Readonly<Record<string, number>>): HistoryRow[] {
  const stamp = buildStamp(time);
  return Object.entries(values)
    .filter(([, v]) => typeof v === 'number' && Number.isFinite(v))
    .map(([kpi, v]) => [stamp, period, kpi, v]);
}

/** A cell of the build-time or period column as text: a Date (a cell Sheets turned into one) as ISO text. */
function cellText(v: unknown): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  return v === null || v === undefined ? '' : String(v);
}

/** The key of a build and period. */
function buildKey(stamp: string, period: string): string {
  return `${stamp}\u0000${period}`;
}

/**
 * The rows to append to a history that holds `existing` (its cells as read, header row and blank rows allowed): a
 * build and period already there add nothing — the same build written twice, or the same period rebuilt within one
 * build — and within `rows` each (build, period, KPI) counts once.
 */
export function newHistoryRows(existing: readonly (readonly unknown[])[], rows: readonly HistoryRow[]): HistoryRow[] {
  const present = new Set(existing.map((r) => buildKey(cellText(r[0]), cellText(r[1]))));
  const taken = new Set<string>();
  const out: HistoryRow[] = [];
  for (const row of rows) {
    const [stamp, period, kpi] = row;
    if (present.has(buildKey(stamp, period))) continue;
    const key = `${buildKey(stamp, period)}\u0000${kpi}`;
    if (taken.has(key)) continue;
    taken.add(key);
    out.push(row);
  }
  return out;
}
