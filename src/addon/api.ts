/**
 * The sidebar's server API as DESIGN.md fixes it: names and JSON shapes (dates as ISO text) of the top-level
 * functions `google.script.run` calls. The sidebar types its calls from `ServerApi`; server.ts implements it.
 */

/** A summary's language. */
export type Locale = 'en' | 'ru';

/** A table in the spreadsheet: a sheet and an A1 range with the header row; no range: the sheet's data range. */
export interface TableRef {
  sheet: string;
  range?: string;
}

/** Field → 0-based column index in the range (null: not mapped). */
export type ColumnMapping = Record<string, number | null>;

/** The granularities of the by-period block. */
export type Granularity = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** What the sidebar opens with. */
export interface SidebarState {
  locale: Locale;
  timeZone: string;
  /** Sheets (and named ranges) whose first row maps fields, with their data rows. */
  tables: { sheet: string; range: string; rows: number; fields: string[] }[];
  sideTables: { sheet: string; range: string; kind: 'plan' | 'spend' }[];
  selection: { sheet: string; range: string } | null;
  /** The options of this document's last build. */
  saved: BuildOptions | null;
  /** The catalog's KPIs, titles in the user's language. */
  kpis: { id: string; name: string; title: string; unit: string; needs: string[] }[];
}

/** A deal table as the engine reads it, for the mapping and the preview. */
export interface TableInspection {
  headers: string[];
  mapping: ColumnMapping;
  rows: number;
  /** Rows with at least one issue in the whole table. */
  issues: number;
  /** The first data rows as the engine reads them: amounts and dates parsed, issues marked. */
  preview: { row: number; values: Record<string, string>; issues: string[] }[];
  /** KPI ids the mapped columns allow. */
  kpis: string[];
}

/** The options of a build. */
export interface BuildOptions {
  table: TableRef;
  mapping?: ColumnMapping;
  /** As the functions' `period`; absent or "": the last whole month with data. */
  period?: string;
  granularity?: Granularity;
  /** KPI ids; absent: all that the columns allow. */
  kpis?: string[];
  plan?: TableRef;
  spend?: TableRef;
  live?: boolean;
  locale?: Locale;
  sheetName?: string;
  /** Beyond DESIGN.md's shape (issue 9): append the overview's values to the "KPI history" sheet. */
  history?: boolean;
  /**
   * Beyond DESIGN.md's shape: the month (1..12) the fiscal year starts with, for FY periods and the summary's quarters
   * and years; default the document's setting. A summary sheet's stored options name the one it was built with.
   */
  fiscalYearStart?: number;
}

/** What a build made. */
export interface BuildResult {
  sheet: string;
  sheetId: number;
  url: string;
  period: string;
  rowsRead: number;
  rowsUsed: number;
  /** The first 500 skipped cells. */
  issues: { row: number; column: string; value: string; reason: string }[];
  issuesTotal: number;
  /** Beyond DESIGN.md's shape: the KPI figures written, and how many of them are live formulas over the deal sheet. */
  figures: number;
  liveFigures: number;
}

/** A summary cell explained. */
export interface CellExplanation {
  kpi: string;
  title: string;
  period: string;
  group: string | null;
  value: number | null;
  /** In words: "Sales volume / Deals won". */
  formula: string;
  /** The sums and counts it was computed from. */
  parts: { label: string; value: number }[];
  /** Deal-table row numbers behind it (the first 1 000). */
  rows: number[];
  /** The deal sheet those rows are in (beyond DESIGN.md's shape: the sidebar's row links need it). */
  sheet: string;
}

/** The server functions the sidebar calls, by their Code.js names. */
export interface ServerApi {
  sidebarState(): SidebarState;
  inspectTable(table: TableRef, mapping?: ColumnMapping): TableInspection;
  buildSummary(options: BuildOptions): BuildResult;
  explainCell(ref?: { sheet: string; a1: string }): CellExplanation;
  /** Selects a deal row in its sheet (the result panel's links). */
  selectRow(sheet: string, row: number): void;
  /** The document's settings, validated: defaults where absent or broken, and what was broken in `problems`. */
  settings(): SettingsResult;
  /** Validates the settings, stores them in the document and returns what was stored (with `problems` for what was dropped). */
  saveSettings(settings: Settings): SettingsResult;
  /** Adds the template's sheets (never touching an existing one); returns their names. */
  insertTemplate(options?: InsertTemplateOptions): InsertedTemplate;
  /** Turns the scheduled rebuild on (daily, weekly) or off, with its alert rules; returns the triggers it leaves. */
  setSchedule(schedule: Schedule): ScheduleResult;
  /** The document's schedule as stored, validated (off when there is none). */
  readSchedule(): ScheduleState;
  /**
   * Beyond DESIGN.md's shape (issue 10): fits the customer-value models (KPI_SPEC §8) to a deal table and keeps the fit
   * in the document, for CLV_PARAMS, P_ALIVE, EXPECTED_PURCHASES, CLV_TABLE and LTV(…, "bgnbd") to use while the deals
   * are unchanged: a customer base too large to fit within a custom function's 30 s. Throws an Error with the engine's
   * message (too few customers, no customer column…).
   */
  fitCustomerValue(options: FitCustomerValueOptions): CustomerValueFit;
  /**
   * Beyond DESIGN.md's shape (issue 11): "Copy as BigQuery SQL". The sidebar's current choices as one GoogleSQL query
   * over the canonical deal table (DESIGN.md, "Past a sheet's size"): the chosen KPIs (all when none is chosen) that
   * SQL can express and the table's columns allow, over the period resolved as the summary resolves it, grouped by the
   * granularity. Throws an Error with a message for the user when none of them can be compiled.
   */
  bigQuerySql(options: BigQuerySqlOptions): BigQuerySqlResult;
}

