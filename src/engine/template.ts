/**
 * The workbook template for teams (issue 9), as plain data that both faces write: the Sheets add-on with batched
 * calls (src/addon/template.ts), the command line as an XLSX (src/local/writeTemplateXlsx.ts).
 *
 * - `Deals`: the canonical headers (§1) in the user's language, one column per field in FIELDS order (A:M), a
 *   number format per column by meaning, dropdowns on status, type and rep (reps from the `Lists` sheet), a frozen
 *   header, a named range over whole columns A:M so that it grows with the data, and optionally sample deals dated
 *   around `today` so that the KPI sheet shows numbers at once.
 * - `Plan` (period, rep, target) and `Spend` (period, source, amount): example rows for the current month, the
 *   period written as the month's first day shown as yyyy-mm (a plan's Date is its month, a spend's Date that day).
 * - `KPI`: the month in B2 (first day, `=EOMONTH(TODAY(),-1)+1`: the current month until someone types another
 *   first day) and the next month's first day in B3, then one row per KPI: label, formula, note. Most rows use only
 *   built-in functions (SUMIFS, COUNTIFS, IFERROR, EOMONTH, TODAY over the Deals columns by letter), so a
 *   collaborator without the add-on sees live numbers; the few that call the add-on's own functions say so in the
 *   note column and are marked `addOn`.
 * - `Lists`: the reps the rep dropdown offers.
 *
 * Pure: no Apps Script, no Node. Sheet names and the named range's name are parameters, so that a face which finds
 * a name in use (a workbook that already has `Deals`) asks again with the names it will really use, and every
 * formula points at them.
 */
import { findKpi } from './catalog';
import { civilFromDay, dayFromCivil, daysInMonth, formatDay } from './days';
import { FIELDS, type Field } from './fields';
import type { Locale } from './locale';

/** The sheets of the template, in the order they are added. */
export const TEMPLATE_SHEETS = ['deals', 'plan', 'spend', 'kpi', 'lists'] as const;
/** A sheet of the template. */
export type TemplateSheetKey = (typeof TEMPLATE_SHEETS)[number];

/** What a template cell holds: text (always text, never read as a number, date or formula), a number, a day, a formula, or nothing. */
export type TemplateCell = string | number | { readonly date: string } | { readonly formula: string } | null;

/** The number formats the template uses, by meaning. */
export type TemplateFormat = 'text' | 'date' | 'month' | 'money' | 'percent' | 'integer' | 'days' | 'general';

/** A sheet of the template. */
export interface TemplateSheet {
  readonly key: TemplateSheetKey;
  readonly name: string;
  /** The cells from A1, row by row; every row as wide as the sheet's columns. */
  readonly cells: readonly (readonly TemplateCell[])[];
  /** Each cell's format, the shape of `cells`. */
  readonly formats: readonly (readonly TemplateFormat[])[];
  /** Each column's format for the rows below `cells` (up to `TemplateSpec.rows`): where the user types new rows. */
  readonly columnFormats: readonly TemplateFormat[];
  /** Column widths in pixels. */
  readonly widths: readonly number[];
  /** Rows (0-based) drawn bold: the header, the KPI sheet's title. */
  readonly boldRows: readonly number[];
  readonly frozenRows: number;
}

/** A dropdown on one column of a sheet, from row `firstRow` (1-based) down. */
export interface TemplateValidation {
  readonly sheet: TemplateSheetKey;
  /** 0-based column. */
  readonly column: number;
  readonly firstRow: number;
  /** A fixed list of values, or the cells of a column of another sheet from `firstRow` down. */
  readonly rule: { readonly list: readonly string[] } | { readonly range: { readonly sheet: TemplateSheetKey; readonly column: number; readonly firstRow: number } };
  /** True: other values are rejected; false: accepted with a warning. */
  readonly strict: boolean;
  /** Shown to the user who types something else. */
  readonly help: string;
}

