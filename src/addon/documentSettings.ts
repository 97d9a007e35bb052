/**
 * What the add-on keeps in the spreadsheet itself (developer metadata, so a copy of the workbook keeps it): the
 * document's settings (DESIGN.md's Settings, with the last build's options), and on each summary sheet the options it
 * was built with. Everything read back is validated (engine/settings.ts): a broken value is dropped and reported,
 * never a crash.
 */
import { checkBuildOptions, validateSettings } from '../engine/settings';
import type { BuildOptions, Settings } from './api';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** The key of the document's settings. */
export const SETTINGS_KEY = 'sales-kpi-addon:settings';
/** The key of a summary sheet's build options. */
export const BUILD_KEY = 'sales-kpi-addon:build';
/**
 * The key of the customer-value fits the sidebar saved (src/engine/clv/savedFits.ts: a JSON list, the latest 8), on the
 * spreadsheet with DOCUMENT visibility, so that a copy of the workbook keeps them.
 */
export const CLV_FITS_KEY = 'sales-kpi-addon:clv-fits';

/** The document's settings as read: valid fields only, and what was wrong with the stored ones. */
export type DocumentSettings = Settings & { readonly problems: string[] };

/** Build options as stored, with every field checked (a broken field dropped); null when there is no valid table. */
export function validBuildOptions(x: unknown): BuildOptions | null {
  return checkBuildOptions([], 'build', x) ?? null;
}

/** The text of the first metadata entry with `key`, or undefined. */
export function readText(entries: GoogleAppsScript.Spreadsheet.DeveloperMetadata[], key: string): string | undefined {
  const entry = entries.find((m) => m.getKey() === key);
  return entry ? entry.getValue() ?? '' : undefined;
}

/** Stores `value` as JSON under `key`, replacing an earlier entry. */
export function writeJson(owner: Spreadsheet | Sheet, key: string, value: unknown): void {
  const entry = owner.getDeveloperMetadata().find((m) => m.getKey() === key);
  const text = JSON.stringify(value);
  if (entry) entry.setValue(text);
  else owner.addDeveloperMetadata(key, text, SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
}

/** The document's settings, validated: defaults where absent or broken, and the problems found. */
export function readSettings(ss: Spreadsheet): DocumentSettings {
  const { settings, problems } = validateSettings(readText(ss.getDeveloperMetadata(), SETTINGS_KEY));
  return { ...(settings as Settings), problems };
}

/** Stores the document's settings as they are (validate them first: see settingsApi.ts). */
export function writeSettings(ss: Spreadsheet, settings: Settings): void {
  writeJson(ss, SETTINGS_KEY, settings);
}

/** Remembers the options of the document's last build, keeping the other settings (their broken values dropped). */
export function saveLastBuild(ss: Spreadsheet, options: BuildOptions): void {
  const { problems: _problems, ...settings } = readSettings(ss);
  writeSettings(ss, { ...settings, version: 1, lastBuild: options });
}

/** The options a summary sheet was built with, or null for a sheet the add-on did not build. */
export function readSheetBuild(sheet: Sheet): BuildOptions | null {
  const text = readText(sheet.getDeveloperMetadata(), BUILD_KEY);
  if (text === undefined) return null;
  try {
    return validBuildOptions(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Stores the options a summary sheet was built with (its period resolved), for explaining its cells later. */
export function saveSheetBuild(sheet: Sheet, options: BuildOptions): void {
  writeJson(sheet, BUILD_KEY, options);
}
