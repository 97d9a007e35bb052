import { describe, expect, it } from 'vitest';
import { fieldOfHeader, findColumns, headerError, mapColumns, readBooleanWord, recognizeLayout } from '../../src/engine/columns';
import { describeMissingColumn } from '../../src/engine/fields';
import { d } from '../helpers';

/** The header texts each field was found under. */
const headersOf = (header: string[], rows: unknown[][] = []): Record<string, string> => {
  const found = findColumns(header, (index) => rows.map((r) => r[index]));
  return Object.fromEntries(Object.entries({ ...found.fields, ...found.sources }).map(([f, ref]) => [f, ref!.header]));
};

describe('CRM headers (§1 "CRM exports as they come")', () => {
  // Each CRM's own header texts, written out here from its documentation rather than taken from src/engine/crm.ts.
  it('reads a HubSpot deals export', () => {
    expect(headersOf(['Record ID', 'Deal Name', 'Deal Stage', 'Pipeline', 'Amount', 'Close Date', 'Create Date', 'Deal owner',
      'Associated Company (Primary)', 'Deal Type', 'Deal probability', 'Is Closed Won'])).toEqual({
      id: 'Record ID', stage: 'Deal Stage', amount: 'Amount', closed: 'Close Date', created: 'Create Date', rep: 'Deal owner',
      customer: 'Associated Company (Primary)', type: 'Deal Type', probability: 'Deal probability', won_flag: 'Is Closed Won',
    });
  });
  it('reads a Salesforce opportunity report, its Won and Closed checkboxes told from Close Date by their values', () => {
    const header = ['Opportunity Owner', 'Account Name', 'Opportunity Name', 'Stage', 'Amount', 'Probability (%)', 'Closed', 'Close Date',
      'Created Date', 'Lead Source', 'Type', 'Won'];
    const rows = [['Anna', 'Acme', 'X', 'Closed Won', '100', '100', '1', '3/15/2024', '2/1/2024', 'Web', 'New Customer', '1']];
    expect(headersOf(header, rows)).toEqual({
      rep: 'Opportunity Owner', customer: 'Account Name', stage: 'Stage', amount: 'Amount', probability: 'Probability (%)',
      closed: 'Close Date', created: 'Created Date', source: 'Lead Source', type: 'Type', won_flag: 'Won', closed_flag: 'Closed',
    });
  });
  it('reads a Pipedrive export: "Deal - " prefixes, status, won and lost times, expected close date', () => {
    expect(headersOf(['Deal - ID', 'Deal - Title', 'Deal - Value', 'Deal - Currency', 'Deal - Organization', 'Deal - Owner', 'Deal - Stage',
      'Deal - Status', 'Deal - Deal created', 'Deal - Won time', 'Deal - Lost time', 'Deal - Expected close date', 'Deal - Probability',
      'Deal - Source channel', 'Deal - Weighted value'])).toEqual({
      id: 'Deal - ID', amount: 'Deal - Value', customer: 'Deal - Organization', rep: 'Deal - Owner', stage: 'Deal - Stage',
      status: 'Deal - Status', created: 'Deal - Deal created', won_time: 'Deal - Won time', lost_time: 'Deal - Lost time',
      expected_close: 'Deal - Expected close date', probability: 'Deal - Probability', source: 'Deal - Source channel',
    });
  });
  it('reads a Zoho CRM deals export', () => {
    expect(headersOf(['Record Id', 'Deal Owner', 'Deal Name', 'Amount', 'Closing Date', 'Account Name', 'Stage', 'Type', 'Probability (%)',
      'Expected Revenue', 'Lead Source', 'Created Time'])).toEqual({
      id: 'Record Id', rep: 'Deal Owner', amount: 'Amount', closed: 'Closing Date', customer: 'Account Name', stage: 'Stage', type: 'Type',
      probability: 'Probability (%)', source: 'Lead Source', created: 'Created Time',
    });
  });
  it('reads an amoCRM export in Russian and a Kommo export in English', () => {
    expect(headersOf(['ID', 'Название сделки', 'Бюджет', 'Ответственный', 'Дата создания', 'Дата закрытия', 'Этап сделки', 'Воронка',
      'Компания', 'Основной контакт'])).toEqual({
      id: 'ID', amount: 'Бюджет', rep: 'Ответственный', created: 'Дата создания', closed: 'Дата закрытия', stage: 'Этап сделки', customer: 'Компания',
    });
    expect(headersOf(['ID', 'Lead title', 'Budget', 'Responsible user', 'Date created', 'Closing date', 'Stage', 'Pipeline', 'Company'])).toEqual({
      id: 'ID', amount: 'Budget', rep: 'Responsible user', created: 'Date created', closed: 'Closing date', stage: 'Stage', customer: 'Company',
    });
  });
  it('reads a Bitrix24 export: its expected close date, the Closed checkbox, and not its Тип (the kind of sale)', () => {
    const header = ['ID', 'Название сделки', 'Стадия сделки', 'Сумма', 'Валюта', 'Ответственный', 'Компания', 'Дата создания',
      'Предполагаемая дата закрытия', 'Сделка закрыта', 'Вероятность', 'Тип', 'Источник', 'Повторная сделка'];
    expect(headersOf(header)).toEqual({
      id: 'ID', stage: 'Стадия сделки', amount: 'Сумма', rep: 'Ответственный', customer: 'Компания', created: 'Дата создания',
      expected_close: 'Предполагаемая дата закрытия', closed_flag: 'Сделка закрыта', probability: 'Вероятность', source: 'Источник',
      repeat_flag: 'Повторная сделка',
    });
    // In English: Income is the amount, Assumed close date the expected one, Closed (Yes/No) the checkbox.
    expect(headersOf(['ID', 'Deal Name', 'Stage', 'Income', 'Responsible', 'Created', 'Assumed close date', 'Closed', 'Type'], [
      ['1', 'X', 'Deal won', '100', 'Anna', '03/15/2024', '03/20/2024', 'Yes', 'Sales'],
    ])).toEqual({
      id: 'ID', stage: 'Stage', amount: 'Income', rep: 'Responsible', created: 'Created', expected_close: 'Assumed close date', closed_flag: 'Closed',
    });
  });
});

