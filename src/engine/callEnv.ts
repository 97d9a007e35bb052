/**
 * What every custom-function call shares: its environment, the shape of its result, errors named after the
 * function, and the read deal table with its columns checked. Its own module so that call.ts and the
 * functions with their own wrapper (DEAL_SCORE in dealScore.ts) both build on it without importing each other.
 */
import { KpiError } from './errors';
import type { KpiDef } from './kpi';
import { missingColumns } from './needs';
import { readDeals } from './read';
import type { DealTable } from './table';

/** What a call needs from its surroundings. */
export interface CallEnv {
  /** The spreadsheet's IANA time zone. */
  readonly timeZone: string;
  /** "Now" as an instant; default Date.now(). */
  readonly now?: number;
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
  const table = readDeals(deals, { timeZone: env.timeZone, now: env.now });
  const missing = missingColumns(def.needs, table);
  if (missing) throw new KpiError(missing);
  return table;
}
