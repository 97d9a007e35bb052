import { describe, expect, it } from 'vitest';
import { readDate, readNumber } from '../../src/engine/coerce';
import { ISSUE_REASONS, issueReason, type IssueCode, type IssueParamsByCode } from '../../src/engine/issueReasons';
import { table } from '../helpers';
import { build, rowsOf, vs } from './summary/summaryHelpers';

/** Values for every code's placeholders; the type makes the test fail to compile when a code is added without one. */
const SAMPLE: { [C in IssueCode]: IssueParamsByCode[C] } = {
  not_number: {},
  not_finite_number: {},
  date_not_number: {},
  boolean_not_number: {},
  bad_probability: {},
  formula_error: { error: '#N/A' },
  not_date: {},
  not_date_value: {},
  number_not_date: {},
  boolean_not_date: {},
  invalid_date: {},
  date_before_1900: { date: '1024-03-15' },
  unknown_status: {},
  no_status: {},
  no_stage: {},
  not_checkbox: {},
  closed_stage_unknown: { stage: 'Договор подписан' },
  unknown_type: {},
  future_close_date: { date: '2027-01-05' },
  future_creation_date: { date: '2027-01-05' },
  future_qualification_date: { date: '2027-01-05' },
  missing_close_date: { kind: 'lost' },
  missing_created: {},
  missing_amount: {},
  missing_sale_amount: {},
  missing_cost: {},
  closed_before_created: { closed: '2024-03-06', created: '2024-03-10' },
};

/** The English reasons as the reader has always written them (custom-function users match on these). */
const ENGLISH: Record<IssueCode, string> = {
  not_number: 'not a number',
  not_finite_number: 'not a finite number',
  date_not_number: 'a date where a number was expected',
  boolean_not_number: 'TRUE/FALSE where a number was expected',
  bad_probability: 'a probability must be between 0 and 1 (or 0 % and 100 %)',
  formula_error: 'formula error #N/A',
  not_date: 'not a date (expected 2024-03-15, 15.03.2024 or 15/03/2024)',
  not_date_value: 'not a date',
  number_not_date: 'a number that is not a date',
  boolean_not_date: 'TRUE/FALSE where a date was expected',
  invalid_date: 'an invalid date',
  date_before_1900: 'a date before 1900 (1024-03-15): is the year mistyped?',
  unknown_status: 'unknown status (expected won, lost or open)',
  no_status: 'no status (expected won, lost or open)',
  no_stage: 'no stage, so the deal\'s outcome is unknown',
  not_checkbox: 'not TRUE or FALSE',
  closed_stage_unknown: 'the deal is closed, but its stage "Договор подписан" says neither won nor lost',
  unknown_type: 'unknown deal type (expected new, repeat, upsell, cross-sell)',
  future_close_date: 'close date 2027-01-05 is in the future',
  future_creation_date: 'creation date 2027-01-05 is in the future',
  future_qualification_date: 'qualification date 2027-01-05 is in the future',
  missing_close_date: 'a lost deal without a close date',
  missing_created: 'no creation date',
  missing_amount: 'a won deal without an amount',
  missing_sale_amount: 'a sale without an amount',
  missing_cost: 'a won deal without a cost',
  closed_before_created: 'closed (2024-03-06) before it was created (2024-03-10)',
};

const CODES = Object.keys(ISSUE_REASONS) as IssueCode[];