/** A named range over whole columns of a sheet, so that it takes in every row added later. */
export interface TemplateNamedRange {
  readonly name: string;
  readonly sheet: TemplateSheetKey;
  /** 0-based first and last columns. */
  readonly firstColumn: number;
  readonly lastColumn: number;
}

/** One row of the KPI sheet. */
export interface TemplateKpiRow {
  /** The catalog's id, or `plan` / `spend` for the plan and spend sums. */
  readonly id: string;
  readonly label: string;
  readonly formula: string;
  readonly format: TemplateFormat;
  /** True when the formula calls the add-on's own functions (marked in the note column). */
  readonly addOn: boolean;
  /** 1-based sheet row. */
  readonly row: number;
}

/** The template: its sheets, dropdowns, named range and KPI rows, with the number format patterns to use. */
export interface TemplateSpec {
  readonly locale: Locale;
  /** Today, and the first days of this month and the next, as YYYY-MM-DD. */
  readonly today: string;
  readonly monthStart: string;
  readonly nextMonthStart: string;
  readonly sheets: readonly TemplateSheet[];
  readonly validations: readonly TemplateValidation[];
  readonly namedRange: TemplateNamedRange;
  readonly kpiRows: readonly TemplateKpiRow[];
  /** How many sheet rows (header included) a face formats and validates where the user will type. */
  readonly rows: number;
  /** Number format patterns that Google Sheets, Excel and LibreOffice read alike. */
  readonly formats: Readonly<Record<TemplateFormat, string>>;
  /** The sample deals written into the deal sheet (0 without them). */
  readonly sampleDeals: number;
}

/** What to make. */
export interface TemplateOptions {
  readonly locale?: Locale;
  /** Add the sample deals (default false). */
  readonly sample?: boolean;
  /** Today as a day number (days since 1970-01-01) in the spreadsheet's time zone. */
  readonly today: number;
  /** Sheet names to use instead of the locale's (a face that found a name in use). */
  readonly names?: Partial<Record<TemplateSheetKey, string>>;
  /** The named range's name instead of `Deals`. */
  readonly rangeName?: string;
}

/** The sheets' names per locale. */
export const TEMPLATE_SHEET_NAMES: Readonly<Record<Locale, Readonly<Record<TemplateSheetKey, string>>>> = {
  en: { deals: 'Deals', plan: 'Plan', spend: 'Spend', kpi: 'KPI', lists: 'Lists' },
  ru: { deals: 'Сделки', plan: 'План', spend: 'Расходы', kpi: 'KPI', lists: 'Списки' },
};

/** The named range's default name: ASCII in both languages, which every spreadsheet accepts as a name. */
export const TEMPLATE_RANGE_NAME = 'Deals';

/** The deal sheet's header per field: a synonym of §1 in each language (deals-en.csv's and deals-ru.csv's headers). */
export const TEMPLATE_HEADERS: Readonly<Record<Locale, Readonly<Record<Field, string>>>> = {
  en: {
    id: 'Deal ID', created: 'Created', qualified: 'Qualified', closed: 'Closed', amount: 'Amount', cost: 'Cost', status: 'Status',
    stage: 'Stage', probability: 'Probability', rep: 'Rep', customer: 'Customer', source: 'Source', type: 'Type',
  },
  ru: {
    id: 'ID сделки', created: 'Дата создания', qualified: 'Дата квалификации', closed: 'Дата закрытия', amount: 'Сумма сделки',
    cost: 'Себестоимость', status: 'Статус', stage: 'Этап', probability: 'Вероятность', rep: 'Менеджер', customer: 'Клиент',
    source: 'Источник', type: 'Тип сделки',
  },
};

/** The status words the dropdown offers and the KPI formulas count (each one of §1's words for its outcome). */
export const TEMPLATE_STATUS: Readonly<Record<Locale, { readonly won: string; readonly lost: string; readonly open: string }>> = {
  en: { won: 'won', lost: 'lost', open: 'open' },
  ru: { won: 'выиграна', lost: 'проиграна', open: 'в работе' },
};

