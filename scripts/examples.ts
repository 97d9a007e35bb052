/**
 * Writes the sample data shipped in examples/ (`npm run examples`; the output is committed):
 * - deals-en.csv — a CRM export with English headers, comma-delimited, ISO dates, plain numbers;
 * - deals-ru.csv — the same deals as a Russian Excel export: Russian headers and values, "1 234,56 ₽",
 *   "15.03.2024", semicolons, CRLF, UTF-8 with a BOM;
 * - deals-en.xlsx — the English table with typed cells (dates, numbers);
 * - plan.csv — a monthly target per rep; spend.csv — a monthly marketing spend per source.
 *
 * The deals are a CRM export taken on 2026-01-01 of a steady business: the benchmark's seeded generator
 * (bench/generate.ts) runs the CRM's history from a year before the window (2024–2025) to half a year after
 * it, folded from its 8 reps and 6 sources to 6 and 5; the export holds what the CRM showed on 2026-01-01
 * (see exportOf), with a handful of the bad rows real exports have. So the last month, the summary's default,
 * is like any other: deals created before it close in it, and the deals open at its end are those a real
 * export would still show open. Everything is seeded and date-independent: running the script again gives
 * the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { COL, DEAL_HEADER, OPEN_STAGES, generateDeals, mulberry32 } from '../bench/generate';

/** Where the files go. */
export const EXAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');

/**
 * The generator's seed. Two years of about 40 won deals a month swing by ±30 % from month to month, so a seed
 * may still end on an outlier month; this one is the first from 20240101 on whose last month (2025-12, the
 * default overview) is typical: sales within 5 % of November's and of the June–November average, win rate
 * within 3 points of the two years', open deals within 10 % and pipeline value within 15 % of their
 * June–November average, new customers within 20 % of theirs, plan attainment 90–110 % with some reps above
 * their target and some below. test/examples.test.ts checks all but the new customers.
 */
const SEED = 20240228;
const DAY_MS = 86400000;
/** The sample's window: the 24 calendar months from January 2024 to December 2025. */
const START = new Date(Date.UTC(2024, 0, 1));
const MONTHS = 24;
/**
 * The CRM's history the generator runs before the window, so that the deals created before it close in it
 * and the customers have a past, and after it, so that a deal open at the export has a fate (won or lost
 * later) that says how far along it is.
 */
const HISTORY_BEFORE = 12;
const HISTORY_AFTER = 6;
/**
 * Months before the window from which the export holds deals: a CRM view of the deals created in the last
 * 27 months. It leaves out 9 deals created earlier with a cycle of the better part of a year, which would
 * make the by-period block start with months holding one created deal each.
 */
const LOOKBACK = 3;
/** Deals (and refunds) generated over the whole history; about 2 600 of them are in the export. */
const HISTORY_ROWS = 4300;
/** The instant stamped into the XLSX (document properties and zip entries), so its bytes never change. */
const STAMP = new Date(Date.UTC(2026, 0, 1));

/** Day number (UTC) of the first of the month `months` after January `year`. */
const monthDay = (year: number, months: number): number => Date.UTC(year, months, 1) / DAY_MS;
/** The window's first day, and the export's day: the first day after the window, before anything happened on it. */
const WINDOW_FIRST = START.getTime() / DAY_MS;
const EXPORT_DAY = monthDay(START.getUTCFullYear(), MONTHS);
const HISTORY_START = new Date(monthDay(START.getUTCFullYear(), -HISTORY_BEFORE) * DAY_MS);
const HISTORY_END = monthDay(START.getUTCFullYear(), MONTHS + HISTORY_AFTER);
const EXPORT_FIRST_CREATED = monthDay(START.getUTCFullYear(), -LOOKBACK);

/** The generator's 7th and 8th reps and 6th source, handed to others so the sample has 6 reps and 5 sources. */
const REP_MERGE: Readonly<Record<string, string>> = { 'Grace Liu': 'Carla Mendes', 'Hugo Martin': 'David Cohen' };
const SOURCE_MERGE: Readonly<Record<string, string>> = { Partners: 'Referral' };

