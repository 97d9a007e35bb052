/**
 * The custom functions as Apps Script calls them: each reads the sheet's time zone and the document's settings (its
 * own status and type words, its saved column mappings) and hands its raw arguments to the engine; a failed call's
 * error is shown in the spreadsheet's language (Russian from Server.js's table, else the engine's English).
 */
import { callByName, callKpi, callKpiTable, type CallEnv, type SheetResult } from '../engine/call';
import { CATALOG } from '../engine/catalog';
import { CLV_CALLS } from '../engine/clv/index';
import { callDealScore } from '../engine/dealScore';
import { readingSettings, wordsOf } from '../engine/settings';
import { readSavedFits } from '../engine/clv/savedFits';
import { CLV_FITS_KEY, readText, SETTINGS_KEY } from './documentSettings';
import { KpiError } from '../engine/errors';
import type { Locale } from '../engine/locale';
import type { ServerHelpers } from './serverIndex';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** A custom function: Sheets' raw arguments in, a cell value or a spilled array out. */
export type CustomFunction = (...args: unknown[]) => SheetResult;

/**
 * The spreadsheet's time zone, in which date cells arrive as local midnights. Each lookup is guarded:
 * a custom function may run with limited services, and then the script's zone, or UTC, is the best guess.
 */
export function sheetTimeZone(ss?: Spreadsheet): string {
  try {
    const zone = (ss ?? SpreadsheetApp.getActiveSpreadsheet()).getSpreadsheetTimeZone();
    if (zone) return zone;
  } catch {
    // no active spreadsheet or no access to it: fall through to the script's zone
  }
  try {
    const zone = Session.getScriptTimeZone();
    if (zone) return zone;
  } catch {
    // Session unavailable too: UTC
  }
  return 'UTC';
}

/**
 * The sheet a custom function's deal range is on. A function gets the range's values only, so the sheet is read from
 * the calling cell's formula: its first sheet-qualified reference (`=WIN_RATE(Deals!A1:M)`: Deals); a formula
 * without one reads its own sheet. Undefined when it cannot be told.
 */
export function rangeSheet(ss: Spreadsheet): string | undefined {
  try {
    const cell = ss.getActiveRange();
    if (!cell) return undefined;
    const m = /[(,;]\s*(?:'((?:[^']|'')+)'|([^\s'"!(),;]+))!/.exec(String(cell.getFormulas()[0][0]));
    return m ? (m[1] === undefined ? m[2] : m[1].replace(/''/g, "'")) : cell.getSheet().getName();
  } catch {
    return undefined;
  }
}

/**
 * The document's settings as a custom function uses them (reading the spreadsheet is allowed to it): one read of
 * its developer metadata, validated; nothing without a spreadsheet or settings. The range's sheet is asked for only
 * when a saved mapping could fill a column the headers leave out. The same read gives the customer-value fits the
 * sidebar saved (a broken list: none).
 */
export function sheetSettings(ss: Spreadsheet): Pick<CallEnv, 'words' | 'mappings' | 'sheetOfRange' | 'savedFits' | 'fiscalYearStart'> {
  try {
    const entries = ss.getDeveloperMetadata();
    const fits = savedFitsIn(readText(entries, CLV_FITS_KEY));
    const text = readText(entries, SETTINGS_KEY);
    if (text === undefined) return fits;
    const settings = readingSettings(text);
    return {
      ...fits, words: wordsOf(settings), mappings: settings.mappings, fiscalYearStart: settings.fiscalYearStart, sheetOfRange: () => rangeSheet(ss),
    };
  } catch {
    return {};
  }
}

/** The valid fits of a stored list, if any; never throws. */
function savedFitsIn(text: string | undefined): Pick<CallEnv, 'savedFits'> {
  try {
    const { fits } = readSavedFits(text);
    return fits.length > 0 ? { savedFits: fits } : {};
  } catch {
    return {};
  }
}

/** The environment of one call: the spreadsheet's time zone and settings. */
export function sheetEnv(): CallEnv {
  let ss: Spreadsheet | undefined;
  try {
    ss = SpreadsheetApp.getActiveSpreadsheet();
  } catch {
    // no active spreadsheet: the zone falls back, and there are no settings
  }
  return { timeZone: sheetTimeZone(ss), fitDeadline: Date.now() + FIT_BUDGET_MS, ...(ss ? sheetSettings(ss) : {}) };
}

/**
 * How long a customer-value function may fit its models: Sheets stops a custom function at 30 s, and reading the range
 * and writing the result need some of them.
 */
export const FIT_BUDGET_MS = 25_000;

/** Every custom function by its public name: the catalog's KPIs, then KPI, KPI_TABLE, DEAL_SCORE and the customer-value ones. */
export function customFunctions(): Record<string, CustomFunction> {
  const out: Record<string, CustomFunction> = {};
  for (const def of CATALOG) out[def.name] = (...args) => callKpi(def, args, sheetEnv());
  out.KPI = (...args) => callByName(args, sheetEnv());
  out.KPI_TABLE = (...args) => callKpiTable(args, sheetEnv());
  out.DEAL_SCORE = (...args) => callDealScore(args, sheetEnv());
  for (const [name, call] of Object.entries(CLV_CALLS)) out[name] = (...args) => call(args, sheetEnv());
  return inSheetLanguage(out);
}

/**
 * Server.js's loader (scripts/build.ts): the sidebar's server, whose bundle also holds the custom functions' messages
 * in Russian, kept out of Code.js. Not defined where Server.js is not loaded.
 */
declare function salesKpiServer_(): Partial<ServerHelpers>;

/** The language of a custom function's errors: Russian in a spreadsheet whose locale is ru…, else (or unknown) English. */
export function sheetLocale(ss?: Spreadsheet): Locale {
  try {
    return /^ru/i.test((ss ?? SpreadsheetApp.getActiveSpreadsheet()).getSpreadsheetLocale()) ? 'ru' : 'en';
  } catch {
    return 'en';
  }
}

/** An error message in `locale`: the Russian from Server.js, or the English when it has none or cannot be reached. */
export function messageIn(message: string, locale: Locale): string {
  if (locale !== 'ru') return message;
  try {
    return salesKpiServer_().russianMessage_?.(message) ?? message;
  } catch {
    return message;
  }
}

/**
 * The custom functions with their errors in the spreadsheet's language: one place for every function, and the locale
 * is asked for only when a call fails, so a call that succeeds costs no more.
 */
function inSheetLanguage(fns: Record<string, CustomFunction>): Record<string, CustomFunction> {
  const out: Record<string, CustomFunction> = {};
  for (const [name, fn] of Object.entries(fns)) {
    out[name] = (...args) => {
      try {
        return fn(...args);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const shown = messageIn(message, sheetLocale());
        throw shown === message ? e : new KpiError(shown);
      }
    };
  }
  return out;
}
