/**
 * The document's settings checked on every read (issue 9, point 2): each field valid and broken, unknown keys, text
 * that is not JSON and a wrong version; the part a custom function reads; the words a read takes from them.
 */
import { describe, expect, it } from 'vitest';
import { checkBuildOptions, readingSettings, validateSettings, wordsOf, type Settings } from '../../src/engine/settings';

/** A document with every field set and valid. */
const FULL: Settings = {
  version: 1,
  mappings: { Deals: { closed: 0, amount: 3, status: 4, type: null }, 'Q1 export': { amount: 0 } },
  statusWords: { won: ['Сделка успешна', 'Closed / paid'], lost: ['Отменена'], open: ['Переговоры'] },
  typeWords: { repeat: ['Продление'], 'cross-sell': ['Доп. продукт'] },
  fiscalYearStart: 4,
  currency: 'RUB',
  benchmarks: { winRateRed: 0.2, ltvCacGreen: 4, ltvCacRed: 1.5, cacPaybackGreen: 6, planGreen: 1.1, planAmber: 0.95 },
  lastBuild: {
    table: { sheet: 'Deals', range: 'A1:H200' }, mapping: { amount: 3 }, period: '2025-Q1', granularity: 'week', kpis: ['win_rate', 'sales_volume'],
    plan: { sheet: 'Plan' }, spend: { sheet: 'Spend', range: 'A1:C20' }, live: true, locale: 'ru', sheetName: 'KPI Q1', fiscalYearStart: 7,
  },
};

/** The problems of a document that differs from an empty valid one by `fields`. */
const problemsOf = (fields: Record<string, unknown>): string[] => validateSettings({ version: 1, ...fields }).problems;
/** The settings kept of such a document. */
const keptOf = (fields: Record<string, unknown>): Settings => validateSettings({ version: 1, ...fields }).settings;