/** The sample's reps, English → Russian. */
export const REPS_RU: Readonly<Record<string, string>> = {
  'Anna Petrova': 'Анна Петрова',
  'Boris Ivanov': 'Борис Иванов',
  'Carla Mendes': 'Карла Мендес',
  'David Cohen': 'Давид Коэн',
  'Elena Sokolova': 'Елена Соколова',
  'Farid Haddad': 'Фарид Хаддад',
};

/** The sample's lead sources, English → Russian. */
export const SOURCES_RU: Readonly<Record<string, string>> = {
  Website: 'Сайт',
  'Google Ads': 'Контекстная реклама',
  Referral: 'Рекомендация',
  'Cold call': 'Холодный звонок',
  Events: 'Выставки',
};

/** Cost of one new lead per source, for the spend table. */
const COST_PER_LEAD: Readonly<Record<string, number>> = {
  Website: 45, 'Google Ads': 110, Referral: 20, 'Cold call': 70, Events: 260,
};

/** Russian headers of a CRM export, in DEAL_HEADER's order. */
export const HEADER_RU = [
  'ID сделки', 'Дата создания', 'Дата квалификации', 'Дата закрытия', 'Сумма сделки', 'Себестоимость', 'Статус',
  'Этап', 'Вероятность', 'Менеджер', 'Клиент', 'Источник', 'Тип сделки',
] as const;

const STATUS_RU: Readonly<Record<string, string>> = { won: 'выиграна', lost: 'отказ', open: 'в работе' };
const TYPE_RU: Readonly<Record<string, string>> = { new: 'новая', repeat: 'повторная', upsell: 'допродажа', 'cross-sell': 'кросс-продажа' };
const STAGE_RU: Readonly<Record<string, string>> = {
  Lead: 'Лид', Qualification: 'Квалификация', Proposal: 'Коммерческое предложение', Negotiation: 'Переговоры',
  'Closed won': 'Успешно реализовано', 'Closed lost': 'Закрыто и не реализовано', Refund: 'Возврат',
};

/** A bad row put into the sample on purpose: which row (1-based, as in the sheet), column and text. */
export interface PlantedIssue {
  readonly row: number;
  readonly column: (typeof DEAL_HEADER)[number];
  readonly text: string;
}

/** The sample deal grid (header first), the bad rows planted in it, and the history it was exported from. */
export interface ExampleDeals {
  readonly grid: unknown[][];
  readonly planted: readonly PlantedIssue[];
  /** The CRM's whole generated history (crmHistory), which the plan's first targets look back on. */
  readonly history: readonly (readonly unknown[])[];
}

/**
 * The CRM's whole history from the seeded generator (bench/generate.ts), HISTORY_BEFORE months before the
 * window to HISTORY_AFTER after it, folded from its 8 reps and 6 sources to 6 and 5. What happens after the
 * export is never shown: it only decides which deals are open at the export and how far along they are.
 */
export function crmHistory(seed = SEED): unknown[][] {
  const grid = generateDeals({ rows: HISTORY_ROWS, seed, start: HISTORY_START, months: HISTORY_BEFORE + MONTHS + HISTORY_AFTER });
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r];
    const rep = row[COL.rep] as string;
    const source = row[COL.source] as string;
    row[COL.rep] = REP_MERGE[rep] ?? rep;
    row[COL.source] = SOURCE_MERGE[source] ?? source;
  }
  return grid;
}

/** The UTC day number of a Date cell, NaN for anything else. */
const dayOfCell = (v: unknown): number => (v instanceof Date ? v.getTime() / DAY_MS : NaN);

/**
 * The CRM export taken on EXPORT_DAY, as a CRM's "closed since 2024-01-01 or still open" view gives it, in
 * creation order: every deal (and refund) closed in the window, whenever it was created, and every deal created
 * before the export that closes after it, as open. So the window is a steady state at both ends: deals
 * created before it close in its first months, and its last month's open deals are exactly those whose
 * outcome is still to come, no more and no fewer.
 */
