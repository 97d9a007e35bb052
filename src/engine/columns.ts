/**
 * Which column holds which field: header synonyms (§1 and the CRM exports'), a `Deal - ` prefix and a unit
 * such as `(USD)` or `, ₽` ignored, checkbox columns told from date columns by their values, and the CRM
 * layout the header shows.
 */
import { isBlank, isDate } from './coerce';
import { CRM_FIELD_SYNONYMS, CRM_LAYOUTS, SOURCE_FIELDS, SOURCE_SYNONYMS, type CrmLayout, type SourceField } from './crm';
import { KpiError } from './errors';
import { FIELDS, GENERIC_DATE_HEADERS, HEADER_SYNONYMS, normalizeHeader, normalizeValue, type Field } from './fields';
import { cellText } from './rowIssues';
import type { Grid } from './rows';
import type { ColumnRef } from './table';

/** A field of the deal table, or a CRM column that decides one (won time, the Won checkbox …). */
export type AnyField = Field | SourceField;

/** The columns found for a table. */
export interface DetectedColumns {
  readonly fields: Partial<Record<Field, ColumnRef>>;
  readonly sources: Partial<Record<SourceField, ColumnRef>>;
  /** The CRM export the header is, when it is one. */
  readonly layout: CrmLayout | undefined;
}

/** Header key → field: §1's synonyms first, then the CRM layouts', then the source fields'. */
const SYNONYM_INDEX: ReadonlyMap<string, AnyField> = (() => {
  const m = new Map<string, AnyField>();
  const add = (f: AnyField, words: readonly string[] | undefined): void => {
    for (const w of words ?? []) if (!m.has(normalizeHeader(w))) m.set(normalizeHeader(w), f);
  };
  for (const f of FIELDS) add(f, HEADER_SYNONYMS[f]);
  for (const f of FIELDS) add(f, CRM_FIELD_SYNONYMS[f]);
  for (const f of SOURCE_FIELDS) add(f, SOURCE_SYNONYMS[f]);
  for (const layout of CRM_LAYOUTS) for (const f of SOURCE_FIELDS) add(f, layout.headers[f]);
  return m;
})();
const GENERIC_DATES = new Set(GENERIC_DATE_HEADERS.map(normalizeHeader));

/** `Deal - Value`, `Сделка - Бюджет`: an export's entity prefix, ignored (§1). */
const ENTITY_PREFIX = /^\s*(deal|opportunity|сделка)\s*[-–—:]\s*/i;
/** `Amount (USD)`, `Probability (%)`, `Бюджет, ₽`, `Amount in USD`, `Budget $`, `Amount EUR`: a unit after the words, ignored (§1). */
const UNIT_SUFFIX = /\s*(\([^)]*\)|\[[^\]]*\]|,\s*[^,]{1,12}|\s+in\s+[A-Z]{3}|\s+[A-Z]{3}|\s*[$€₽£¥%])\s*$/;

/** The field a header names, trying it as written, then without its entity prefix, then without its unit. */
export function fieldOfHeader(text: string): AnyField | undefined {
  const direct = SYNONYM_INDEX.get(normalizeHeader(text));
  if (direct) return direct;
  const unprefixed = text.replace(ENTITY_PREFIX, '');
  const bare = unprefixed.replace(UNIT_SUFFIX, '');
  for (const t of [unprefixed, bare, bare.replace(ENTITY_PREFIX, '')]) {
    if (t === text || t.trim() === '') continue;
    const f = SYNONYM_INDEX.get(normalizeHeader(t));
    if (f) return f;
  }
  return undefined;
}

/** Every column whose header names a field, in header order. */
function candidatesOf(header: readonly unknown[]): Map<AnyField, ColumnRef[]> {
  const out = new Map<AnyField, ColumnRef[]>();
  header.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const text = String(cell).trim();
    const field = fieldOfHeader(text);
    if (!field) return;
    const list = out.get(field);
    if (list) list.push({ index, header: text });
    else out.set(field, [{ index, header: text }]);
  });
  return out;
}

/** The CRM layout whose own headers appear at least twice in `header`, the one with most if several. */
export function recognizeLayout(header: readonly unknown[]): CrmLayout | undefined {
  const keys = new Set(header.filter((c) => !isBlank(c)).map((c) => normalizeHeader(String(c))));
  let best: CrmLayout | undefined;
  let bestHits = 1;
  for (const layout of CRM_LAYOUTS) {
    const hits = layout.signature.filter((h) => keys.has(normalizeHeader(h))).length;
    if (hits > bestHits) { best = layout; bestHits = hits; }
  }
  return best;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'да', 'истина', '1', 'x', '✓']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'нет', 'ложь', '0']);

/** TRUE/FALSE words (a checkbox as CRMs export it: TRUE, 1, Yes, Да …) to booleans; undefined for anything else. */
export function readBooleanWord(cell: unknown): boolean | undefined {
  if (typeof cell === 'boolean') return cell;
  if (cell === 1 || cell === 0) return cell === 1;
  if (typeof cell !== 'string') return undefined;
  const w = normalizeValue(cell);
  return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : undefined;
}

/** A column's cells, for telling a checkbox column from a date column. */
export type ColumnCells = (index: number) => Iterable<unknown>;