describe('validateSettings', () => {
  it('gives the defaults, without a problem, when the document has no settings yet', () => {
    expect(validateSettings(undefined)).toEqual({ settings: { version: 1 }, problems: [], reset: false });
    expect(validateSettings({ version: 1 })).toEqual({ settings: { version: 1 }, problems: [], reset: false });
  });

  it('keeps a document whose every field is valid as it is, given as JSON text or as the value', () => {
    expect(validateSettings(FULL)).toEqual({ settings: FULL, problems: [], reset: false });
    expect(validateSettings(JSON.stringify(FULL))).toEqual({ settings: FULL, problems: [], reset: false });
  });

  it('resets the whole document when the text is not JSON', () => {
    expect(validateSettings('{"version":1,"currency":')).toEqual({
      settings: { version: 1 },
      problems: ['settings: "{\\"version\\":1,\\"currency\\":" is not JSON; every setting is back to its default'],
      reset: true,
    });
    expect(validateSettings('').problems).toEqual(['settings: "" is not JSON; every setting is back to its default']);
  });

  it('resets the whole document when it is no object: null, a list, a number', () => {
    expect(validateSettings('null')).toEqual({
      settings: { version: 1 }, problems: ['settings: null is not a settings document; every setting is back to its default'], reset: true,
    });
    expect(validateSettings([FULL]).reset).toBe(true);
    expect(validateSettings(42).problems).toEqual(['settings: 42 is not a settings document; every setting is back to its default']);
  });

  it('resets the whole document of another version, or of none, whatever else it holds', () => {
    expect(validateSettings({ ...FULL, version: 2 })).toEqual({
      settings: { version: 1 }, problems: ['version: 2 is not 1, the version this add-on reads; every setting is back to its default'], reset: true,
    });
    expect(validateSettings({ currency: 'USD' }).problems).toEqual([
      'version: undefined is not 1, the version this add-on reads; every setting is back to its default',
    ]);
    expect(validateSettings({ version: '1', currency: 'USD' }).settings).toEqual({ version: 1 });
  });

  it('reports an unknown key and drops it, at the top and inside a field', () => {
    const r = validateSettings({
      version: 1, theme: 'dark', currency: 'USD',
      statusWords: { won: ['paid in full'], pending: ['hold'] }, benchmarks: { winRateRed: 0.1, churnRed: 0.3 },
      mappings: { Deals: { amount: 2, colour: 5 } }, lastBuild: { table: { sheet: 'Deals', filter: 'x' }, colour: 'red' },
    });
    expect(r.problems).toEqual([
      'theme: unknown setting, dropped (it was "dark")',
      'statusWords.pending: unknown setting, dropped (it was ["hold"])',
      'benchmarks.churnRed: unknown setting, dropped (it was 0.3)',
      'mappings["Deals"].colour: unknown setting, dropped (it was 5)',
      'lastBuild.table.filter: unknown setting, dropped (it was "x")',
      'lastBuild.colour: unknown setting, dropped (it was "red")',
    ]);
    expect(r.settings).toEqual({
      version: 1, currency: 'USD', statusWords: { won: ['paid in full'] }, benchmarks: { winRateRed: 0.1 },
      mappings: { Deals: { amount: 2 } }, lastBuild: { table: { sheet: 'Deals' } },
    });
    expect(r.reset).toBe(false);
  });

  it('mappings: keeps column indices and null by field, drops each broken entry, and a sheet without a name', () => {
    expect(keptOf({ mappings: { Deals: { amount: 0, status: null } } })).toEqual({ version: 1, mappings: { Deals: { amount: 0, status: null } } });
    const fields = { mappings: { Deals: { amount: -1, closed: 1.5, rep: '2', status: 4 }, '': { amount: 1 }, Plan: 'B' } };
    expect(problemsOf(fields)).toEqual([
      'mappings["Deals"].amount: -1 is not a column index (0 for the range\'s first column) or null; the default is used',
      'mappings["Deals"].closed: 1.5 is not a column index (0 for the range\'s first column) or null; the default is used',
      'mappings["Deals"].rep: "2" is not a column index (0 for the range\'s first column) or null; the default is used',
      'mappings[""]: {"amount":1} is not under a sheet name; the default is used',
      'mappings["Plan"]: "B" is not a column mapping ({ field: column index }); the default is used',
    ]);
    expect(keptOf(fields)).toEqual({ version: 1, mappings: { Deals: { status: 4 } } });
    expect(problemsOf({ mappings: [] })).toEqual(['mappings: [] is not column mappings by sheet name; the default is used']);
  });

  it('statusWords: keeps the words trimmed; drops a blank, a non-text, an over-long word and one given twice', () => {
    expect(keptOf({ statusWords: { won: ['  Сделка успешна '], open: ['Переговоры'] } }))
      .toEqual({ version: 1, statusWords: { won: ['Сделка успешна'], open: ['Переговоры'] } });
    const long = 'x'.repeat(101);
    const fields = { statusWords: { won: ['Оплачен', '  ', 5, long, 'оплачен!'], lost: ['ОПЛАЧЕН', '—'], open: 'Переговоры' } };
    expect(problemsOf(fields)).toEqual([
      'statusWords.won[1]: "  " is not a word (letters or digits, at most 100 characters); dropped',
      'statusWords.won[2]: 5 is not a word (letters or digits, at most 100 characters); dropped',
      `statusWords.won[3]: "${'x'.repeat(58)}… is not a word (letters or digits, at most 100 characters); dropped`,
      'statusWords.won[4]: "оплачен!" is not a new word: it is given under won already; dropped',
      'statusWords.lost[0]: "ОПЛАЧЕН" is not a new word: it is given under won already; dropped',
      'statusWords.lost[1]: "—" is not a word (letters or digits, at most 100 characters); dropped',
      'statusWords.open: "Переговоры" is not a list of words; the default is used',
    ]);
    expect(keptOf(fields)).toEqual({ version: 1, statusWords: { won: ['Оплачен'] } });
    expect(problemsOf({ statusWords: ['won'] })).toEqual(['statusWords: ["won"] is not word lists ({ won, lost, open }); the default is used']);
  });

  it('typeWords: keeps words by deal type, cross-sell spelled as the spec does', () => {
    expect(keptOf({ typeWords: { new: ['Первичная'], 'cross-sell': ['Доп. продукт'] } }))
      .toEqual({ version: 1, typeWords: { new: ['Первичная'], 'cross-sell': ['Доп. продукт'] } });
    expect(problemsOf({ typeWords: { crosssell: ['x'], upsell: [] } })).toEqual(['typeWords.crosssell: unknown setting, dropped (it was ["x"])']);
    expect(keptOf({ typeWords: { upsell: [] } })).toEqual({ version: 1 });
  });

  it('fiscalYearStart: a month number 1..12', () => {
    expect(keptOf({ fiscalYearStart: 1 })).toEqual({ version: 1, fiscalYearStart: 1 });
    expect(keptOf({ fiscalYearStart: 12 })).toEqual({ version: 1, fiscalYearStart: 12 });
    for (const bad of [0, 13, 4.5, '4', null]) {
      expect(validateSettings({ version: 1, fiscalYearStart: bad })).toEqual({
        settings: { version: 1 }, problems: [`fiscalYearStart: ${JSON.stringify(bad)} is not a month number 1..12; the default is used`], reset: false,
      });
    }
  });

  it('currency: an ISO 4217 code, three capital letters', () => {
    expect(keptOf({ currency: 'USD' })).toEqual({ version: 1, currency: 'USD' });
    for (const bad of ['usd', 'US', 'USDT', '₽', 840]) {
      expect(problemsOf({ currency: bad })).toEqual([
        `currency: ${JSON.stringify(bad)} is not an ISO 4217 currency code (three capital letters, such as USD or RUB); the default is used`,
      ]);
      expect(keptOf({ currency: bad })).toEqual({ version: 1 });
    }
  });

  it('benchmarks: numbers ≥ 0 by the names of the benchmarks; a scale out of order drops both of its ends', () => {
    expect(keptOf({ benchmarks: { winRateRed: 0, planGreen: 1.2 } })).toEqual({ version: 1, benchmarks: { winRateRed: 0, planGreen: 1.2 } });
    expect(problemsOf({ benchmarks: { winRateRed: -0.1, ltvCacGreen: '3', cacPaybackGreen: Infinity } })).toEqual([
      'benchmarks.winRateRed: -0.1 is not a number ≥ 0; the default is used',
      'benchmarks.ltvCacGreen: "3" is not a number ≥ 0; the default is used',
      'benchmarks.cacPaybackGreen: Infinity is not a number ≥ 0; the default is used',
    ]);
    // planAmber 1.2 is above the default planGreen 1: neither is kept.
    expect(validateSettings({ version: 1, benchmarks: { planAmber: 1.2, winRateRed: 0.1 } })).toEqual({
      settings: { version: 1, benchmarks: { winRateRed: 0.1 } },
      problems: ['benchmarks: planAmber 1.2 is above planGreen 1; the defaults of both are used'],
      reset: false,
    });
    expect(problemsOf({ benchmarks: { ltvCacRed: 5, ltvCacGreen: 4 } })).toEqual(['benchmarks: ltvCacRed 5 is above ltvCacGreen 4; the defaults of both are used']);
    expect(problemsOf({ benchmarks: 0.15 })).toEqual(['benchmarks: 0.15 is not benchmark thresholds ({ winRateRed: 0.15 … }); the default is used']);
  });

  it('lastBuild: kept with its valid fields; dropped whole without a table', () => {
    const fields = {
      lastBuild: {
        table: { sheet: 'Deals', range: 5 }, granularity: 'fortnight', kpis: ['win_rate', 3], live: 'yes', locale: 'de',
        sheetName: ' ', period: 2025, plan: { range: 'A1:C3' }, mapping: { amount: 'D' }, fiscalYearStart: 0,
      },
    };
    expect(problemsOf(fields)).toEqual([
      'lastBuild.table.range: 5 is not an A1 range; the default is used',
      'lastBuild.granularity: "fortnight" is not one of day, week, month, quarter, year; the default is used',
      'lastBuild.kpis: ["win_rate",3] is not a list of KPI ids; the default is used',
      'lastBuild.live: "yes" is not true or false; the default is used',
      'lastBuild.locale: "de" is not en or ru; the default is used',
      'lastBuild.sheetName: " " is not a sheet name; the default is used',
      'lastBuild.period: 2025 is not a period text; the default is used',
      'lastBuild.plan: {"range":"A1:C3"} is not a table ({ sheet, range? }); the default is used',
      'lastBuild.mapping.amount: "D" is not a column index (0 for the range\'s first column) or null; the default is used',
      'lastBuild.fiscalYearStart: 0 is not a month number 1..12; the default is used',
    ]);
    expect(keptOf(fields)).toEqual({ version: 1, lastBuild: { table: { sheet: 'Deals' }, mapping: {} } });
    expect(validateSettings({ version: 1, currency: 'EUR', lastBuild: { period: '2025-03' } })).toEqual({
      settings: { version: 1, currency: 'EUR' },
      problems: ['lastBuild.table: undefined is not a table ({ sheet, range? }); the default is used'],
      reset: false,
    });
  });
});

