/**
 * The custom functions as Apps Script calls them: each reads the sheet's time zone and the document's settings (its
 * own status and type words, its saved column mappings) and hands its raw arguments to the engine.
 */
import { callByName, callKpi, callKpiTable, type CallEnv, type SheetResult } from '../engine/call';
import { CATALOG } from '../engine/catalog';
import { callDealScore } from '../engine/dealScore';
import { readingSettings, wordsOf } from '../engine/settings';
import { readText, SETTINGS_KEY } from './documentSettings';

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
 * when a saved mapping could fill a column the headers leave out.
 */
export function sheetSettings(ss: Spreadsheet): Pick<CallEnv, 'words' | 'mappings' | 'sheetOfRange'> {
  try {
    const text = readText(ss.getDeveloperMetadata(), SETTINGS_KEY);
    if (text === undefined) return {};
    const settings = readingSettings(text);
    return { words: wordsOf(settings), mappings: settings.mappings, sheetOfRange: () => rangeSheet(ss) };
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
  return { timeZone: sheetTimeZone(ss), ...(ss ? sheetSettings(ss) : {}) };
}

/** Every custom function by its public name: the catalog's KPIs, then KPI, KPI_TABLE and DEAL_SCORE. */
export function customFunctions(): Record<string, CustomFunction> {
  const out: Record<string, CustomFunction> = {};
  for (const def of CATALOG) out[def.name] = (...args) => callKpi(def, args, sheetEnv());
  out.KPI = (...args) => callByName(args, sheetEnv());
  out.KPI_TABLE = (...args) => callKpiTable(args, sheetEnv());
  out.DEAL_SCORE = (...args) => callDealScore(args, sheetEnv());
  return out;
}