describe('ISSUE_REASONS: one table of reasons in both languages', () => {
  it('has an English and a Russian text for every code, each naming every value it is given', () => {
    expect(CODES.sort()).toEqual((Object.keys(SAMPLE) as IssueCode[]).sort());
    for (const code of CODES) {
      const params = SAMPLE[code] as Readonly<Record<string, string>>;
      for (const locale of ['en', 'ru'] as const) {
        const text = issueReason(code, params, locale);
        expect(text, `${code} ${locale}`).not.toMatch(/undefined|\{|\}/);
        // Values are quoted as they are: a date stays YYYY-MM-DD, an error #N/A, in both languages.
        for (const [name, value] of Object.entries(params)) {
          if (name !== 'kind') expect(text, `${code} ${locale} names ${name}`).toContain(value);
        }
      }
      expect(issueReason(code, params, 'ru'), code).toMatch(/[а-яё]/i);
      expect(issueReason(code, params, 'ru'), code).not.toBe(issueReason(code, params, 'en'));
    }
  });

  it('keeps the English wording exactly as before', () => {
    for (const code of CODES) expect(issueReason(code, SAMPLE[code] as Readonly<Record<string, string>>), code).toBe(ENGLISH[code]);
  });

  it('names the kind of deal without a close date in both languages', () => {
    expect(issueReason('missing_close_date', { kind: 'won' })).toBe('a won deal without a close date');
    expect(issueReason('missing_close_date', { kind: 'won' }, 'ru')).toBe('выигранная сделка без даты закрытия');
    expect(issueReason('missing_close_date', { kind: 'lost' }, 'ru')).toBe('проигранная сделка без даты закрытия');
    expect(issueReason('missing_close_date', { kind: 'refund' }, 'en')).toBe('a refund deal without a close date');
    expect(issueReason('missing_close_date', { kind: 'refund' }, 'ru')).toBe('возврат без даты закрытия');
  });

  it('lists in Russian only status and type words the reader accepts', () => {
    // «выиграна, проиграна или в работе»; «новая, повторная, допродажа, кросс-продажа»: a table of them has no issues.
    const t = table([
      ['Сделка', 'Дата создания', 'Дата закрытия', 'Сумма', 'Статус', 'Тип'],
      ['D1', '01.03.2024', '05.03.2024', 100, 'выиграна', 'новая'],
      ['D2', '01.03.2024', '06.03.2024', 100, 'проиграна', 'повторная'],
      ['D3', '01.03.2024', '', 100, 'в работе', 'допродажа'],
      ['D4', '01.03.2024', '07.03.2024', 100, 'выиграна', 'кросс-продажа'],
    ]);
    expect(t.issues).toEqual([]);
    expect(issueReason('no_status', {}, 'ru')).toBe('нет статуса (ожидается: выиграна, проиграна или в работе)');
    expect(issueReason('unknown_type', {}, 'ru')).toBe('неизвестный тип сделки (ожидается: новая, повторная, допродажа, кросс-продажа)');
  });
});

describe('row issues carry a code and its values', () => {
  const t = table([
    ['Deal', 'Created', 'Closed', 'Amount', 'Status'],
    ['D1', '2024-03-01', '2027-01-05', 100, 'won'],
    ['D2', '2024-03-01', '2024-03-05', '#N/A', 'won'],
    ['D3', '2024-03-01', '2024-03-05', 100, ''],
  ]);

  it('gives each issue a code, its values, and the English reason made from them', () => {
    expect(t.issues.map((i) => [i.row, i.code, i.params])).toEqual([
      [2, 'future_close_date', { date: '2027-01-05' }],
      [3, 'formula_error', { error: '#N/A' }],
      [4, 'no_status', {}],
    ]);
    for (const i of t.issues) expect(i.reason).toBe(issueReason(i.code, i.params));
  });

  it('keeps the plain shape of an issue: code and params are not enumerable', () => {
    expect(Object.keys(t.issues[0])).toEqual(['row', 'column', 'field', 'value', 'reason']);
    expect(JSON.parse(JSON.stringify(t.issues[1]))).toEqual({
      row: 3, column: 'Amount', field: 'amount', value: '#N/A', reason: 'formula error #N/A',
    });
  });

  it('codes a failed cell read the same way', () => {
    const r = readNumber('#ref!');
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.code, r.params, r.reason]).toEqual(['formula_error', { error: '#REF!' }, 'formula error #REF!']);
    const before1900 = readDate('15.03.1024', () => 0);
    if (!before1900.ok) expect([before1900.code, before1900.params]).toEqual(['date_before_1900', { date: '1024-03-15' }]);
    expect(before1900.ok).toBe(false);
  });
});

