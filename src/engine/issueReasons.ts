/**
 * Why a cell could not be read, or why a row lacks a value a deal needs: one code per kind of reason,
 * with its English and Russian text side by side, so that the two languages cannot drift apart.
 */
import { DEAL_TYPES } from './fields';
import type { Locale } from './locale';

/** A reason that names no values. */
type NoParams = Record<never, never>;

/** The values each reason names, by code; dates are YYYY-MM-DD. */
export interface IssueParamsByCode {
  not_number: NoParams;
  not_finite_number: NoParams;
  date_not_number: NoParams;
  boolean_not_number: NoParams;
  bad_probability: NoParams;
  formula_error: { error: string };
  not_date: NoParams;
  not_date_value: NoParams;
  number_not_date: NoParams;
  boolean_not_date: NoParams;
  invalid_date: NoParams;
  date_before_1900: { date: string };
  unknown_status: NoParams;
  no_status: NoParams;
  no_stage: NoParams;
  not_checkbox: NoParams;
  closed_stage_unknown: { stage: string };
  unknown_type: NoParams;
  future_close_date: { date: string };
  future_creation_date: { date: string };
  future_qualification_date: { date: string };
  missing_close_date: { kind: 'won' | 'lost' | 'refund' };
  missing_created: NoParams;
  missing_amount: NoParams;
  missing_sale_amount: NoParams;
  missing_cost: NoParams;
  closed_before_created: { closed: string; created: string };
}

/** Every kind of row issue the reader reports. */
export type IssueCode = keyof IssueParamsByCode;
/** The values a reason names, as a code-independent record. */
export type IssueParams = Readonly<Record<string, string>>;

/** A reason in both languages, from the values it names. */
type Templates<P> = { readonly en: (p: P) => string; readonly ru: (p: P) => string };

const STATUS_EN = 'won, lost or open';
const STATUS_RU = 'выиграна, проиграна или в работе';
/** Russian words the reader accepts for each deal type, in DEAL_TYPES order. */
const TYPES_RU = ['новая', 'повторная', 'допродажа', 'кросс-продажа'];
const KIND_RU = { won: 'выигранная сделка', lost: 'проигранная сделка', refund: 'возврат' } as const;

/** The text of every reason. The English is what `RowIssue.reason` has always said: callers match on it. */
export const ISSUE_REASONS: { readonly [C in IssueCode]: Templates<IssueParamsByCode[C]> } = {
  not_number: { en: () => 'not a number', ru: () => 'не число' },
  not_finite_number: { en: () => 'not a finite number', ru: () => 'некорректное число' },
  date_not_number: { en: () => 'a date where a number was expected', ru: () => 'дата вместо числа' },
  boolean_not_number: { en: () => 'TRUE/FALSE where a number was expected', ru: () => 'ИСТИНА/ЛОЖЬ вместо числа' },
  bad_probability: {
    en: () => 'a probability must be between 0 and 1 (or 0 % and 100 %)',
    ru: () => 'вероятность должна быть от 0 до 1 (или от 0 % до 100 %)',
  },
  formula_error: { en: (p) => `formula error ${p.error}`, ru: (p) => `ошибка формулы ${p.error}` },
  not_date: {
    en: () => 'not a date (expected 2024-03-15, 15.03.2024 or 15/03/2024)',
    ru: () => 'не дата (ожидается: 2024-03-15, 15.03.2024 или 15/03/2024)',
  },
  not_date_value: { en: () => 'not a date', ru: () => 'не дата' },
  number_not_date: { en: () => 'a number that is not a date', ru: () => 'число, которое не может быть датой' },
  boolean_not_date: { en: () => 'TRUE/FALSE where a date was expected', ru: () => 'ИСТИНА/ЛОЖЬ вместо даты' },
  invalid_date: { en: () => 'an invalid date', ru: () => 'некорректная дата' },
  date_before_1900: {
    en: (p) => `a date before 1900 (${p.date}): is the year mistyped?`,
    ru: (p) => `дата раньше 1900 года (${p.date}): проверьте год`,
  },
  unknown_status: {
    en: () => `unknown status (expected ${STATUS_EN})`,
    ru: () => `неизвестный статус (ожидается: ${STATUS_RU})`,
  },
  no_status: { en: () => `no status (expected ${STATUS_EN})`, ru: () => `нет статуса (ожидается: ${STATUS_RU})` },
  no_stage: {
    en: () => 'no stage, so the deal\'s outcome is unknown',
    ru: () => 'нет этапа, поэтому исход сделки неизвестен',
  },
  not_checkbox: { en: () => 'not TRUE or FALSE', ru: () => 'не ИСТИНА и не ЛОЖЬ' },
  closed_stage_unknown: {
    en: (p) => `the deal is closed, but its stage "${p.stage}" says neither won nor lost`,
    ru: (p) => `сделка закрыта, но этап «${p.stage}» не говорит, выиграна она или проиграна`,
  },
  unknown_type: {
    en: () => `unknown deal type (expected ${DEAL_TYPES.join(', ')})`,
    ru: () => `неизвестный тип сделки (ожидается: ${TYPES_RU.join(', ')})`,
  },
  future_close_date: { en: (p) => `close date ${p.date} is in the future`, ru: (p) => `дата закрытия ${p.date} в будущем` },
  future_creation_date: { en: (p) => `creation date ${p.date} is in the future`, ru: (p) => `дата создания ${p.date} в будущем` },
  future_qualification_date: {
    en: (p) => `qualification date ${p.date} is in the future`,
    ru: (p) => `дата квалификации ${p.date} в будущем`,
  },
  missing_close_date: { en: (p) => `a ${p.kind} deal without a close date`, ru: (p) => `${KIND_RU[p.kind]} без даты закрытия` },
  missing_created: { en: () => 'no creation date', ru: () => 'нет даты создания' },
  missing_amount: { en: () => 'a won deal without an amount', ru: () => 'выигранная сделка без суммы' },
  missing_sale_amount: { en: () => 'a sale without an amount', ru: () => 'продажа без суммы' },
  missing_cost: { en: () => 'a won deal without a cost', ru: () => 'выигранная сделка без себестоимости' },
  closed_before_created: {
    en: (p) => `closed (${p.closed}) before it was created (${p.created})`,
    ru: (p) => `закрыта (${p.closed}) раньше, чем создана (${p.created})`,
  },
};

/** The text of a reason in `locale` (English by default). */
export function issueReason<C extends IssueCode>(code: C, params: IssueParamsByCode[C], locale?: Locale): string;
export function issueReason(code: IssueCode, params: IssueParams, locale?: Locale): string;
export function issueReason(code: IssueCode, params: IssueParams, locale: Locale = 'en'): string {
  return (ISSUE_REASONS[code][locale] as (p: IssueParams) => string)(params);
}

/** A reason that names no values: one shared object, so a million blank costs allocate no params. */
export const NO_PARAMS: IssueParams = Object.freeze({});

/** A machine-readable reason: its code and the values it names. */
export interface IssueCoded {
  readonly code: IssueCode;
  readonly params: IssueParams;
}

/**
 * Adds `code` and `params` to `target` as non-enumerable properties: a failed read and a row issue keep
 * the plain shape ({ ok, reason }, { row, column, field, value, reason }) that callers compare and serialise.
 */
export function withCode<T extends object>(target: T, code: IssueCode, params: IssueParams): T & IssueCoded {
  Object.defineProperty(target, 'code', { value: code });
  Object.defineProperty(target, 'params', { value: params });
  return target as T & IssueCoded;
}
