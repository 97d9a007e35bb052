/**
 * The sidebar's server API (DESIGN.md, "The sidebar's server API") and the menu's actions: each reads the
 * spreadsheet with a few batched calls, runs the engine's summary job, and writes through SheetsLayoutWriter.
 */
import { CATALOG, findKpi } from '../engine/catalog';
import { isDate } from '../engine/coerce';
import { issueReason } from '../engine/issueReasons';
import { KpiError } from '../engine/errors';
import { explainValue } from '../engine/explain';
import { DEAL_TYPES, FIELDS, type Field } from '../engine/fields';
import { formatDay } from '../engine/days';
import { missingColumns, needsOf } from '../engine/needs';
import { parsePeriodText } from '../engine/period';
import { readDeals, type ColumnMapping as EngineMapping } from '../engine/read';
import { readPlan, readSpend } from '../engine/sideTables';
import type { DealTable } from '../engine/table';
import { JobInputError, runSummary, type SheetLayout } from '../engine/summary';
import type { BuildOptions, BuildResult, CellExplanation, ColumnMapping, SidebarState, TableInspection, TableRef } from './api';
import { readSettings, readSheetBuild, saveLastBuild, saveSheetBuild } from './documentSettings';
import { savedReading } from './settingsApi';
import { appendHistory } from './history';
import { checkTableChosen, findTables, readGrid, TableError, type SheetGrid } from './sheetTables';
import { isOwnSheet, SheetsLayoutWriter } from './sheetsWriter';
import { userLocale } from './userLocale';
import { escapeHtml } from './html';
import { underDocumentLock } from './documentLock';

/** Rows of the preview. */
const PREVIEW_ROWS = 10;
/** Skipped cells a build reports in full. */
const MAX_ISSUES = 500;

/** The field mapping of an API call (indices in the range) as the engine takes it (indices in the aligned grid). */
export function engineMapping(mapping: ColumnMapping | undefined, offset: number): EngineMapping | undefined {
  if (!mapping) return undefined;
  const out: EngineMapping = {};
  for (const [field, index] of Object.entries(mapping)) {
    if (!(FIELDS as readonly string[]).includes(field)) throw new TableError(`"${field}" is not a field of a deal table: one of ${FIELDS.join(', ')}`);
    out[field as Field] = index === null ? null : index + offset;
  }
  return out;
}

/** A table's read rewritten as a message for the user that names the sheet. */
export function named<T>(grid: SheetGrid | TableRef, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof KpiError) {
      const name = 'sheet' in grid && typeof grid.sheet === 'string' ? grid.sheet : (grid as SheetGrid).sheet.getName();
      throw new TableError(`${name}: ${error.message}`);
    }
    throw error;
  }
}

/** What the sidebar opens with. */
export function sidebarState(): SidebarState {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const locale = userLocale();
  const { tables, sideTables } = findTables(ss);
  const active = ss.getActiveRange();
  const selection = active && active.getNumRows() * active.getNumColumns() > 1
    ? { sheet: active.getSheet().getName(), range: active.getA1Notation() }
    : null;
  return {
    locale, timeZone: ss.getSpreadsheetTimeZone(), tables, sideTables, selection,
    saved: readSettings(ss).lastBuild ?? null,
    kpis: CATALOG.map((k) => ({ id: k.id, name: k.name, title: k.title[locale], unit: k.unit, needs: [...needsOf(k, true)] })),
  };
}

/** A cell as the engine read it, for the preview. */
function previewValue(table: DealTable, field: Field, i: number): string {
  switch (field) {
    case 'created': case 'qualified': case 'closed': {
      const d = table.dates[field][i];
      if (field === 'qualified' && d !== d) return table.qualifiedFlag[i] === 1 ? 'yes' : '';
      return d === d ? formatDay(d) : '';
    }
    case 'amount': case 'cost': case 'probability': {
      const x = table.numbers[field][i];
      return x === x ? String(x) : '';
    }
    case 'status': case 'stage':
      return ['', 'won', 'lost', 'open', 'refund'][table.kind[i]] ?? '';
    case 'type':
      return table.type[i] > 0 ? DEAL_TYPES[table.type[i] - 1] : '';
    case 'rep': case 'customer': case 'source': {
      const { codes, labels } = table.labels[field];
      return codes[i] >= 0 ? labels[codes[i]] : '';
    }
    default:
      return '';
  }
}