describe('summary: data-quality reasons in the summary\'s language', () => {
  // "Now" is 2025-01-01. Every row from 2 to 13 has exactly one thing wrong, except row 10 (two).
  const g = [
    ['Сделка', 'Дата создания', 'Дата закрытия', 'Сумма', 'Себестоимость', 'Статус', 'Тип', 'Вероятность'],
    ['D1', '10.01.2024', '20.01.2024', 'около 500', 100, 'выиграна', 'новая', ''],
    ['D2', '10.01.2024', '05.01.2027', 500, 100, 'выиграна', 'новая', ''],
    ['D3', '10.01.2024', '20.01.2024', 500, 100, '', 'новая', ''],
    ['D4', '10.01.2024', '20.01.2024', 500, 100, 'может быть', 'новая', ''],
    ['D5', '10.01.2024', '20.01.2024', '#N/A', 100, 'выиграна', 'новая', ''],
    ['D6', '', '20.01.2024', 500, 100, 'выиграна', 'новая', ''],
    ['D7', '10.01.2024', '', 500, '', 'проиграна', 'новая', ''],
    ['D8', '20.01.2024', '10.01.2024', 500, 100, 'выиграна', 'новая', ''],
    ['D9', '10.01.2024', '20.01.2024', 500, '', 'выиграна', 'партнёрская', ''],
    ['D10', '10.01.2024', '', 500, 100, 'в работе', 'повторная', -20],
    ['D11', '15.03.1024', '', 500, 100, 'в работе', 'повторная', ''],
    ['D12', 'скоро', '', 500, 100, 'в работе', 'повторная', ''],
  ];
  const NOT_STATUS = '(ожидается: выиграна, проиграна или в работе)';

  /** The issue rows of a summary's data-quality block: row, column, value, reason. */
  function issueRows(locale: 'en' | 'ru'): unknown[][] {
    const rows = rowsOf(build(g, { locale }), 'dataQuality');
    const head = rows.findIndex((r) => r[0]?.v === (locale === 'ru' ? 'Строка' : 'Row'));
    return rows.slice(head + 1).map(vs);
  }

  it('writes each bad row\'s reason in Russian in a Russian summary', () => {
    expect(vs(rowsOf(build(g, { locale: 'ru' }), 'dataQuality')[5])).toEqual(['Строк с ошибками', 12]);
    expect(issueRows('ru')).toEqual([
      [2, 'Сумма', 'около 500', 'не число'],
      [3, 'Дата закрытия', '05.01.2027', 'дата закрытия 2027-01-05 в будущем'],
      [4, 'Статус', '', `нет статуса ${NOT_STATUS}`],
      [5, 'Статус', 'может быть', `неизвестный статус ${NOT_STATUS}`],
      [6, 'Сумма', '#N/A', 'ошибка формулы #N/A'],
      [7, 'Дата создания', '', 'нет даты создания'],
      [8, 'Дата закрытия', '', 'проигранная сделка без даты закрытия'],
      // Closed 10.01, created 20.01: closed ten days before it was created.
      [9, 'Дата закрытия', '10.01.2024', 'закрыта (2024-01-10) раньше, чем создана (2024-01-20)'],
      [10, 'Себестоимость', '', 'выигранная сделка без себестоимости'],
      [10, 'Тип', 'партнёрская', 'неизвестный тип сделки (ожидается: новая, повторная, допродажа, кросс-продажа)'],
      // −20 is neither a fraction 0–1 nor a percentage 0–100.
      [11, 'Вероятность', '-20', 'вероятность должна быть от 0 до 1 (или от 0 % до 100 %)'],
      [12, 'Дата создания', '15.03.1024', 'дата раньше 1900 года (1024-03-15): проверьте год'],
      [13, 'Дата создания', 'скоро', 'не дата (ожидается: 2024-03-15, 15.03.2024 или 15/03/2024)'],
    ]);
  });

  it('writes the reader\'s own English reasons in an English summary', () => {
    const issues = table(g).issues;
    expect(issueRows('en')).toEqual(issues.map((i) => [i.row, i.column, i.value, i.reason]));
    expect(issueRows('en').map((r) => r[3]).slice(0, 3)).toEqual([
      'not a number', 'close date 2027-01-05 is in the future', 'no status (expected won, lost or open)',
    ]);
  });
});
