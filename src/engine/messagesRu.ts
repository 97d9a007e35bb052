/**
 * The custom functions' error messages in Russian (issue 9, point 6): what `=WIN_RATE(…)` shows in its #ERROR! tooltip
 * when the spreadsheet's locale is Russian. Function names, KPI ids, argument names, the values the user typed and
 * column headers stay as they are; a field is named as §1 of the spec names it in Russian, with its id: «дата закрытия»
 * (`closed`).
 *
 * Why a table of patterns over the English messages, rather than a code and params per message as issueReasons.ts has:
 * - **Size.** Every custom function call loads Code.js, which must stay under 150 KB; this table must not be in it. It
 *   is bundled into Server.js only (src/addon/serverIndex.ts exports it as `russianMessage_`), and Code.js asks for it
 *   only when a call fails in a Russian spreadsheet (src/addon/functions.ts). A code per message would put a table of
 *   English templates and the codes and params of ~60 sites into Code.js, and carry them through every `named`.
 * - **Composition.** The messages nest: a missing column inside a snapshot message, a tally inside a no-value reason,
 *   a cell's read reason inside a plan row's message, a function name before it all (`KPI_TABLE: WIN_RATE: …`). A
 *   pattern translates the part it knows and hands the nested part back to the table.
 * - **Not invasive.** The engine's ~60 sites across a dozen modules (and the customer-value functions being added)
 *   keep writing plain English, which the local command and every existing test read.
 * What keeps it from drifting silently: test/engine/messagesRu.test.ts drives every error site of the engine with a
 * bad call (and every no-value reason) and fails when a message has no Russian rendering, or when a source file gains
 * an error site its corpus does not know (it counts them per file). At run time a message no pattern matches as a
 * whole stays English: never half translated.
 */
import type { Field } from './fields';
import { ISSUE_REASONS, type IssueCode } from './issueReasons';

/** Russian names of the deal-table fields, from §1's synonyms. */
const FIELD_RU: Readonly<Record<Field, string>> = {
  id: 'id сделки', created: 'дата создания', qualified: 'дата квалификации', closed: 'дата закрытия', amount: 'сумма',
  cost: 'себестоимость', status: 'статус', stage: 'этап', probability: 'вероятность', rep: 'менеджер',
  customer: 'клиент', source: 'источник', type: 'тип сделки',
};

/** A side table in Russian: its name in the genitive and its shape, in header words the reader accepts. */
const SIDES: Readonly<Record<string, { readonly of: string; readonly shape: string; readonly en: string }>> = {
  plan: { of: 'плана', shape: 'период, [менеджер], план', en: 'period, [rep], target' },
  spend: { of: 'расходов', shape: 'дата или период, сумма, [источник]', en: 'date or period, amount, [source]' },
};

/** A side table's value column in the genitive: «нет столбца цели». */
const VALUE_OF: Readonly<Record<string, string>> = { target: 'цели', amount: 'суммы' };

/** A baseline's unit in the genitive: «нет месяца». */
const UNIT_OF: Readonly<Record<string, string>> = {
  day: 'дня', week: 'недели', month: 'месяца', quarter: 'квартала', year: 'года', period: 'периода',
};

/** The deal sets of a tally in the genitive plural (definition.ts DEAL_SETS' nouns). */
const DEALS_OF: Readonly<Record<string, string>> = {
  'won deals': 'выигранных сделок', 'lost deals': 'проигранных сделок',
  'won or lost deals': 'выигранных или проигранных сделок', leads: 'лидов',
};

/** What a tally's deals must have (definition.ts describeTally). */
const WITH: Readonly<Record<string, string>> = {
  'a creation date': 'с датой создания', 'an amount and a cost': 'с суммой и себестоимостью', 'an amount': 'с суммой',
};

