/**
 * The document's settings on the server (DESIGN.md, "The sidebar's server API": settings() and saveSettings()), and
 * what a build or an inspection of a deal sheet reads from them: the mapping saved for that sheet, the team's own
 * status and type words, the benchmark thresholds, the currency and the fiscal year.
 */
import { currencyOfLocale, validateSettings, wordsOf, type ReadWords } from '../engine/settings';
import type { ColumnMapping, Settings, SettingsResult } from './api';
import { readSettings, writeSettings } from './documentSettings';
import { underDocumentLock } from './documentLock';

/** The document's settings, validated: defaults where absent or broken; `problems` says what was broken. */
export function settings(): SettingsResult {
  const { problems, ...stored } = readSettings(SpreadsheetApp.getActiveSpreadsheet());
  return problems.length > 0 ? { ...stored, problems } : stored;
}

/**
 * Validates the settings and stores them in the document, replacing the stored ones; returns what was stored, with
 * `problems` naming the fields that were dropped. Throws an Error when `input` is no settings document at all (not an
 * object, not JSON, not version 1): nothing is stored then.
 */
export function saveSettings(input: Settings): SettingsResult {
  // `problems` is what settings() adds, not a setting: a panel that sends back what it was given drops it quietly.
  let raw: unknown = input;
  if (typeof input === 'object' && input !== null && 'problems' in input) {
    const { problems: _dropped, ...rest } = input as SettingsResult;
    raw = rest;
  }
  const { settings: checked, problems, reset } = validateSettings(raw);
  if (reset || raw === undefined) {
    throw new Error(`The settings were not saved: ${raw === undefined ? 'there were none to save' : problems.join('; ')}.`);
  }
  underDocumentLock('A summary is being built in this spreadsheet: save the settings again in a minute.', () =>
    writeSettings(SpreadsheetApp.getActiveSpreadsheet(), checked as Settings), 10000);
  return problems.length > 0 ? { ...(checked as Settings), problems } : (checked as Settings);
}

/** What a read of a deal sheet takes from the settings (the mapping as `toEngine` makes it). */
export interface SavedReading<M> {
  mapping: M;
  words?: ReadWords;
  benchmarks?: Record<string, number>;
  currency?: string;
  fiscalYearStart?: number;
}

/**
 * What a build or an inspection of the deal table on `sheet` reads with: the caller's `mapping`, or else the one the
 * settings keep for that sheet, turned into the engine's by `toEngine`; the team's words; benchmarks and currency; the
 * caller's fiscal year's first month (a summary sheet's own), or else the settings'.
 */
export function savedReading<M>(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet, sheet: string, mapping: ColumnMapping | undefined,
  toEngine: (mapping: ColumnMapping | undefined) => M, fiscalYearStart?: number,
): SavedReading<M> {
  const saved = readSettings(ss);
  return {
    mapping: toEngine(mapping ?? saved.mappings?.[sheet]), words: wordsOf(saved), benchmarks: saved.benchmarks,
    fiscalYearStart: fiscalYearStart ?? saved.fiscalYearStart,
    // Without a currency of its own the summary shows the spreadsheet locale's (ru_RU: RUB).
    currency: saved.currency ?? currencyOfLocale(ss.getSpreadsheetLocale()),
  };
}
