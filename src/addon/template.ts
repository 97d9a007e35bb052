/**
 * Insert template (menu and sidebar, issue 9): adds the engine's workbook template (engine/template.ts) to the open
 * spreadsheet as new sheets, never touching an existing one: a name in use gets "Deals (2)", "Deals (3)", … and the
 * named range "Deals_2", …, and the template is then made again with the names really used, so that every formula
 * points at them. Each sheet is written with a fixed number of batched calls (one setValues, one setNumberFormats,
 * one range list for the bold rows, the frozen rows, the widths), whatever the number of sample deals. Lives in
 * Server.js: only the server's entry (serverIndex.ts) imports it.
 */
import { isLocale, type Locale } from '../engine/locale';
import {
  TEMPLATE_RANGE_NAME, TEMPLATE_SHEET_NAMES, TEMPLATE_SHEETS, templateSpec,
  type TemplateCell, type TemplateSheet, type TemplateSheetKey, type TemplateSpec,
} from '../engine/template';
import { dayOfInstantIn } from '../engine/timezone';
import type { InsertTemplateOptions, InsertedTemplate } from './api';
import { userLocale } from './userLocale';
import { underDocumentLock } from './documentLock';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Sheets' limit on a sheet name's length. */
const MAX_NAME = 100;

/** Column letters of a 0-based column. */
function letters(col: number): string {
  let s = '';
  for (let x = col + 1; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** The first of "name", "name (2)", … not in `taken` (lower-cased: Sheets compares sheet names ignoring case). */
function freeSheetName(name: string, taken: ReadonlySet<string>): string {
  for (let k = 1; ; k++) {
    const candidate = k === 1 ? name.slice(0, MAX_NAME) : `${name.slice(0, MAX_NAME - 5)} (${k})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** The first of "Deals", "Deals_2", … that no named range has (a range name cannot hold spaces or brackets). */
function freeRangeName(name: string, taken: ReadonlySet<string>): string {
  for (let k = 1; ; k++) {
    const candidate = k === 1 ? name : `${name}_${k}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** A template cell as setValues takes it: text behind an apostrophe, a day as ISO text (Sheets reads it as that date in every locale). */
function cellInput(cell: TemplateCell): string | number {
  if (cell === null) return '';
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'string') return cell === '' ? '' : `'${cell}`;
  return 'date' in cell ? cell.date : cell.formula;
}

/** Grows a new sheet to at least `rows` × `cols`: getRange past the grid throws. */
function grow(sheet: Sheet, rows: number, cols: number): void {
  const maxRows = sheet.getMaxRows();
  if (rows > maxRows) sheet.insertRowsAfter(maxRows, rows - maxRows);
  const maxCols = sheet.getMaxColumns();
  if (cols > maxCols) sheet.insertColumnsAfter(maxCols, cols - maxCols);
}

/** Writes one sheet of the template onto a new, empty sheet. */
function fillSheet(sheet: Sheet, t: TemplateSheet, spec: TemplateSpec): void {
  const width = t.widths.length;
  // The KPI sheet is its rows; the others are formatted down to where the user will type.
  const height = t.key === 'kpi' ? t.cells.length : Math.max(spec.rows, t.cells.length);
  grow(sheet, height, width);
  sheet.getRange(1, 1, t.cells.length, width).setValues(t.cells.map((row) => row.map(cellInput)));
  sheet.getRange(1, 1, height, width).setNumberFormats(Array.from({ length: height }, (_, r) =>
    Array.from({ length: width }, (_, c) => spec.formats[r < t.formats.length ? t.formats[r][c] : t.columnFormats[c]])));
  if (t.boldRows.length > 0) {
    sheet.getRangeList(t.boldRows.map((r) => `A${r + 1}:${letters(width - 1)}${r + 1}`)).setFontWeight('bold');
  }
  if (t.frozenRows > 0) sheet.setFrozenRows(t.frozenRows);
  for (let c = 0; c < width;) {
    let end = c + 1;
    while (end < width && t.widths[end] === t.widths[c]) end++;
    sheet.setColumnWidths(c + 1, end - c, t.widths[c]);
    c = end;
  }
}

/** Adds the template's sheets, dropdowns and named range; on a failure removes what it added, and rethrows. */
function addTemplate(ss: Spreadsheet, locale: Locale, sample: boolean): TemplateSpec {
  const existing = ss.getSheets();
  const taken = new Set(existing.map((s) => s.getName().toLowerCase()));
  const names = {} as Record<TemplateSheetKey, string>;
  for (const key of TEMPLATE_SHEETS) {
    names[key] = freeSheetName(TEMPLATE_SHEET_NAMES[locale][key], taken);
    taken.add(names[key].toLowerCase());
  }
  const rangeName = freeRangeName(TEMPLATE_RANGE_NAME, new Set(ss.getNamedRanges().map((n) => n.getName().toLowerCase())));
  const today = dayOfInstantIn(ss.getSpreadsheetTimeZone())(Date.now());
  const spec = templateSpec({ locale, sample, today, names, rangeName });

  const added = new Map<TemplateSheetKey, Sheet>();
  try {
    spec.sheets.forEach((t, i) => {
      const sheet = ss.insertSheet(t.name, existing.length + i);
      added.set(t.key, sheet);
      fillSheet(sheet, t, spec);
    });
    const sheetOf = (key: TemplateSheetKey): Sheet => added.get(key) as Sheet;
    for (const v of spec.validations) {
      const column = letters(v.column);
      let builder = SpreadsheetApp.newDataValidation();
      if ('list' in v.rule) {
        builder = builder.requireValueInList([...v.rule.list], true);
      } else {
        const source = v.rule.range;
        const from = letters(source.column);
        builder = builder.requireValueInRange(sheetOf(source.sheet).getRange(`${from}${source.firstRow}:${from}`), true);
      }
      const rule = builder.setAllowInvalid(!v.strict).setHelpText(v.help).build();
      sheetOf(v.sheet).getRange(`${column}${v.firstRow}:${column}`).setDataValidation(rule);
    }
    const range = spec.namedRange;
    ss.setNamedRange(range.name, sheetOf(range.sheet).getRange(`${letters(range.firstColumn)}:${letters(range.lastColumn)}`));
    sheetOf('kpi').activate();
  } catch (error) {
    for (const sheet of added.values()) ss.deleteSheet(sheet);
    throw error;
  }
  return spec;
}

/** The options of a call from the sidebar (unchecked JSON), checked. */
function checkedOptions(options: unknown): { locale: Locale; sample: boolean } {
  if (options === undefined || options === null) return { locale: userLocale(), sample: false };
  if (typeof options !== 'object' || Array.isArray(options)) throw new Error('insertTemplate: options must be an object such as { locale: "en", sample: true }.');
  const { locale, sample } = options as InsertTemplateOptions;
  if (locale !== undefined && !isLocale(locale)) throw new Error(`insertTemplate: locale must be "en" or "ru", not ${JSON.stringify(locale)}.`);
  if (sample !== undefined && typeof sample !== 'boolean') throw new Error(`insertTemplate: sample must be true or false, not ${JSON.stringify(sample)}.`);
  return { locale: locale ?? userLocale(), sample: sample === true };
}

/**
 * Adds the template's sheets (Deals, Plan, Spend, KPI, Lists; Russian names for "ru"), with the sample deals when
 * `sample` is true; returns the names of the sheets it added. One insertion at a time per document.
 */
export function insertTemplate(options?: InsertTemplateOptions): InsertedTemplate {
  const { locale, sample } = checkedOptions(options);
  return underDocumentLock('The add-on is busy in this spreadsheet (a summary or a template is being written): try again in a minute.', () =>
    ({ sheets: addTemplate(SpreadsheetApp.getActiveSpreadsheet(), locale, sample).sheets.map((s) => s.name) }));
}

/** Menu → Insert template: the template with the sample deals, in the user's language, and a word on what was added. */
export function insertTemplateFromMenu(): void {
  const ui = SpreadsheetApp.getUi();
  const locale = userLocale();
  const ru = locale === 'ru';
  let spec: TemplateSpec;
  try {
    spec = underDocumentLock(ru ? 'Дополнение занято в этой таблице: попробуйте через минуту.' : 'The add-on is busy in this spreadsheet: try again in a minute.', () =>
      addTemplate(SpreadsheetApp.getActiveSpreadsheet(), locale, true));
  } catch (error) {
    ui.alert(error instanceof Error ? error.message : String(error));
    return;
  }
  const name = (key: TemplateSheetKey): string => (spec.sheets.find((s) => s.key === key) as TemplateSheet).name;
  const list = spec.sheets.map((s) => `«${s.name}»`).join(', ');
  ui.alert(ru
    ? `Шаблон добавлен: листы ${list}. На листе «${name('deals')}» — ${spec.sampleDeals} примеров сделок вокруг сегодняшней даты, ` +
      `лист «${name('kpi')}» показывает их KPI за этот месяц. Удалите примеры и введите свои сделки.`
    : `Template added: sheets ${spec.sheets.map((s) => `"${s.name}"`).join(', ')}. "${name('deals')}" holds ${spec.sampleDeals} sample deals dated ` +
      `around today, and "${name('kpi')}" shows their KPIs for this month. Delete them and enter your own deals.`);
}