/** Reads a deal table with the engine: mapping, preview of the first rows, issues and the KPIs its columns allow. */
export function inspectTable(ref: TableRef, mapping?: ColumnMapping): TableInspection {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const grid = readGrid(ss, ref);
  const table = named(grid, () => readDeals(grid.values, {
    timeZone: ss.getSpreadsheetTimeZone(), headerRow: grid.headerRow, ...savedReading(ss, ref.sheet, mapping, (m) => engineMapping(m, grid.offset)),
  }));
  const headers = (grid.values[0] ?? []).slice(grid.offset).map((h) => (h === null || h === undefined ? '' : String(h)));
  const mapped: ColumnMapping = {};
  for (const f of FIELDS) mapped[f] = table.columns[f] ? (table.columns[f] as { index: number }).index - grid.offset : null;
  const issuesByRow = new Map<number, string[]>();
  for (const issue of table.issues) {
    const list = issuesByRow.get(issue.row) ?? [];
    list.push(`${issue.column}: ${issue.reason}`);
    issuesByRow.set(issue.row, list);
  }
  const fields = FIELDS.filter((f) => table.columns[f]);
  // The engine keeps no deal ids: the preview shows the id cell as the sheet holds it.
  const idCol = table.columns.id?.index ?? -1;
  const idText = (i: number): string => {
    const v = grid.values[table.rowNumbers[i] - grid.headerRow]?.[idCol];
    return v === null || v === undefined ? '' : isDate(v) ? formatDay(table.dayOf(v.getTime())) : String(v);
  };
  const preview = Array.from({ length: Math.min(PREVIEW_ROWS, table.n) }, (_, i) => ({
    row: table.rowNumbers[i],
    values: Object.fromEntries(fields.map((f) => [f, f === 'id' ? idText(i) : previewValue(table, f, i)])),
    issues: issuesByRow.get(table.rowNumbers[i]) ?? [],
  }));
  return {
    headers, mapping: mapped, rows: table.n, issues: issuesByRow.size, preview,
    kpis: CATALOG.filter((k) => !missingColumns(needsOf(k, true), table)).map((k) => k.id),
  };
}

/** A plan or spend table's cells as read, or undefined when none was asked for. */
function sideValues(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, ref: TableRef | undefined, what: string): unknown[][] | undefined {
  if (!ref) return undefined;
  const grid = readGrid(ss, ref, what);
  return grid.values.map((r) => r.slice(grid.offset));
}

