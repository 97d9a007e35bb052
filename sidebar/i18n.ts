/** The sidebar's labels in English and Russian; `state.locale` picks one. `{name}` marks a value put in. */
import type { Locale } from '../src/addon/api';

const en = {
  title: 'Sales KPI summary',
  loading: 'Loading…',

  tableLegend: 'Deal table',
  table: 'Table',
  tableOption: '{sheet} · {range} · {rows} rows',
  tableSheet: '{sheet} · {rows} rows',
  tableSelection: 'Selection: {sheet}!{range}',
  tableSaved: 'Last build: {table}',
  noTable: '— no table found —',
  noTables: 'No deal table was found. Select the table with its header row, then press “Use selection”.',
  useSelection: 'Use selection',
  errNoSelection: 'Select the deal table (with its header row) in the sheet first.',

  mappingLegend: 'Columns',
  mappingHint: 'The columns as detected. Correct any that are wrong.',
  notMapped: '— not mapped —',
  blankHeader: '(no header)',
  headerOption: '{header} ({column})',
  field_id: 'Deal ID',
  field_created: 'Created',
  field_qualified: 'Qualified',
  field_closed: 'Closed',
  field_amount: 'Amount',
  field_cost: 'Cost',
  field_status: 'Status',
  field_stage: 'Stage',
  field_probability: 'Probability',
  field_rep: 'Rep',
  field_customer: 'Customer',
  field_source: 'Source',
  field_type: 'Deal type',

  preview: 'First rows as they will be read',
  previewRow: 'Row',
  previewIssues: 'Issues',
  rowsSummary: 'Data rows: {rows}. Rows with issues: {issues}.',
  inspecting: 'Reading the table…',

  periodLegend: 'Period',
  granularity: 'Group by',
  gran_day: 'Day',
  gran_week: 'Week',
  gran_month: 'Month',
  gran_quarter: 'Quarter',
  gran_year: 'Year',
  period: 'Period',
  periodPlaceholder: 'Last whole month with data',
  periodHelp: 'For example 2024-03, 2024-Q1 or 2024. Empty: the last whole month with data.',

  kpisLegend: 'KPIs',
  kpisAll: 'All',
  kpisNone: 'None',
  kpiNeeds: 'Needs the column: {fields}',
  kpiUnavailable: 'Not available with the mapped columns',

  optionsLegend: 'Options',
  plan: 'Plan table',
  spend: 'Spend table',
  none: 'None',
  sideOption: '{sheet} · {range}',
  live: 'Live formulas (recalculate when the deals change)',
  locale: 'Summary language',
  locale_en: 'English',
  locale_ru: 'Русский',

  build: 'Build summary',
  building: 'Building…',
  progress: 'Progress',
  step_reading: 'Reading the deal table',
  step_computing: 'Computing the KPIs',
  step_writing: 'Writing the summary sheet',
  state_pending: 'waiting',
  state_active: 'in progress',
  state_done: 'done',
  state_failed: 'failed',
  built: 'The summary is ready.',
  errNoKpi: 'Choose at least one KPI.',
  errNoTable: 'Choose a deal table.',

  resultTitle: 'Summary ready',
  openSheet: 'Open “{sheet}”',
  resultPeriod: 'Period: {period}',
  rowsRead: 'Rows read: {n}',
  liveFigures: 'Live formulas: {live} of {n} figures',
  rowsUsed: 'Rows used: {n}',
  rowsSkipped: 'Rows skipped: {n}',
  issuesTitle: 'Skipped values',
  issuesShown: 'The first {shown} of {total}.',
  colRow: 'Row',
  colColumn: 'Column',
  colValue: 'Value',
  colReason: 'Reason',
  goToRow: 'Go to row {row}',
  noIssues: 'No rows were skipped.',

  explain: 'Explain selected KPI',
  explainHint: 'Select a value on a summary sheet, then press the button.',
  explainPeriod: 'Period',
  explainGroup: 'Group',
  explainValue: 'Value',
  explainFormula: 'Formula',
  explainParts: 'Computed from',
  explainRows: 'Deal rows: {n}',
  explainRowsMore: 'The first {shown} are listed.',
  noRows: 'No deal rows.',
};

/** A label's key. */
export type Key = keyof typeof en;