/** The deal types the dropdown offers, canonical order (§1's words). */
export const TEMPLATE_TYPES: Readonly<Record<Locale, readonly [string, string, string, string]>> = {
  en: ['new', 'repeat', 'upsell', 'cross-sell'],
  ru: ['новая', 'повторная', 'допродажа', 'кросс-продажа'],
};

/** The functions the built-in rows may call: in Google Sheets, Excel and LibreOffice alike. */
export const BUILT_IN_FUNCTIONS: readonly string[] = ['SUMIFS', 'COUNTIFS', 'IFERROR', 'DATE', 'EOMONTH', 'TODAY'];

/** Rows of the deal sheet, header included, that a face formats and validates. */
const ROWS = 1000;

/** Format patterns by meaning. */
function formatsFor(locale: Locale): Record<TemplateFormat, string> {
  return {
    text: '@',
    date: locale === 'ru' ? 'dd.mm.yyyy' : 'yyyy-mm-dd',
    month: 'yyyy-mm',
    money: '#,##0.00',
    percent: '0.0%',
    integer: '#,##0',
    days: locale === 'ru' ? '0.0" дн."' : '0.0" days"',
    general: 'General',
  };
}

/** Each field's format and width. */
const FIELD_LOOK: Readonly<Record<Field, { format: TemplateFormat; width: number }>> = {
  id: { format: 'text', width: 90 }, created: { format: 'date', width: 110 }, qualified: { format: 'date', width: 110 },
  closed: { format: 'date', width: 110 }, amount: { format: 'money', width: 110 }, cost: { format: 'money', width: 110 },
  status: { format: 'text', width: 90 }, stage: { format: 'text', width: 170 }, probability: { format: 'percent', width: 90 },
  rep: { format: 'text', width: 140 }, customer: { format: 'text', width: 140 }, source: { format: 'text', width: 140 },
  type: { format: 'text', width: 110 },
};

/** The template's own texts. */
const TEXT = {
  plan: ['Period', 'Rep', 'Target'],
  spend: ['Period', 'Source', 'Amount'],
  lists: 'Reps',
  title: 'Sales KPIs for the month',
  monthStart: 'Month (its first day)',
  monthNote: 'The current month; type the first day of another month to see that one.',
  nextMonth: 'Next month starts',
  kpiHeader: ['KPI', 'Value', 'Note'],
  planRow: 'Plan (target)',
  spendRow: 'Marketing spend',
  needsAddOn: 'needs the Sales KPI add-on',
  statusHelp: 'Pick won, lost or open: the KPI sheet counts these words.',
  typeHelp: 'Pick new, repeat, upsell or cross-sell.',
  repHelp: 'Pick a rep from the Lists sheet, or add the rep there first.',
};
const TEXT_RU: typeof TEXT = {
  plan: ['Период', 'Менеджер', 'План'],
  spend: ['Период', 'Источник', 'Сумма'],
  lists: 'Менеджеры',
  title: 'KPI продаж за месяц',
  monthStart: 'Месяц (его первый день)',
  monthNote: 'Текущий месяц; введите первый день другого месяца, чтобы увидеть его.',
  nextMonth: 'Начало следующего месяца',
  kpiHeader: ['Показатель', 'Значение', 'Примечание'],
  planRow: 'План',
  spendRow: 'Маркетинговые расходы',
  needsAddOn: 'нужно дополнение Sales KPI',
  statusHelp: 'Выберите «выиграна», «проиграна» или «в работе»: лист KPI считает эти слова.',
  typeHelp: 'Выберите «новая», «повторная», «допродажа» или «кросс-продажа».',
  repHelp: 'Выберите менеджера из листа «Списки» или сначала добавьте его туда.',
};

