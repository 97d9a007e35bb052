/**
 * The document's settings (DESIGN.md, "Settings that travel with the workbook"): one versioned JSON document that
 * a workbook keeps, validated on every read. A broken field is dropped, so its default applies, with a problem that
 * names the field and its value; an unknown key is dropped and reported; text that is not JSON, a value that is not
 * an object, or a version other than 1 resets the whole document. Never throws.
 */
import { DEFAULT_BENCHMARKS } from './benchmarks';
import { DEAL_TYPES, FIELDS, normalizeHeader } from './fields';
import { isLocale, type Locale } from './locale';
import { GRANULARITIES, isFiscalYearStart, type Granularity } from './period';

/** Field → 0-based column index in the table's range (null: not mapped). */
export type SettingsMapping = Record<string, number | null>;

/** A table of the spreadsheet: a sheet and an A1 range with the header row; no range: the sheet's data range. */
export interface SettingsTableRef {
  sheet: string;
  range?: string;
}

/** The options of a build as the document keeps them (the face's BuildOptions, in the engine's own words). */
export interface SavedBuildOptions {
  table: SettingsTableRef;
  mapping?: SettingsMapping;
  period?: string;
  granularity?: Granularity;
  kpis?: string[];
  plan?: SettingsTableRef;
  spend?: SettingsTableRef;
  live?: boolean;
  locale?: Locale;
  sheetName?: string;
  /** Append the overview's values to the KPI history sheet (issue 9). */
  history?: boolean;
  /** The month the fiscal year starts with, 1..12; default the document's setting. */
  fiscalYearStart?: number;
}

/** A team's own status words, added to §1's (a CRM's stage names such as "Сделка успешна"). */
export interface StatusWords {
  won?: string[];
  lost?: string[];
  open?: string[];
}

/** A team's own deal type words, added to §1's. */
export interface TypeWords {
  new?: string[];
  repeat?: string[];
  upsell?: string[];
  'cross-sell'?: string[];
}

/** Words a read adds to the spec's: where they name one word differently, the team's own words decide. */
export interface ReadWords {
  status?: StatusWords;
  type?: TypeWords;
}

/** The document's settings, version 1, as DESIGN.md fixes them. */
export interface Settings {
  version: 1;
  /** Column mappings by sheet name. */
  mappings?: Record<string, SettingsMapping>;
  statusWords?: StatusWords;
  typeWords?: TypeWords;
  /** The month the fiscal year starts with, 1..12: FY periods and the summary's quarters and years follow it. */
  fiscalYearStart?: number;
  /** ISO 4217 code: three capital letters. */
  currency?: string;
  /** Status colour thresholds by the names of `Benchmarks` (winRateRed …). */
  benchmarks?: Record<string, number>;
  lastBuild?: SavedBuildOptions;
}

/** The settings a document holds once checked, what was wrong with them, and whether the whole document was reset. */
export interface SettingsCheck {
  settings: Settings;
  problems: string[];
  reset: boolean;
}

/** The most words one list holds, and the longest word. */
export const MAX_WORDS = 200;
export const MAX_WORD_LENGTH = 100;
/** Columns a sheet has at most (ZZZ): a mapping's index is below. */
const MAX_COLUMNS = 18278;

type Problems = string[];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A value as a problem quotes it: JSON, cut at 60 characters. */
function shown(v: unknown): string {
  let t = typeof v === 'number' ? String(v) : undefined;
  try {
    t = t ?? JSON.stringify(v);
  } catch {
    // a cycle or a BigInt: String says enough
  }
  t = t ?? String(v);
  return t.length > 60 ? `${t.slice(0, 59)}…` : t;
}

/** Records a broken field: its path, its value and what it should have been; `then` says what becomes of it. */
function broken(p: Problems, path: string, value: unknown, expected: string, then = 'the default is used'): undefined {
  p.push(`${path}: ${shown(value)} is not ${expected}; ${then}`);
  return undefined;
}