/** True when every non-blank cell of a column is a TRUE/FALSE word and there is at least one. */
function isCheckboxColumn(cells: Iterable<unknown>): boolean {
  let any = false;
  for (const c of cells) {
    if (isBlank(c)) continue;
    if (isDate(c) || readBooleanWord(c) === undefined) return false;
    any = true;
  }
  return any;
}

/** True when a column has values and none of them is a TRUE/FALSE word: a `Won` column of dates. */
function holdsNoCheckbox(cells: Iterable<unknown>): boolean {
  let any = false;
  for (const c of cells) {
    if (isBlank(c)) continue;
    if (readBooleanWord(c) !== undefined) return false;
    any = true;
  }
  return any;
}

/**
 * Date-or-checkbox headers: Salesforce's `Closed` is a checkbox where §1's `closed` is a date, and a
 * `Won` column may be either. Each pair is [date field, checkbox field]; the values decide.
 */
const DATE_OR_CHECKBOX: readonly [AnyField, SourceField][] = [['closed', 'closed_flag'], ['won_time', 'won_flag']];

/**
 * Finds the columns of a header row. Leftmost wins, except that a generic `date` yields to a specific
 * close date (§6 Headers); with `cells`, a date column holding only TRUE/FALSE is the checkbox of its pair
 * and a checkbox column holding dates the date. A recognised CRM layout drops the headers that mean
 * something else in it.
 */
export function findColumns(header: readonly unknown[], cells?: ColumnCells): DetectedColumns {
  const candidates = candidatesOf(header);
  if (cells) {
    for (const [dateField, flagField] of DATE_OR_CHECKBOX) {
      const dates = candidates.get(dateField) ?? [];
      const flags = candidates.get(flagField) ?? [];
      const toFlags = dates.filter((ref) => isCheckboxColumn(cells(ref.index)));
      const toDates = flags.filter((ref) => holdsNoCheckbox(cells(ref.index)));
      const byIndex = (a: ColumnRef, b: ColumnRef): number => a.index - b.index;
      candidates.set(dateField, [...dates.filter((r) => !toFlags.includes(r)), ...toDates].sort(byIndex));
      candidates.set(flagField, [...flags.filter((r) => !toDates.includes(r)), ...toFlags].sort(byIndex));
    }
  }
  const layout = recognizeLayout(header);
  const notField = (f: AnyField, ref: ColumnRef): boolean =>
    (layout?.notFields?.[f as Field] ?? []).some((h) => normalizeHeader(h) === normalizeHeader(ref.header));
  const pick = (f: AnyField): ColumnRef | undefined => {
    const list = (candidates.get(f) ?? []).filter((ref) => !notField(f, ref));
    if (f !== 'closed') return list[0];
    return list.find((ref) => !GENERIC_DATES.has(normalizeHeader(ref.header))) ?? list[0];
  };
  const fields: Partial<Record<Field, ColumnRef>> = {};
  for (const f of FIELDS) {
    const ref = pick(f);
    if (ref) fields[f] = ref;
  }
  const sources: Partial<Record<SourceField, ColumnRef>> = {};
  for (const f of SOURCE_FIELDS) {
    const ref = pick(f);
    if (ref) sources[f] = ref;
  }
  return { fields, sources, layout };
}

/** An explicit column choice (from the sidebar): field → 0-based column index, or null for "none". */
export type ColumnMapping = Partial<Record<AnyField, number | null>>;

/**
 * The columns of a range: its header row's (`findColumns`, telling checkbox columns from date columns by the
 * values of the rows before `end`), with an explicit mapping laid over them field by field.
 */
export function mapColumns(grid: Grid, end: number, mapping: ColumnMapping | undefined): DetectedColumns {
  const header = grid[0] ?? [];
  const detected = findColumns(header, function* (index) { for (let r = 1; r < end; r++) yield grid[r][index]; });
  const columns: Partial<Record<AnyField, ColumnRef>> = { ...detected.fields, ...detected.sources };
  for (const [f, idx] of Object.entries(mapping ?? {}) as [AnyField, number | null][]) {
    if (idx === null || idx === undefined) delete columns[f];
    else columns[f] = { index: idx, header: isBlank(header[idx]) ? `column ${idx + 1}` : String(header[idx]).trim() };
  }
  const fields: Partial<Record<Field, ColumnRef>> = {};
  const sources: Partial<Record<SourceField, ColumnRef>> = {};
  for (const [f, ref] of Object.entries(columns) as [AnyField, ColumnRef][]) {
    if ((FIELDS as readonly string[]).includes(f)) fields[f as Field] = ref;
    else sources[f as SourceField] = ref;
  }
  return { fields, sources, layout: detected.layout };
}

/** The error of a range whose first row names no field (§5): it quotes the row's first cells and lists what was looked for. */
export function headerError(firstRow: readonly unknown[], formatDate: (ms: number) => string): KpiError {
  const cells = firstRow.length > 0 ? firstRow.slice(0, 6).map((c) => `"${cellText(c, formatDate)}"`).join(', ') : 'nothing';
  return new KpiError(
    `the first row must be the header: none of its cells (${cells}) names a known column; looked for: ` +
      FIELDS.map((f) => HEADER_SYNONYMS[f][0]).join(', '),
  );
}
