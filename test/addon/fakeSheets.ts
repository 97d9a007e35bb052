/**
 * A strict in-memory stand-in for the Spreadsheet service (and the few other services the add-on's
 * server code uses: LockService, HtmlService, Session, Charts), for the add-on face's tests.
 *
 * Why strict: the real service fails late and far away (on a user's spreadsheet), so the stand-in throws
 * wherever Apps Script throws — with Apps Script's own message where it has one — and also where the fake
 * cannot know what Sheets would do (messages starting "fake"), rather than guessing. Every call is counted
 * by "Class.method", so tests can hold the code to "one getValues, one setValues per block". Any member
 * the fake lacks throws on read, so code cannot lean on a method no test covered.
 *
 * Inspection helpers (`spreadsheet.*`) read the in-memory state without counting calls.
 *
 * Known simplifications (documented so nobody relies on them):
 * - formulas are never computed; a formula cell's value comes from the `evaluate` option, else '';
 * - inserting rows/columns shifts cells, merges, named ranges, rule and chart ranges, but never
 *   rewrites formula text;
 * - borders are kept per cell (a cell's bottom and the next cell's top are separate edges);
 * - getA1Notation of an open range ("A:M", "A2:M") is the bounded form ("A1:M1000");
 * - getSheetByName matches case-insensitively, as sheet names are unique that way;
 * - one document lock per execution: every Lock object from getDocumentLock shares it;
 * - data validation is stored per cell and never checked against what is typed (Sheets would reject or flag
 *   a value); Range.clear() leaves it (Range.clearDataValidations is not part of the fake); a rule's source range
 *   moves with inserted rows/columns;
 * - a named range's name is checked against Sheets' rules (letters, digits and underscores, not starting
 *   with a digit, not a cell reference in A1 or R1C1 notation, not TRUE or FALSE, at most 250 characters) and
 *   compared with the other names ignoring case.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ------------------------------------------------------------------------------------------------ types

/** Call counts by "Class.method", e.g. "Range.getValues". */
export type Calls = Map<string, number>;

/** A value as getValues returns it: '' for a blank cell. */
export type CellValue = string | number | boolean | Date;

/** What the stand-in starts with. */
export interface FakeSheetsOptions {
  /** The sheets, in order; values row 1 first, Dates as Date, strings starting with "=" as formulas. Default: one empty "Sheet1". */
  readonly sheets?: readonly { name: string; values: readonly (readonly unknown[])[] }[];
  /** Named ranges over those sheets. */
  readonly namedRanges?: readonly { name: string; sheet: string; a1: string }[];
  /** The spreadsheet's time zone (default 'UTC'). */
  readonly timeZone?: string;
  /** The script's time zone for Session.getScriptTimeZone (default 'Etc/UTC'). */
  readonly scriptTimeZone?: string;
  /** The spreadsheet's locale (default 'en_US'); one of en_US, en_GB, ru_RU, de_DE. */
  readonly locale?: string;
  /** Session.getActiveUserLocale() (default 'en'). */
  readonly userLocale?: string;
  /** The active sheet's name (default: the first sheet). */
  readonly activeSheet?: string;
  /** The selection on the active sheet, in A1 notation (default 'A1'). */
  readonly activeRange?: string;
  /** A formula cell's value for getValues/getDisplayValues (default: ''). */
  readonly evaluate?: (formula: string, sheetName: string) => unknown;
  /** Another process holds the document lock: waitLock throws, tryLock returns false. */
  readonly lockBusy?: boolean;
  /** Where createHtmlOutputFromFile reads `<name>.html` (default: the project's dist/). */
  readonly htmlRoot?: string;
  /** Spreadsheet.getName() (default 'Deals'). */
  readonly name?: string;
  /** Spreadsheet.getId() (default a fixed fake id). */
  readonly id?: string;
}

/** One cell as the inspection helpers report it; format fields are null until set. */
export interface CellInfo {
  /** As getValues returns it (a formula cell: the evaluate hook's value, or ''). */
  value: CellValue;
  /** The formula, or ''. */
  formula: string;
  numberFormat: string | null;
  note: string;
  fontWeight: string | null;
  /** Colors as lowercase #rrggbb. */
  fontColor: string | null;
  background: string | null;
  fontSize: number | null;
  fontStyle: string | null;
  horizontalAlignment: string | null;
  /** A WrapStrategy name: 'WRAP' | 'OVERFLOW' | 'CLIP'. */
  wrap: string | null;
  /** Each edge as "STYLE #color" (e.g. "SOLID_MEDIUM #000000"), or null. */
  border: { top: string | null; left: string | null; bottom: string | null; right: string | null };
}

/** An inserted chart. */
export interface ChartInfo {
  /** A Charts.ChartType name, e.g. 'COLUMN'. */
  type: string;
  /** A1 ranges; a range on another sheet is prefixed "'Name'!". */
  ranges: string[];
  position: { row: number; column: number; offsetX: number; offsetY: number };
  options: Record<string, unknown>;
  numHeaders: number | null;
}

/** A conditional format rule set on a sheet. */
export interface ConditionalRuleInfo {
  formula: string;
  background: string | null;
  fontColor: string | null;
  ranges: string[];
}

/** A data validation rule as set on a sheet, with the cells that hold it. */
export interface DataValidationInfo {
  /** The cells holding the rule, as A1 runs down each column ("G2:G1000"). */
  ranges: string[];
  criteria: 'VALUE_IN_LIST' | 'VALUE_IN_RANGE';
  /** The list of a VALUE_IN_LIST rule, else null. */
  values: string[] | null;
  /** The range of a VALUE_IN_RANGE rule, always prefixed with its sheet ("'Lists'!A2:A1000"), else null. */
  source: string | null;
  showDropdown: boolean;
  allowInvalid: boolean;
  /** null when none was set, as getHelpText answers. */
  helpText: string | null;
}

/** A developer metadata entry. */
export interface MetadataInfo {
  key: string;
  value: string;
  visibility: 'DOCUMENT' | 'PROJECT';
}

/** A menu the fake Ui recorded; a separator is the string 'separator'. */
export interface RecordedMenu {
  readonly kind: 'addon';
  readonly items: ({ caption: string; functionName: string } | 'separator')[];
  added: boolean;
}

/** A sidebar or dialog the fake Ui showed. */
export interface RecordedHtml {
  readonly title: string;
  readonly html: string;
  readonly width: number | null;
  readonly height: number | null;
}

/** What the fake Ui was asked to show. */
export interface FakeUi {
  readonly menus: RecordedMenu[];
  readonly sidebars: RecordedHtml[];
  readonly dialogs: RecordedHtml[];
  readonly alerts: string[];
}

/** Reads the in-memory spreadsheet without counting calls; every helper throws on an unknown sheet. */
export interface SpreadsheetInspector {
  /** The sheets' names in order. */
  sheetNames(): string[];
  /** A sheet's id, 1-based index, visibility and grid size. */
  sheetInfo(sheet: string): { id: number; index: number; hidden: boolean; maxRows: number; maxColumns: number };
  /** Every cell with content or formatting, by A1, in row-major order. */
  cells(sheet: string): Record<string, CellInfo>;
  /** One cell, blank or not. */
  cell(sheet: string, a1: string): CellInfo;
  /** As getValues over `a1` (default: the data range). */
  values(sheet: string, a1?: string): CellValue[][];
  /** As getDisplayValues over `a1` (default: the data range). */
  displayValues(sheet: string, a1?: string): string[][];
  /** As getFormulas over `a1` (default: the data range). */
  formulas(sheet: string, a1?: string): string[][];
  /** Merged ranges in A1. */
  merges(sheet: string): string[];
  charts(sheet: string): ChartInfo[];
  conditionalRules(sheet: string): ConditionalRuleInfo[];
  /** The data validation rules of a sheet, one entry per rule set (a rule set on two ranges in one call is one entry). */
  dataValidations(sheet: string): DataValidationInfo[];
  frozenRows(sheet: string): number;
  /** Widths set explicitly, by 1-based column. */
  columnWidths(sheet: string): Record<number, number>;
  /** The spreadsheet's own metadata (null) or a sheet's. */
  developerMetadata(sheet: string | null): MetadataInfo[];
  namedRanges(): { name: string; sheet: string; a1: string }[];
  activeSheet(): string;
  activeRange(): { sheet: string; a1: string };
  /** Whether this execution holds the document lock. */
  lockHeld(): boolean;
}

/** The globals to install, typed as the real services. */
export interface FakeSheetsGlobals {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  LockService: GoogleAppsScript.Lock.LockService;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  Session: GoogleAppsScript.Base.Session;
  Charts: GoogleAppsScript.Charts.Charts;
}

/** The stand-in: globals to install, call counts, and inspection of what it holds and showed. */
export interface FakeSheets {
  readonly globals: FakeSheetsGlobals;
  readonly calls: Calls;
  readonly spreadsheet: SpreadsheetInspector;
  readonly ui: FakeUi;
}

/** The classes whose calls cost a Spreadsheet-service round trip. */
export const SHEET_CLASSES = ['Spreadsheet', 'Sheet', 'Range', 'RangeList'] as const;

/** Sums the calls on the given classes (default: Spreadsheet, Sheet, Range, RangeList). */
export function sumCalls(calls: Calls, classes: readonly string[] = SHEET_CLASSES): number {
  let total = 0;
  for (const [key, n] of calls) if (classes.includes(key.slice(0, key.indexOf('.')))) total += n;
  return total;
}

// ---------------------------------------------------------------------------------------- limits, locales

/** Apps Script's limits the fake enforces. */
const MAX_CELLS = 10_000_000;
const MAX_COLUMNS = 18_278;
const MAX_CELL_CHARS = 50_000;
const MAX_METADATA_KEY = 256;
const MAX_METADATA_TOTAL = 30_000;
/** A cell key: row * KEY_SPAN + column; wider than the widest sheet so keys never collide. */
const KEY_SPAN = 20_000;

interface LocaleRules {
  readonly decimal: string;
  readonly group: string;
  /** Day before month in typed dates. */
  readonly dmy: boolean;
  readonly dateSep: string;
  /** What an unformatted date (and date-time) shows. */
  readonly autoDate: string;
  readonly autoDateTime: string;
  readonly tag: string;
}

// Only locales whose typing and display rules are known well enough; others throw at construction.
const LOCALES: Record<string, LocaleRules> = {
  en_US: { decimal: '.', group: ',', dmy: false, dateSep: '/', autoDate: 'M/d/yyyy', autoDateTime: 'M/d/yyyy H:mm:ss', tag: 'en-US' },
  en_GB: { decimal: '.', group: ',', dmy: true, dateSep: '/', autoDate: 'dd/MM/yyyy', autoDateTime: 'dd/MM/yyyy HH:mm:ss', tag: 'en-GB' },
  ru_RU: { decimal: ',', group: '\u00a0', dmy: true, dateSep: '.', autoDate: 'dd.MM.yyyy', autoDateTime: 'dd.MM.yyyy H:mm:ss', tag: 'ru-RU' },
  de_DE: { decimal: ',', group: '.', dmy: true, dateSep: '.', autoDate: 'dd.MM.yyyy', autoDateTime: 'dd.MM.yyyy HH:mm:ss', tag: 'de-DE' },
};

// Named colors the fake normalizes; other names throw rather than being stored unchecked.
const NAMED_COLORS: Record<string, string> = {
  black: '#000000', white: '#ffffff', red: '#ff0000', green: '#008000', blue: '#0000ff', yellow: '#ffff00',
  orange: '#ffa500', gray: '#808080', grey: '#808080', purple: '#800080', silver: '#c0c0c0', maroon: '#800000',
  navy: '#000080', teal: '#008080', lime: '#00ff00', aqua: '#00ffff', fuchsia: '#ff00ff', olive: '#808000',
};

// --------------------------------------------------------------------------------------- strict objects

// Probes that vitest, Promise resolution and printing make on any object; they are not calls into a service.
const PROBES = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@']);

type Method = (...args: unknown[]) => unknown;

/**
 * An object whose members are exactly `members`: each function member counts "cls.name" when called,
 * `guard` runs on every member read (a deleted sheet's objects throw), a missing member throws.
 */
function strictObject<T>(cls: string, members: Record<string, unknown>, count: (key: string) => void, guard?: () => void): T {
  const target: Record<string, unknown> = Object.create(null);
  for (const [name, member] of Object.entries(members)) {
    const fn = member as Method;
    target[name] = typeof member === 'function' ? (...args: unknown[]) => { count(`${cls}.${name}`); return fn(...args); } : member;
  }
  // Apps Script objects print as their class name; not a counted call.
  target.toString = () => cls;
  return new Proxy(target, {
    get(t, p) {
      if (typeof p === 'symbol') return undefined;
      if (p in t) {
        guard?.();
        return t[p];
      }
      if (PROBES.has(p)) return undefined;
      throw new Error(`fake ${cls}: ${p} is not part of the fake`);
    },
    set(_t, p) {
      throw new Error(`fake ${cls}: cannot set ${String(p)} on a service object`);
    },
  }) as T;
}