/** The entries of an object whose keys are among `keys`; every other key is reported and dropped. */
function known(p: Problems, path: string, o: Record<string, unknown>, keys: readonly string[]): [string, unknown][] {
  return Object.entries(o).filter(([k, v]) => {
    if (keys.includes(k)) return true;
    p.push(`${path ? `${path}.` : ''}${k}: unknown setting, dropped (it was ${shown(v)})`);
    return false;
  });
}

/** A table reference, or undefined (reported) when `x` is not one. */
function tableRef(p: Problems, path: string, x: unknown): SettingsTableRef | undefined {
  if (!isObject(x) || typeof x.sheet !== 'string' || x.sheet.trim() === '') return broken(p, path, x, 'a table ({ sheet, range? })');
  const out: SettingsTableRef = { sheet: x.sheet };
  for (const [k, v] of known(p, path, x, ['sheet', 'range'])) {
    if (k !== 'range') continue;
    if (typeof v === 'string' && v.trim() !== '') out.range = v;
    else broken(p, `${path}.range`, v, 'an A1 range');
  }
  return out;
}

/** A column mapping: each key a field, each value a column index or null; a broken entry is dropped. */
function mapping(p: Problems, path: string, x: unknown): SettingsMapping | undefined {
  if (!isObject(x)) return broken(p, path, x, 'a column mapping ({ field: column index })');
  const out: SettingsMapping = {};
  for (const [k, v] of known(p, path, x, FIELDS)) {
    if (v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) < MAX_COLUMNS)) out[k] = v as number | null;
    else broken(p, `${path}.${k}`, v, 'a column index (0 for the range\'s first column) or null');
  }
  return out;
}

/** Build options with every field checked; undefined (reported) without a valid table. */
export function checkBuildOptions(p: Problems, path: string, x: unknown): SavedBuildOptions | undefined {
  if (!isObject(x)) return broken(p, path, x, 'build options');
  const table = tableRef(p, `${path}.table`, x.table);
  if (!table) return undefined;
  const out: SavedBuildOptions = { table };
  const keys = ['table', 'mapping', 'period', 'granularity', 'kpis', 'plan', 'spend', 'live', 'locale', 'sheetName', 'history', 'fiscalYearStart'];
  for (const [k, v] of known(p, path, x, keys)) {
    const at = `${path}.${k}`;
    switch (k) {
      case 'mapping': { const m = mapping(p, at, v); if (m) out.mapping = m; break; }
      case 'period': if (typeof v === 'string') out.period = v; else broken(p, at, v, 'a period text'); break;
      case 'granularity':
        if ((GRANULARITIES as readonly unknown[]).includes(v)) out.granularity = v as Granularity;
        else broken(p, at, v, `one of ${GRANULARITIES.join(', ')}`);
        break;
      case 'kpis':
        if (Array.isArray(v) && v.every((id) => typeof id === 'string')) out.kpis = v as string[];
        else broken(p, at, v, 'a list of KPI ids');
        break;
      case 'plan': case 'spend': { const t = tableRef(p, at, v); if (t) out[k] = t; break; }
      case 'live': if (typeof v === 'boolean') out.live = v; else broken(p, at, v, 'true or false'); break;
      case 'history': if (typeof v === 'boolean') out.history = v; else broken(p, at, v, 'true or false'); break;
      case 'locale': if (isLocale(v)) out.locale = v; else broken(p, at, v, 'en or ru'); break;
      case 'sheetName': if (typeof v === 'string' && v.trim() !== '') out.sheetName = v; else broken(p, at, v, 'a sheet name'); break;
      case 'fiscalYearStart': if (isFiscalYearStart(v)) out.fiscalYearStart = v; else broken(p, at, v, 'a month number 1..12'); break;
    }
  }
  return out;
}

/**
 * Word lists by class (won / lost / open, or the deal types): each a list of texts; a word that is blank, too long,
 * or already given (to this class or another: words compare as §1's do) is dropped. `undefined` when none is left.
 */
