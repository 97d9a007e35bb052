/**
 * Writes the sample data shipped in examples/ (`npm run examples`; the output is committed):
 * - deals-en.csv — a CRM export with English headers, comma-delimited, ISO dates, plain numbers;
 * - deals-ru.csv — the same deals as a Russian Excel export: Russian headers and values, "1 234,56 ₽",
 *   "15.03.2024", semicolons, CRLF, UTF-8 with a BOM;
 * - deals-en.xlsx — the English table with typed cells (dates, numbers);
 * - plan.csv — a monthly target per rep; spend.csv — a monthly marketing spend per source.
 *
 * The deals come from the benchmark's seeded generator (bench/generate.ts) over 2024–2025, folded from
 * its 8 reps and 6 sources to 6 and 5, with a handful of the bad rows real exports have. Everything is
 * seeded and date-independent: running the script again gives the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { COL, DEAL_HEADER, generateDeals, mulberry32 } from '../bench/generate';

/** Where the files go. */
export const EXAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');

/** Number of generated rows (refunds included); a few become bad rows. */
export const EXAMPLE_ROWS = 2600;
const SEED = 20240101;
const START = new Date(Date.UTC(2024, 0, 1));
const MONTHS = 24;
/** The instant stamped into the XLSX (document properties and zip entries), so its bytes never change. */
const STAMP = new Date(Date.UTC(2026, 0, 1));

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

/** The sample deal grid (header first) and the bad rows planted in it. */
export interface ExampleDeals {
  readonly grid: unknown[][];
  readonly planted: readonly PlantedIssue[];
}

/** The sample deals: the generator's table folded to 6 reps and 5 sources, with a handful of bad rows. */
export function exampleDeals(): ExampleDeals {
  const grid = generateDeals({ rows: EXAMPLE_ROWS, seed: SEED, start: START, months: MONTHS });
  for (let r = 1; r < grid.length; r++) {
    const row = grid[r];
    const rep = row[COL.rep] as string;
    const source = row[COL.source] as string;
    row[COL.rep] = REP_MERGE[rep] ?? rep;
    row[COL.source] = SOURCE_MERGE[source] ?? source;
  }
  return { grid, planted: plantIssues(grid) };
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

/** The months of the sample, "2024-01" … "2025-12". */
export function exampleMonths(): string[] {
  const out: string[] = [];
  for (let i = 0; i < MONTHS; i++) out.push(`${START.getUTCFullYear() + Math.floor(i / 12)}-${pad2((i % 12) + 1)}`);
  return out;
}

/**
 * plan.csv: `Month, Rep, Target`. A rep's target is their average monthly sales over the two years, ramped
 * from 85 % to 125 % of it as the business grows, with a little noise, rounded to 1 000: some months are
 * made and some missed, as with real plans.
 */
export function planCsv(grid: readonly (readonly unknown[])[]): string {
  const { sales } = monthlyTotals(grid);
  const months = exampleMonths();
  const rand = mulberry32(SEED + 1);
  const lines = [csvLine(['Month', 'Rep', 'Target'], ',')];
  for (const rep of Object.keys(REPS_RU)) {
    let total = 0;
    for (const m of months) total += sales.get(`${rep}|${m}`) ?? 0;
    const mean = total / months.length;
    months.forEach((m, i) => {
      const ramp = 0.85 + (0.4 * i) / (months.length - 1);
      const target = Math.round((mean * ramp * (0.95 + 0.1 * rand())) / 1000) * 1000;
      lines.push(csvLine([m, rep, String(target)], ','));
    });
  }
  return lines.join('\n') + '\n';
}

/** spend.csv: `Month, Source, Amount`: each source's cost per new lead times its new leads that month, ±15 %, rounded to 10. */
export function spendCsv(grid: readonly (readonly unknown[])[]): string {
  const { leads } = monthlyTotals(grid);
  const rand = mulberry32(SEED + 2);
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
  const { grid } = exampleDeals();
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
  return {
    'deals-en.csv': utf8(dealsEnCsv(grid)),
    'deals-ru.csv': utf8(dealsRuCsv(grid)),
    'deals-en.xlsx': await dealsEnXlsx(grid),
    'plan.csv': utf8(planCsv(grid)),
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