/** An Apps Script enum: a strict container of frozen values that print as their names. */
function enumeration(cls: string, names: readonly string[], count: (key: string) => void) {
  const byValue = new Map<unknown, string>();
  const members: Record<string, unknown> = {};
  for (const name of names) {
    const value = Object.freeze({ toString: () => name, toJSON: () => name, name: () => name });
    byValue.set(value, name);
    members[name] = value;
  }
  return { object: strictObject<Record<string, unknown>>(cls, members, count), nameOf: (v: unknown) => byValue.get(v), members };
}

/** Apps Script's message for arguments that match no overload. */
function signatureError(method: string, args: readonly unknown[]): Error {
  return new Error(`The parameters (${args.map(typeName).join(',')}) don't match the method signature for ${method}.`);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `${v.length ? typeName(v[0]) : 'Object'}[]`;
  if (v instanceof Date) return 'Date';
  switch (typeof v) {
    case 'string': return 'String';
    case 'number': return 'number';
    case 'boolean': return 'Boolean';
    case 'undefined': return 'undefined';
    case 'object': return String(v) === '[object Object]' ? 'Object' : String(v);
    default: return typeof v;
  }
}

/** Throws unless the call has one of the allowed argument counts. */
function arity(method: string, args: readonly unknown[], ...allowed: number[]): void {
  if (!allowed.includes(args.length)) throw signatureError(method, args);
}

/** An integer argument; Apps Script would silently truncate a fraction, which always hides a bug. */
function integer(method: string, args: readonly unknown[], i: number): number {
  const v = args[i];
  if (typeof v !== 'number' || Number.isNaN(v)) throw signatureError(method, args);
  if (!Number.isInteger(v)) throw new Error(`fake ${method}: argument ${i + 1} is ${v}, not an integer (Apps Script would truncate it)`);
  return v;
}

function text(method: string, args: readonly unknown[], i: number): string {
  const v = args[i];
  if (typeof v !== 'string') throw signatureError(method, args);
  return v;
}

function notModelled(what: string): Error {
  return new Error(`fake: ${what} is not modelled`);
}

// ------------------------------------------------------------------------------------------ geometry, A1

/** A block of cells, 1-based. */
interface Rect { r: number; c: number; nr: number; nc: number }

const lastRow = (x: Rect) => x.r + x.nr - 1;
const lastCol = (x: Rect) => x.c + x.nc - 1;
const intersects = (a: Rect, b: Rect) => a.r <= lastRow(b) && b.r <= lastRow(a) && a.c <= lastCol(b) && b.c <= lastCol(a);
const contains = (outer: Rect, inner: Rect) => outer.r <= inner.r && outer.c <= inner.c && lastRow(inner) <= lastRow(outer) && lastCol(inner) <= lastCol(outer);
const key = (r: number, c: number) => r * KEY_SPAN + c;

/** 1 → "A", 27 → "AA". */
function columnLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** A rect in A1 notation: "B2" for one cell, "A1:M120" otherwise. */
function toA1(x: Rect): string {
  const first = `${columnLetters(x.c)}${x.r}`;
  return x.nr === 1 && x.nc === 1 ? first : `${first}:${columnLetters(lastCol(x))}${lastRow(x)}`;
}

/** A sheet name as a formula would quote it. */
function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Cell keys as A1 runs down each column, columns left to right: "G2:G1000", "J5". */
function columnRuns(keys: readonly number[]): string[] {
  const sorted = [...keys].sort((p, q) => (p % KEY_SPAN) - (q % KEY_SPAN) || p - q);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    const c = sorted[i] % KEY_SPAN;
    const r = Math.floor(sorted[i] / KEY_SPAN);
    let n = 1;
    while (i + n < sorted.length && sorted[i + n] === key(r + n, c)) n++;
    out.push(toA1({ r, c, nr: n, nc: 1 }));
    i += n;
  }
  return out;
}

/** Sheets' rules for a named range's name (see the simplifications above). */
function validRangeName(name: string): boolean {
  if (name.length < 1 || name.length > 250) return false;
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) return false;
  if (/^(true|false)$/i.test(name)) return false;
  // A1 ("A1", "XFD1048576") and R1C1 ("R1C1", "R", "C", "RC") references.
  if (/^[A-Za-z]{1,3}\d+$/.test(name) || /^[Rr]\d*([Cc]\d*)?$/.test(name) || /^[Cc]\d*$/.test(name)) return false;
  return true;
}

const RANGE_NOT_FOUND = 'Range not found';
const OUTSIDE = 'The coordinates of the range are outside the dimensions of the sheet.';

/** Parses "A1:M120", "B2", "A:M", "A2:M", "3:5" (with optional $) against a grid; throws as Apps Script does. */
function parseA1(a1: string, maxRows: number, maxCols: number): Rect {
  const m = /^\$?([A-Za-z]{1,3})?\$?(\d+)?(?::\$?([A-Za-z]{1,3})?\$?(\d+)?)?$/.exec(a1.trim());
  if (!m || a1.trim() === '') throw new Error(RANGE_NOT_FOUND);
  const [, c1s, r1s, c2s, r2s] = m;
  const hasSecond = a1.includes(':');
  let c1: number; let c2: number; let r1: number; let r2: number;
  if (!hasSecond) {
    if (!c1s || !r1s) throw new Error(RANGE_NOT_FOUND);
    c1 = c2 = columnNumber(c1s);
    r1 = r2 = Number(r1s);
  } else if (c1s && c2s) {
    // "A1:M120", "A:M" (whole columns), "A2:M" (from row 2 down); "A:M5" is not a form Sheets offers.
    if (!r1s && r2s) throw new Error(RANGE_NOT_FOUND);
    c1 = columnNumber(c1s); c2 = columnNumber(c2s);
    r1 = r1s ? Number(r1s) : 1;
    r2 = r2s ? Number(r2s) : maxRows;
  } else if (!c1s && !c2s && r1s && r2s) {
    c1 = 1; c2 = maxCols;
    r1 = Number(r1s); r2 = Number(r2s);
  } else {
    throw new Error(RANGE_NOT_FOUND);
  }
  if (r1 < 1 || r2 < 1 || c1 > MAX_COLUMNS || c2 > MAX_COLUMNS) throw new Error(RANGE_NOT_FOUND);
  const rect = { r: Math.min(r1, r2), c: Math.min(c1, c2), nr: Math.abs(r2 - r1) + 1, nc: Math.abs(c2 - c1) + 1 };
  if (lastRow(rect) > maxRows || lastCol(rect) > maxCols) throw new Error(OUTSIDE);
  return rect;
}

/** Moves or stretches a rect for `n` rows (or columns) inserted after position `after`, as Sheets does. */
function shiftRect(x: Rect, axis: 'row' | 'column', after: number, n: number): void {
  const start = axis === 'row' ? x.r : x.c;
  const end = axis === 'row' ? lastRow(x) : lastCol(x);
  if (after < start) {
    if (axis === 'row') x.r += n; else x.c += n;
  } else if (after < end) {
    if (axis === 'row') x.nr += n; else x.nc += n;
  }
}

// ------------------------------------------------------------------------------------------ time zones

const EPOCH_1899 = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

interface WallClock { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number; wd: number }

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(tz: string): Intl.DateTimeFormat {
  let f = zoneFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    zoneFormats.set(tz, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall clock in `tz` at instant `ms`. */
function wallClock(ms: number, tz: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of zoneFormat(tz).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    y: Number(parts.year), mo: Number(parts.month), d: Number(parts.day), h: Number(parts.hour) % 24,
    mi: Number(parts.minute), s: Number(parts.second), ms: ((ms % 1000) + 1000) % 1000, wd: WEEKDAYS.indexOf(parts.weekday),
  };
}

/** The instant when the wall clock in `tz` shows the given time (the earlier one in a DST overlap). */
function zonedInstant(tz: string, y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const offsetAt = (ms: number) => {
    const w = wallClock(ms, tz);
    return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - (ms - (((ms % 1000) + 1000) % 1000));
  };
  const guess = asUtc - offsetAt(asUtc);
  return asUtc - offsetAt(guess);
}

/** A date cell's serial number (days since 1899-12-30 on the spreadsheet's wall clock), as number formats see it. */
function serialOf(ms: number, tz: string): number {
  const w = wallClock(ms, tz);
  return (Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s, w.ms) - EPOCH_1899) / DAY_MS;
}

function wallClockOfSerial(serial: number): WallClock {
  const t = new Date(EPOCH_1899 + Math.round(serial * DAY_MS));
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), ms: t.getUTCMilliseconds(), wd: t.getUTCDay() };
}

function validDate(y: number, mo: number, d: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

// ------------------------------------------------------------------------------- typed input (setValues)

/** What a string typed into a cell becomes. */
interface Typed {
  value: CellValue;
  formula?: { text: string; error?: string };
  /** The number format Sheets picks for what it recognized (a percent, a date), if the cell has none. */
  numberFormat?: string;
}

interface Ctx { readonly tz: string; readonly locale: string; readonly loc: LocaleRules }

/** A number typed in the locale's notation; null when it is not one. */
function typedNumber(t: string, loc: LocaleRules): number | null {
  const { plain, grouped, separator } = patterns(loc);
  let s: string;
  if (plain.test(t)) s = t;
  else if (grouped.test(t)) s = t.replace(separator, '');
  else return null;
  // A 20-digit deal id becomes the nearest double, losing its tail: code must write ids as text.
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

const TIME_PART = '(?:\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?';
const ISO_DATE = new RegExp(`^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})${TIME_PART}$`);

// Built once per locale: setValues reads every string of a block through them.
const localePatterns = new Map<LocaleRules, { plain: RegExp; grouped: RegExp; separator: RegExp; date: RegExp }>();
function patterns(loc: LocaleRules) {
  let p = localePatterns.get(loc);
  if (!p) {
    const d = loc.decimal === '.' ? '\\.' : ',';
    const g = loc.group === '.' ? '\\.' : loc.group === '\u00a0' ? '[ \\u00a0]' : loc.group;
    const sep = loc.dateSep === '.' ? '\\.' : '/';
    p = {
      plain: new RegExp(`^[+-]?(?:\\d+(?:${d}\\d*)?|${d}\\d+)(?:[eE][+-]?\\d+)?$`),
      grouped: new RegExp(`^[+-]?\\d{1,3}(?:${g}\\d{3})+(?:${d}\\d*)?$`),
      separator: new RegExp(g, 'g'),
      date: new RegExp(`^(\\d{1,2})${sep}(\\d{1,2})${sep}(\\d{4})${TIME_PART}$`),
    };
    localePatterns.set(loc, p);
  }
  return p;
}

/** A date typed as Sheets reads it: ISO year-month-day everywhere, and the locale's own day/month order. */
function typedDate(t: string, ctx: Ctx): Typed | null {
  let y: number; let mo: number; let d: number; let fmt: string; let m: RegExpExecArray | null;
  if ((m = ISO_DATE.exec(t))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    fmt = 'yyyy-mm-dd';
  } else {
    m = patterns(ctx.loc).date.exec(t);
    if (!m) return null;
    const [a, b] = [Number(m[1]), Number(m[2])];
    [y, mo, d] = ctx.loc.dmy ? [Number(m[3]), b, a] : [Number(m[3]), a, b];
    fmt = ctx.loc.autoDate;
  }
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  return { value: new Date(zonedInstant(ctx.tz, y, mo, d, h, mi, s)), numberFormat: m[4] ? `${fmt} H:mm:ss` : fmt };
}

// Strings Sheets may turn into a date, time or number by rules the fake does not model: throwing makes
// the code under test write them as text ("'2024-03"), which is what it should do anyway.
const AMBIGUOUS = [
  /^\d{1,4}([./-])\d{1,2}(?:\1\d{1,4})?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/,
  /^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?$/i,
  /^[-+]?\(?\s*[$€£¥₽]\s*[\d.,\s]+\)?$|^[-+]?[\d.,\s]+\s*[$€£¥₽]$/,
  /^[+-]?\d[\d\s\u00a0.,]*\d$/,
  /^(?:\d{1,2}[\s-])?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s,-]+\d{1,4}(?:,?\s+\d{4})?$/i,
];

/** A string value written with setValues/setValue, read as Sheets reads typed input. */
function typed(where: string, s: string, ctx: Ctx): Typed {
  if (s.length > MAX_CELL_CHARS) throw new Error(`Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`);
  if (s === '') return { value: '' };
  if (s[0] === "'") return { value: s.slice(1) };
  if (s[0] === '=') return { value: '', formula: { text: s } };
  const t = s.trim();
  const n = typedNumber(t, ctx.loc);
  if (n !== null) return { value: n };
  if (t.endsWith('%')) {
    const p = typedNumber(t.slice(0, -1).trim(), ctx.loc);
    // toPrecision: "1.1%" is the double nearest 0.011, not 1.1 / 100's 0.011000000000000001.
    if (p !== null) return { value: Number((p / 100).toPrecision(15)), numberFormat: Number.isInteger(p) ? '0%' : '0.00%' };
  }
  if (/^(true|false)$/i.test(t)) return { value: t.toLowerCase() === 'true' };
  const date = typedDate(t, ctx);
  if (date) return date;
  // "+text"/"-text" is typed as a formula that does not parse: the cell shows #ERROR!.
  if ((s[0] === '+' || s[0] === '-') && s.length > 1) return { value: '', formula: { text: `=${s}`, error: '#ERROR!' } };
  if (AMBIGUOUS.some((re) => re.test(t))) {
    throw new Error(`fake ${where}: how Sheets reads "${s}" in locale ${ctx.locale} is not modelled (it may become a date, time or number); write "'${s}" to keep it as text`);
  }
  return { value: s };
}

/** A value the code under test (or the evaluate hook) hands over as a cell value. */
function plainValue(where: string, v: unknown, args: readonly unknown[] | null): CellValue {
  if (v === null || v === undefined && args === null) return '';
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`fake ${where}: ${v} is not a value a cell can hold`);
    return v;
  }
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new Error(`fake ${where}: an invalid Date is not a value a cell can hold`);
    return new Date(v.getTime());
  }
  if (args) throw signatureError(where, args);
  throw new Error(`fake ${where}: ${typeName(v)} is not a value a cell can hold`);
}