function wordLists<K extends string>(p: Problems, path: string, x: unknown, classes: readonly K[]): Partial<Record<K, string[]>> | undefined {
  if (!isObject(x)) return broken(p, path, x, `word lists ({ ${classes.join(', ')} })`);
  const out: Partial<Record<K, string[]>> = {};
  const seen = new Map<string, string>();
  for (const [k, v] of known(p, path, x, classes)) {
    const at = `${path}.${k}`;
    if (!Array.isArray(v)) { broken(p, at, v, 'a list of words'); continue; }
    const words: string[] = [];
    v.forEach((w, i) => {
      const key = typeof w === 'string' ? normalizeHeader(w) : '';
      if (typeof w !== 'string' || key === '' || w.length > MAX_WORD_LENGTH) {
        broken(p, `${at}[${i}]`, w, `a word (letters or digits, at most ${MAX_WORD_LENGTH} characters)`, 'dropped');
      } else if (seen.has(key)) {
        broken(p, `${at}[${i}]`, w, `a new word: it is given under ${seen.get(key)} already`, 'dropped');
      } else if (words.length >= MAX_WORDS) {
        broken(p, `${at}[${i}]`, w, `within the first ${MAX_WORDS} words`, 'dropped');
      } else {
        seen.set(key, k);
        words.push(w.trim());
      }
    });
    if (words.length > 0) out[k as K] = words;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Pairs of thresholds whose order makes a scale: the first at most the second. */
const ORDERED: readonly [string, string][] = [['ltvCacRed', 'ltvCacGreen'], ['planAmber', 'planGreen']];

/** Benchmark thresholds by name: finite numbers ≥ 0, each pair of a scale in order (else both are dropped). */
function benchmarks(p: Problems, path: string, x: unknown): Record<string, number> | undefined {
  if (!isObject(x)) return broken(p, path, x, 'benchmark thresholds ({ winRateRed: 0.15 … })');
  const out: Record<string, number> = {};
  for (const [k, v] of known(p, path, x, Object.keys(DEFAULT_BENCHMARKS))) {
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[k] = v;
    else broken(p, `${path}.${k}`, v, 'a number ≥ 0');
  }
  const value = (k: string): number => out[k] ?? DEFAULT_BENCHMARKS[k as keyof typeof DEFAULT_BENCHMARKS];
  for (const [low, high] of ORDERED) {
    if (value(low) <= value(high)) continue;
    p.push(`${path}: ${low} ${value(low)} is above ${high} ${value(high)}; the defaults of both are used`);
    delete out[low];
    delete out[high];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The keys of a version 1 document. */
const SETTINGS_KEYS = ['version', 'mappings', 'statusWords', 'typeWords', 'fiscalYearStart', 'currency', 'benchmarks', 'lastBuild'];

/** The settings object a stored value holds (JSON text or the value itself), or why there is none to read. */
function documentOf(raw: unknown): Record<string, unknown> | string {
  let x = raw;
  if (typeof raw === 'string') {
    try {
      x = JSON.parse(raw);
    } catch {
      return `settings: ${shown(raw)} is not JSON`;
    }
  }
  if (!isObject(x)) return `settings: ${shown(x)} is not a settings document`;
  return x.version === 1 ? x : `version: ${shown(x.version)} is not 1, the version this add-on reads`;
}

/** Column mappings by sheet name, each checked; undefined when none is left. */
function mappingsBySheet(p: Problems, path: string, x: unknown): Record<string, SettingsMapping> | undefined {
  if (!isObject(x)) return broken(p, path, x, 'column mappings by sheet name');
  const all: Record<string, SettingsMapping> = {};
  for (const [sheet, m] of Object.entries(x)) {
    const checked = sheet.trim() === '' ? broken(p, `${path}[""]`, m, 'under a sheet name') : mapping(p, `${path}[${JSON.stringify(sheet)}]`, m);
    if (checked) all[sheet] = checked;
  }
  return Object.keys(all).length > 0 ? all : undefined;
}

const OUTCOMES = ['won', 'lost', 'open'] as const;

/**
 * Checks a settings document: the stored JSON text or the value it holds (undefined: no settings yet, the
 * defaults without a problem). See the module's comment for what is dropped and what resets the whole.
 */
export function validateSettings(raw: unknown): SettingsCheck {
  const p: Problems = [];
  if (raw === undefined) return { settings: { version: 1 }, problems: p, reset: false };
  const x = documentOf(raw);
  if (typeof x === 'string') return { settings: { version: 1 }, problems: [`${x}; every setting is back to its default`], reset: true };
  const out: Settings = { version: 1 };
  for (const [k, v] of known(p, '', x, SETTINGS_KEYS)) {
    switch (k) {
      case 'mappings': { const m = mappingsBySheet(p, k, v); if (m) out.mappings = m; break; }
      case 'statusWords': { const w = wordLists(p, k, v, OUTCOMES); if (w) out.statusWords = w; break; }
      case 'typeWords': { const w = wordLists(p, k, v, DEAL_TYPES); if (w) out.typeWords = w; break; }
      case 'fiscalYearStart':
        if (isFiscalYearStart(v)) out.fiscalYearStart = v;
        else broken(p, k, v, 'a month number 1..12');
        break;
      case 'currency':
        if (typeof v === 'string' && /^[A-Z]{3}$/.test(v)) out.currency = v;
        else broken(p, k, v, 'an ISO 4217 currency code (three capital letters, such as USD or RUB)');
        break;
      case 'benchmarks': { const b = benchmarks(p, k, v); if (b) out.benchmarks = b; break; }
      case 'lastBuild': { const b = checkBuildOptions(p, k, v); if (b) out.lastBuild = b; break; }
    }
  }
  return { settings: out, problems: p, reset: false };
}

/** The words a read of the document's tables adds to the spec's, or undefined when the settings have none. */
export function wordsOf(settings: Pick<Settings, 'statusWords' | 'typeWords'>): ReadWords | undefined {
  const { statusWords: status, typeWords: type } = settings;
  return status || type ? { status, type } : undefined;
}

/**
 * What a custom function reads of a stored settings document: its words, its mappings and the fiscal year, checked as
 * validateSettings checks them, and nothing else, so that Code.js (which every custom function call loads) carries
 * no more of the checks than these. Nothing from a document validateSettings would reset.
 */
export function readingSettings(raw: unknown): Pick<Settings, 'mappings' | 'statusWords' | 'typeWords' | 'fiscalYearStart'> {
  const x = raw === undefined ? undefined : documentOf(raw);
  if (x === undefined || typeof x === 'string') return {};
  const p: Problems = [];
  return {
    mappings: x.mappings === undefined ? undefined : mappingsBySheet(p, 'mappings', x.mappings),
    statusWords: x.statusWords === undefined ? undefined : wordLists(p, 'statusWords', x.statusWords, OUTCOMES),
    typeWords: x.typeWords === undefined ? undefined : wordLists(p, 'typeWords', x.typeWords, DEAL_TYPES),
    fiscalYearStart: isFiscalYearStart(x.fiscalYearStart) ? x.fiscalYearStart : undefined,
  };
}

/** Currencies by country, for a spreadsheet whose settings name none. */
const CURRENCY_OF_COUNTRY: Readonly<Record<string, string>> = {
  US: 'USD', GB: 'GBP', RU: 'RUB', BY: 'BYN', KZ: 'KZT', UA: 'UAH', CA: 'CAD', AU: 'AUD', NZ: 'NZD', IN: 'INR', JP: 'JPY',
  CN: 'CNY', CH: 'CHF', PL: 'PLN', CZ: 'CZK', SE: 'SEK', NO: 'NOK', DK: 'DKK', TR: 'TRY', BR: 'BRL', MX: 'MXN', IL: 'ILS',
  DE: 'EUR', FR: 'EUR', IT: 'EUR', ES: 'EUR', NL: 'EUR', BE: 'EUR', AT: 'EUR', FI: 'EUR', IE: 'EUR', PT: 'EUR', GR: 'EUR',
};

/** The currency of a spreadsheet locale such as "ru_RU" or "en-GB"; undefined for a locale without a country or an unknown one. */
export function currencyOfLocale(locale: string | undefined): string | undefined {
  const country = /^[a-z]{2,3}[_-]([A-Z]{2})$/i.exec(locale ?? '')?.[1]?.toUpperCase();
  return country ? CURRENCY_OF_COUNTRY[country] : undefined;
}