describe('fieldOfHeader', () => {
  it('ignores an entity prefix such as "Deal - "', () => {
    expect(fieldOfHeader('Deal - Value')).toBe('amount');
    expect(fieldOfHeader('Deal – Owner')).toBe('rep');
    expect(fieldOfHeader('Сделка - Бюджет')).toBe('amount');
  });
  it('maps a header with a unit by the words before it', () => {
    expect(fieldOfHeader('Amount (USD)')).toBe('amount');
    expect(fieldOfHeader('Бюджет, ₽')).toBe('amount');
    expect(fieldOfHeader('Сумма, руб.')).toBe('amount');
    expect(fieldOfHeader('Probability (%)')).toBe('probability');
    expect(fieldOfHeader('Probability, %')).toBe('probability');
    expect(fieldOfHeader('Amount in USD')).toBe('amount');
    expect(fieldOfHeader('Deal - Value (EUR)')).toBe('amount');
    expect(fieldOfHeader('Budget $')).toBe('amount');
    expect(fieldOfHeader('Amount EUR')).toBe('amount');
  });
  it('maps nothing that only looks alike: a weighted value is not the amount, a deal title not an id', () => {
    expect(fieldOfHeader('Deal - Weighted value')).toBeUndefined();
    expect(fieldOfHeader('Deal - Title')).toBeUndefined();
    expect(fieldOfHeader('Expected Revenue')).toBeUndefined();
  });
});

describe('recognizeLayout', () => {
  it('names the CRM whose own headers appear twice or more', () => {
    expect(recognizeLayout(['Record ID', 'Deal Name', 'Deal Stage', 'Amount'])?.id).toBe('hubspot');
    expect(recognizeLayout(['Opportunity Name', 'Opportunity Owner', 'Stage'])?.id).toBe('salesforce');
    expect(recognizeLayout(['Deal - Title', 'Deal - Value'])?.id).toBe('pipedrive');
    expect(recognizeLayout(['Record Id', 'Deal Owner', 'Closing Date'])?.id).toBe('zoho');
    expect(recognizeLayout(['Название сделки', 'Бюджет', 'Этап сделки'])?.id).toBe('amocrm');
    expect(recognizeLayout(['Стадия сделки', 'Предполагаемая дата закрытия'])?.id).toBe('bitrix24');
  });
  it('names none for the canonical table or a single CRM-looking header', () => {
    expect(recognizeLayout(['ID', 'Created', 'Closed', 'Amount', 'Status', 'Rep'])).toBeUndefined();
    expect(recognizeLayout(['Deal Stage', 'Amount', 'Close date'])).toBeUndefined();
  });
});