/** Why a value divided by zero is undefined: the second half of "X is 0: why". */
const ZERO_WHY: Readonly<Record<string, string>> = {
  'attainment of a zero target is undefined': 'выполнение нулевого плана не определено',
  'the cost per customer is undefined': 'стоимость одного клиента не определена',
  'LTV is unbounded': 'LTV не ограничен',
  'LTV:CAC is unbounded': 'LTV:CAC не ограничен',
  'CAC is never paid back': 'CAC никогда не окупится',
  'a per-day rate needs a cycle of at least part of a day': 'для скорости в день нужен цикл хотя бы в часть дня',
  'a share of no leads is undefined': 'доля от нуля лидов не определена',
  'revenue per customer needs at least one customer': 'для выручки на клиента нужен хотя бы один клиент',
  'retention of no customers is undefined': 'удержание при нуле клиентов не определено',
  'churn of no customers is undefined': 'отток при нуле клиентов не определён',
  'growth from nothing is undefined': 'рост от нуля не определён',
};

/** What a customer-value function's number argument must be (clv/calls.ts), in the accusative after «нужно». */
const ARGUMENT_RULES: Readonly<Record<string, string>> = {
  'a number of units ahead, 0 or more (such as 52 weeks)': 'число единиц вперёд, от 0 (например, 52 недели)',
  'a whole number of months, 0 or more': 'целое число месяцев, от 0',
  'an annual rate above −1 (0.1 for 10 %)': 'годовую ставку больше −1 (0.1 — это 10 %)',
};

/** A reader's reason for a cell (issueReasons.ts), English → Russian, for the reasons that name no values. */
const CELL_REASONS: Readonly<Record<string, string>> = Object.fromEntries(
  (Object.keys(ISSUE_REASONS) as IssueCode[])
    .filter((c) => ISSUE_REASONS[c].en.length === 0)
    .map((c) => [(ISSUE_REASONS[c].en as () => string)(), (ISSUE_REASONS[c].ru as () => string)()]),
);

const NOT_A_PERIOD = 'is not a period (use 2024-03, 2024-Q1, 2024, 2024-W05, FY2024-Q1, a date or 2024-03-01..2024-03-10)';

/** Thrown inside a rendering when a part has no Russian: the whole message then stays English. */
class Untranslated extends Error {}

/** Looks a part up in a table; a part the table lacks leaves the message English. */
function pick<T>(table: Readonly<Record<string, T>>, key: string): T {
  if (!Object.prototype.hasOwnProperty.call(table, key)) throw new Untranslated(key);
  return table[key];
}

/** A field as a Russian message names it: «дата закрытия» (`closed`), with the headers looked for if given. */
function column(field: string, lookedFor?: string): string {
  return `«${pick(FIELD_RU, field)}» (\`${field}\`${lookedFor === undefined ? '' : `; искали: ${lookedFor}`})`;
}

/** A period as describePeriod writes it (a label, or "the table"), after a verb: «в 2024-03», «за всё время». */
function inPeriod(p: string): string {
  return p === 'the table' ? 'за всё время' : `в ${p}`;
}

/** The genitive of a count after «из» or «не больше»: 1, 21 аргумента; 2, 5, 11 аргументов. */
function countOf(n: string, one: string, many: string): string {
  const k = Number(n);
  return `${n} ${k % 10 === 1 && k % 100 !== 11 ? one : many}`;
}

/** A side table's shape in Russian: the English shape must be the one the table knows. */
function shapeOf(side: string, en: string): string {
  const s = pick(SIDES, side);
  if (s.en !== en) throw new Untranslated(en);
  return s.shape;
}

/** A side table's name in the genitive: «плана», «расходов». */
function sideOf(side: string): string {
  return pick(SIDES, side).of;
}

/** What sideTables.ts says about a cell ("is not a number", "is a formula error #N/A"), after a dash. */
function cellReason(text: string): string {
  if (text === NOT_A_PERIOD) return '— не период (укажите 2024-03, 2024-Q1, 2024, 2024-W05, FY2024-Q1, дату или 2024-03-01..2024-03-10)';
  if (text === 'is an invalid date') return '— некорректная дата';
  const reason = text.replace(/^is /, '');
  const error = /^a formula error (.+)$/.exec(reason);
  if (error) return `— ${ISSUE_REASONS.formula_error.ru({ error: error[1] })}`;
  // isReason (sideTables.ts) puts "a " before a reason that starts with TRUE/FALSE.
  const known = Object.prototype.hasOwnProperty.call(CELL_REASONS, reason) ? reason : reason.replace(/^a /, '');
  return `— ${pick(CELL_REASONS, known)}`;
}