/** The sample's reps, customers, sources and stages per locale (indexes used by SAMPLE). */
const PEOPLE: Readonly<Record<Locale, { reps: string[]; customers: string[]; sources: string[]; stages: Record<'won' | 'lost' | 'proposal' | 'negotiation', string> }>> = {
  en: {
    reps: ['Anna Petrova', 'Boris Ivanov', 'Carla Mendes'],
    customers: ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Proseware', 'Lucerne', 'Coho Vineyard', 'Woodgrove', 'Fourth Coffee', 'Wide World', 'Adatum'],
    sources: ['Website', 'Referral', 'Google Ads'],
    stages: { won: 'Closed won', lost: 'Closed lost', proposal: 'Proposal', negotiation: 'Negotiation' },
  },
  ru: {
    reps: ['Анна Петрова', 'Борис Иванов', 'Карла Мендес'],
    customers: ['Альфа', 'Бета Групп', 'Вектор', 'Гранит', 'Дельта', 'Енисей', 'Жемчуг', 'Зенит', 'Искра', 'Каскад', 'Лотос', 'Магистраль'],
    sources: ['Сайт', 'Рекомендация', 'Контекстная реклама'],
    stages: { won: 'Успешно реализовано', lost: 'Закрыто и не реализовано', proposal: 'Предложение', negotiation: 'Переговоры' },
  },
};

/**
 * A sample deal: `month` months from today's (0 = this month), on day `day` (a closed deal's close day, an open
 * deal's creation day; in this month never after today), `cycle` days from creation to close.
 */
interface SampleDeal {
  readonly month: number;
  readonly day: number;
  readonly cycle: number;
  readonly amount: number;
  readonly cost: number | null;
  readonly status: 'won' | 'lost' | 'open';
  readonly stage?: 'proposal' | 'negotiation';
  readonly probability?: number;
  readonly rep: number;
  readonly customer: number;
  readonly source: number;
  readonly type: 0 | 1 | 2 | 3;
}

/**
 * 28 deals over this month and the three before. This month: 6 won totalling 68 000 (3 of them first wins: Tailspin,
 * Fourth Coffee, Wide World), 2 lost, 5 deals open with 66 500 in them; plan 75 000, spend 5 000.
 */
