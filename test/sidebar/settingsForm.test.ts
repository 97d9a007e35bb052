/** The Settings and Schedule panels' pure side (sidebar/settings.ts): the server's values as the fields show them, and back. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_BENCHMARKS } from '../../src/engine/benchmarks';
import { DEAL_TYPES } from '../../src/engine/fields';
import { validateSettings } from '../../src/engine/settings';
import {
  BENCHMARKS, STATUS_CLASSES, TYPE_CLASSES, currencyOk, fromRuleRows, fromSettingsForm, shownNumber, storedNumber, textWords,
  toRuleRow, toSettingsForm,
} from '../../sidebar/settings';

const isRate = (kpi: string): boolean => kpi === 'win_rate';

describe('the panel knows the engine', () => {
  it('every benchmark, with its default', () => {
    expect(Object.fromEntries(BENCHMARKS.map((b) => [b.key, b.default]))).toEqual(DEFAULT_BENCHMARKS);
  });

  it('the deal types and outcomes', () => {
    expect([...TYPE_CLASSES]).toEqual([...DEAL_TYPES]);
    expect([...STATUS_CLASSES]).toEqual(['won', 'lost', 'open']);
  });
});

describe('numbers', () => {
  it('show rates in percent without float noise, and store them as fractions', () => {
    expect(shownNumber(0.15, true)).toBe('15');
    expect(shownNumber(0.07, true)).toBe('7');
    expect(shownNumber(3, false)).toBe('3');
    expect(shownNumber(undefined, true)).toBe('');
    expect(storedNumber('15', true)).toBe(0.15);
    expect(storedNumber('12,5', true)).toBe(0.125);
    expect(storedNumber(' 4 ', false)).toBe(4);
    expect(storedNumber('', false)).toBeUndefined();
    expect(storedNumber('abc', false)).toBeUndefined();
  });
});

describe('word lists', () => {
  it('one a line, trimmed, blank lines and repeats left out', () => {
    expect(textWords(' Сделка успешна \r\n\nClosed won\nClosed won\n')).toEqual(['Сделка успешна', 'Closed won']);
    expect(textWords('')).toEqual([]);
  });
});

describe('the settings to save', () => {
  const loaded = {
    version: 1 as const,
    mappings: { Deals: { amount: 4 } },
    statusWords: { won: ['Signed'] },
    benchmarks: { winRateRed: 0.2, ltvCacGreen: 4 },
    currency: 'RUB',
    lastBuild: { table: { sheet: 'Deals' } },
  };

  it('round trip: the fields of what was loaded save the same settings', () => {
    const form = toSettingsForm(loaded);
    expect(form.statusWords).toEqual({ won: 'Signed', lost: '', open: '' });
    expect(form.benchmarks).toMatchObject({ winRateRed: '20', ltvCacGreen: '4', planGreen: '' });
    expect(form.fiscalYearStart).toBe('1');
    expect(fromSettingsForm(loaded, form)).toEqual(loaded);
  });

  it('keep the base\'s mappings and last build, leave empty fields out, upper-case the currency', () => {
    const form = {
      ...toSettingsForm({ version: 1 }),
      typeWords: { new: '', repeat: '', upsell: 'Upgrade\nAdd-on', 'cross-sell': '' },
      fiscalYearStart: '4',
      currency: ' usd ',
    };
    const out = fromSettingsForm({ version: 1, mappings: { X: { amount: 1 } }, lastBuild: { table: { sheet: 'X' } } }, form);
    expect(out).toEqual({
      version: 1, mappings: { X: { amount: 1 } }, typeWords: { upsell: ['Upgrade', 'Add-on'] }, fiscalYearStart: 4, currency: 'USD',
      lastBuild: { table: { sheet: 'X' } },
    });
    // What the panel sends passes the server's check untouched.
    expect(validateSettings(out)).toEqual({ settings: out, problems: [], reset: false });
  });

  it('a fiscal year from January is left out unless the document named it', () => {
    expect(fromSettingsForm({ version: 1 }, toSettingsForm({ version: 1 }))).toEqual({ version: 1 });
    expect(fromSettingsForm({ version: 1, fiscalYearStart: 1 }, toSettingsForm({ version: 1, fiscalYearStart: 1 }))).toEqual({ version: 1, fiscalYearStart: 1 });
  });

  it('a currency is empty or three letters', () => {
    expect(currencyOk('')).toBe(true);
    expect(currencyOk('rub')).toBe(true);
    expect(currencyOk('RUBL')).toBe(false);
    expect(currencyOk('R1B')).toBe(false);
  });
});

describe('alert rules', () => {
  it('show a rate\'s threshold in percent, a count\'s as it is, and back', () => {
    expect(toRuleRow({ kpi: 'win_rate', op: '<', value: 0.15 }, isRate)).toEqual({ kpi: 'win_rate', op: '<', value: '15' });
    expect(toRuleRow({ kpi: 'deals_won', op: '>=', value: 3 }, isRate)).toEqual({ kpi: 'deals_won', op: '>=', value: '3' });
    expect(fromRuleRows([{ kpi: 'win_rate', op: '<', value: '15' }, { kpi: 'deals_won', op: '>=', value: '3' }], isRate)).toEqual([
      { kpi: 'win_rate', op: '<', value: 0.15 }, { kpi: 'deals_won', op: '>=', value: 3 },
    ]);
  });

  it('name the first row without a number', () => {
    expect(fromRuleRows([{ kpi: 'win_rate', op: '<', value: '15' }, { kpi: 'deals_won', op: '<', value: '' }], isRate)).toBe(2);
    expect(fromRuleRows([], isRate)).toEqual([]);
  });
});