// --------------------------------------------------------------------------------- display (formatting)

type Tok = { lit: string } | { code: string };

/** Splits a number format into its ;-separated sections (positive; negative; zero; text). */
function splitSections(fmt: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '\\' && !quoted) { cur += ch + (fmt[i + 1] ?? ''); i++; continue; }
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function tokenize(sec: string): Tok[] {
  const toks: Tok[] = [];
  for (let i = 0; i < sec.length;) {
    const ch = sec[i];
    if (ch === '"') {
      const j = sec.indexOf('"', i + 1);
      if (j < 0) throw notModelled(`the number format ${JSON.stringify(sec)} (unclosed quote)`);
      toks.push({ lit: sec.slice(i + 1, j) });
      i = j + 1;
    } else if (ch === '\\') {
      toks.push({ lit: sec[i + 1] ?? '' });
      i += 2;
    } else if (ch === '_') {
      toks.push({ lit: ' ' });
      i += 2;
    } else if (ch === '*') {
      i += 2;
    } else if (ch === '[') {
      // [Red], [>100] are dropped; [$€-407] is a currency symbol.
      const j = sec.indexOf(']', i);
      if (j < 0) throw notModelled(`the number format ${JSON.stringify(sec)} (unclosed bracket)`);
      const inner = sec.slice(i + 1, j);
      if (inner.startsWith('$')) toks.push({ lit: inner.slice(1).split('-')[0] });
      i = j + 1;
    } else {
      toks.push({ code: ch });
      i++;
    }
  }
  return toks;
}

const isDateSection = (toks: Tok[]) => toks.some((t) => 'code' in t && /[ydhsm]/i.test(t.code));

/** Rounds half away from zero, as Sheets displays. */
function roundTo(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f * (1 + Number.EPSILON)) / f;
}