const SAMPLE: readonly SampleDeal[] = [
  { month: -3, day: 5, cycle: 20, amount: 8000, cost: 5000, status: 'won', rep: 0, customer: 0, source: 0, type: 0 },
  { month: -3, day: 8, cycle: 15, amount: 3000, cost: null, status: 'lost', rep: 1, customer: 9, source: 0, type: 0 },
  { month: -3, day: 12, cycle: 30, amount: 12000, cost: 7000, status: 'won', rep: 1, customer: 1, source: 1, type: 0 },
  { month: -3, day: 20, cycle: 25, amount: 6000, cost: 3500, status: 'won', rep: 2, customer: 2, source: 2, type: 0 },
  { month: -3, day: 22, cycle: 40, amount: 9000, cost: null, status: 'lost', rep: 0, customer: 3, source: 2, type: 0 },
  { month: -2, day: 4, cycle: 18, amount: 9500, cost: 6000, status: 'won', rep: 0, customer: 0, source: 0, type: 1 },
  { month: -2, day: 15, cycle: 35, amount: 15000, cost: 9000, status: 'won', rep: 1, customer: 4, source: 1, type: 0 },
  { month: -2, day: 18, cycle: 28, amount: 7000, cost: null, status: 'lost', rep: 2, customer: 5, source: 0, type: 0 },
  { month: -2, day: 25, cycle: 22, amount: 5000, cost: 2800, status: 'won', rep: 2, customer: 2, source: 2, type: 2 },
  { month: -1, day: 3, cycle: 26, amount: 11000, cost: 6500, status: 'won', rep: 0, customer: 6, source: 1, type: 0 },
  { month: -1, day: 10, cycle: 30, amount: 7500, cost: 4200, status: 'won', rep: 1, customer: 1, source: 1, type: 1 },
  { month: -1, day: 14, cycle: 19, amount: 6000, cost: null, status: 'lost', rep: 1, customer: 7, source: 2, type: 0 },
  { month: -1, day: 17, cycle: 21, amount: 4500, cost: 2600, status: 'won', rep: 2, customer: 2, source: 2, type: 1 },
  { month: -1, day: 21, cycle: 45, amount: 18000, cost: 11000, status: 'won', rep: 2, customer: 8, source: 0, type: 0 },
  { month: -1, day: 27, cycle: 33, amount: 4000, cost: null, status: 'lost', rep: 0, customer: 9, source: 2, type: 0 },
  { month: 0, day: 2, cycle: 24, amount: 10000, cost: 6000, status: 'won', rep: 0, customer: 0, source: 0, type: 3 },
  { month: 0, day: 6, cycle: 31, amount: 14000, cost: 8200, status: 'won', rep: 1, customer: 10, source: 1, type: 0 },
  { month: 0, day: 9, cycle: 20, amount: 8500, cost: 5100, status: 'won', rep: 2, customer: 6, source: 1, type: 2 },
  { month: 0, day: 11, cycle: 27, amount: 12000, cost: null, status: 'lost', rep: 0, customer: 11, source: 2, type: 0 },
  { month: 0, day: 16, cycle: 38, amount: 20000, cost: 12500, status: 'won', rep: 1, customer: 3, source: 2, type: 0 },
  { month: 0, day: 20, cycle: 22, amount: 5000, cost: null, status: 'lost', rep: 2, customer: 5, source: 0, type: 0 },
  { month: 0, day: 24, cycle: 29, amount: 6500, cost: 3900, status: 'won', rep: 0, customer: 9, source: 2, type: 0 },
  { month: 0, day: 27, cycle: 36, amount: 9000, cost: 5400, status: 'won', rep: 2, customer: 8, source: 1, type: 1 },
  { month: -1, day: 20, cycle: 0, amount: 22000, cost: null, status: 'open', stage: 'negotiation', probability: 0.5, rep: 2, customer: 4, source: 1, type: 2 },
  { month: -1, day: 28, cycle: 0, amount: 12500, cost: null, status: 'open', stage: 'proposal', probability: 0.4, rep: 0, customer: 1, source: 0, type: 3 },
  { month: 0, day: 3, cycle: 0, amount: 16000, cost: null, status: 'open', stage: 'negotiation', probability: 0.6, rep: 0, customer: 7, source: 0, type: 0 },
  { month: 0, day: 8, cycle: 0, amount: 9000, cost: null, status: 'open', stage: 'proposal', probability: 0.3, rep: 1, customer: 11, source: 1, type: 0 },
  { month: 0, day: 13, cycle: 0, amount: 7000, cost: null, status: 'open', stage: 'proposal', probability: 0.2, rep: 2, customer: 5, source: 2, type: 0 },
];

/** Example plan targets per rep and spend per source for the current month. */
const PLAN_TARGETS = [25000, 30000, 20000];
const SPEND_AMOUNTS = [1500, 800, 2700];

/** The day `day` of the month `offset` months from the month of `today`, never after today. */
function dayIn(today: number, offset: number, day: number): number {
  const t = civilFromDay(today);
  const index = t.year * 12 + (t.month - 1) + offset;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return Math.min(today, dayFromCivil(year, month, Math.min(day, daysInMonth(year, month))));
}