/** Runs a build's job and writes its summary; the caller holds the lock. */
function build(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, options: BuildOptions): { result: BuildResult; layout: SheetLayout } {
  const grid = readGrid(ss, options.table);
  const timeZone = ss.getSpreadsheetTimeZone();
  const plan = sideValues(ss, options.plan, 'plan');
  const spend = sideValues(ss, options.spend, 'spend table');
  const saved = savedReading(ss, options.table.sheet, options.mapping, (m) => engineMapping(m, grid.offset), options.fiscalYearStart);
  let job: ReturnType<typeof runSummary>;
  try {
    job = runSummary({
      deals: { values: grid.values, headerRow: grid.headerRow, sheetName: grid.sheet.getName() },
      plan, spend,
      timeZone, now: Date.now(), ...saved,
      period: options.period, granularity: options.granularity, locale: options.locale ?? userLocale(),
      live: options.live === true, liveOverSource: true, kpis: options.kpis,
    });
  } catch (error) {
    if (error instanceof JobInputError) {
      const where = error.input === 'plan' ? options.plan?.sheet : error.input === 'spend' ? options.spend?.sheet : options.table.sheet;
      throw new TableError(`${where}: ${error.message}`);
    }
    if (error instanceof KpiError) throw new TableError(error.message);
    throw error;
  }
  const written = new SheetsLayoutWriter(ss, options.sheetName).write(job.layout);
  // The resolved period and fiscal year, so that explaining a cell later rebuilds this very summary.
  const fiscalYearStart = saved.fiscalYearStart;
  saveSheetBuild(written.sheet, { ...options, period: job.period, locale: job.locale, ...(fiscalYearStart ? { fiscalYearStart } : {}) });
  saveLastBuild(ss, options);
  if (options.history) appendHistory(ss, job.layout, job.period, Date.now(), job.locale);
  const sheetId = written.sheet.getSheetId();
  const issues = job.table.issues;
  return {
    layout: job.layout,
    result: {
      sheet: written.sheetName, sheetId, url: `${ss.getUrl()}#gid=${sheetId}`, period: job.period,
      rowsRead: job.counts.read, rowsUsed: job.counts.used,
      // In the summary's language, as its data-quality block lists them.
      issues: issues.slice(0, MAX_ISSUES).map((x) => ({ row: x.row, column: x.column, value: x.value, reason: issueReason(x.code, x.params, job.locale) })),
      issuesTotal: issues.length,
      figures: job.layout.sources?.length ?? 0,
      liveFigures: (job.layout.sources ?? []).filter((s) => job.layout.rows[s.row]?.[s.col]?.f !== undefined).length,
    },
  };
}

/** Builds the summary (see BuildOptions); one build at a time per document. Throws an Error with a message for the user. */
export function buildSummary(options: BuildOptions): BuildResult {
  checkTableChosen(options);
  return underDocumentLock('Another summary is being built in this spreadsheet: try again in a minute.', () =>
    build(SpreadsheetApp.getActiveSpreadsheet(), options).result);
}

/** Explains a summary cell (default: the active cell): the KPI, its formula in words, its parts and its deal rows. */
export function explainCell(ref?: { sheet: string; a1: string }): CellExplanation {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = ref ? ss.getSheetByName(ref.sheet) : ss.getActiveSheet();
  if (!sheet) throw new Error(`There is no sheet named "${ref?.sheet}".`);
  const cell = ref ? sheet.getRange(ref.a1) : ss.getActiveRange();
  const options = isOwnSheet(sheet) ? readSheetBuild(sheet) : null;
  if (!options || !cell) throw new Error('Select a KPI value on a summary sheet the add-on built, then try again.');
  const grid = readGrid(ss, options.table);
  const timeZone = ss.getSpreadsheetTimeZone();
  const plan = sideValues(ss, options.plan, 'plan');
  const spend = sideValues(ss, options.spend, 'spend table');
  // The fiscal year the sheet was built with: its FY labels name those periods even if the settings changed since.
  const saved = savedReading(ss, options.table.sheet, options.mapping, (m) => engineMapping(m, grid.offset), options.fiscalYearStart);
  const job = runSummary({
    deals: { values: grid.values, headerRow: grid.headerRow, sheetName: grid.sheet.getName() }, plan, spend,
    timeZone, now: Date.now(), ...saved,
    period: options.period, granularity: options.granularity, locale: options.locale, kpis: options.kpis,
  });
  const row = cell.getRow() - 1;
  const col = cell.getColumn() - 1;
  const source = job.layout.sources?.find((s) => s.row === row && s.col === col);
  const def = source && findKpi(source.kpi);
  if (!source || !def) {
    // The customer-value block holds the models' predictions, which no KPI definition or deal rows explain.
    const block = job.layout.blocks.find((b) => b.firstRow <= row && row <= b.lastRow);
    if (block?.id === 'customerValue') {
      throw new Error(job.locale === 'ru'
        ? 'Эта ячейка — прогноз моделей ценности клиентов (BG/NBD и Gamma-Gamma), а не показатель по строкам сделок, поэтому пояснить её нельзя: P(alive) и CLV каждого клиента даёт функция CLV_TABLE(deals).'
        : 'This cell is a prediction of the customer-value models (BG/NBD and Gamma-Gamma), not a KPI over deal rows, so it cannot be explained: CLV_TABLE(deals) gives each customer\'s P(alive) and CLV.');
    }
    throw new Error('This cell holds no KPI value: select a number in the overview, by period, by rep, by source or pipeline block.');
  }
  const table = job.table;
  const fiscal = table.fiscalYearStart;
  const args = { plan: plan && readPlan(plan, table.dayOf, fiscal), spend: spend && readSpend(spend, table.dayOf, fiscal) };
  const locale = job.locale;
  const e = explainValue(table, { def, period: parsePeriodText(source.period, fiscal), group: source.group }, args, locale);
  return {
    kpi: def.id, title: def.title[locale], period: source.period, group: source.group?.label ?? null,
    value: e.value, formula: e.formula, parts: e.parts.map((p) => ({ label: p.label, value: p.value })), rows: e.rows,
    sheet: grid.sheet.getName(),
  };
}