/** The rest of a side-table row's message, after "plan row 3, column Target: ". */
function rowProblem(text: string): string {
  const cell = /^"([\s\S]*)" (is [\s\S]+)$/.exec(text);
  if (cell) return `«${cell[1]}» ${cellReason(cell[2])}`;
  const negative = /^a target cannot be negative \((.+)\)$/.exec(text);
  if (negative) return `цель не может быть отрицательной (${negative[1]})`;
  const noPeriod = /^no period for the (target|amount) (.+)$/.exec(text);
  if (noPeriod) return `нет периода для ${VALUE_OF[noPeriod[1]]} ${noPeriod[2]}`;
  throw new Untranslated(text);
}

/** A period label as messages write it: "2024-03", "2024-Q1", "2024-02-01..2024-04-30", or "the table". */
const P = '(the table|[^\\s]+)';

/** One pattern: an English message (matched whole) and its Russian, from the pattern's groups. */
type Rule = readonly [RegExp, (g: string[]) => string];

/** Builds an anchored pattern; `P` in the text stands for a period label. */
function re(source: string): RegExp {
  return new RegExp(`^${source.replace(/\bP\b/g, P)}$`, 's');
}

/** Every message a custom function can throw, and every reason a KPI can have no value, by the module that writes it. */
const RULES: readonly Rule[] = [
  // period.ts: the period argument.
  [re('period "(.*)": there is no month (\\d+)'), ([t, n]) => `период «${t}»: месяца ${n} не бывает`],
  [re('period "(.*)": (\\d+) has ISO weeks 1 to (\\d+)'), ([t, y, w]) => `период «${t}»: в ${y} году недели ISO с 1 по ${w}`],
  [
    re('period "(.*)" is not a period: use 2024, 2024-Q1, 2024-03, 2024-W05, 2024-03-15, FY2024, FY2024-Q1, a date, or a two-cell range of dates'),
    ([t]) => `«${t}» — не период: укажите 2024, 2024-Q1, 2024-03, 2024-W05, 2024-03-15, FY2024, FY2024-Q1 (финансовый год), дату или диапазон из двух ячеек с датами`,
  ],
  [re('period "(.*)": the range ends before it starts'), ([t]) => `период «${t}»: диапазон заканчивается раньше, чем начинается`],
  [
    re('period: (.*) in a range is not a date; give two dates, a start and an end'),
    ([c]) => `период: ${c} в диапазоне — не дата; укажите две даты, начало и конец`,
  ],
  [re('period: a range must be two cells, a start date and an end date'), () => 'период: диапазон должен состоять из двух ячеек — даты начала и даты конца'],
  [re('period (.*): a number is read as a year \\(such as 2024\\)'), ([n]) => `период ${n}: число читается как год (например, 2024)`],
  [re('period: (.*) is not a period'), ([x]) => `период: ${x} — не период`],

  // callEnv.ts, read.ts (columns.ts), needs.ts, fields.ts: the deal table and its columns.
  [
    re('deals must be the deal table range with its header row, such as Deals!A1:M'),
    () => 'аргумент deals должен быть диапазоном таблицы сделок вместе со строкой заголовков, например Deals!A1:M',
  ],
  [
    re('the first row must be the header: none of its cells \\((.*)\\) names a known column; looked for: (.*)'),
    ([cells, list]) => cells === 'nothing'
      ? `первая строка должна быть строкой заголовков, но диапазон пуст; искали: ${list}`
      : `первая строка должна быть строкой заголовков, но ни одна из её ячеек (${cells}) не называет известный столбец; искали: ${list}`,
  ],
  [
    re('the deal table has no `(\\w+)` column (to group by )?\\(looked for: ([^)]*)\\)'),
    ([f, purpose, list]) => `в таблице сделок нет столбца ${purpose ? 'для группировки ' : ''}${column(f, list)}`,
  ],
  [
    re('(.*), nor a `stage` to read won and lost from'),
    ([missing]) => `${ru(missing)}, и нет столбца ${column('stage')}, по которому видно, какие сделки выиграны, а какие проиграны`,
  ],
  [
    re('the deal table has no `status` column, so its sales are the rows with an amount, but it has no `amount` column either \\(looked for: (.*)\\)'),
    ([lists]) => `в таблице сделок нет столбца ${column('status')}, поэтому продажи — это строки с суммой, но нет и столбца ${column('amount')}; искали: ${lists}`,
  ],

  // call.ts: the arguments of KPI functions, KPI and KPI_TABLE.
  [re('(\\w+) must be a number, got "(.*)"'), ([n, v]) => `аргумент ${n} должен быть числом, а не «${v}»`],
  [re('stat "(.*)" must be "mean" or "median"'), ([v]) => `аргумент stat должен быть «mean» или «median», а не «${v}»`],
  [re('weighted must be TRUE or FALSE, got "(.*)"'), ([v]) => `аргумент weighted должен быть TRUE или FALSE (ИСТИНА или ЛОЖЬ), а не «${v}»`],
  [re('method "(.*)" must be "simple" or "bgnbd"'), ([v]) => `аргумент method должен быть «simple» или «bgnbd», а не «${v}»`],
  [
    re("(.*); it is needed to take the snapshot at a period's end \\(without a period it is taken now\\)"),
    ([missing]) => `${ru(missing)}; он нужен для снимка на конец периода (без периода снимок делается на сегодня)`,
  ],
  [re('the result is not a finite number'), () => 'результат — не конечное число'],
  [re('the calculator form takes (\\d+) arguments'), ([n]) => `форма калькулятора принимает не больше ${countOf(n, 'аргумента', 'аргументов')}`],
  [re('takes at most (\\d+) arguments: (.*)'), ([n, sig]) => `функция принимает не больше ${countOf(n, 'аргумента', 'аргументов')}: ${sig}`],
  [re('unknown KPI "(.*)"; one of: (.*)'), ([t, ids]) => `неизвестный KPI «${t}»; есть такие: ${ids}`],
  [
    re('(\\w+) needs a (plan|spend) table: call =\\1\\(deals, \\2, …\\) instead'),
    ([n, side]) => `для ${n} нужна таблица ${sideOf(side)}: вызовите =${n}(deals, ${side}, …)`,
  ],
  [
    re('granularity "(.*)" must be day, week, month, quarter or year'),
    ([g]) => `аргумент granularity должен быть day, week, month, quarter или year, а не «${g}»`,
  ],
  [
    re('(\\w+) needs a (plan|spend) table and cannot be a KPI_TABLE column'),
    ([n, side]) => `для ${n} нужна таблица ${sideOf(side)}, поэтому этот KPI не может быть столбцом KPI_TABLE`,
  ],

  // slicing.ts: group_by.
  [re('group_by "(.*)" is not one of: (.*)'), ([g, list]) => `аргумент group_by должен быть одним из: ${list}, а не «${g}»`],

  // dealScore.ts.
  [
    re('takes one argument, the deal table: it scores the deals open now, whatever the period'),
    () => 'функция принимает один аргумент — таблицу сделок: она оценивает сделки, открытые сейчас, независимо от периода',
  ],

  // evaluate.ts and the definitions' reason templates: why a KPI has no value.
  [
    re('no (qualified )?(won deals|lost deals|won or lost deals|leads)(?: of type (\\S+))?(?: with (a creation date|an amount and a cost|an amount))? (closed|created) in P'),
    ([qualified, deals, type, withs, date, p]) =>
      `нет ${qualified ? 'квалифицированных ' : ''}${DEALS_OF[deals]}${type ? ` типа ${type}` : ''}${withs ? ` ${WITH[withs]}` : ''}, ` +
      `${date === 'closed' ? 'закрытых' : 'созданных'} ${inPeriod(p)}`,
  ],
  [re('the denominator is 0 in P'), ([p]) => `знаменатель равен 0 ${inPeriod(p)}`],
  [re('the sales cycle of deals won in P is 0 days'), ([p]) => `цикл сделок, выигранных ${inPeriod(p)}, равен 0 дней`],
  [re('sales volume in P is 0 after refunds'), ([p]) => `объём продаж ${inPeriod(p)} после возвратов равен 0`],
  [
    re('the whole table has no previous period; give a period such as 2024-03'),
    () => 'у всей таблицы нет предыдущего периода; укажите период, например 2024-03',
  ],
  [
    re('a baseline_period is compared with a period: give one too, such as 2024-03'),
    () => 'baseline_period сравнивается с периодом: укажите и период, например 2024-03',
  ],
  [
    re('the baseline P has no (day|week|month|quarter|year|period) to match P'),
    ([b, unit, p]) => `в базовом периоде ${b} нет ${UNIT_OF[unit]}, соответствующего ${p}`,
  ],
  [re('the value of P is 0'), ([p]) => `значение за ${p === 'the table' ? 'всё время' : p} равно 0`],
  [re('no sales in P, the period before P'), ([a, b]) => `нет продаж в ${a} (период перед ${b})`],
  [
    re('(plan|spend) is missing: give a number or a \\1 table \\((.*)\\) with a header row'),
    ([side, shape]) => `не задан аргумент ${side}: укажите число или таблицу ${sideOf(side)} (${shapeOf(side, shape)}) со строкой заголовков`,
  ],
  [re('the plan has no target(?: for (.*))? in P'), ([label, p]) => `в плане нет цели${label ? ` для ${label}` : ''} ${inPeriod(p)}`],
  [re('weighted TRUE needs win probabilities, but (.*)'), ([missing]) => `для weighted = TRUE нужны вероятности выигрыша, но ${ru(missing)}`],

  // kpis/*.ts: the calculator forms and the hand-written KPIs.
  [re('(\\w+) is missing'), ([n]) => `не задан аргумент ${n}`],
  [re('([\\w ×+]+?) is 0: (.*)'), ([x, why]) => `${x} = 0: ${pick(ZERO_WHY, why)}`],
  [re('no won or lost deals: won \\+ lost is 0'), () => 'нет ни выигранных, ни проигранных сделок: won + lost = 0'],
  [re('no new customers in P to divide the spend by'), ([p]) => `нет новых клиентов ${inPeriod(p)}, на которых можно разделить расходы`],
  [
    re('no customers were lost in the 12 months to (\\S+), so churn is 0 and LTV is unbounded'),
    ([m]) => `за 12 месяцев по ${m} не ушёл ни один клиент, поэтому отток равен 0, а LTV не ограничен`,
  ],
  [
    re('customers brought no gross profit in the 12 months to (\\S+), so CAC is never paid back'),
    ([m]) => `за 12 месяцев по ${m} клиенты не принесли валовой прибыли, поэтому CAC никогда не окупится`,
  ],
  [
    re('the spend in P is 0, so CAC is 0 and LTV:CAC is unbounded'),
    ([p]) => `расходы ${inPeriod(p)} равны 0, поэтому CAC равен 0, а LTV:CAC не ограничен`,
  ],
  [re('no customers were active in P, the period before P'), ([a, b]) => `нет активных клиентов в ${a} (период перед ${b})`],
  [re('no customers with a won deal closed in P'), ([p]) => `нет клиентов с выигранной сделкой, закрытой ${inPeriod(p)}`],
  [re('no won deals with a customer closed in P'), ([p]) => `нет выигранных сделок с клиентом, закрытых ${inPeriod(p)}`],
  [re('the table has no won deals with a customer and a close date'), () => 'в таблице нет выигранных сделок с клиентом и датой закрытия'],
  [re('no customers with a won deal in the 12 months to (\\S+)'), ([m]) => `нет клиентов с выигранной сделкой за 12 месяцев по ${m}`],
  [
    re('no customers were active in the 12 months to (\\S+), so churn in the 12 months to (\\S+) cannot be measured'),
    ([a, b]) => `за 12 месяцев по ${a} не было активных клиентов, поэтому отток за 12 месяцев по ${b} измерить нельзя`,
  ],
  [
    re('no won deals with an amount and a cost in the 12 months to (\\S+)'),
    ([m]) => `нет выигранных сделок с суммой и себестоимостью за 12 месяцев по ${m}`,
  ],

  // sideTables.ts: the plan and spend arguments.
  [
    re('a single (plan|spend) number has no dates, so it cannot be split by (\\S+): give a \\1 table \\((.*)\\) with a header row'),
    ([side, by, shape]) =>
      `одно число ${sideOf(side)} не привязано к датам, поэтому его нельзя разбить по ${by}: ` +
      `укажите таблицу ${sideOf(side)} (${shapeOf(side, shape)}) со строкой заголовков`,
  ],
  [
    re('a single (plan|spend) number cannot be split by (\\S+): give a \\1 table \\((.*)\\) with a header row'),
    ([side, by, shape]) => `одно число ${sideOf(side)} нельзя разбить по ${by}: укажите таблицу ${sideOf(side)} (${shapeOf(side, shape)}) со строкой заголовков`,
  ],
  [
    re('a (plan|spend) table can be split by (\\w+) or by time, not by (\\S+)'),
    ([side, label, by]) => `таблицу ${sideOf(side)} можно разбить по ${label} или по времени, но не по ${by}`,
  ],
  [
    re('the (plan|spend) table has no (\\w+) column \\(looked for: ([^)]*)\\), so it cannot be split by \\2'),
    ([side, label, list]) => `в таблице ${sideOf(side)} нет столбца ${column(label, list)}, поэтому её нельзя разбить по ${label}`,
  ],
  [
    re('(plan|spend) "(.*)" is not a number: give a number or a \\1 table \\((.*)\\) with a header row'),
    ([side, v, shape]) => `${side} «${v}» — не число: укажите число или таблицу ${sideOf(side)} (${shapeOf(side, shape)}) со строкой заголовков`,
  ],
  [re('plan (.+) is negative'), ([v]) => `plan не может быть отрицательным: ${v}`],
  [
    re("the (plan|spend) table's first row must be its header \\((.*?)\\): none of its cells \\((.*)\\) names a column; looked for: (.*)"),
    ([side, shape, cells, list]) =>
      `первая строка таблицы ${sideOf(side)} должна быть строкой заголовков (${shapeOf(side, shape)}), ` +
      `но ни одна из её ячеек (${cells}) не называет столбец; искали: ${list}`,
  ],
  [
    re('the (plan|spend) table has no period column \\(looked for: ([^)]*)\\)'),
    ([side, list]) => `в таблице ${sideOf(side)} нет столбца периода (искали: ${list})`,
  ],
  [
    re('the (plan|spend) table has no (target|amount) column \\(looked for: ([^)]*)\\)'),
    ([side, col, list]) => `в таблице ${sideOf(side)} нет столбца ${VALUE_OF[col]} (${col}; искали: ${list})`,
  ],
  [
    re('(plan|spend) row (\\d+), column (.*?): (.*)'),
    ([side, row, header, rest]) => `${side}: строка ${row}, столбец ${header}: ${rowProblem(rest)}`,
  ],

  // clv/*.ts: the customer-value models (being added; their messages as of now).
  [re('unit "(.*)" must be "day", "week" or "month"'), ([u]) => `аргумент unit должен быть «day», «week» или «month», а не «${u}»`],
  [
    re('(\\d+) customers are too few to fit BG/NBD: it needs at least (\\d+)'),
    ([n, min]) => `клиентов слишком мало для модели BG/NBD: ${n}, а нужно не меньше ${min}`,
  ],
  [
    re('(\\d+) of (\\d+) customers bought again: BG/NBD needs at least (\\d+) repeat buyers to fit'),
    ([r, n, min]) => `повторно купили ${r} из ${countOf(n, 'клиента', 'клиентов')}: для модели BG/NBD нужно не меньше ${min} повторных покупателей`,
  ],
  [
    re('every customer made their first purchase on the calibration end: there is no history to fit'),
    () => 'все клиенты сделали первую покупку в последний день калибровочного периода: истории для модели нет',
  ],
  [
    re('(\\d+) repeat buyers spent something on their repeat purchases: Gamma-Gamma needs at least (\\d+) to fit'),
    ([n, min]) => `повторных покупателей, потративших что-то на повторные покупки: ${n}, а для модели Gamma-Gamma нужно не меньше ${min}`,
  ],
  [
    re('there are no purchases: won deals with a customer, a close date and an amount of 0 or more'),
    () => 'нет покупок: выигранных сделок с клиентом, датой закрытия и суммой от 0',
  ],
  [
    re('calibration_end "(.*)" is not a date or a period \\(such as 1997-09-30 or 1997-09\\)'),
    ([v]) => `аргумент calibration_end должен быть датой или периодом (например, 1997-09-30 или 1997-09), а не «${v}»`,
  ],
  [re('(\\w+) is empty'), ([n]) => `аргумент ${n} пуст`],
  [re('no customer made a purchase by the calibration end (\\S+)'), ([day]) => `ни один клиент не сделал покупку до конца калибровочного периода ${day}`],
  [re('no customer made a first purchase in P'), ([p]) => `ни один клиент не сделал первую покупку ${inPeriod(p)}`],
  [
    re('Gamma-Gamma gives no expected value for one-time buyers \\(q ≤ 1\\)'),
    () => 'модель Gamma-Gamma не даёт ожидаемой ценности для разовых покупателей (q ≤ 1)',
  ],
  [
    re('the purchases with a cost sum to 0, so their margin, which CLV is multiplied by, is undefined'),
    () => 'сумма покупок с себестоимостью равна 0, поэтому их маржа, на которую умножается CLV, не определена',
  ],
  [
    re('fitting the models to (\\d+) customers takes longer than the 30 s a custom function may run: fit them in the sidebar \\(Customer value → Fit and save\\), and the functions will use the saved fit'),
    ([n]) => `подбор моделей по ${countOf(n, 'клиенту', 'клиентам')} занимает больше 30 с, отведённых пользовательской функции: ` +
      'подберите их в боковой панели («Customer value → Fit and save»), и функции будут брать сохранённые параметры',
  ],
  [re('(\\w+) is missing: (.+)'), ([n, rule]) => `не задан аргумент ${n}: нужно ${pick(ARGUMENT_RULES, rule)}`],
  [re('(\\w+) "(.*)" must be (.+)'), ([n, v, rule]) => `аргумент ${n}: нужно ${pick(ARGUMENT_RULES, rule)}, а не «${v}»`],
];

/** The Russian of a message without its function names, or Untranslated. */
function ru(body: string): string {
  for (const [pattern, render] of RULES) {
    const m = pattern.exec(body);
    if (!m) continue;
    try {
      return render(m.slice(1));
    } catch (e) {
      // Another pattern may still match the whole message; only a table miss is worth trying on.
      if (!(e instanceof Untranslated)) throw e;
    }
  }
  throw new Untranslated(body);
}

/** The function names a message starts with: `WIN_RATE: `, `KPI: SALES_CYCLE: `. */
const NAMES = /^((?:[A-Z][A-Z0-9_]*: )*)([\s\S]*)$/;

/**
 * A custom function's error message (`named` in callEnv.ts: "WIN_RATE: no won or lost deals closed in 2024-03") in
 * Russian ("WIN_RATE: нет выигранных или проигранных сделок, закрытых в 2024-03"), or undefined when some part of it
 * has no Russian: the caller then shows the English.
 */
export function russianMessage(message: string): string | undefined {
  const [, names, body] = NAMES.exec(String(message)) as RegExpExecArray;
  try {
    return names + ru(body);
  } catch (e) {
    if (e instanceof Untranslated) return undefined;
    throw e;
  }
}
