import { describe, expect, it } from 'vitest';
import {
  DEAL_TYPES, FIELDS, HEADER_SYNONYMS, Kind, STATUS_VALUES, TYPE_VALUES, describeMissingColumn, normalizeHeader, normalizeValue,
} from '../../src/engine/fields';

describe('the fields of a deal table (§1)', () => {
  it('are the thirteen of the spec\'s table, in its order', () => {
    expect(FIELDS).toEqual(['id', 'created', 'qualified', 'closed', 'amount', 'cost', 'status', 'stage', 'probability', 'rep', 'customer', 'source', 'type']);
  });
  it('have at least the spec\'s header synonyms, in the order it lists them', () => {
    expect(HEADER_SYNONYMS.amount).toEqual(['amount', 'value', 'revenue', 'deal value', 'sum', 'total', 'сумма', 'выручка', 'стоимость', 'сумма сделки']);
    expect(HEADER_SYNONYMS.closed).toEqual([
      'closed', 'closed at', 'close date', 'date closed', 'date', 'дата закрытия', 'закрыта', 'дата', 'дата продажи', 'дата оплаты',
    ]);
    expect(HEADER_SYNONYMS.rep).toEqual([
      'rep', 'owner', 'manager', 'sales rep', 'salesperson', 'seller', 'менеджер', 'ответственный', 'продавец', 'сотрудник',
    ]);
  });
  it('map status and type words as §1 lists them', () => {
    expect(STATUS_VALUES.won).toEqual(['won', 'closed won', 'success', 'paid', 'выиграна', 'успешно', 'успешна', 'оплачено', 'продажа']);
    expect(STATUS_VALUES.lost).toEqual(['lost', 'closed lost', 'rejected', 'refused', 'проиграна', 'отказ', 'потеряна', 'провал']);
    expect(STATUS_VALUES.open).toEqual(['open', 'in progress', 'new', 'в работе', 'открыта', 'новая']);
    expect(DEAL_TYPES).toEqual(['new', 'repeat', 'upsell', 'cross-sell']);
    expect(TYPE_VALUES.upsell).toEqual(['upsell', 'up-sell', 'допродажа', 'апсейл']);
  });
  it('keep a refund apart from a won deal: five distinct outcomes, 0 for unknown', () => {
    expect(Kind).toEqual({ Unknown: 0, Won: 1, Lost: 2, Open: 3, Refund: 4 });
  });
});

describe('normalizeHeader: case, spaces and punctuation ignored (§1)', () => {
  it('keeps letters, digits and № only, lower-cased, ё as е', () => {
    expect(normalizeHeader('Close Date')).toBe('closedate');
    expect(normalizeHeader(' Deal - Value (USD) ')).toBe('dealvalueusd');
    expect(normalizeHeader('№ сделки')).toBe('№сделки');
    expect(normalizeHeader('Дата_Закрытия')).toBe('датазакрытия');
    expect(normalizeHeader('Счёт')).toBe('счет');
  });
});

describe('normalizeValue: how reps, sources and TRUE/FALSE words are compared', () => {
  it('lower-cases, folds ё to е, collapses any white space (also non-breaking) and trims', () => {
    expect(normalizeValue('  Пётр  Иванов ')).toBe('петр иванов');
    expect(normalizeValue('Google\u00a0\u00a0Ads\u202f')).toBe('google ads');
    expect(normalizeValue('TRUE')).toBe('true');
  });
  it('keeps punctuation, unlike a header: "e-mail" is not "email"', () => {
    expect(normalizeValue('E-Mail')).toBe('e-mail');
  });
});

describe('describeMissingColumn', () => {
  it('names the field and every synonym looked for', () => {
    expect(describeMissingColumn('customer')).toBe(
      'the deal table has no `customer` column (looked for: customer, client, account, company, клиент, покупатель, компания, контрагент)',
    );
  });
  it('says what the column was wanted for', () => {
    expect(describeMissingColumn('stage', 'to group by')).toBe(
      'the deal table has no `stage` column to group by (looked for: stage, pipeline stage, этап, стадия, этап воронки)',
    );
  });
});
