/** The custom functions as Apps Script calls them: each reads the sheet's time zone and hands its raw arguments to the engine. */
import { callByName, callKpi, callKpiTable, type CallEnv, type SheetResult } from '../engine/call';
import { CATALOG } from '../engine/catalog';
import { callDealScore } from '../engine/dealScore';

/** A custom function: Sheets' raw arguments in, a cell value or a spilled array out. */
export type CustomFunction = (...args: unknown[]) => SheetResult;

/**
 * The spreadsheet's time zone, in which date cells arrive as local midnights. Each lookup is guarded:
 * a custom function may run with limited services, and then the script's zone, or UTC, is the best guess.
 */
export function sheetTimeZone(): string {
  try {
    const zone = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
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

/** The environment of one call. */
export function sheetEnv(): CallEnv {
  return { timeZone: sheetTimeZone() };
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