/** What bigQuerySql takes (beyond DESIGN.md's shape, issue 11): the build's options and the BigQuery table to read. */
export interface BigQuerySqlOptions extends BuildOptions {
  /** The BigQuery table holding the canonical deals, such as `project.dataset.deals`; absent or "": `deals`. */
  bigQueryTable?: string;
}

/** The query bigQuerySql compiled (beyond DESIGN.md's shape, issue 11). */
export interface BigQuerySqlResult {
  /** One query: a row per period bucket, `group_label` then a column per compiled KPI id. */
  sql: string;
  /** The KPI ids compiled, in the query's column order. */
  kpis: string[];
  /** The KPIs left out, and why (in English). */
  skipped: { kpi: string; reason: string }[];
  /** The resolved period ("" for a table without dates: the whole table), and the granularity it is grouped by. */
  period: string;
  granularity: Granularity;
}

/** A customer-value model's time unit (KPI_SPEC §8 `unit`). */
export type ClvUnit = 'day' | 'week' | 'month';

/** What fitCustomerValue takes: the deal table, read with the document's mapping and words as the functions read it. */
export interface FitCustomerValueOptions {
  table: TableRef;
  /** As the functions' `calibration_end`: a date such as 1997-09-30 or a period such as 1997-09; absent or "": the last purchase's day. */
  calibrationEnd?: string;
  /** Absent: week. */
  unit?: ClvUnit;
}

/** A fit fitCustomerValue made and stored (beyond DESIGN.md's shape, issue 10). */
export interface CustomerValueFit {
  /** Customers in the model, and those with a repeat purchase (x ≥ 1). */
  customers: number;
  repeatCustomers: number;
  /** BG/NBD's parameters and log-likelihood, as CLV_PARAMS shows them. */
  bgnbd: { r: number; alpha: number; a: number; b: number; ll: number };
  /** Gamma-Gamma's parameters and log-likelihood. */
  gammaGamma: { p: number; q: number; gamma: number; ll: number };
  /** The calibration end's day (ISO date) and the unit, as the functions must be called for the fit to be used. */
  calibrationEnd: string;
  unit: ClvUnit;
  /** When it was fitted (ISO time). */
  fittedAt: string;
  /** How many fits the document keeps now (the latest 8, one per calibration end and unit). */
  savedFits: number;
}

/** The document's settings (DESIGN.md, "Settings that travel with the workbook"): kept in the spreadsheet, so a copy keeps them. */
export interface Settings {
  version: 1;
  /** Column mappings by sheet name. */
  mappings?: Record<string, ColumnMapping>;
  /** Status words added to the spec's: a CRM's own stage names such as "Сделка успешна". */
  statusWords?: { won?: string[]; lost?: string[]; open?: string[] };
  typeWords?: { new?: string[]; repeat?: string[]; upsell?: string[]; 'cross-sell'?: string[] };
  /** The month the fiscal year starts with, 1..12. */
  fiscalYearStart?: number;
  /** ISO 4217 code, such as USD or RUB. */
  currency?: string;
  /** Status colour thresholds by name, e.g. winRateRed: 0.15. */
  benchmarks?: Record<string, number>;
  /** The options of the document's last build. */
  lastBuild?: BuildOptions;
}

/** Settings as the server returns them; beyond DESIGN.md's shape, `problems` lists what was broken and reset to its default. */
export interface SettingsResult extends Settings {
  problems?: string[];
}

/** An alert rule on the overview's value of the period (DESIGN.md): "email me when win_rate < 0.15". */
export type { AlertOp, AlertRule } from '../engine/alerts';

/** How often the scheduled rebuild runs; 'off' removes its trigger. */
export type ScheduleFrequency = 'off' | 'daily' | 'weekly';

/** What setSchedule takes (DESIGN.md); alerts absent: the rules saved before, else the benchmarks' defaults. */
export interface Schedule {
  frequency: ScheduleFrequency;
  alerts?: import('../engine/alerts').AlertRule[];
}

/** The schedule as readSchedule returns it (beyond DESIGN.md's shape): frequency, rules (absent: the benchmarks' defaults), last run. */
export type ScheduleState = import('./schedule').StoredSchedule;

/** What setSchedule did: this document's scheduled-rebuild triggers now (1, or 0 when off). */
export interface ScheduleResult {
  triggers: number;
}

/** What insertTemplate takes (DESIGN.md): the template's language (default: the user's) and whether to add the sample deals (default false). */
export interface InsertTemplateOptions {
  locale?: Locale;
  sample?: boolean;
}

/** What insertTemplate added: the new sheets' names in order (Deals, Plan, Spend, KPI, Lists, or "Deals (2)"… where a name was in use). */
export interface InsertedTemplate {
  sheets: string[];
}

/** The template's server function, by its Code.js name. */
export interface TemplateServerApi {
  insertTemplate(options?: InsertTemplateOptions): InsertedTemplate;
}
