/** Every label of the summary sheet that is not a KPI title (those come from the catalog), in English and Russian. */

import type { Locale } from '../locale';

/** The languages of the summary's labels (the type lives in engine/locale.ts, which the core can import). */
export type { Locale };

/** The label table: one entry per key, English and Russian. `{name}` marks a value filled in by `fill`. */
const LABELS = {
  sheetName: ['KPI summary', 'Сводка KPI'],
  title: ['Sales KPI summary', 'Сводка KPI продаж'],
  dealSheet: ['Deal sheet', 'Лист сделок'],
  period: ['Period', 'Период'],
  lastMonthWithData: ['the last whole month with data', 'последний полный месяц с данными'],
  wholeTable: ['the whole table', 'вся таблица'],
  noDates: ['the whole table: it has no readable dates', 'вся таблица: в ней нет читаемых дат'],
  rowsReadUsed: ['{read} rows read, {used} used', 'строк прочитано: {read}, использовано: {used}'],
  generated: ['generated {date}', 'сформировано {date}'],

  overview: ['Overview', 'Обзор'],
  byPeriod: ['By period', 'По периодам'],
  byRep: ['By rep', 'По менеджерам'],
  bySource: ['By source / campaign', 'По источникам и кампаниям'],
  pipeline: ['Pipeline', 'Воронка'],
  customerValue: ['Customer value', 'Ценность клиентов'],
  dataQuality: ['Data quality', 'Качество данных'],

  kpi: ['KPI', 'Показатель'],
  value: ['Value', 'Значение'],
  previous: ['Previous', 'Предыдущий'],
  change: ['Change', 'Изменение'],
  trend: ['Trend', 'Тренд'],
  target: ['Target', 'План'],
  status: ['Status', 'Статус'],
  good: ['Good', 'Норма'],
  warn: ['Watch', 'Внимание'],
  bad: ['Poor', 'Плохо'],
  changeRule: [
    'Change against the previous period: for money, counts, days and ratios relative, in % (the difference divided ' +
      'by the previous value); for rates, the difference in percentage points (pp).',
    'Изменение к предыдущему периоду: для денег, количеств, дней и отношений — относительное, в % (разница, делённая ' +
      'на предыдущее значение); для долей — разница в процентных пунктах (п.п.).',
  ],
  trendRule: [
    '▲ the value went up, ▼ down, — unchanged. Green where that direction is good for the KPI, red where it is bad ' +
      '(a shorter sales cycle is a green ▼, more lost deals a red ▲).',
    '▲ — значение выросло, ▼ — снизилось, «—» — не изменилось. Зелёный — изменение к лучшему для показателя, ' +
      'красный — к худшему (короче цикл сделки — зелёный ▼, больше проигранных сделок — красный ▲).',
  ],
  statusRule: [
    'Against the plan where there is one: at or above {green} of target good, from {amber} watch, below poor. ' +
      'Otherwise the benchmarks: win rate below {winRed} poor; LTV:CAC at least {ltvGreen} good, below {ltvRed} poor, ' +
      'else watch; CAC payback under {payback} months good, else watch.',
    'По плану, где он есть: от {green} плана — норма, от {amber} — внимание, ниже — плохо. Иначе по ориентирам: доля ' +
      'выигранных сделок ниже {winRed} — плохо; LTV:CAC от {ltvGreen} — норма, ниже {ltvRed} — плохо, иначе внимание; ' +
      'окупаемость CAC меньше {payback} мес. — норма, иначе внимание.',
  ],
  noPrevious: ['the whole table has no previous period', 'у всей таблицы нет предыдущего периода'],
  previousIsZero: ['the previous value is 0', 'предыдущее значение равно 0'],
  targetIsPlan: ['the plan for the period', 'план на период'],
  targetIsFull: ['100 % of the plan', '100 % плана'],

  granularity_day: ['Day', 'День'],
  granularity_week: ['Week', 'Неделя'],
  granularity_month: ['Month', 'Месяц'],
  granularity_quarter: ['Quarter', 'Квартал'],
  granularity_year: ['Year', 'Год'],
  granularity_fiscalQuarter: ['Fiscal quarter', 'Финансовый квартал'],
  granularity_fiscalYear: ['Fiscal year', 'Финансовый год'],
  fiscalYearFrom: ['fiscal year from {month}', 'финансовый год с {month}'],
  noBuckets: ['The table has no readable dates, so it has no periods.', 'В таблице нет читаемых дат, поэтому нет и периодов.'],
  chartByPeriod: ['Sales volume and deals won by period', 'Объём продаж и выигранные сделки по периодам'],

  rep: ['Rep', 'Менеджер'],
  plan: ['Plan', 'План'],
  attainment: ['Plan attainment', 'Выполнение плана'],
  chartByRep: ['Sales by rep against plan', 'Продажи менеджеров против плана'],
  chartByRepNoPlan: ['Sales by rep', 'Продажи менеджеров'],
  forPeriod: ['for {period}', 'за {period}'],

  source: ['Source / campaign', 'Источник / кампания'],
  leads: ['Leads', 'Лиды'],
  leadsNote: [
    'Leads created in the period (won, lost or open; refunds are not leads).',
    'Лиды, созданные в периоде (выигранные, проигранные и открытые; возвраты — не лиды).',
  ],
  blankGroup: ['(blank)', '(пусто)'],
  blankGroupValues: [
    'Rows with this column empty; their numbers are values, not formulas.',
    'Строки с пустым значением в этом столбце; их числа записаны значениями, а не формулами.',
  ],

  measure: ['Measure', 'Показатель'],
  atEndOf: ['At the end of {period}', 'На конец {period}'],
  now: ['Now', 'Сейчас'],
  weightedPipeline: ['Weighted pipeline value', 'Взвешенный объём воронки'],
  openDealsAt: ['Open deals at the end of {period}, by DEAL_SCORE', 'Открытые сделки на конец {period} по DEAL_SCORE'],
  openDealsNow: ['Open deals now, by DEAL_SCORE', 'Открытые сделки сейчас по DEAL_SCORE'],
  noOpenDeals: ['No open deals.', 'Открытых сделок нет.'],
  moreDeals: ['{n} more open deals are not listed.', 'Ещё открытых сделок, не показанных здесь: {n}.'],
  scoreNote: [
    'DEAL_SCORE scores the deals open now (1–5, the quintile of expected value); a deal closed since has none.',
    'DEAL_SCORE оценивает сделки, открытые сейчас (1–5, квинтиль ожидаемой суммы); у закрытых с тех пор оценки нет.',
  ],
  row: ['Row', 'Строка'],
  deal: ['Deal', 'Сделка'],
  created: ['Created', 'Создана'],
  stage: ['Stage', 'Этап'],
  amount: ['Amount', 'Сумма'],
  probability: ['Probability', 'Вероятность'],
  expectedValue: ['Expected value', 'Ожидаемая сумма'],
  expectedValueNote: [
    'Amount × probability; without a probability, × the win rate (won + 1) / (closed + 2) of the deal\'s source.',
    'Сумма × вероятность; без вероятности — × доля выигранных (выигр. + 1) / (закрытых + 2) по источнику сделки.',
  ],

  customerValueAt: ['Customer value at {date}', 'Ценность клиентов на {date}'],
  customerValueNone: ['Customer value cannot be predicted: {reason}.', 'Ценность клиентов не рассчитана: {reason}.'],
  firstSource: ['Source / campaign of the first purchase', 'Источник / кампания первой покупки'],
  firstRep: ['Rep of the first purchase', 'Менеджер первой покупки'],
  customers: ['Customers', 'Клиентов'],
  meanClv: ['Mean predicted CLV', 'Средняя прогнозная CLV'],
  totalClv: ['Predicted CLV total', 'Прогнозная CLV, всего'],
  clvNote: [
    'Predicted CLV: the gross margin (× {margin}) of the purchases BG/NBD and Gamma-Gamma expect from the customer in the ' +
      '12 months after {date}, not discounted (as CLV_TABLE with its defaults).',
    'Прогнозная CLV: валовая маржа (× {margin}) покупок, которые модели BG/NBD и Gamma-Gamma ожидают от клиента за ' +
      '12 месяцев после {date}, без дисконтирования (как CLV_TABLE по умолчанию).',
  ],
  modelsFailed: ['the models could not be fitted ({error})', 'модели не удалось построить ({error})'],
  noExpectedValue: [
    'Gamma-Gamma gives one-time buyers no expected value on this table (q ≤ 1), so the group has no CLV.',
    'Модель Gamma-Gamma не даёт разовым покупателям ожидаемой ценности на этой таблице (q ≤ 1), поэтому у группы нет CLV.',
  ],
  noExpectedPurchases: [
    'BG/NBD gives some customers of the group no expected number of purchases at its fitted parameters, so the group has no CLV.',
    'Модель BG/NBD при найденных параметрах не даёт части клиентов группы ожидаемого числа покупок, поэтому у группы нет CLV.',
  ],
  aliveBand: ['P(alive) band', 'Группа по P(alive)'],
  aliveNote: [
    'P(alive): the BG/NBD probability that the customer is still buying at {date}, from how often and how recently they bought.',
    'P(alive): вероятность по модели BG/NBD, что клиент на {date} всё ещё покупает, — по тому, как часто и как давно он покупал.',
  ],
  bandActive: ['Active (P ≥ 0.7)', 'Активные (P ≥ 0,7)'],
  bandAtRisk: ['At risk (0.3 ≤ P < 0.7)', 'Под угрозой (0,3 ≤ P < 0,7)'],
  bandLost: ['Likely lost (P < 0.3)', 'Вероятно ушли (P < 0,3)'],
  customerShare: ['Share of customers', 'Доля клиентов'],
  revenueToDate: ['Revenue to date', 'Выручка на дату'],
  revenueNote: [
    'The customers\' purchases up to {date}: won deals with an amount of 0 or more (refunds are not counted).',
    'Покупки клиентов по {date} включительно: выигранные сделки с суммой от 0 (возвраты не учитываются).',
  ],
  fittedOn: [
    'BG/NBD and Gamma-Gamma fitted on {customers} customers ({repeat} bought again) with their purchases up to {date}, in weeks. ' +
      'A customer counts for the source and rep of their first purchase. These numbers are values that "Explain selected KPI" ' +
      'cannot break down: CLV_TABLE lists each customer\'s.',
    'Модели BG/NBD и Gamma-Gamma построены по покупкам клиентов по {date}, в неделях: клиентов {customers}, повторно купили {repeat}. ' +
      'Клиент относится к источнику и менеджеру своей первой покупки. Эти числа записаны значениями, «Пояснить выбранный ' +
      'показатель» их не раскладывает: по каждому клиенту — CLV_TABLE.',
  ],

  rows: ['Rows', 'Строк'],
  rowsRead: ['Rows read', 'Прочитано строк'],
  rowsReadNote: [
    'Rows under the header down to the last non-blank one: used + blank + with issues.',
    'Строки под заголовком до последней непустой: использованные + пустые + с ошибками.',
  ],
  rowsUsed: ['Rows used', 'Использовано строк'],
  blankRows: ['Blank rows', 'Пустых строк'],
  rowsWithIssues: ['Rows with issues', 'Строк с ошибками'],
  rowsWithIssuesNote: [
    'A row with an unreadable value is left out only of the KPIs that need that value.',
    'Строка с нечитаемым значением исключается только из показателей, которым нужно это значение.',
  ],
  column: ['Column', 'Столбец'],
  reason: ['Reason', 'Причина'],
  noIssues: ['No issues: every cell was read.', 'Ошибок нет: все ячейки прочитаны.'],
  moreIssues: ['{n} more issues are not listed.', 'Ещё ошибок, не показанных здесь: {n}.'],

  valuesNote: ['Written as values, not formulas: {list}.', 'Записаны значениями, а не формулами: {list}.'],
  liveNeedsCells: [
    'Live formulas need the deal sheet\'s cells; every number is written as a value.',
    'Для живых формул нужны ячейки листа сделок; все числа записаны значениями.',
  ],
  liveUnsafe: [
    'Some numbers are values, not formulas: the {column} column has texts that spreadsheet criteria cannot tell apart reliably ({example}).',
    'Часть чисел записана значениями, а не формулами: в столбце {column} есть тексты, которые условия формул не различают надёжно ({example}).',
  ],
} as const;

