/**
 * What every custom-function call shares: its environment, the shape of its result, errors named after the
 * function, and the read deal table with its columns checked. Its own module so that call.ts and the
 * functions with their own wrapper (DEAL_SCORE in dealScore.ts) both build on it without importing each other.
 */
import { KpiError } from './errors';
import type { KpiDef } from './kpi';
import { missingColumns } from './needs';
import { detectColumns, readDeals, type ColumnMapping } from './read';
import type { ReadWords, SettingsMapping } from './settings';
import type { DealTable } from './table';
import type { SavedFit } from './clv/savedFits';

/** What a call needs from its surroundings. */
export interface CallEnv {
  /** The spreadsheet's IANA time zone. */
  readonly timeZone: string;
  /** "Now" as an instant; default Date.now(). */
  readonly now?: number;
  /** A team's own status and type words (the document's settings), added to the spec's. */
  readonly words?: ReadWords;
  /** The month the document's fiscal year starts with (its settings), for FY period text; default 1. */
  readonly fiscalYearStart?: number;
  /** The column mappings the document keeps, by sheet name: for the fields a table's header names no column for. */
  readonly mappings?: Readonly<Record<string, SettingsMapping>>;
  /** The name of the sheet the deal range is on; asked only when a saved mapping could fill a gap. */
  readonly sheetOfRange?: () => string | undefined;
  /** When a model fit must give up (epoch ms): a custom function has 30 s; none elsewhere. */
  readonly fitDeadline?: number;
  /** Customer-value fits kept in the document, used instead of fitting when made from the same customer summary. */
  readonly savedFits?: readonly SavedFit[];
}

/** A cell value or a spilled array, as a custom function returns it. */
export type SheetValue = number | string | boolean;
/** What a custom function returns. */
export type SheetResult = SheetValue | SheetValue[][];

/** Runs `fn`, turning any error into one whose message starts with the function's name. */
export function named<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new KpiError(msg.startsWith(`${name}:`) ? msg : `${name}: ${msg}`);
  }
}

/** Reads the deal table and checks the KPI's columns are there (§5). */
export function tableFor(def: Pick<KpiDef, 'needs'>, deals: unknown, env: CallEnv): DealTable {
  if (!Array.isArray(deals)) {
    throw new KpiError('deals must be the deal table range with its header row, such as Deals!A1:M');
  }
  const table = readDeals(deals, {
    timeZone: env.timeZone, now: env.now, words: env.words, fiscalYearStart: env.fiscalYearStart, mapping: savedMapping(deals, env),
  });
  const missing = missingColumns(def.needs, table);
  if (missing) throw new KpiError(missing);
  return table;
}

/**
 * The part of the mapping saved for the range's sheet (env.mappings) that a call reads `deals` with: only the fields
 * its header row names no column for, since the headers decide first; undefined when there is nothing to fill, and
 * then the range's sheet is not even asked for.
 */
export function savedMapping(deals: readonly unknown[], env: CallEnv): ColumnMapping | undefined {
  const all = env.mappings;
  if (!all) return undefined;
  const header = Array.isArray(deals[0]) ? (deals[0] as unknown[]) : [];
  const found = detectColumns(header);
  const gaps = (m: SettingsMapping): [string, number][] =>
    Object.entries(m).filter((e): e is [string, number] => e[1] !== null && e[1] < header.length && !(e[0] in found));
  if (!Object.values(all).some((m) => gaps(m).length > 0)) return undefined;
  const saved = all[env.sheetOfRange?.() ?? ''];
  const fill = saved ? gaps(saved) : [];
  return fill.length > 0 ? Object.fromEntries(fill) : undefined;
}