export function exportOf(history: readonly (readonly unknown[])[]): unknown[][] {
  const out: unknown[][] = [history[0].slice()];
  for (let r = 1; r < history.length; r++) {
    const row = history[r];
    const created = dayOfCell(row[COL.created]);
    if (!(created >= EXPORT_FIRST_CREATED && created < EXPORT_DAY)) continue;
    const closed = dayOfCell(row[COL.closed]);
    if (closed < WINDOW_FIRST) continue;
    out.push(closed < EXPORT_DAY ? row.slice() : openAtExport(row, created, Number.isNaN(closed) ? HISTORY_END : closed));
  }
  return out;
}

/**
 * A deal created before the export and decided on day `outcome` (or still open at the history's end), as the
 * export shows it: open, with no close date or cost, qualified only if that happened before the export, at a
 * stage after Lead only once qualified, and further along the larger the share of its course it has run.
 */
function openAtExport(row: readonly unknown[], created: number, outcome: number): unknown[] {
  const out = row.slice();
  const qualified = dayOfCell(row[COL.qualified]);
  const isQualified = qualified < EXPORT_DAY;
  const progress = (EXPORT_DAY - created) / Math.max(1, outcome - created);
  const last = OPEN_STAGES.length - 1;
  const stage = isQualified ? Math.min(last, 1 + Math.floor(progress * last)) : 0;
  out[COL.qualified] = isQualified ? row[COL.qualified] : '';
  out[COL.closed] = '';
  out[COL.cost] = '';
  out[COL.status] = 'open';
  out[COL.stage] = OPEN_STAGES[stage].name;
  out[COL.probability] = OPEN_STAGES[stage].probability;
  return out;
}

/** The sample deals: the CRM export of the generated history, with a handful of bad rows. */
export function exampleDeals(seed = SEED): ExampleDeals {
  const history = crmHistory(seed);
  const grid = exportOf(history);
  return { grid, planted: plantIssues(grid), history };
}

/**
 * The mistakes of real exports, each on a row where it is plausible: a won deal whose amount reads "n/a",
 * a status "??", a won deal closed on "31.02.2024" (created in February 2024), an open deal with no creation date.
 */
