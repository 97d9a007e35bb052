/**
 * What the add-on keeps in the spreadsheet itself (developer metadata, so a copy of the workbook keeps it): the
 * document's settings with the last build's options, and on each summary sheet the options it was built with.
 * Everything read back is validated: a broken value is dropped, never a crash.
 */
import type { BuildOptions, ColumnMapping, Granularity, TableRef } from './api';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** The key of the document's settings. */
export const SETTINGS_KEY = 'sales-kpi-addon:settings';
/** The key of a summary sheet's build options. */
export const BUILD_KEY = 'sales-kpi-addon:build';

/** The settings this version keeps (issue 9 adds the rest of DESIGN.md's Settings). */
export interface DocumentSettings {
  readonly version: 1;
  readonly lastBuild?: BuildOptions;
}

const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month', 'quarter', 'year'];

/** A table reference, or undefined when `x` is not one. */
function tableRef(x: unknown): TableRef | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const { sheet, range } = x as Record<string, unknown>;
  if (typeof sheet !== 'string' || sheet === '') return undefined;
  return typeof range === 'string' && range !== '' ? { sheet, range } : { sheet };
}

/** A column mapping with only whole-number or null entries. */
function mapping(x: unknown): ColumnMapping | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const out: ColumnMapping = {};
  for (const [k, v] of Object.entries(x)) {
    if (v === null || (Number.isInteger(v) && (v as number) >= 0)) out[k] = v as number | null;
  }
  return out;
}

/** Build options as stored, with every field checked; null when there is no valid table. */
export function validBuildOptions(x: unknown): BuildOptions | null {
  if (typeof x !== 'object' || x === null) return null;
  const o = x as Record<string, unknown>;
  const table = tableRef(o.table);
  if (!table) return null;
  const out: BuildOptions = { table };
  const m = mapping(o.mapping);
  if (m) out.mapping = m;
  if (typeof o.period === 'string') out.period = o.period;
  if (GRANULARITIES.includes(o.granularity as Granularity)) out.granularity = o.granularity as Granularity;
  if (Array.isArray(o.kpis) && o.kpis.every((k) => typeof k === 'string')) out.kpis = o.kpis as string[];
  const plan = tableRef(o.plan);
  if (plan) out.plan = plan;
  const spend = tableRef(o.spend);
  if (spend) out.spend = spend;
  if (typeof o.live === 'boolean') out.live = o.live;
  if (o.locale === 'en' || o.locale === 'ru') out.locale = o.locale;
  if (typeof o.sheetName === 'string' && o.sheetName.trim() !== '') out.sheetName = o.sheetName;
  return out;
}

/** The JSON value of the first metadata entry with `key`, or undefined (also for text that is not JSON). */
function readJson(entries: GoogleAppsScript.Spreadsheet.DeveloperMetadata[], key: string): unknown {
  const entry = entries.find((m) => m.getKey() === key);
  if (!entry) return undefined;
  try {
    return JSON.parse(entry.getValue() ?? '');
  } catch {
    return undefined;
  }
}

/** Stores `value` as JSON under `key`, replacing an earlier entry. */
function writeJson(owner: Spreadsheet | Sheet, key: string, value: unknown): void {
  const entry = owner.getDeveloperMetadata().find((m) => m.getKey() === key);
  const text = JSON.stringify(value);
  if (entry) entry.setValue(text);
  else owner.addDeveloperMetadata(key, text, SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
}

/** The document's settings, validated. */
export function readSettings(ss: Spreadsheet): DocumentSettings {
  const raw = readJson(ss.getDeveloperMetadata(), SETTINGS_KEY) as Record<string, unknown> | undefined;
  const lastBuild = validBuildOptions(raw?.lastBuild);
  return lastBuild ? { version: 1, lastBuild } : { version: 1 };
}

/** Remembers the options of the document's last build. */
export function saveLastBuild(ss: Spreadsheet, options: BuildOptions): void {
  writeJson(ss, SETTINGS_KEY, { ...readSettings(ss), version: 1, lastBuild: options });
}

/** The options a summary sheet was built with, or null for a sheet the add-on did not build. */
export function readSheetBuild(sheet: Sheet): BuildOptions | null {
  return validBuildOptions(readJson(sheet.getDeveloperMetadata(), BUILD_KEY));
}

/** Stores the options a summary sheet was built with (its period resolved), for explaining its cells later. */
export function saveSheetBuild(sheet: Sheet, options: BuildOptions): void {
  writeJson(sheet, BUILD_KEY, options);
}