describe('readBooleanWord', () => {
  it('reads the checkboxes CRMs export', () => {
    for (const yes of [true, 1, '1', 'TRUE', 'true', 'Yes', 'Да', 'x']) expect(readBooleanWord(yes), String(yes)).toBe(true);
    for (const no of [false, 0, '0', 'FALSE', 'false', 'No', 'Нет']) expect(readBooleanWord(no), String(no)).toBe(false);
    for (const neither of ['', 'maybe', 2, '15.03.2024']) expect(readBooleanWord(neither), String(neither)).toBeUndefined();
  });
});

describe('describeMissingColumn', () => {
  it('lists the spec\'s synonyms, and says what the column was wanted for', () => {
    expect(describeMissingColumn('stage', 'to group by')).toBe(
      'the deal table has no `stage` column to group by (looked for: stage, pipeline stage, этап, стадия, этап воронки)',
    );
  });
});

describe('mapColumns', () => {
  const headers = (found: ReturnType<typeof mapColumns>): Record<string, string> =>
    Object.fromEntries(Object.entries({ ...found.fields, ...found.sources }).map(([f, ref]) => [f, `${ref!.index} ${ref!.header}`]));
  it('finds the header\'s fields and the CRM columns apart', () => {
    const found = mapColumns([['Deal - Value', 'Deal - Won time', 'Deal - Status', 'Deal - Title']], 1, undefined);
    expect(Object.keys(found.fields)).toEqual(['amount', 'status']);
    expect(Object.keys(found.sources)).toEqual(['won_time']);
    expect(found.layout?.id).toBe('pipedrive');
  });
  it('lays an explicit mapping over the header: an index picks a column (a blank header is named by its number), null drops a field', () => {
    const g = [['When', 'Amount', 'Money', ''], [d('2024-03-01'), 'x', 100, 5]];
    expect(headers(mapColumns(g, 2, { closed: 0, amount: 2, cost: 3 }))).toEqual({ closed: '0 When', amount: '2 Money', cost: '3 column 4' });
    expect(headers(mapColumns(g, 2, { amount: null }))).toEqual({});
    expect(headers(mapColumns(g, 2, { won_flag: 1 }))).toEqual({ amount: '1 Amount', won_flag: '1 Amount' });
  });
  it('tells a `Closed` checkbox from a close date by the values of the rows before `end`', () => {
    const g = [['Closed', 'Close Date'], ['1', d('2024-03-01')], ['0', d('2024-03-02')], [d('2024-03-03'), d('2024-03-03')]];
    expect(headers(mapColumns(g, 3, undefined))).toEqual({ closed: '1 Close Date', closed_flag: '0 Closed' });
    // With the third row, the `Closed` column holds a date: no checkbox, but the leftmost close date.
    expect(headers(mapColumns(g, 4, undefined))).toEqual({ closed: '0 Closed' });
  });
});

describe('headerError', () => {
  const formatDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  it('quotes the first six cells of the first row and lists the first synonym of every field (§5)', () => {
    expect(headerError(['Anna', 100, d('2024-03-01'), '', 'x', 'y', 'z'], formatDate).message).toBe(
      'the first row must be the header: none of its cells ("Anna", "100", "2024-03-01", "", "x", "y") names a known column; ' +
        'looked for: id, created, qualified, closed, amount, cost, status, stage, probability, rep, customer, source, type',
    );
    expect(headerError([], formatDate).message).toMatch(/^the first row must be the header: none of its cells \(nothing\)/);
    expect(headerError([], formatDate).name).toBe('KpiError');
  });
});