/** A key of the label table. */
export type LabelKey = keyof typeof LABELS;

/** The label `key` in `locale`, with each `{name}` replaced by `vars[name]`. */
export function label(locale: Locale, key: LabelKey, vars: Readonly<Record<string, string | number>> = {}): string {
  const text: string = LABELS[key][locale === 'ru' ? 1 : 0];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Month names (1..12) as "from {month}" needs them: English, and Russian in the genitive (с апреля). */
const MONTHS: readonly (readonly [string, string])[] = [
  ['January', 'января'], ['February', 'февраля'], ['March', 'марта'], ['April', 'апреля'], ['May', 'мая'], ['June', 'июня'],
  ['July', 'июля'], ['August', 'августа'], ['September', 'сентября'], ['October', 'октября'], ['November', 'ноября'], ['December', 'декабря'],
];

/** "fiscal year from April" (финансовый год с апреля) for a fiscal year starting with month `m` (1..12). */
export function fiscalYearText(locale: Locale, m: number): string {
  return label(locale, 'fiscalYearFrom', { month: MONTHS[m - 1][locale === 'ru' ? 1 : 0] });
}

/** A whole number with thousands grouped the way the locale writes it: 2,000 or 2 000. */
export function groupThousands(locale: Locale, n: number): string {
  const sep = locale === 'ru' ? '\u00a0' : ',';
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** A fraction as a percentage for labels: 0.9 → "90 %". */
export function percentText(x: number): string {
  return `${Math.round(x * 1000) / 10} %`;
}