function group(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** A non-negative number through a number section; `negative` adds the sign of a one-section format. */
function formatNumberSection(v: number, toks: Tok[], loc: LocaleRules, negative: boolean, fmt: string): string {
  const isPh = (t: Tok) => 'code' in t && (t.code === '0' || t.code === '#' || t.code === '?');
  const first = toks.findIndex(isPh);
  let lastPh = -1;
  toks.forEach((t, i) => { if (isPh(t)) lastPh = i; });
  let intPh = ''; let decPh = ''; let dot = false; let grouping = false; let scale = 1;
  let prefix = ''; let suffix = '';
  toks.forEach((t, i) => {
    const c = 'code' in t ? t.code : null;
    if (c !== null && isPh(t)) { if (dot) decPh += c; else intPh += c; return; }
    if (c === '.' && first >= 0 && i >= first - 1 && !dot && (i < lastPh || i === lastPh + 1)) { dot = true; return; }
    if (c === ',' && first >= 0 && i > first && i < lastPh && !dot) { grouping = true; return; }
    if (c === ',' && first >= 0 && i > lastPh) { scale /= 1000; return; }
    if (c === 'E' || c === 'e') throw notModelled(`the scientific number format ${JSON.stringify(fmt)}`);
    if (c === '%') scale *= 100;
    const lit = c ?? (t as { lit: string }).lit;
    if (first < 0 || i < first) prefix += lit;
    else if (i > lastPh) suffix += lit;
    else throw notModelled(`the number format ${JSON.stringify(fmt)} (text inside the digits)`);
  });
  if (first < 0) return (negative ? '-' : '') + prefix;
  const minDec = (decPh.match(/0/g) ?? []).length;
  const rounded = roundTo(v * scale, decPh.length);
  let [ip, fp = ''] = rounded.toFixed(decPh.length).split('.');
  while (fp.length > minDec && fp.endsWith('0')) fp = fp.slice(0, -1);
  const minInt = (intPh.match(/0/g) ?? []).length;
  if (ip === '0' && minInt === 0) ip = '';
  ip = ip.padStart(minInt, '0');
  if (grouping) ip = group(ip, loc.group);
  const sign = negative && rounded !== 0 ? '-' : '';
  return sign + prefix + ip + (dot ? loc.decimal + fp : '') + suffix;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A wall-clock time through a date/time section (tokens y, m, d, h, s, AM/PM; m after h or before s is minutes). */
function formatDateSection(w: WallClock, toks: Tok[], loc: LocaleRules): string {
  type Item = { lit: string } | { k: string; n: number; upper?: boolean };
  const items: Item[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (!('code' in t)) { items.push(t); continue; }
    const lower = t.code.toLowerCase();
    const rest = toks.slice(i, i + 5).map((x) => ('code' in x ? x.code : '\u0000')).join('');
    if (/^am\/pm/i.test(rest)) { items.push({ k: 'ampm', n: 5, upper: rest[0] === 'A' }); i += 4; continue; }
    if (/^a\/p/i.test(rest)) { items.push({ k: 'ap', n: 3, upper: rest[0] === 'A' }); i += 2; continue; }
    if ('ymdhs'.includes(lower)) {
      let n = 1;
      while (i + 1 < toks.length && 'code' in toks[i + 1] && (toks[i + 1] as { code: string }).code.toLowerCase() === lower) { n++; i++; }
      items.push({ k: lower, n });
      continue;
    }
    if (t.code === '.' && items.length && 'k' in items[items.length - 1] && (items[items.length - 1] as { k: string }).k === 's') {
      let n = 0;
      while (i + 1 < toks.length && 'code' in toks[i + 1] && (toks[i + 1] as { code: string }).code === '0') { n++; i++; }
      if (n) { items.push({ k: 'frac', n }); continue; }
    }
    items.push({ lit: t.code });
  }
  const codes = items.filter((x): x is { k: string; n: number } => 'k' in x);
  const twelve = codes.some((x) => x.k === 'ampm' || x.k === 'ap');
  const monthName = (style: 'short' | 'long' | 'narrow') => new Intl.DateTimeFormat(loc.tag, { month: style, timeZone: 'UTC' }).format(Date.UTC(2000, w.mo - 1, 1));
  const dayName = (style: 'short' | 'long') => new Intl.DateTimeFormat(loc.tag, { weekday: style, timeZone: 'UTC' }).format(Date.UTC(2000, 0, 2 + w.wd));
  return items.map((x) => {
    if ('lit' in x) return x.lit;
    const at = codes.indexOf(x);
    switch (x.k) {
      case 'y': return x.n <= 2 ? pad2(w.y % 100) : String(w.y);
      case 'm': {
        const minutes = codes[at - 1]?.k === 'h' || codes[at + 1]?.k === 's';
        if (minutes) return x.n >= 2 ? pad2(w.mi) : String(w.mi);
        return x.n === 1 ? String(w.mo) : x.n === 2 ? pad2(w.mo) : x.n === 3 ? monthName('short') : x.n === 5 ? monthName('narrow') : monthName('long');
      }
      case 'd': return x.n === 1 ? String(w.d) : x.n === 2 ? pad2(w.d) : x.n === 3 ? dayName('short') : dayName('long');
      case 'h': {
        const h = twelve ? (w.h % 12 || 12) : w.h;
        return x.n >= 2 ? pad2(h) : String(h);
      }
      case 's': return x.n >= 2 ? pad2(w.s) : String(w.s);
      case 'frac': return String(w.ms).padStart(3, '0').slice(0, x.n).padEnd(x.n, '0');
      case 'ampm': { const s = w.h < 12 ? 'AM' : 'PM'; return x.upper ? s : s.toLowerCase(); }
      default: { const s = w.h < 12 ? 'A' : 'P'; return x.upper ? s : s.toLowerCase(); }
    }
  }).join('');
}

/** A number with no format: Sheets shows up to 10 significant digits, switching to E notation when huge or tiny. */
function autoNumber(n: number, loc: LocaleRules): string {
  let s: string;
  const a = Math.abs(n);
  if (Number.isInteger(n) && a < 1e15) s = String(n);
  else if (a !== 0 && (a >= 1e15 || a < 1e-9)) {
    const [mant, exp] = n.toExponential(2).split('e');
    s = `${mant}E${exp[0]}${exp.slice(1).padStart(2, '0')}`;
  } else {
    s = n.toPrecision(10);
    if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return s.replace('.', loc.decimal);
}

/** What getDisplayValues shows for a value under a number format (null: automatic). */
function display(v: CellValue, fmt: string | null, ctx: Ctx): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const auto = fmt === null || fmt === '' || /^general$/i.test(fmt) || fmt === '@';
  if (auto) {
    if (typeof v === 'number') return autoNumber(v, ctx.loc);
    const w = wallClock(v.getTime(), ctx.tz);
    const midnight = w.h === 0 && w.mi === 0 && w.s === 0 && w.ms === 0;
    return formatDateSection(w, tokenize(midnight ? ctx.loc.autoDate : ctx.loc.autoDateTime), ctx.loc);
  }
  const n = typeof v === 'number' ? v : serialOf(v.getTime(), ctx.tz);
  const sections = splitSections(fmt);
  let section = sections[0];
  let negative = false;
  let abs = n;
  if (n < 0) {
    abs = -n;
    if (sections.length >= 2) section = sections[1]; else negative = true;
  } else if (n === 0 && sections.length >= 3) section = sections[2];
  if (/^general$/i.test(section.trim())) return (negative ? '-' : '') + autoNumber(abs, ctx.loc);
  const toks = tokenize(section);
  if (isDateSection(toks)) return formatDateSection(typeof v === 'number' ? wallClockOfSerial(v) : wallClock(v.getTime(), ctx.tz), toks, ctx.loc);
  return formatNumberSection(abs, toks, ctx.loc, negative, fmt);
}

// --------------------------------------------------------------------------------------------- the model

interface FormulaCell { text: string; error?: string }

interface Format {
  numberFormat?: string; note?: string; fontWeight?: string; fontColor?: string; background?: string;
  fontSize?: number; fontStyle?: string; horizontalAlignment?: string; wrap?: string;
  border?: { top?: string; left?: string; bottom?: string; right?: string };
}

interface SheetState {
  id: number;
  name: string;
  maxRows: number;
  maxCols: number;
  /** Values by row then column (0-based arrays), sparse: rows are created on first write. */
  rows: (CellValue[] | undefined)[];
  formulas: Map<number, FormulaCell>;
  formats: Map<number, Format>;
  merges: Rect[];
  frozenRows: number;
  widths: Map<number, number>;
  rules: RuleState[];
  charts: ChartState[];
  metadata: MetaState[];
  /** Data validation by cell key; cells set by one setDataValidation share one state. */
  validations: Map<number, ValidationState>;
  hidden: boolean;
  deleted: boolean;
  selection: Rect;
  proxy: GoogleAppsScript.Spreadsheet.Sheet;
}

/** A rect on a sheet, as rules, charts and named ranges keep it. */
interface Place { sheet: SheetState; rect: Rect }
interface RuleState { formula: string; background: string | null; fontColor: string | null; ranges: Place[] }
interface ValidationState {
  criteria: 'VALUE_IN_LIST' | 'VALUE_IN_RANGE';
  values: string[] | null;
  source: Place | null;
  showDropdown: boolean;
  allowInvalid: boolean;
  helpText: string | null;
}
interface ChartState {
  sheet: SheetState; type: string; ranges: Place[];
  position: { row: number; column: number; offsetX: number; offsetY: number };
  options: Record<string, unknown>; numHeaders: number | null; inserted: boolean;
}
interface MetaState { key: string; value: string; visibility: 'DOCUMENT' | 'PROJECT'; owner: SheetState | null; removed: boolean }
interface HtmlState { content: string; title: string; width: number | null; height: number | null }

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;
type RangeList = GoogleAppsScript.Spreadsheet.RangeList;

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A fresh stand-in: its globals, call counts, inspection helpers and what its Ui showed. */
export function fakeSheets(options: FakeSheetsOptions = {}): FakeSheets {
  const calls: Calls = new Map();
  const count = (k: string): void => {
    calls.set(k, (calls.get(k) ?? 0) + 1);
  };
  const locale = options.locale ?? 'en_US';
  const loc = LOCALES[locale];
  if (!loc) throw new Error(`fakeSheets: locale ${locale} is not modelled (known: ${Object.keys(LOCALES).join(', ')})`);
  const tz = options.timeZone ?? 'UTC';
  zoneFormat(tz); // throws a RangeError on an unknown zone
  const ctx: Ctx = { tz, locale, loc };
  const htmlRoot = options.htmlRoot ?? join(PROJECT_ROOT, 'dist');
  const ui: FakeUi = { menus: [], sidebars: [], dialogs: [], alerts: [] };

  // Which fake object stands for which state: arguments are checked to be the fake's own objects.
  const rangeOf = new WeakMap<object, Place>();
  const sheetOf = new WeakMap<object, SheetState>();
  const ruleOf = new WeakMap<object, RuleState>();
  const chartOf = new WeakMap<object, ChartState>();
  const validationOf = new WeakMap<object, ValidationState>();
  const htmlOf = new WeakMap<object, HtmlState>();

  const BorderStyle = enumeration('BorderStyle', ['DOTTED', 'DASHED', 'SOLID', 'SOLID_MEDIUM', 'SOLID_THICK', 'DOUBLE'], count);
  const Visibility = enumeration('DeveloperMetadataVisibility', ['DOCUMENT', 'PROJECT'], count);
  const Wrap = enumeration('WrapStrategy', ['WRAP', 'OVERFLOW', 'CLIP'], count);
  const ChartType = enumeration('ChartType', ['COLUMN', 'BAR', 'LINE', 'COMBO', 'PIE', 'AREA'], count);
  const Criteria = enumeration('DataValidationCriteria', ['VALUE_IN_LIST', 'VALUE_IN_RANGE'], count);

  const sheets: SheetState[] = [];
  const named: { name: string; place: Place; removed: boolean }[] = [];
  const ssMetadata: MetaState[] = [];
  const lock = { held: false, busy: options.lockBusy ?? false };
  let active: SheetState;
  let created = 0;

  // ----------------------------------------------------------------------------- cell access

  const alive = (s: SheetState) => (): void => {
    if (s.deleted) throw new Error(`This sheet ("${s.name}") has been deleted.`);
  };
  const totalCells = () => sheets.reduce((n, s) => n + s.maxRows * s.maxCols, 0);
  const findSheet = (name: string) => sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  const inspected = (name: string): SheetState => {
    const s = sheets.find((x) => x.name === name);
    if (!s) throw new Error(`fakeSheets: no sheet named "${name}" (sheets: ${sheets.map((x) => x.name).join(', ')})`);
    return s;
  };

  const storedValue = (s: SheetState, r: number, c: number): CellValue => s.rows[r - 1]?.[c - 1] ?? '';

  /** A cell's value as getValues returns it: formulas through the evaluate hook, Dates copied. */
  const readValue = (s: SheetState, r: number, c: number): CellValue => {
    const f = s.formulas.size ? s.formulas.get(key(r, c)) : undefined;
    if (f) {
      if (f.error) return f.error;
      if (!options.evaluate) return '';
      return plainValue('evaluate', options.evaluate(f.text, s.name) ?? '', null);
    }
    const v = storedValue(s, r, c);
    return v instanceof Date ? new Date(v.getTime()) : v;
  };

  const writeValue = (s: SheetState, r: number, c: number, v: CellValue, formula?: FormulaCell): void => {
    let row = s.rows[r - 1];
    if (!row) {
      if (v === '' && !formula) { s.formulas.delete(key(r, c)); return; }
      row = s.rows[r - 1] = [];
    }
    row[c - 1] = formula ? '' : v;
    if (formula) s.formulas.set(key(r, c), formula); else s.formulas.delete(key(r, c));
  };

  const setFormat = <K extends keyof Format>(s: SheetState, r: number, c: number, field: K, v: Format[K] | undefined): void => {
    const k = key(r, c);
    const f = s.formats.get(k) ?? {};
    if (v === undefined) delete f[field]; else f[field] = v;
    if (Object.keys(f).length) s.formats.set(k, f); else s.formats.delete(k);
  };

  const forEachCell = (x: Rect, fn: (r: number, c: number, i: number, j: number) => void): void => {
    for (let i = 0; i < x.nr; i++) for (let j = 0; j < x.nc; j++) fn(x.r + i, x.c + j, i, j);
  };

  const grid = <T>(x: Rect, fn: (r: number, c: number) => T): T[][] => {
    const out: T[][] = [];
    for (let i = 0; i < x.nr; i++) {
      const row: T[] = [];
      for (let j = 0; j < x.nc; j++) row.push(fn(x.r + i, x.c + j));
      out.push(row);
    }
    return out;
  };

  const sheetLastRow = (s: SheetState): number => {
    let last = 0;
    for (let i = s.rows.length - 1; i >= 0; i--) {
      if (s.rows[i]?.some((v) => v !== '' && v !== undefined)) { last = i + 1; break; }
    }
    for (const k of s.formulas.keys()) last = Math.max(last, Math.floor(k / KEY_SPAN));
    return last;
  };

  const sheetLastColumn = (s: SheetState): number => {
    let last = 0;
    for (const row of s.rows) {
      if (!row) continue;
      for (let j = row.length - 1; j >= last; j--) if (row[j] !== '' && row[j] !== undefined) { last = j + 1; break; }
    }
    for (const k of s.formulas.keys()) last = Math.max(last, k % KEY_SPAN);
    return last;
  };

  const dataRect = (s: SheetState): Rect => ({ r: 1, c: 1, nr: Math.max(1, sheetLastRow(s)), nc: Math.max(1, sheetLastColumn(s)) });

  /** Throws unless `data` is a 2-D array exactly the range's shape, with Apps Script's messages. */
  const checkShape = (method: string, args: readonly unknown[], x: Rect): unknown[][] => {
    arity(method, args, 1);
    const data = args[0];
    if (!Array.isArray(data)) throw signatureError(method, args);
    if (data.length !== x.nr) throw new Error(`The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${x.nr}.`);
    for (const row of data) {
      if (!Array.isArray(row)) throw signatureError(method, args);
      if (row.length !== x.nc) throw new Error(`The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${x.nc}.`);
    }
    return data as unknown[][];
  };

  /** A value written by setValues/setValue: strings are read as if typed. */
  const typedValue = (method: string, v: unknown, args: readonly unknown[]): Typed => {
    if (typeof v === 'string') return typed(method, v, ctx);
    return { value: plainValue(method, v, args) };
  };

  const applyTyped = (s: SheetState, r: number, c: number, t: Typed): void => {
    writeValue(s, r, c, t.value, t.formula);
    if (t.numberFormat && s.formats.get(key(r, c))?.numberFormat === undefined) setFormat(s, r, c, 'numberFormat', t.numberFormat);
  };

  // ------------------------------------------------------------------------- format validators

  const color = (method: string, v: unknown, args: readonly unknown[]): string | undefined => {
    if (v === null) return undefined;
    if (typeof v !== 'string') throw signatureError(method, args);
    const s = v.trim().toLowerCase();
    if (/^#[0-9a-f]{6}$/.test(s)) return s;
    if (/^#[0-9a-f]{3}$/.test(s)) return `#${s[1]}${s[1]}${s[2]}${s[2]}${s[3]}${s[3]}`;
    if (NAMED_COLORS[s]) return NAMED_COLORS[s];
    throw new Error(`fake ${method}: the color "${v}" is not one the fake knows (use #rrggbb)`);
  };
  const oneOf = (allowed: readonly string[]) => (method: string, v: unknown, args: readonly unknown[]): string | undefined => {
    if (v === null) return undefined;
    if (typeof v !== 'string') throw signatureError(method, args);
    if (!allowed.includes(v)) throw new Error(`Invalid argument: ${v} (${method} takes ${allowed.join(', ')} or null)`);
    return v;
  };
  const validators = {
    numberFormat: (method: string, v: unknown, args: readonly unknown[]) => {
      if (typeof v !== 'string') throw signatureError(method, args);
      return v === '' ? undefined : v;
    },
    note: (method: string, v: unknown, args: readonly unknown[]) => {
      if (v === null) return undefined;
      if (typeof v !== 'string') throw signatureError(method, args);
      return v === '' ? undefined : v;
    },
    fontWeight: oneOf(['bold', 'normal']),
    fontColor: color,
    background: color,
    fontSize: (method: string, v: unknown, args: readonly unknown[]) => {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw signatureError(method, args);
      if (v < 1 || v > 400) throw new Error(`Invalid argument: font size ${v}`);
      return v;
    },
    fontStyle: oneOf(['italic', 'normal']),
    horizontalAlignment: oneOf(['left', 'center', 'normal', 'right']),
    wrap: (method: string, v: unknown, args: readonly unknown[]) => {
      const name = Wrap.nameOf(v);
      if (!name) throw signatureError(method, args);
      return name;
    },
  } satisfies Record<string, (method: string, v: unknown, args: readonly unknown[]) => unknown>;

  type FormatField = keyof typeof validators;

  /** Sets one format field on every cell of the rects, after validating the value once. */
  const formatAll = (method: string, args: readonly unknown[], field: FormatField, s: SheetState, rects: Rect[]): void => {
    arity(method, args, 1);
    const v = validators[field](method, args[0], args) as never;
    for (const x of rects) forEachCell(x, (r, c) => setFormat(s, r, c, field, v));
  };

  /** A 2-D format setter: shape checked, every entry validated before anything is written. */
  const formatGrid = (method: string, args: readonly unknown[], field: FormatField, s: SheetState, x: Rect): void => {
    const data = checkShape(method, args, x);
    const checked = data.map((row) => row.map((v) => validators[field](method, v, args) as never));
    forEachCell(x, (r, c, i, j) => setFormat(s, r, c, field, checked[i][j]));
  };

  /** setBorder(top, left, bottom, right, vertical, horizontal[, color, style]) over one rect. */
  const borderArgs = (method: string, args: readonly unknown[]) => {
    arity(method, args, 6, 8);
    for (let i = 0; i < 6; i++) if (args[i] !== null && typeof args[i] !== 'boolean') throw signatureError(method, args);
    const edgeColor = args.length === 8 ? color(method, args[6], args) ?? '#000000' : '#000000';
    const style = args.length === 8 && args[7] !== null ? BorderStyle.nameOf(args[7]) : 'SOLID';
    if (!style) throw signatureError(method, args);
    return { flags: args.slice(0, 6) as (boolean | null)[], edge: `${style} ${edgeColor}` };
  };
  const applyBorder = (s: SheetState, x: Rect, flags: (boolean | null)[], edge: string): void => {
    const [top, left, bottom, right, vertical, horizontal] = flags;
    const set = (r: number, c: number, side: 'top' | 'left' | 'bottom' | 'right', on: boolean | null) => {
      if (on === null) return;
      const b = { ...(s.formats.get(key(r, c))?.border ?? {}) };
      if (on) b[side] = edge; else delete b[side];
      setFormat(s, r, c, 'border', Object.keys(b).length ? b : undefined);
    };
    forEachCell(x, (r, c) => {
      set(r, c, 'top', r === x.r ? top : horizontal);
      set(r, c, 'bottom', r === lastRow(x) ? bottom : horizontal);
      set(r, c, 'left', c === x.c ? left : vertical);
      set(r, c, 'right', c === lastCol(x) ? right : vertical);
    });
  };

  /** Clears contents and formats; notes stay, as Range.clear() leaves them. */
  const clearRect = (s: SheetState, x: Rect): void => {
    forEachCell(x, (r, c) => {
      writeValue(s, r, c, '');
      const note = s.formats.get(key(r, c))?.note;
      if (note === undefined) s.formats.delete(key(r, c)); else s.formats.set(key(r, c), { note });
    });
  };

  // ------------------------------------------------------------------------------- developer metadata

  const metadataTotal = () => [...ssMetadata, ...sheets.flatMap((s) => s.metadata)].filter((m) => !m.removed).reduce((n, m) => n + m.value.length, 0);

  const makeMetadata = (m: MetaState) => strictObject<GoogleAppsScript.Spreadsheet.DeveloperMetadata>('DeveloperMetadata', {
    getKey: (...a: unknown[]) => { arity('SpreadsheetApp.DeveloperMetadata.getKey', a, 0); return m.key; },
    getValue: (...a: unknown[]) => { arity('SpreadsheetApp.DeveloperMetadata.getValue', a, 0); return m.value; },
    setValue: (...a: unknown[]) => {
      const method = 'SpreadsheetApp.DeveloperMetadata.setValue';
      arity(method, a, 1);
      const v = text(method, a, 0);
      if (metadataTotal() - m.value.length + v.length > MAX_METADATA_TOTAL) throw new Error(`Developer metadata would exceed the limit of ${MAX_METADATA_TOTAL} characters per spreadsheet.`);
      m.value = v;
      return makeMetadata(m);
    },
    getVisibility: (...a: unknown[]) => { arity('SpreadsheetApp.DeveloperMetadata.getVisibility', a, 0); return Visibility.members[m.visibility]; },
    remove: (...a: unknown[]) => { arity('SpreadsheetApp.DeveloperMetadata.remove', a, 0); m.removed = true; },
  }, count, () => {
    if (m.owner) alive(m.owner)();
    if (m.removed) throw new Error('fake DeveloperMetadata: this metadata has been removed');
  });

  const addMetadata = (method: string, args: readonly unknown[], list: MetaState[], owner: SheetState | null): void => {
    if (args.length !== 2 && args.length !== 3) throw new Error(`fake ${method}: only the (key, value) and (key, value, visibility) forms are part of the fake`);
    const k = text(method, args, 0);
    const v = text(method, args, 1);
    const visibility = args.length === 3 ? Visibility.nameOf(args[2]) : 'DOCUMENT';
    if (!visibility) throw signatureError(method, args);
    if (k === '' || k.length > MAX_METADATA_KEY) throw new Error(`Invalid argument: key (a developer metadata key is 1 to ${MAX_METADATA_KEY} characters)`);
    if (metadataTotal() + v.length > MAX_METADATA_TOTAL) throw new Error(`Developer metadata would exceed the limit of ${MAX_METADATA_TOTAL} characters per spreadsheet.`);
    list.push({ key: k, value: v, visibility: visibility as MetaState['visibility'], owner, removed: false });
  };

  // ------------------------------------------------------------------------------------------ ranges

  /** The fake Range argument's place, or a signature error. */
  const placeOf = (method: string, args: readonly unknown[], i: number): Place => {
    const p = rangeOf.get(args[i] as object);
    if (!p) throw signatureError(method, args);
    alive(p.sheet)();
    return p;
  };

  const activate = (s: SheetState, x: Rect): void => {
    active = s;
    s.selection = { ...x };
  };

  const makeRange = (s: SheetState, rect: Rect): Range => {
    const x = { ...rect };
    const M = (m: string) => `SpreadsheetApp.Range.${m}`;
    const none = (m: string, a: readonly unknown[]) => arity(M(m), a, 0);
    const proxy: Range = strictObject<Range>('Range', {
      getRow: (...a: unknown[]) => { none('getRow', a); return x.r; },
      getColumn: (...a: unknown[]) => { none('getColumn', a); return x.c; },
      getNumRows: (...a: unknown[]) => { none('getNumRows', a); return x.nr; },
      getNumColumns: (...a: unknown[]) => { none('getNumColumns', a); return x.nc; },
      getLastRow: (...a: unknown[]) => { none('getLastRow', a); return lastRow(x); },
      getLastColumn: (...a: unknown[]) => { none('getLastColumn', a); return lastCol(x); },
      getA1Notation: (...a: unknown[]) => { none('getA1Notation', a); return toA1(x); },
      getSheet: (...a: unknown[]) => { none('getSheet', a); return s.proxy; },
      getValues: (...a: unknown[]) => { none('getValues', a); return grid(x, (r, c) => readValue(s, r, c)); },
      getDisplayValues: (...a: unknown[]) => {
        none('getDisplayValues', a);
        return grid(x, (r, c) => display(readValue(s, r, c), s.formats.get(key(r, c))?.numberFormat ?? null, ctx));
      },
      getFormulas: (...a: unknown[]) => { none('getFormulas', a); return grid(x, (r, c) => s.formulas.get(key(r, c))?.text ?? ''); },
      setValues: (...a: unknown[]) => {
        const data = checkShape(M('setValues'), a, x);
        // Everything is read before anything is written: a bad value leaves the range untouched.
        const typedRows = data.map((row) => row.map((v) => typedValue(M('setValues'), v, a)));
        forEachCell(x, (r, c, i, j) => applyTyped(s, r, c, typedRows[i][j]));
        return proxy;
      },
      setValue: (...a: unknown[]) => {
        arity(M('setValue'), a, 1);
        const t = typedValue(M('setValue'), a[0], a);
        forEachCell(x, (r, c) => applyTyped(s, r, c, t));
        return proxy;
      },
      setFormulas: (...a: unknown[]) => {
        const data = checkShape(M('setFormulas'), a, x);
        const typedRows = data.map((row) => row.map((v) => {
          if (typeof v !== 'string') throw signatureError(M('setFormulas'), a);
          return typed(M('setFormulas'), v, ctx);
        }));
        forEachCell(x, (r, c, i, j) => applyTyped(s, r, c, typedRows[i][j]));
        return proxy;
      },
      setNumberFormats: (...a: unknown[]) => { formatGrid(M('setNumberFormats'), a, 'numberFormat', s, x); return proxy; },
      setNumberFormat: (...a: unknown[]) => { formatAll(M('setNumberFormat'), a, 'numberFormat', s, [x]); return proxy; },
      setNotes: (...a: unknown[]) => { formatGrid(M('setNotes'), a, 'note', s, x); return proxy; },
      setFontWeights: (...a: unknown[]) => { formatGrid(M('setFontWeights'), a, 'fontWeight', s, x); return proxy; },
      setFontColors: (...a: unknown[]) => { formatGrid(M('setFontColors'), a, 'fontColor', s, x); return proxy; },
      setBackgrounds: (...a: unknown[]) => { formatGrid(M('setBackgrounds'), a, 'background', s, x); return proxy; },
      setFontSizes: (...a: unknown[]) => { formatGrid(M('setFontSizes'), a, 'fontSize', s, x); return proxy; },
      setFontStyles: (...a: unknown[]) => { formatGrid(M('setFontStyles'), a, 'fontStyle', s, x); return proxy; },
      setHorizontalAlignments: (...a: unknown[]) => { formatGrid(M('setHorizontalAlignments'), a, 'horizontalAlignment', s, x); return proxy; },
      setWrapStrategies: (...a: unknown[]) => { formatGrid(M('setWrapStrategies'), a, 'wrap', s, x); return proxy; },
      setFontWeight: (...a: unknown[]) => { formatAll(M('setFontWeight'), a, 'fontWeight', s, [x]); return proxy; },
      setBackground: (...a: unknown[]) => { formatAll(M('setBackground'), a, 'background', s, [x]); return proxy; },
      merge: (...a: unknown[]) => {
        none('merge', a);
        if (x.nr === 1 && x.nc === 1) return proxy;
        if (s.merges.some((m) => intersects(m, x) && !contains(x, m))) throw new Error('You must select all cells in a merged range to merge or unmerge them.');
        if (s.frozenRows > 0 && x.r <= s.frozenRows && lastRow(x) > s.frozenRows) throw new Error("You can't merge frozen and non-frozen rows.");
        s.merges = s.merges.filter((m) => !contains(x, m));
        s.merges.push({ ...x });
        // Sheets keeps only the top-left cell's content.
        forEachCell(x, (r, c) => { if (r !== x.r || c !== x.c) writeValue(s, r, c, ''); });
        return proxy;
      },
      getMergedRanges: (...a: unknown[]) => { none('getMergedRanges', a); return s.merges.filter((m) => intersects(m, x)).map((m) => makeRange(s, m)); },
      breakApart: (...a: unknown[]) => {
        none('breakApart', a);
        if (s.merges.some((m) => intersects(m, x) && !contains(x, m))) throw new Error('You must select all cells in a merged range to merge or unmerge them.');
        s.merges = s.merges.filter((m) => !contains(x, m));
        return proxy;
      },
      setBorder: (...a: unknown[]) => { const b = borderArgs(M('setBorder'), a); applyBorder(s, x, b.flags, b.edge); return proxy; },
      activate: (...a: unknown[]) => { none('activate', a); activate(s, x); return proxy; },
      clear: (...a: unknown[]) => {
        if (a.length) throw new Error('fake Range.clear: the clear(options) form is not part of the fake');
        clearRect(s, x);
        return proxy;
      },
      setDataValidation: (...a: unknown[]) => {
        arity(M('setDataValidation'), a, 1);
        // null removes the cells' rule; anything but a rule the builder built is refused.
        const rule = a[0] === null ? null : validationOf.get(a[0] as object);
        if (rule === undefined) throw signatureError(M('setDataValidation'), a);
        forEachCell(x, (r, c) => { if (rule) s.validations.set(key(r, c), rule); else s.validations.delete(key(r, c)); });
        return proxy;
      },
      getDataValidation: (...a: unknown[]) => {
        none('getDataValidation', a);
        const rule = s.validations.get(key(x.r, x.c));
        return rule ? makeDataValidation(rule) : null;
      },
    }, count, alive(s));
    rangeOf.set(proxy, { sheet: s, rect: x });
    return proxy;
  };

  const makeRangeList = (s: SheetState, rects: Rect[]): RangeList => {
    const M = (m: string) => `SpreadsheetApp.RangeList.${m}`;
    const proxy: RangeList = strictObject<RangeList>('RangeList', {
      getRanges: (...a: unknown[]) => { arity(M('getRanges'), a, 0); return rects.map((x) => makeRange(s, x)); },
      setBorder: (...a: unknown[]) => { const b = borderArgs(M('setBorder'), a); for (const x of rects) applyBorder(s, x, b.flags, b.edge); return proxy; },
      setFontWeight: (...a: unknown[]) => { formatAll(M('setFontWeight'), a, 'fontWeight', s, rects); return proxy; },
      setBackground: (...a: unknown[]) => { formatAll(M('setBackground'), a, 'background', s, rects); return proxy; },
      setNumberFormat: (...a: unknown[]) => { formatAll(M('setNumberFormat'), a, 'numberFormat', s, rects); return proxy; },
      // The last range becomes the current selection, as in the Sheets UI.
      activate: (...a: unknown[]) => { arity(M('activate'), a, 0); activate(s, rects[rects.length - 1]); return proxy; },
    }, count, alive(s));
    return proxy;
  };

  // ------------------------------------------------------------------------ rules and charts (builders)

  /** A built data validation rule: what getDataValidation returns and setDataValidation takes. */
  const makeDataValidation = (v: ValidationState): GoogleAppsScript.Spreadsheet.DataValidation => {
    const M = (m: string) => `SpreadsheetApp.DataValidation.${m}`;
    const obj = strictObject<GoogleAppsScript.Spreadsheet.DataValidation>('DataValidation', {
      getCriteriaType: (...a: unknown[]) => { arity(M('getCriteriaType'), a, 0); return Criteria.members[v.criteria]; },
      // As Apps Script: [values, showDropdown] for a list, [range, showDropdown] for a range.
      getCriteriaValues: (...a: unknown[]) => {
        arity(M('getCriteriaValues'), a, 0);
        return [v.values ? [...v.values] : makeRange((v.source as Place).sheet, (v.source as Place).rect), v.showDropdown];
      },
      getAllowInvalid: (...a: unknown[]) => { arity(M('getAllowInvalid'), a, 0); return v.allowInvalid; },
      getHelpText: (...a: unknown[]) => { arity(M('getHelpText'), a, 0); return v.helpText; },
    }, count);
    validationOf.set(obj, v);
    return obj;
  };

  const makeValidationBuilder = () => {
    const M = (m: string) => `SpreadsheetApp.DataValidationBuilder.${m}`;
    const st: Partial<ValidationState> & { allowInvalid: boolean; helpText: string | null } = { allowInvalid: true, helpText: null };
    const dropdown = (method: string, a: readonly unknown[]): boolean => {
      if (a.length === 1) return true;
      if (typeof a[1] !== 'boolean') throw signatureError(method, a);
      return a[1];
    };
    const builder: GoogleAppsScript.Spreadsheet.DataValidationBuilder = strictObject('DataValidationBuilder', {
      requireValueInList: (...a: unknown[]) => {
        const method = M('requireValueInList');
        arity(method, a, 1, 2);
        const list = a[0];
        if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) throw signatureError(method, a);
        if (list.length === 0) throw new Error(`fake ${method}: an empty list`);
        if (list.length > 500) throw new Error(`fake ${method}: ${list.length} items, more than the 500 a list rule holds`);
        Object.assign(st, { criteria: 'VALUE_IN_LIST', values: [...list] as string[], source: null, showDropdown: dropdown(method, a) });
        return builder;
      },
      requireValueInRange: (...a: unknown[]) => {
        const method = M('requireValueInRange');
        arity(method, a, 1, 2);
        const p = placeOf(method, a, 0);
        Object.assign(st, { criteria: 'VALUE_IN_RANGE', values: null, source: { sheet: p.sheet, rect: { ...p.rect } }, showDropdown: dropdown(method, a) });
        return builder;
      },
      setAllowInvalid: (...a: unknown[]) => {
        arity(M('setAllowInvalid'), a, 1);
        if (typeof a[0] !== 'boolean') throw signatureError(M('setAllowInvalid'), a);
        st.allowInvalid = a[0];
        return builder;
      },
      setHelpText: (...a: unknown[]) => {
        arity(M('setHelpText'), a, 1);
        st.helpText = text(M('setHelpText'), a, 0);
        return builder;
      },
      build: (...a: unknown[]) => {
        arity(M('build'), a, 0);
        if (!st.criteria) throw new Error('fake DataValidationBuilder.build: the rule has no criteria (call requireValueInList or requireValueInRange)');
        return makeDataValidation({
          criteria: st.criteria, values: st.values ? [...st.values] : null,
          source: st.source ? { sheet: st.source.sheet, rect: { ...st.source.rect } } : null,
          showDropdown: st.showDropdown ?? true, allowInvalid: st.allowInvalid, helpText: st.helpText,
        });
      },
    }, count);
    return builder;
  };

  const makeRuleBuilder = () => {
    const M = (m: string) => `SpreadsheetApp.ConditionalFormatRuleBuilder.${m}`;
    const st: { formula?: string; background: string | null; fontColor: string | null; ranges?: Place[] } = { background: null, fontColor: null };
    const builder: GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder = strictObject('ConditionalFormatRuleBuilder', {
      whenFormulaSatisfied: (...a: unknown[]) => {
        arity(M('whenFormulaSatisfied'), a, 1);
        const f = text(M('whenFormulaSatisfied'), a, 0);
        if (!f.startsWith('=')) throw new Error(`fake ${M('whenFormulaSatisfied')}: a custom formula starts with "=", got ${JSON.stringify(f)}`);
        st.formula = f;
        return builder;
      },
      setBackground: (...a: unknown[]) => { arity(M('setBackground'), a, 1); st.background = color(M('setBackground'), a[0], a) ?? null; return builder; },
      setFontColor: (...a: unknown[]) => { arity(M('setFontColor'), a, 1); st.fontColor = color(M('setFontColor'), a[0], a) ?? null; return builder; },
      setRanges: (...a: unknown[]) => {
        arity(M('setRanges'), a, 1);
        if (!Array.isArray(a[0])) throw signatureError(M('setRanges'), a);
        st.ranges = a[0].map((_r, i) => { const p = placeOf(M('setRanges'), a[0] as unknown[], i); return { sheet: p.sheet, rect: { ...p.rect } }; });
        return builder;
      },
      build: (...a: unknown[]) => {
        arity(M('build'), a, 0);
        if (!st.ranges || st.ranges.length === 0) throw new Error('fake ConditionalFormatRuleBuilder.build: the rule has no ranges (call setRanges)');
        if (st.formula === undefined) throw new Error('fake ConditionalFormatRuleBuilder.build: the rule has no condition (call whenFormulaSatisfied)');
        const rule: RuleState = { formula: st.formula, background: st.background, fontColor: st.fontColor, ranges: st.ranges.map((p) => ({ sheet: p.sheet, rect: { ...p.rect } })) };
        const obj = strictObject<object>('ConditionalFormatRule', {}, count);
        ruleOf.set(obj, rule);
        return obj;
      },
    }, count);
    return builder;
  };

  const makeChartBuilder = (s: SheetState) => {
    const M = (m: string) => `SpreadsheetApp.EmbeddedChartBuilder.${m}`;
    const st: Omit<ChartState, 'type' | 'inserted'> & { type?: string } = {
      sheet: s, ranges: [], position: { row: 1, column: 1, offsetX: 0, offsetY: 0 }, options: {}, numHeaders: null,
    };
    const builder: GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder = strictObject('EmbeddedChartBuilder', {
      setChartType: (...a: unknown[]) => {
        arity(M('setChartType'), a, 1);
        const name = ChartType.nameOf(a[0]);
        if (!name) throw signatureError(M('setChartType'), a);
        st.type = name;
        return builder;
      },
      addRange: (...a: unknown[]) => {
        arity(M('addRange'), a, 1);
        const p = placeOf(M('addRange'), a, 0);
        st.ranges.push({ sheet: p.sheet, rect: { ...p.rect } });
        return builder;
      },
      setPosition: (...a: unknown[]) => {
        arity(M('setPosition'), a, 4);
        const [row, column, offsetX, offsetY] = [0, 1, 2, 3].map((i) => integer(M('setPosition'), a, i));
        if (row < 1 || column < 1 || row > s.maxRows || column > s.maxCols) throw new Error(OUTSIDE);
        if (offsetX < 0 || offsetY < 0) throw new Error(`fake ${M('setPosition')}: offsets are pixels, not negative`);
        st.position = { row, column, offsetX, offsetY };
        return builder;
      },
      setOption: (...a: unknown[]) => {
        arity(M('setOption'), a, 2);
        const name = text(M('setOption'), a, 0);
        if (name === '') throw signatureError(M('setOption'), a);
        st.options[name] = a[1];
        return builder;
      },
      setNumHeaders: (...a: unknown[]) => {
        arity(M('setNumHeaders'), a, 1);
        const n = integer(M('setNumHeaders'), a, 0);
        if (n < 0) throw new Error(`fake ${M('setNumHeaders')}: ${n} header rows`);
        st.numHeaders = n;
        return builder;
      },
      build: (...a: unknown[]) => {
        arity(M('build'), a, 0);
        if (!st.type) throw new Error('fake EmbeddedChartBuilder.build: no chart type (call setChartType)');
        const chart: ChartState = {
          sheet: s, type: st.type, ranges: st.ranges.map((p) => ({ sheet: p.sheet, rect: { ...p.rect } })),
          position: { ...st.position }, options: { ...st.options }, numHeaders: st.numHeaders, inserted: false,
        };
        const obj = strictObject<object>('EmbeddedChart', {}, count, alive(s));
        chartOf.set(obj, chart);
        return obj;
      },
    }, count, alive(s));
    return builder;
  };

  // ------------------------------------------------------------------------------------------- sheets

  const checkName = (method: string, name: string, self: SheetState | null): void => {
    if (name.trim() === '') throw new Error(`fake ${method}: a sheet name cannot be empty`);
    const taken = findSheet(name);
    if (taken && taken !== self) throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
  };

  /** Every place on sheet `s` that Sheets moves when rows or columns are inserted. */
  const placesOn = (s: SheetState): Set<Rect> => new Set([
    ...s.merges,
    s.selection,
    ...named.filter((n) => n.place.sheet === s).map((n) => n.place.rect),
    ...sheets.flatMap((x) => x.rules.flatMap((rule) => rule.ranges)).filter((p) => p.sheet === s).map((p) => p.rect),
    ...sheets.flatMap((x) => x.charts.flatMap((ch) => ch.ranges)).filter((p) => p.sheet === s).map((p) => p.rect),
    ...sheets.flatMap((x) => [...new Set(x.validations.values())]).flatMap((v) => (v.source?.sheet === s ? [v.source.rect] : [])),
  ]);

  const insertRows = (s: SheetState, after: number, n: number): void => {
    if (s.rows.length > after) s.rows = s.rows.slice(0, after).concat(new Array<undefined>(n).fill(undefined), s.rows.slice(after));
    const shiftKeys = <T>(m: Map<number, T>) => new Map([...m].map(([k, v]) => [Math.floor(k / KEY_SPAN) > after ? k + n * KEY_SPAN : k, v] as [number, T]));
    s.formulas = shiftKeys(s.formulas);
    s.formats = shiftKeys(s.formats);
    s.validations = shiftKeys(s.validations);
    for (const x of placesOn(s)) shiftRect(x, 'row', after, n);
    for (const ch of s.charts) if (ch.position.row > after) ch.position.row += n;
    if (after < s.frozenRows) s.frozenRows += n;
    s.maxRows += n;
  };

  const insertColumns = (s: SheetState, after: number, n: number): void => {
    for (const row of s.rows) if (row && row.length > after) row.splice(after, 0, ...new Array<CellValue>(n).fill(''));
    const shiftKeys = <T>(m: Map<number, T>) => new Map([...m].map(([k, v]) => [k % KEY_SPAN > after ? k + n : k, v] as [number, T]));
    s.formulas = shiftKeys(s.formulas);
    s.formats = shiftKeys(s.formats);
    s.validations = shiftKeys(s.validations);
    s.widths = new Map([...s.widths].map(([c, w]) => [c > after ? c + n : c, w] as [number, number]));
    for (const x of placesOn(s)) shiftRect(x, 'column', after, n);
    for (const ch of s.charts) if (ch.position.column > after) ch.position.column += n;
    s.maxCols += n;
  };

  const rangeArgs = (method: string, a: readonly unknown[], s: SheetState): Rect => {
    if (a.length === 1) {
      let a1 = text(method, a, 0);
      const prefixed = /^(?:'((?:[^']|'')+)'|([^!']+))!(.*)$/.exec(a1);
      if (prefixed) {
        const name = prefixed[1] !== undefined ? prefixed[1].replace(/''/g, "'") : prefixed[2];
        if (name !== s.name) throw notModelled(`Sheet.getRange("${a1}") on sheet "${s.name}" (a range of another sheet)`);
        a1 = prefixed[3];
      }
      return parseA1(a1, s.maxRows, s.maxCols);
    }
    arity(method, a, 2, 3, 4);
    const [r, c] = [integer(method, a, 0), integer(method, a, 1)];
    const nr = a.length >= 3 ? integer(method, a, 2) : 1;
    const nc = a.length === 4 ? integer(method, a, 3) : 1;
    if (r < 1) throw new Error('The starting row of the range is too small.');
    if (c < 1) throw new Error('The starting column of the range is too small.');
    if (nr < 1) throw new Error('The number of rows in the range must be at least 1.');
    if (nc < 1) throw new Error('The number of columns in the range must be at least 1.');
    const x = { r, c, nr, nc };
    if (lastRow(x) > s.maxRows || lastCol(x) > s.maxCols) throw new Error(OUTSIDE);
    return x;
  };

  const makeSheet = (s: SheetState): Sheet => {
    const M = (m: string) => `SpreadsheetApp.Sheet.${m}`;
    const none = (m: string, a: readonly unknown[]) => arity(M(m), a, 0);
    const positive = (m: string, a: readonly unknown[], i: number) => {
      const v = integer(M(m), a, i);
      if (v < 1) throw new Error(`fake ${M(m)}: argument ${i + 1} must be at least 1, got ${v}`);
      return v;
    };
    const proxy: Sheet = strictObject<Sheet>('Sheet', {
      getName: (...a: unknown[]) => { none('getName', a); return s.name; },
      setName: (...a: unknown[]) => {
        arity(M('setName'), a, 1);
        const name = text(M('setName'), a, 0);
        checkName(M('setName'), name, s);
        s.name = name;
        return proxy;
      },
      getSheetId: (...a: unknown[]) => { none('getSheetId', a); return s.id; },
      getIndex: (...a: unknown[]) => { none('getIndex', a); return sheets.indexOf(s) + 1; },
      getParent: (...a: unknown[]) => { none('getParent', a); return spreadsheet; },
      getMaxRows: (...a: unknown[]) => { none('getMaxRows', a); return s.maxRows; },
      getMaxColumns: (...a: unknown[]) => { none('getMaxColumns', a); return s.maxCols; },
      getLastRow: (...a: unknown[]) => { none('getLastRow', a); return sheetLastRow(s); },
      getLastColumn: (...a: unknown[]) => { none('getLastColumn', a); return sheetLastColumn(s); },
      getDataRange: (...a: unknown[]) => { none('getDataRange', a); return makeRange(s, dataRect(s)); },
      getRange: (...a: unknown[]) => makeRange(s, rangeArgs(M('getRange'), a, s)),
      getRangeList: (...a: unknown[]) => {
        arity(M('getRangeList'), a, 1);
        const list = a[0];
        if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) throw signatureError(M('getRangeList'), a);
        if (list.length === 0) throw new Error(`fake ${M('getRangeList')}: an empty list`);
        return makeRangeList(s, list.map((a1: string) => parseA1(a1, s.maxRows, s.maxCols)));
      },
      insertRowsAfter: (...a: unknown[]) => {
        arity(M('insertRowsAfter'), a, 2);
        const after = positive('insertRowsAfter', a, 0);
        const n = positive('insertRowsAfter', a, 1);
        if (after > s.maxRows) throw new Error('Those rows are out of bounds.');
        if (totalCells() + n * s.maxCols > MAX_CELLS) throw new Error(`This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`);
        insertRows(s, after, n);
        return proxy;
      },
      insertColumnsAfter: (...a: unknown[]) => {
        arity(M('insertColumnsAfter'), a, 2);
        const after = positive('insertColumnsAfter', a, 0);
        const n = positive('insertColumnsAfter', a, 1);
        if (after > s.maxCols) throw new Error('Those columns are out of bounds.');
        if (s.maxCols + n > MAX_COLUMNS) throw new Error(`This action would increase the number of columns in the sheet above the limit of ${MAX_COLUMNS}.`);
        if (totalCells() + n * s.maxRows > MAX_CELLS) throw new Error(`This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`);
        insertColumns(s, after, n);
        return proxy;
      },
      setFrozenRows: (...a: unknown[]) => {
        arity(M('setFrozenRows'), a, 1);
        const n = integer(M('setFrozenRows'), a, 0);
        if (n < 0 || n >= s.maxRows) throw new Error(`fake ${M('setFrozenRows')}: cannot freeze ${n} of ${s.maxRows} rows`);
        if (n > 0 && s.merges.some((m) => m.r <= n && lastRow(m) > n)) throw new Error("Sorry, it's not possible to freeze only part of a merged cell.");
        s.frozenRows = n;
      },
      getFrozenRows: (...a: unknown[]) => { none('getFrozenRows', a); return s.frozenRows; },
      setColumnWidth: (...a: unknown[]) => {
        arity(M('setColumnWidth'), a, 2);
        const col = positive('setColumnWidth', a, 0);
        const px = integer(M('setColumnWidth'), a, 1);
        if (col > s.maxCols) throw new Error(OUTSIDE);
        if (px < 0) throw new Error(`fake ${M('setColumnWidth')}: width ${px}`);
        s.widths.set(col, px);
        return proxy;
      },
      setColumnWidths: (...a: unknown[]) => {
        arity(M('setColumnWidths'), a, 3);
        const start = positive('setColumnWidths', a, 0);
        const n = positive('setColumnWidths', a, 1);
        const px = integer(M('setColumnWidths'), a, 2);
        if (start + n - 1 > s.maxCols) throw new Error(OUTSIDE);
        if (px < 0) throw new Error(`fake ${M('setColumnWidths')}: width ${px}`);
        for (let c = start; c < start + n; c++) s.widths.set(c, px);
        return proxy;
      },
      setConditionalFormatRules: (...a: unknown[]) => {
        arity(M('setConditionalFormatRules'), a, 1);
        const list = a[0];
        if (!Array.isArray(list)) throw signatureError(M('setConditionalFormatRules'), a);
        const rules = list.map((r) => {
          const rule = ruleOf.get(r as object);
          if (!rule) throw signatureError(M('setConditionalFormatRules'), a);
          if (rule.ranges.some((p) => p.sheet !== s)) throw new Error(`fake ${M('setConditionalFormatRules')}: a rule's ranges must be on sheet "${s.name}"`);
          return rule;
        });
        s.rules = rules;
      },
      getConditionalFormatRules: (...a: unknown[]) => {
        none('getConditionalFormatRules', a);
        return s.rules.map((rule) => {
          const obj = strictObject<object>('ConditionalFormatRule', {}, count);
          ruleOf.set(obj, rule);
          return obj;
        });
      },
      newChart: (...a: unknown[]) => { none('newChart', a); return makeChartBuilder(s); },
      insertChart: (...a: unknown[]) => {
        arity(M('insertChart'), a, 1);
        const chart = chartOf.get(a[0] as object);
        if (!chart) throw signatureError(M('insertChart'), a);
        if (chart.sheet !== s) throw new Error(`fake ${M('insertChart')}: the chart was built by another sheet's newChart()`);
        if (chart.ranges.length === 0) throw new Error(`fake ${M('insertChart')}: the chart has no data ranges (call addRange)`);
        if (chart.inserted) throw new Error(`fake ${M('insertChart')}: this chart is already inserted`);
        chart.inserted = true;
        s.charts.push(chart);
      },
      getCharts: (...a: unknown[]) => {
        none('getCharts', a);
        return s.charts.map((ch) => {
          const obj = strictObject<object>('EmbeddedChart', {}, count, alive(s));
          chartOf.set(obj, ch);
          return obj;
        });
      },
      getDeveloperMetadata: (...a: unknown[]) => { none('getDeveloperMetadata', a); return s.metadata.filter((m) => !m.removed).map(makeMetadata); },
      addDeveloperMetadata: (...a: unknown[]) => { addMetadata(M('addDeveloperMetadata'), a, s.metadata, s); return proxy; },
      activate: (...a: unknown[]) => { none('activate', a); active = s; return proxy; },
      hideSheet: (...a: unknown[]) => {
        none('hideSheet', a);
        if (!s.hidden && sheets.filter((x) => !x.hidden).length === 1) throw new Error("You can't hide all the sheets in a document.");
        s.hidden = true;
        return proxy;
      },
      showSheet: (...a: unknown[]) => { none('showSheet', a); s.hidden = false; return proxy; },
      isSheetHidden: (...a: unknown[]) => { none('isSheetHidden', a); return s.hidden; },
      clear: (...a: unknown[]) => {
        if (a.length) throw new Error('fake Sheet.clear: the clear(options) form is not part of the fake');
        clearRect(s, { r: 1, c: 1, nr: s.maxRows, nc: s.maxCols });
        return proxy;
      },
    }, count, alive(s));
    sheetOf.set(proxy, s);
    return proxy;
  };

  const addSheet = (name: string, index: number, maxRows = 1000, maxCols = 26): SheetState => {
    const s: SheetState = {
      // The first sheet of a new spreadsheet is 0; later ids look random, as Sheets' do, so code cannot mistake them for indexes.
      id: created === 0 ? 0 : 100_000_000 + ((created * 982_451_653) % 900_000_000),
      name, maxRows, maxCols, rows: [], formulas: new Map(), formats: new Map(), merges: [], frozenRows: 0,
      widths: new Map(), rules: [], charts: [], metadata: [], validations: new Map(), hidden: false, deleted: false,
      selection: { r: 1, c: 1, nr: 1, nc: 1 }, proxy: undefined as unknown as Sheet,
    };
    created++;
    s.proxy = makeSheet(s);
    sheets.splice(index, 0, s);
    return s;
  };

  // ------------------------------------------------------------------------------------ spreadsheet

  const ssId = options.id ?? '1FakeSpreadsheetId0123456789abcdefghijklmnop';
  const SS = (m: string) => `SpreadsheetApp.Spreadsheet.${m}`;
  const sheetArg = (method: string, a: readonly unknown[]): SheetState => {
    const s = sheetOf.get(a[0] as object);
    if (!s) throw signatureError(method, a);
    alive(s)();
    return s;
  };

  const spreadsheet: Spreadsheet = strictObject<Spreadsheet>('Spreadsheet', {
    getId: (...a: unknown[]) => { arity(SS('getId'), a, 0); return ssId; },
    getUrl: (...a: unknown[]) => { arity(SS('getUrl'), a, 0); return `https://docs.google.com/spreadsheets/d/${ssId}/edit`; },
    getName: (...a: unknown[]) => { arity(SS('getName'), a, 0); return options.name ?? 'Deals'; },
    getSpreadsheetTimeZone: (...a: unknown[]) => { arity(SS('getSpreadsheetTimeZone'), a, 0); return tz; },
    getSpreadsheetLocale: (...a: unknown[]) => { arity(SS('getSpreadsheetLocale'), a, 0); return locale; },
    getSheets: (...a: unknown[]) => { arity(SS('getSheets'), a, 0); return sheets.map((s) => s.proxy); },
    getSheetByName: (...a: unknown[]) => { arity(SS('getSheetByName'), a, 1); return findSheet(text(SS('getSheetByName'), a, 0))?.proxy ?? null; },
    getSheetById: (...a: unknown[]) => {
      arity(SS('getSheetById'), a, 1);
      const id = integer(SS('getSheetById'), a, 0);
      return sheets.find((s) => s.id === id)?.proxy ?? null;
    },
    insertSheet: (...a: unknown[]) => {
      const method = SS('insertSheet');
      if (a.length !== 1 && a.length !== 2) throw new Error(`fake ${method}: only the (name) and (name, index) forms are part of the fake`);
      const name = text(method, a, 0);
      checkName(method, name, null);
      // Without an index Sheets puts the new sheet right after the active one; the index is 0-based.
      const index = a.length === 2 ? integer(method, a, 1) : sheets.indexOf(active) + 1;
      if (index < 0 || index > sheets.length) throw new Error(`fake ${method}: index ${index} is outside 0..${sheets.length}`);
      if (totalCells() + 1000 * 26 > MAX_CELLS) throw new Error(`This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`);
      const s = addSheet(name, index);
      active = s;
      return s.proxy;
    },
    deleteSheet: (...a: unknown[]) => {
      arity(SS('deleteSheet'), a, 1);
      const s = sheetArg(SS('deleteSheet'), a);
      if (sheets.filter((x) => x !== s && !x.hidden).length === 0) throw new Error("You can't remove all the sheets in a document.");
      sheets.splice(sheets.indexOf(s), 1);
      s.deleted = true;
      for (const n of named) if (n.place.sheet === s) n.removed = true;
      if (active === s) active = sheets.find((x) => !x.hidden) ?? sheets[0];
    },
    getActiveSheet: (...a: unknown[]) => { arity(SS('getActiveSheet'), a, 0); return active.proxy; },
    getActiveRange: (...a: unknown[]) => { arity(SS('getActiveRange'), a, 0); return makeRange(active, active.selection); },
    setActiveSheet: (...a: unknown[]) => {
      arity(SS('setActiveSheet'), a, 1);
      active = sheetArg(SS('setActiveSheet'), a);
      return active.proxy;
    },
    setActiveRange: (...a: unknown[]) => {
      arity(SS('setActiveRange'), a, 1);
      const p = placeOf(SS('setActiveRange'), a, 0);
      activate(p.sheet, p.rect);
      return a[0];
    },
    getNamedRanges: (...a: unknown[]) => {
      arity(SS('getNamedRanges'), a, 0);
      return named.filter((n) => !n.removed).map((n) => strictObject<GoogleAppsScript.Spreadsheet.NamedRange>('NamedRange', {
        getName: (...b: unknown[]) => { arity('SpreadsheetApp.NamedRange.getName', b, 0); return n.name; },
        getRange: (...b: unknown[]) => { arity('SpreadsheetApp.NamedRange.getRange', b, 0); return makeRange(n.place.sheet, n.place.rect); },
      }, count, () => {
        if (n.removed) throw new Error(`fake NamedRange: "${n.name}" was removed with its sheet`);
      }));
    },
    setNamedRange: (...a: unknown[]) => {
      const method = SS('setNamedRange');
      arity(method, a, 2);
      const name = text(method, a, 0);
      const p = placeOf(method, a, 1);
      if (!validRangeName(name)) {
        throw new Error(`fake ${method}: "${name}" is not a valid range name (letters, digits and underscores, not starting with a digit, not a cell reference, not TRUE or FALSE, at most 250 characters)`);
      }
      if (named.some((n) => !n.removed && n.name.toLowerCase() === name.toLowerCase())) {
        throw new Error(`fake ${method}: a named range "${name}" already exists`);
      }
      named.push({ name, place: { sheet: p.sheet, rect: { ...p.rect } }, removed: false });
    },
    getRangeByName: (...a: unknown[]) => {
      arity(SS('getRangeByName'), a, 1);
      const name = text(SS('getRangeByName'), a, 0);
      const n = named.find((x) => !x.removed && x.name === name);
      return n ? makeRange(n.place.sheet, n.place.rect) : null;
    },
    getDeveloperMetadata: (...a: unknown[]) => { arity(SS('getDeveloperMetadata'), a, 0); return ssMetadata.filter((m) => !m.removed).map(makeMetadata); },
    addDeveloperMetadata: (...a: unknown[]) => { addMetadata(SS('addDeveloperMetadata'), a, ssMetadata, null); return spreadsheet; },
  }, count);

  // ------------------------------------------------------------------------------ initial contents

  for (const init of options.sheets ?? [{ name: 'Sheet1', values: [] }]) {
    if (findSheet(init.name)) throw new Error(`fakeSheets: two initial sheets named "${init.name}"`);
    const width = init.values.reduce((n, row) => Math.max(n, row.length), 0);
    const s = addSheet(init.name, sheets.length, Math.max(1000, init.values.length), Math.max(26, width));
    // Initial values are what the cells already hold, not typed input: "007" stays text; "=" marks a formula.
    init.values.forEach((row, i) => row.forEach((v, j) => {
      if (typeof v === 'string' && v.startsWith('=')) writeValue(s, i + 1, j + 1, '', { text: v });
      else writeValue(s, i + 1, j + 1, plainValue(`initial ${init.name}!${columnLetters(j + 1)}${i + 1}`, v ?? null, null));
    }));
  }
  if (totalCells() > MAX_CELLS) throw new Error(`fakeSheets: the initial sheets exceed ${MAX_CELLS} cells`);
  if (sheets.length === 0) throw new Error('fakeSheets: a spreadsheet has at least one sheet');
  active = options.activeSheet === undefined ? sheets[0] : inspected(options.activeSheet);
  if (options.activeRange !== undefined) active.selection = parseA1(options.activeRange, active.maxRows, active.maxCols);
  for (const n of options.namedRanges ?? []) {
    const s = inspected(n.sheet);
    named.push({ name: n.name, place: { sheet: s, rect: parseA1(n.a1, s.maxRows, s.maxCols) }, removed: false });
  }

  // -------------------------------------------------------------------------------- other services

  const menu = () => {
    const rec: RecordedMenu = { kind: 'addon', items: [], added: false };
    ui.menus.push(rec);
    const M = (m: string) => `Menu.${m}`;
    const m: GoogleAppsScript.Base.Menu = strictObject('Menu', {
      addItem: (...a: unknown[]) => {
        arity(M('addItem'), a, 2);
        const [caption, functionName] = [text(M('addItem'), a, 0), text(M('addItem'), a, 1)];
        if (caption === '' || functionName === '') throw new Error(`fake ${M('addItem')}: empty caption or function name`);
        if (rec.added) throw new Error(`fake ${M('addItem')}: the menu is already in the UI`);
        rec.items.push({ caption, functionName });
        return m;
      },
      addSeparator: (...a: unknown[]) => { arity(M('addSeparator'), a, 0); rec.items.push('separator'); return m; },
      addToUi: (...a: unknown[]) => {
        arity(M('addToUi'), a, 0);
        if (rec.added) throw new Error(`fake ${M('addToUi')}: called twice`);
        rec.added = true;
      },
    }, count);
    return m;
  };

  const htmlArg = (method: string, a: readonly unknown[]): HtmlState => {
    const h = htmlOf.get(a[0] as object);
    if (!h) throw signatureError(method, a);
    return h;
  };
  const recorded = (h: HtmlState, title: string): RecordedHtml => ({ title, html: h.content, width: h.width, height: h.height });

  const uiObject: GoogleAppsScript.Base.Ui = strictObject('Ui', {
    createAddonMenu: (...a: unknown[]) => { arity('Ui.createAddonMenu', a, 0); return menu(); },
    showSidebar: (...a: unknown[]) => {
      arity('Ui.showSidebar', a, 1);
      const h = htmlArg('Ui.showSidebar', a);
      ui.sidebars.push(recorded(h, h.title));
    },
    showModalDialog: (...a: unknown[]) => {
      arity('Ui.showModalDialog', a, 2);
      const h = htmlArg('Ui.showModalDialog', a);
      ui.dialogs.push(recorded(h, text('Ui.showModalDialog', a, 1)));
    },
    alert: (...a: unknown[]) => {
      if (a.length !== 1) throw new Error('fake Ui.alert: only the alert(prompt) form is part of the fake');
      ui.alerts.push(text('Ui.alert', a, 0));
    },
  }, count);

  const makeHtml = (content: string) => {
    const h: HtmlState = { content, title: '', width: null, height: null };
    const M = (m: string) => `HtmlService.HtmlOutput.${m}`;
    const size = (m: string, a: readonly unknown[]) => {
      arity(M(m), a, 1);
      const v = integer(M(m), a, 0);
      if (v < 1) throw new Error(`fake ${M(m)}: ${v} pixels`);
      return v;
    };
    const out: GoogleAppsScript.HTML.HtmlOutput = strictObject('HtmlOutput', {
      setTitle: (...a: unknown[]) => { arity(M('setTitle'), a, 1); h.title = text(M('setTitle'), a, 0); return out; },
      setWidth: (...a: unknown[]) => { h.width = size('setWidth', a); return out; },
      setHeight: (...a: unknown[]) => { h.height = size('setHeight', a); return out; },
      getContent: (...a: unknown[]) => { arity(M('getContent'), a, 0); return h.content; },
    }, count);
    htmlOf.set(out, h);
    return out;
  };

  const globals: FakeSheetsGlobals = {
    SpreadsheetApp: strictObject('SpreadsheetApp', {
      getActiveSpreadsheet: (...a: unknown[]) => { arity('SpreadsheetApp.getActiveSpreadsheet', a, 0); return spreadsheet; },
      getUi: (...a: unknown[]) => { arity('SpreadsheetApp.getUi', a, 0); return uiObject; },
      newConditionalFormatRule: (...a: unknown[]) => { arity('SpreadsheetApp.newConditionalFormatRule', a, 0); return makeRuleBuilder(); },
      newDataValidation: (...a: unknown[]) => { arity('SpreadsheetApp.newDataValidation', a, 0); return makeValidationBuilder(); },
      DataValidationCriteria: Criteria.object,
      flush: (...a: unknown[]) => { arity('SpreadsheetApp.flush', a, 0); },
      BorderStyle: BorderStyle.object,
      DeveloperMetadataVisibility: Visibility.object,
      WrapStrategy: Wrap.object,
    }, count),
    LockService: strictObject('LockService', {
      getDocumentLock: (...a: unknown[]) => {
        arity('LockService.getDocumentLock', a, 0);
        const M = (m: string) => `LockService.Lock.${m}`;
        const timeout = (m: string, b: readonly unknown[]) => {
          arity(M(m), b, 1);
          if (integer(M(m), b, 0) < 0) throw new Error(`fake ${M(m)}: a negative timeout`);
        };
        return strictObject<GoogleAppsScript.Lock.Lock>('Lock', {
          waitLock: (...b: unknown[]) => {
            timeout('waitLock', b);
            if (lock.busy && !lock.held) throw new Error('Lock timeout: another process was holding the lock for too long.');
            lock.held = true;
          },
          tryLock: (...b: unknown[]) => {
            timeout('tryLock', b);
            if (lock.busy && !lock.held) return false;
            lock.held = true;
            return true;
          },
          releaseLock: (...b: unknown[]) => { arity(M('releaseLock'), b, 0); lock.held = false; },
          hasLock: (...b: unknown[]) => { arity(M('hasLock'), b, 0); return lock.held; },
        }, count);
      },
    }, count),
    HtmlService: strictObject('HtmlService', {
      createHtmlOutputFromFile: (...a: unknown[]) => {
        arity('HtmlService.createHtmlOutputFromFile', a, 1);
        const name = text('HtmlService.createHtmlOutputFromFile', a, 0);
        const file = join(htmlRoot, name.endsWith('.html') ? name : `${name}.html`);
        if (name === '' || !existsSync(file)) throw new Error(`No HTML file named ${name} was found.`);
        return makeHtml(readFileSync(file, 'utf8'));
      },
      createHtmlOutput: (...a: unknown[]) => {
        arity('HtmlService.createHtmlOutput', a, 1);
        return makeHtml(text('HtmlService.createHtmlOutput', a, 0));
      },
    }, count),
    Session: strictObject('Session', {
      getActiveUserLocale: (...a: unknown[]) => { arity('Session.getActiveUserLocale', a, 0); return options.userLocale ?? 'en'; },
      getScriptTimeZone: (...a: unknown[]) => { arity('Session.getScriptTimeZone', a, 0); return options.scriptTimeZone ?? 'Etc/UTC'; },
    }, count),
    Charts: strictObject('Charts', { ChartType: ChartType.object }, count),
  };

  // ---------------------------------------------------------------------------------- inspection

  const cellInfo = (s: SheetState, r: number, c: number): CellInfo => {
    const f = s.formats.get(key(r, c)) ?? {};
    return {
      value: readValue(s, r, c),
      formula: s.formulas.get(key(r, c))?.text ?? '',
      numberFormat: f.numberFormat ?? null,
      note: f.note ?? '',
      fontWeight: f.fontWeight ?? null,
      fontColor: f.fontColor ?? null,
      background: f.background ?? null,
      fontSize: f.fontSize ?? null,
      fontStyle: f.fontStyle ?? null,
      horizontalAlignment: f.horizontalAlignment ?? null,
      wrap: f.wrap ?? null,
      border: { top: f.border?.top ?? null, left: f.border?.left ?? null, bottom: f.border?.bottom ?? null, right: f.border?.right ?? null },
    };
  };
  const rectFor = (s: SheetState, a1?: string) => (a1 === undefined ? dataRect(s) : parseA1(a1, s.maxRows, s.maxCols));
  const a1On = (home: SheetState, p: Place) => (p.sheet === home ? toA1(p.rect) : `${quoteSheet(p.sheet.name)}!${toA1(p.rect)}`);
  const metaInfo = (list: MetaState[]) => list.filter((m) => !m.removed).map((m) => ({ key: m.key, value: m.value, visibility: m.visibility }));

  const inspector: SpreadsheetInspector = {
    sheetNames: () => sheets.map((s) => s.name),
    sheetInfo: (name) => {
      const s = inspected(name);
      return { id: s.id, index: sheets.indexOf(s) + 1, hidden: s.hidden, maxRows: s.maxRows, maxColumns: s.maxCols };
    },
    cells: (name) => {
      const s = inspected(name);
      const keys = new Set<number>([...s.formulas.keys(), ...s.formats.keys()]);
      s.rows.forEach((row, i) => row?.forEach((v, j) => { if (v !== '' && v !== undefined) keys.add(key(i + 1, j + 1)); }));
      const out: Record<string, CellInfo> = {};
      for (const k of [...keys].sort((p, q) => p - q)) {
        const [r, c] = [Math.floor(k / KEY_SPAN), k % KEY_SPAN];
        out[`${columnLetters(c)}${r}`] = cellInfo(s, r, c);
      }
      return out;
    },
    cell: (name, a1) => {
      const s = inspected(name);
      const x = parseA1(a1, s.maxRows, s.maxCols);
      return cellInfo(s, x.r, x.c);
    },
    values: (name, a1) => { const s = inspected(name); return grid(rectFor(s, a1), (r, c) => readValue(s, r, c)); },
    displayValues: (name, a1) => {
      const s = inspected(name);
      return grid(rectFor(s, a1), (r, c) => display(readValue(s, r, c), s.formats.get(key(r, c))?.numberFormat ?? null, ctx));
    },
    formulas: (name, a1) => { const s = inspected(name); return grid(rectFor(s, a1), (r, c) => s.formulas.get(key(r, c))?.text ?? ''); },
    merges: (name) => inspected(name).merges.map(toA1),
    charts: (name) => {
      const s = inspected(name);
      return s.charts.map((ch) => ({ type: ch.type, ranges: ch.ranges.map((p) => a1On(s, p)), position: { ...ch.position }, options: { ...ch.options }, numHeaders: ch.numHeaders }));
    },
    conditionalRules: (name) => {
      const s = inspected(name);
      return s.rules.map((r) => ({ formula: r.formula, background: r.background, fontColor: r.fontColor, ranges: r.ranges.map((p) => a1On(s, p)) }));
    },
    dataValidations: (name) => {
      const s = inspected(name);
      const cellsOf = new Map<ValidationState, number[]>();
      for (const [k, v] of s.validations) cellsOf.set(v, [...(cellsOf.get(v) ?? []), k]);
      return [...cellsOf].map(([v, keys]) => ({
        ranges: columnRuns(keys),
        criteria: v.criteria,
        values: v.values ? [...v.values] : null,
        source: v.source ? `${quoteSheet(v.source.sheet.name)}!${toA1(v.source.rect)}` : null,
        showDropdown: v.showDropdown,
        allowInvalid: v.allowInvalid,
        helpText: v.helpText,
      }));
    },
    frozenRows: (name) => inspected(name).frozenRows,
    columnWidths: (name) => Object.fromEntries(inspected(name).widths),
    developerMetadata: (name) => metaInfo(name === null ? ssMetadata : inspected(name).metadata),
    namedRanges: () => named.filter((n) => !n.removed).map((n) => ({ name: n.name, sheet: n.place.sheet.name, a1: toA1(n.place.rect) })),
    activeSheet: () => active.name,
    activeRange: () => ({ sheet: active.name, a1: toA1(active.selection) }),
    lockHeld: () => lock.held,
  };

  return { globals, calls, spreadsheet: inspector, ui };
}