/** Selects a deal row in its sheet (the result panel's and the explanation's links). */
export function selectRow(sheetName: string, row: number): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = ss.getSheetByName(sheetName);
  if (!sheet) throw new Error(`There is no sheet named "${sheetName}".`);
  if (!Number.isInteger(row) || row < 1 || row > sheet.getMaxRows()) throw new Error(`Row ${row} is not a row of "${sheetName}".`);
  sheet.getRange(row, 1, 1, Math.max(1, sheet.getLastColumn())).activate();
}

/** Menu → Rebuild summary: the document's last build again, no sidebar needed. */
export function rebuildSummary(): void {
  const ui = SpreadsheetApp.getUi();
  const ru = userLocale() === 'ru';
  const last = readSettings(SpreadsheetApp.getActiveSpreadsheet()).lastBuild;
  if (!last) {
    ui.alert(ru ? 'Сначала постройте сводку в боковой панели.' : 'Build a summary from the sidebar first.');
    return;
  }
  try {
    const r = buildSummary(last);
    ui.alert(ru ? `Сводка «${r.sheet}» пересобрана: ${r.period}, строк использовано ${r.rowsUsed} из ${r.rowsRead}.`
      : `Summary "${r.sheet}" rebuilt for ${r.period}: ${r.rowsUsed} of ${r.rowsRead} rows used.`);
  } catch (error) {
    ui.alert(error instanceof Error ? error.message : String(error));
  }
}

/** Menu → Explain selected KPI: the explanation of the active cell in a dialog. */
export function explainSelected(): void {
  const ui = SpreadsheetApp.getUi();
  let html: string;
  try {
    const e = explainCell();
    const parts = e.parts.map((p) => `<li>${escapeHtml(p.label)}: ${escapeHtml(String(p.value))}</li>`).join('');
    const rows = e.rows.slice(0, 50).join(', ') + (e.rows.length > 50 ? ` … (${e.rows.length})` : '');
    html = `<div style="font:13px Arial,sans-serif"><h3>${escapeHtml(e.title)}</h3>` +
      `<p>${escapeHtml(e.period || '')}${e.group ? ` · ${escapeHtml(e.group)}` : ''}: <b>${escapeHtml(e.value === null ? '—' : String(e.value))}</b></p>` +
      `<p>${escapeHtml(e.formula)}</p><ul>${parts}</ul><p>${escapeHtml(rows)}</p></div>`;
  } catch (error) {
    html = `<p style="font:13px Arial,sans-serif">${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`;
  }
  ui.showModalDialog(HtmlService.createHtmlOutput(html).setWidth(420).setHeight(360), userLocale() === 'ru' ? 'Показатель' : 'KPI explained');
}

/** Menu → Open KPI sidebar. */
export function openSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(userLocale() === 'ru' ? 'Сводка KPI' : 'Sales KPI');
  SpreadsheetApp.getUi().showSidebar(html);
}