describe('checkBuildOptions', () => {
  it('gives the options with every field checked, or undefined without a table, each problem under the path given', () => {
    const problems: string[] = [];
    expect(checkBuildOptions(problems, 'build', FULL.lastBuild)).toEqual(FULL.lastBuild);
    expect(problems).toEqual([]);
    expect(checkBuildOptions(problems, 'build', 'Deals')).toBeUndefined();
    expect(problems).toEqual(['build: "Deals" is not build options; the default is used']);
  });
});

describe('readingSettings', () => {
  it('reads the mappings, the words and the fiscal year only, checked as validateSettings checks them', () => {
    expect(readingSettings(JSON.stringify(FULL))).toEqual({
      mappings: FULL.mappings, statusWords: FULL.statusWords, typeWords: FULL.typeWords, fiscalYearStart: 4,
    });
    expect(readingSettings(JSON.stringify({
      version: 1, statusWords: { won: ['Оплачен', 7] }, mappings: { Deals: { amount: -2, status: 1 } }, fiscalYearStart: 13,
    }))).toEqual({ mappings: { Deals: { status: 1 } }, statusWords: { won: ['Оплачен'] }, typeWords: undefined, fiscalYearStart: undefined });
  });
  it('reads nothing from no document, text that is not JSON, or another version', () => {
    expect(readingSettings(undefined)).toEqual({});
    expect(readingSettings('{oops')).toEqual({});
    expect(readingSettings(JSON.stringify({ ...FULL, version: 2 }))).toEqual({});
  });
});

describe('wordsOf', () => {
  it('gives the status and type words a read adds, or undefined without any', () => {
    expect(wordsOf(FULL)).toEqual({ status: FULL.statusWords, type: FULL.typeWords });
    expect(wordsOf({ statusWords: { won: ['Оплачен'] } })).toEqual({ status: { won: ['Оплачен'] }, type: undefined });
    expect(wordsOf({})).toBeUndefined();
  });
});

describe('currencyOfLocale', () => {
  it('takes the currency of the locale\'s country', async () => {
    const { currencyOfLocale } = await import('../../src/engine/settings');
    expect(currencyOfLocale('ru_RU')).toBe('RUB');
    expect(currencyOfLocale('en_GB')).toBe('GBP');
    expect(currencyOfLocale('de-DE')).toBe('EUR');
    expect(currencyOfLocale('en')).toBeUndefined();
    expect(currencyOfLocale('xx_ZZ')).toBeUndefined();
    expect(currencyOfLocale(undefined)).toBeUndefined();
  });
});