/** A sheet name as a formula writes it: always quoted, quotes doubled. */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Column letters of a 0-based column. */
function letters(col: number): string {
  let s = '';
  for (let x = col + 1; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A formula string literal. */
function literal(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** The sample deals as deal-sheet rows (FIELDS order). */
function sampleRows(locale: Locale, today: number): TemplateCell[][] {
  const people = PEOPLE[locale];
  const status = TEMPLATE_STATUS[locale];
  return SAMPLE.map((d, i) => {
    const open = d.status === 'open';
    const closed = open ? null : dayIn(today, d.month, d.day);
    const created = open ? dayIn(today, d.month, d.day) : (closed as number) - d.cycle;
    // Qualified a third of the way through a closed deal, two days in for a likely open one; never after today.
    const qualified = open ? ((d.probability ?? 0) >= 0.4 ? Math.min(today, created + 2) : null) : created + Math.ceil(d.cycle / 3);
    const date = (day: number | null): TemplateCell => (day === null ? null : { date: formatDay(day) });
    const row: Record<Field, TemplateCell> = {
      id: `D-${String(i + 1).padStart(3, '0')}`,
      created: date(created),
      qualified: date(qualified),
      closed: date(closed),
      amount: d.amount,
      cost: d.cost,
      status: status[d.status],
      stage: people.stages[open ? (d.stage ?? 'proposal') : d.status === 'won' ? 'won' : 'lost'],
      probability: open ? (d.probability ?? null) : null,
      rep: people.reps[d.rep],
      customer: people.customers[d.customer],
      source: people.sources[d.source],
      type: TEMPLATE_TYPES[locale][d.type],
    };
    return FIELDS.map((f) => row[f]);
  });
}

/** A rectangle of one format. */
function fill<T>(rows: number, cols: number, f: (r: number, c: number) => T): T[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => f(r, c)));
}

/** The template for `options` (see the module's comment). */
export function templateSpec(options: TemplateOptions): TemplateSpec {
  const locale: Locale = options.locale === 'ru' ? 'ru' : 'en';
  const today = options.today;
  if (!Number.isInteger(today)) throw new Error(`templateSpec: today must be a day number, got ${String(today)}`);
  const text = locale === 'ru' ? TEXT_RU : TEXT;
  const names: Record<TemplateSheetKey, string> = { ...TEMPLATE_SHEET_NAMES[locale], ...options.names };
  const people = PEOPLE[locale];
  const status = TEMPLATE_STATUS[locale];
  const monthStart = dayIn(today, 0, 1);
  const t = civilFromDay(today);
  const nextMonthStart = monthStart + daysInMonth(t.year, t.month);

  // Deals: header, then the sample.
  const dealRows = options.sample ? sampleRows(locale, today) : [];
  const deals: TemplateSheet = {
    key: 'deals', name: names.deals,
    cells: [FIELDS.map((f) => TEMPLATE_HEADERS[locale][f]), ...dealRows],
    formats: [FIELDS.map(() => 'text' as const), ...dealRows.map(() => FIELDS.map((f) => FIELD_LOOK[f].format))],
    columnFormats: FIELDS.map((f) => FIELD_LOOK[f].format),
    widths: FIELDS.map((f) => FIELD_LOOK[f].width),
    boldRows: [0], frozenRows: 1,
  };

  const month = { date: formatDay(monthStart) };
  const plan: TemplateSheet = {
    key: 'plan', name: names.plan,
    cells: [text.plan, ...people.reps.map((rep, i) => [month, rep, PLAN_TARGETS[i]])],
    formats: [['text', 'text', 'text'], ...people.reps.map(() => ['month', 'text', 'money'] as TemplateFormat[])],
    columnFormats: ['month', 'text', 'money'], widths: [90, 140, 100], boldRows: [0], frozenRows: 1,
  };
  const spend: TemplateSheet = {
    key: 'spend', name: names.spend,
    cells: [text.spend, ...people.sources.map((source, i) => [month, source, SPEND_AMOUNTS[i]])],
    formats: [['text', 'text', 'text'], ...people.sources.map(() => ['month', 'text', 'money'] as TemplateFormat[])],
    columnFormats: ['month', 'text', 'money'], widths: [90, 170, 100], boldRows: [0], frozenRows: 1,
  };
  const lists: TemplateSheet = {
    key: 'lists', name: names.lists,
    cells: [[text.lists], ...people.reps.map((rep) => [rep])],
    formats: [['text'], ...people.reps.map(() => ['text'] as TemplateFormat[])],
    columnFormats: ['text'], widths: [160], boldRows: [0], frozenRows: 1,
  };

  const { kpi, kpiRows } = kpiSheet(locale, text, names);
  const sheets = [deals, plan, spend, kpi, lists];

  const statusCol = FIELDS.indexOf('status');
  const validations: TemplateValidation[] = [
    { sheet: 'deals', column: statusCol, firstRow: 2, rule: { list: [status.won, status.lost, status.open] }, strict: true, help: text.statusHelp },
    { sheet: 'deals', column: FIELDS.indexOf('rep'), firstRow: 2, rule: { range: { sheet: 'lists', column: 0, firstRow: 2 } }, strict: false, help: text.repHelp },
    { sheet: 'deals', column: FIELDS.indexOf('type'), firstRow: 2, rule: { list: [...TEMPLATE_TYPES[locale]] }, strict: true, help: text.typeHelp },
  ];
  return {
    locale, today: formatDay(today), monthStart: formatDay(monthStart), nextMonthStart: formatDay(nextMonthStart),
    sheets, validations, kpiRows, rows: ROWS, formats: formatsFor(locale), sampleDeals: dealRows.length,
    namedRange: { name: options.rangeName ?? TEMPLATE_RANGE_NAME, sheet: 'deals', firstColumn: 0, lastColumn: FIELDS.length - 1 },
  };
}

/** The KPI sheet: title, the month's first day (B2) and the next month's (B3), a header in row 5, then one row per KPI. */
function kpiSheet(locale: Locale, text: typeof TEXT, names: Record<TemplateSheetKey, string>): { kpi: TemplateSheet; kpiRows: TemplateKpiRow[] } {
  const d = quoteSheetName(names.deals);
  const col = (f: Field): string => `${d}!$${letters(FIELDS.indexOf(f))}:$${letters(FIELDS.indexOf(f))}`;
  const status = col('status');
  const amount = col('amount');
  const closed = col('closed');
  const created = col('created');
  const word = TEMPLATE_STATUS[locale];
  const is = (s: 'won' | 'lost' | 'open'): string => `${status},${literal(word[s])}`;
  const start = '$B$2';
  const end = '$B$3';
  const inMonth = (r: string): string => `${r},">="&${start},${r},"<"&${end}`;
  const deals = `${d}!A:M`;
  const plan = quoteSheetName(names.plan);
  const spend = quoteSheetName(names.spend);

  const rows: { id: string; label?: string; formula: (at: Record<string, string>) => string; format: TemplateFormat; addOn?: boolean }[] = [
    { id: 'sales_volume', format: 'money', formula: () => `=SUMIFS(${amount},${is('won')},${inMonth(closed)})` },
    // Refunds (won rows with a negative amount) are not deals (§6).
    { id: 'deals_won', format: 'integer', formula: () => `=COUNTIFS(${is('won')},${inMonth(closed)})-COUNTIFS(${is('won')},${inMonth(closed)},${amount},"<0")` },
    { id: 'deals_lost', format: 'integer', formula: () => `=COUNTIFS(${is('lost')},${inMonth(closed)})` },
    { id: 'win_rate', format: 'percent', formula: (at) => `=IFERROR(${at.deals_won}/(${at.deals_won}+${at.deals_lost}),"")` },
    // The mean of the readable amounts, net of refunds: won deals without an amount are left out of both sides.
    { id: 'avg_deal', format: 'money', formula: (at) => `=IFERROR(${at.sales_volume}/COUNTIFS(${is('won')},${inMonth(closed)},${amount},">=0"),"")` },
    // Open at the month's end: created before it and open now, or closed on or after it (a refund never was open).
    {
      id: 'pipeline_count', format: 'integer',
      formula: () => `=COUNTIFS(${is('open')},${created},"<"&${end})+COUNTIFS(${is('won')},${created},"<"&${end},${closed},">="&${end})` +
        `+COUNTIFS(${is('lost')},${created},"<"&${end},${closed},">="&${end})-COUNTIFS(${is('won')},${created},"<"&${end},${closed},">="&${end},${amount},"<0")`,
    },
    {
      id: 'pipeline_value', format: 'money',
      formula: () => `=SUMIFS(${amount},${is('open')},${created},"<"&${end})+SUMIFS(${amount},${is('lost')},${created},"<"&${end},${closed},">="&${end})` +
        `+SUMIFS(${amount},${is('won')},${created},"<"&${end},${closed},">="&${end},${amount},">=0")`,
    },
    { id: 'plan', label: text.planRow, format: 'money', formula: () => `=SUMIFS(${plan}!$C:$C,${plan}!$A:$A,">="&${start},${plan}!$A:$A,"<"&${end})` },
    { id: 'plan_attainment', format: 'percent', formula: (at) => `=IFERROR(${at.sales_volume}/${at.plan},"")` },
    { id: 'spend', label: text.spendRow, format: 'money', formula: () => `=SUMIFS(${spend}!$C:$C,${spend}!$A:$A,">="&${start},${spend}!$A:$A,"<"&${end})` },
    { id: 'sales_growth', format: 'percent', addOn: true, formula: () => `=SALES_GROWTH(${deals},${start})` },
    { id: 'new_customers', format: 'integer', addOn: true, formula: () => `=NEW_CUSTOMERS(${deals},${start})` },
    { id: 'cac', format: 'money', addOn: true, formula: () => `=CAC(${deals},${spend}!A:C,${start})` },
    { id: 'ltv', format: 'money', addOn: true, formula: () => `=LTV(${deals},${start})` },
    { id: 'sales_cycle', format: 'days', addOn: true, formula: () => `=SALES_CYCLE(${deals},${start})` },
  ];
  const FIRST = 6;
  const at: Record<string, string> = Object.fromEntries(rows.map((r, i) => [r.id, `B${FIRST + i}`]));
  const kpiRows: TemplateKpiRow[] = rows.map((r, i) => {
    const def = findKpi(r.id);
    const label = r.label ?? def?.title[locale];
    if (label === undefined) throw new Error(`templateSpec: no KPI ${r.id}`);
    return { id: r.id, label, formula: r.formula(at), format: r.format, addOn: r.addOn === true, row: FIRST + i };
  });
  const cells: TemplateCell[][] = [
    [text.title, null, null],
    [text.monthStart, { formula: '=EOMONTH(TODAY(),-1)+1' }, text.monthNote],
    [text.nextMonth, { formula: '=EOMONTH(B2,0)+1' }, null],
    [null, null, null],
    text.kpiHeader,
    ...kpiRows.map((r) => [r.label, { formula: r.formula }, r.addOn ? text.needsAddOn : null]),
  ];
  const formats: TemplateFormat[][] = fill(cells.length, 3, (r, c) => {
    if (c !== 1) return 'text';
    if (r === 1 || r === 2) return 'date';
    return r >= FIRST - 1 ? kpiRows[r - FIRST + 1].format : 'text';
  });
  return {
    kpi: {
      key: 'kpi', name: names.kpi, cells, formats, columnFormats: ['text', 'general', 'text'], widths: [230, 130, 330],
      boldRows: [0, FIRST - 2], frozenRows: 0,
    },
    kpiRows,
  };
}

/** A template cell's day as a UTC-midnight Date (how XLSX files and a UTC spreadsheet hand dates over). */
export function templateDate(cell: { readonly date: string }): Date {
  return new Date(`${cell.date}T00:00:00Z`);
}

/** A sheet's cells as the engine reads a range: text, numbers, Dates at UTC midnight, formulas as their text, '' for blanks. */
export function templateGrid(sheet: TemplateSheet): unknown[][] {
  return sheet.cells.map((row) => row.map((cell) => {
    if (cell === null) return '';
    if (typeof cell === 'object') return 'date' in cell ? templateDate(cell) : cell.formula;
    return cell;
  }));
}