function plantIssues(grid: unknown[][]): PlantedIssue[] {
  const at = (from: number, test: (row: unknown[]) => boolean): number => {
    for (let r = from; r < grid.length; r++) if (test(grid[r])) return r;
    throw new Error('examples: no row to plant an issue on');
  };
  const status = (s: string) => (row: unknown[]): boolean => row[COL.status] === s && String(row[COL.id]).startsWith('D-');
  const feb2024 = (row: unknown[]): boolean => {
    const d = row[COL.created] as Date;
    return status('won')(row) && d.getUTCFullYear() === 2024 && d.getUTCMonth() === 1;
  };
  const plants: [number, (typeof DEAL_HEADER)[number], string][] = [
    [at(400, status('won')), 'Amount', 'n/a'],
    [at(900, status('lost')), 'Status', '??'],
    [at(1, feb2024), 'Closed', '31.02.2024'],
    [at(2000, status('open')), 'Created', ''],
  ];
  return plants.map(([r, column, text]) => {
    grid[r][DEAL_HEADER.indexOf(column)] = text;
    return { row: r + 1, column, text };
  });
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
/** "2024-03-15". */
const isoDate = (d: Date): string => `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
/** "15.03.2024". */
const ruDate = (d: Date): string => `${pad2(d.getUTCDate())}.${pad2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
/** "2024-03": the month of a date. */
const monthOf = (d: Date): string => isoDate(d).slice(0, 7);

const NBSP = '\u00a0';

/** Money as Russian Excel shows a currency cell: "-1 234,56 ₽", thousands grouped by non-breaking spaces. */
export function rubles(n: number): string {
  const [int, frac] = Math.abs(n).toFixed(2).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${n < 0 ? '-' : ''}${grouped},${frac}${NBSP}₽`;
}

/** One CSV line; a cell holding the delimiter, a quote or a line break is quoted. */
function csvLine(cells: readonly string[], delimiter: string): string {
  return cells.map((c) => (/["\r\n]/.test(c) || c.includes(delimiter) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter);
}

/** The English cell text of a grid value: ISO dates, plain numbers. */
function enText(v: unknown): string {
  if (v instanceof Date) return isoDate(v);
  return v === undefined || v === null ? '' : String(v);
}

/** The Russian cell text of column `c`'s value, as a Russian Excel export writes it. */
function ruText(v: unknown, c: number): string {
  if (v instanceof Date) return ruDate(v);
  if (typeof v === 'number') return c === COL.probability ? `${Math.round(v * 100)}%` : rubles(v);
  const s = enText(v);
  if (s === '' || c === COL.id) return s;
  if (c === COL.customer) return s.replace(/^Customer /, 'Клиент ');
  const dict = c === COL.status ? STATUS_RU : c === COL.type ? TYPE_RU : c === COL.stage ? STAGE_RU : c === COL.rep ? REPS_RU : c === COL.source ? SOURCES_RU : undefined;
  if (!dict) return s;
  // A planted bad value ("??") stays as it is; any other word without a translation would leak English into the file.
  if (dict[s] === undefined && /^[A-Za-z]/.test(s)) throw new Error(`examples: no Russian for "${s}"`);
  return dict[s] ?? s;
}

/** deals-en.csv: comma-delimited, LF, UTF-8 without a BOM. */
export function dealsEnCsv(grid: readonly (readonly unknown[])[]): string {
  return grid.map((row) => csvLine(row.map(enText), ',')).join('\n') + '\n';
}

/** deals-ru.csv: as Russian Excel saves "CSV UTF-8": a BOM, semicolons, CRLF, Russian headers and values. */
export function dealsRuCsv(grid: readonly (readonly unknown[])[]): string {
  const lines = [csvLine(HEADER_RU, ';'), ...grid.slice(1).map((row) => csvLine(row.map(ruText), ';'))];
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** Number formats of the XLSX columns. */
const XLSX_FORMATS: Partial<Record<number, string>> = {
  [COL.created]: 'yyyy-mm-dd', [COL.qualified]: 'yyyy-mm-dd', [COL.closed]: 'yyyy-mm-dd',
  [COL.amount]: '#,##0', [COL.cost]: '#,##0', [COL.probability]: '0%',
};

/** deals-en.xlsx: one sheet "Deals" with typed cells (dates at UTC midnight, numbers), the bad rows as text. */
export async function dealsEnXlsx(grid: readonly (readonly unknown[])[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'sales-kpi examples';
  workbook.created = STAMP;
  workbook.modified = STAMP;
  const sheet = workbook.addWorksheet('Deals', { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const row of grid) sheet.addRow(row.map((v) => (v === '' ? null : v)) as ExcelJS.CellValue[]);
  sheet.getRow(1).font = { bold: true };
  DEAL_HEADER.forEach((h, c) => {
    const column = sheet.getColumn(c + 1);
    column.width = Math.max(12, h.length + 2);
    const fmt = XLSX_FORMATS[c];
    if (fmt) column.eachCell((cell, r) => { if (r > 1) cell.numFmt = fmt; });
  });
  return stableZip(new Uint8Array(await workbook.xlsx.writeBuffer()));
}

/** Re-zips an XLSX with every entry stamped STAMP: ExcelJS stamps zip entries with the time of writing. */
async function stableZip(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (!entry.dir) out.file(name, await entry.async('uint8array'), { date: STAMP, createFolders: false });
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', platform: 'UNIX' });
}

/** Won amount per rep and month, and new leads per source and month, over the readable rows. */
function monthlyTotals(grid: readonly (readonly unknown[])[]): { sales: Map<string, number>; leads: Map<string, number> } {
  const sales = new Map<string, number>();
  const leads = new Map<string, number>();
  const add = (m: Map<string, number>, key: string, v: number): void => { m.set(key, (m.get(key) ?? 0) + v); };
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r];
    const closed = row[COL.closed];
    const created = row[COL.created];
    if (row[COL.status] === 'won' && closed instanceof Date && typeof row[COL.amount] === 'number') {
      add(sales, `${row[COL.rep]}|${monthOf(closed)}`, row[COL.amount] as number);
    }
    if (row[COL.type] === 'new' && created instanceof Date) add(leads, `${row[COL.source]}|${monthOf(created)}`, 1);
  }
  return { sales, leads };
}

/** "2024-03": the month `i` months after the window's first (before it for a negative `i`). */
const monthAt = (i: number): string => monthOf(new Date(Date.UTC(START.getUTCFullYear(), START.getUTCMonth() + i, 1)));

/** The months of the sample, "2024-01" … "2025-12". */
export function exampleMonths(): string[] {
  return Array.from({ length: MONTHS }, (_, i) => monthAt(i));
}

/** Months of sales a target looks back on, and how much more than their average it asks. */
const PLAN_LOOKBACK = 6;
const PLAN_UPLIFT = 0.05;

/**
 * plan.csv: `Month, Rep, Target`, as a sales manager sets it: a rep's target is their average monthly sales
 * over the 6 months before, plus 5 % (the business grows by about 1 % a month, so that is a little above
 * the trend), ±5 %, rounded to 1 000. The history before the window gives the first targets. So the targets
 * are near what the reps actually sell: some months are made and some missed, as with real plans.
 */
export function planCsv(history: readonly (readonly unknown[])[], seed = SEED): string {
  const { sales } = monthlyTotals(history);
  const rand = mulberry32(seed + 1);
  const lines = [csvLine(['Month', 'Rep', 'Target'], ',')];
  for (const rep of Object.keys(REPS_RU)) {
    for (let i = 0; i < MONTHS; i++) {
      let before = 0;
      for (let k = 1; k <= PLAN_LOOKBACK; k++) before += sales.get(`${rep}|${monthAt(i - k)}`) ?? 0;
      const target = Math.round(((before / PLAN_LOOKBACK) * (1 + PLAN_UPLIFT) * (0.95 + 0.1 * rand())) / 1000) * 1000;
      lines.push(csvLine([monthAt(i), rep, String(target)], ','));
    }
  }
  return lines.join('\n') + '\n';
}

/** spend.csv: `Month, Source, Amount`: each source's cost per new lead times its new leads that month, ±15 %, rounded to 10. */
export function spendCsv(grid: readonly (readonly unknown[])[], seed = SEED): string {
  const { leads } = monthlyTotals(grid);
  const rand = mulberry32(seed + 2);
  const lines = [csvLine(['Month', 'Source', 'Amount'], ',')];
  for (const m of exampleMonths()) {
    for (const source of Object.keys(SOURCES_RU)) {
      const n = leads.get(`${source}|${m}`) ?? 0;
      const amount = Math.round((COST_PER_LEAD[source] * n * (0.85 + 0.3 * rand())) / 10) * 10;
      lines.push(csvLine([m, source, String(amount)], ','));
    }
  }
  return lines.join('\n') + '\n';
}

/** Every example file: name → bytes. */
export async function exampleFiles(): Promise<Record<string, Uint8Array>> {
  const { grid, history } = exampleDeals();
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
  return {
    'deals-en.csv': utf8(dealsEnCsv(grid)),
    'deals-ru.csv': utf8(dealsRuCsv(grid)),
    'deals-en.xlsx': await dealsEnXlsx(grid),
    'plan.csv': utf8(planCsv(history)),
    'spend.csv': utf8(spendCsv(grid)),
  };
}

/** Writes every example file into `dir`. */
export async function writeExamples(dir = EXAMPLES_DIR): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files = await exampleFiles();
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return Object.keys(files).map((name) => join(dir, name));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeExamples().then(
    (paths) => { for (const p of paths) console.log(`wrote ${p}`); },
    (error) => { console.error(error); process.exit(1); },
  );
}