const ru: Record<Key, string> = {
  title: 'Сводка KPI продаж',
  loading: 'Загрузка…',

  tableLegend: 'Таблица сделок',
  table: 'Таблица',
  tableOption: '{sheet} · {range} · строк: {rows}',
  tableSheet: '{sheet} · строк: {rows}',
  tableSelection: 'Выделение: {sheet}!{range}',
  tableSaved: 'Прошлая сборка: {table}',
  noTable: '— таблица не найдена —',
  noTables: 'Таблица сделок не найдена. Выделите таблицу вместе со строкой заголовков и нажмите «Взять выделение».',
  useSelection: 'Взять выделение',
  errNoSelection: 'Сначала выделите на листе таблицу сделок вместе со строкой заголовков.',

  mappingLegend: 'Столбцы',
  mappingHint: 'Столбцы, как они распознаны. Исправьте, если что-то не так.',
  notMapped: '— не задан —',
  blankHeader: '(без заголовка)',
  headerOption: '{header} ({column})',
  field_id: 'ID сделки',
  field_created: 'Дата создания',
  field_qualified: 'Квалифицирована',
  field_closed: 'Дата закрытия',
  field_amount: 'Сумма',
  field_cost: 'Себестоимость',
  field_status: 'Статус',
  field_stage: 'Этап',
  field_probability: 'Вероятность',
  field_rep: 'Менеджер',
  field_customer: 'Клиент',
  field_source: 'Источник',
  field_type: 'Тип сделки',

  preview: 'Первые строки так, как они будут прочитаны',
  previewRow: 'Строка',
  previewIssues: 'Ошибки',
  rowsSummary: 'Строк данных: {rows}. Строк с ошибками: {issues}.',
  inspecting: 'Читаю таблицу…',

  periodLegend: 'Период',
  granularity: 'Группировка',
  gran_day: 'День',
  gran_week: 'Неделя',
  gran_month: 'Месяц',
  gran_quarter: 'Квартал',
  gran_year: 'Год',
  period: 'Период',
  periodPlaceholder: 'Последний полный месяц с данными',
  periodHelp: 'Например 2024-03, 2024-Q1 или 2024. Пусто: последний полный месяц с данными.',

  kpisLegend: 'Показатели',
  kpisAll: 'Все',
  kpisNone: 'Ни одного',
  kpiNeeds: 'Нужен столбец: {fields}',
  kpiUnavailable: 'Недоступно с заданными столбцами',

  optionsLegend: 'Параметры',
  plan: 'Таблица плана',
  spend: 'Таблица расходов',
  none: 'Нет',
  sideOption: '{sheet} · {range}',
  live: 'Живые формулы (пересчитываются при изменении сделок)',
  locale: 'Язык сводки',
  locale_en: 'English',
  locale_ru: 'Русский',

  build: 'Построить сводку',
  building: 'Строю…',
  progress: 'Ход работы',
  step_reading: 'Чтение таблицы сделок',
  step_computing: 'Расчёт показателей',
  step_writing: 'Запись листа сводки',
  state_pending: 'ожидает',
  state_active: 'выполняется',
  state_done: 'готово',
  state_failed: 'ошибка',
  built: 'Сводка готова.',
  errNoKpi: 'Выберите хотя бы один показатель.',
  errNoTable: 'Выберите таблицу сделок.',

  resultTitle: 'Сводка готова',
  openSheet: 'Открыть «{sheet}»',
  resultPeriod: 'Период: {period}',
  rowsRead: 'Прочитано строк: {n}',
  liveFigures: 'Живые формулы: {live} из {n} показателей',
  rowsUsed: 'Использовано строк: {n}',
  rowsSkipped: 'Пропущено строк: {n}',
  issuesTitle: 'Пропущенные значения',
  issuesShown: 'Первые {shown} из {total}.',
  colRow: 'Строка',
  colColumn: 'Столбец',
  colValue: 'Значение',
  colReason: 'Причина',
  goToRow: 'Перейти к строке {row}',
  noIssues: 'Пропущенных строк нет.',

  explain: 'Объяснить выбранный KPI',
  explainHint: 'Выделите значение на листе сводки и нажмите кнопку.',
  explainPeriod: 'Период',
  explainGroup: 'Группа',
  explainValue: 'Значение',
  explainFormula: 'Формула',
  explainParts: 'Из чего посчитано',
  explainRows: 'Строк сделок: {n}',
  explainRowsMore: 'Показаны первые {shown}.',
  noRows: 'Строк сделок нет.',
};

/** Both dictionaries, for the tests. */
export const DICTIONARIES: Readonly<Record<Locale, Readonly<Record<Key, string>>>> = { en, ru };

/** Values put into a label. */
export type Params = Readonly<Record<string, string | number>>;
/** A label in the chosen language, with its `{name}` marks filled in. */
export type Translate = (key: Key, params?: Params) => string;

/** Fills in `{name}` marks; an unknown mark stays as it is. */
export function fill(text: string, params: Params = {}): string {
  return text.replace(/\{(\w+)\}/g, (mark, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : mark);
}

/** The labels of a language (English for anything else). */
export function translator(locale: string): Translate {
  const dict = locale === 'ru' ? ru : en;
  return (key, params) => fill(dict[key] ?? en[key] ?? key, params);
}
