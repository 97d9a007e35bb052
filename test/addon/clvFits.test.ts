/**
 * Customer value → Fit and save (issue 10 point 2), on the strict stand-in: fitCustomerValue fits the models to a deal
 * sheet and keeps the fit in the document's developer metadata; a second calibration end keeps both; a copy of the
 * workbook keeps them; a corrupted stored list is ignored and replaced; and the custom functions, out of time to fit,
 * use the saved fit instead of saying that the fit takes too long.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../src/addon/api';
import { fitCustomerValue, readCustomerValueFits } from '../../src/addon/customerValue';
import { CLV_FITS_KEY, SETTINGS_KEY } from '../../src/addon/documentSettings';
import { customFunctions, sheetSettings } from '../../src/addon/functions';
import { saveSettings } from '../../src/addon/settingsApi';
import { fitToSave } from '../../src/engine/clv/index';
import type { FakeSheets, FakeSheetsOptions } from './fakeSheets';
import { installFake, restoreGlobals } from './installFake';
import { purchases } from './purchases';

/** 30 customers, 15 of them repeat buyers, 58 purchases in 2024 (A1:D59); the last on 2024-12-07. */
const DEALS = purchases();
const NOW = new Date(Date.UTC(2025, 5, 10, 12));

/** The stand-in with the purchases on "Deals" and the analyst's formulas on "Calc" (Calc!A1 is the calling cell). */
function install(values: unknown[][] = DEALS, options: FakeSheetsOptions = {}): FakeSheets {
  return installFake({
    sheets: [{ name: 'Deals', values }, { name: 'Calc', values: [['=CLV_PARAMS(Deals!A1:D)']] }],
    activeSheet: 'Calc', activeRange: 'A1', ...options,
  }, NOW);
}

afterEach(() => {
  vi.restoreAllMocks();
  restoreGlobals();
});

/** The document's stored fits as JSON. */
function stored(fake: FakeSheets): unknown {
  const entry = fake.spreadsheet.developerMetadata(null).find((m) => m.key === CLV_FITS_KEY);
  return entry ? JSON.parse(entry.value) : undefined;
}

/**
 * From here on the clock jumps 30 s at every reading, so a custom function's fit is past its 25 s at its first step:
 * what a customer base too large for a custom function's 30 s meets.
 */
function outOfTime(): void {
  let t = NOW.getTime();
  vi.spyOn(Date, 'now').mockImplementation(() => (t += 30_000));
}

/** CLV_PARAMS's spill as { name: value }. */
const params = (spill: unknown): Record<string, unknown> => Object.fromEntries((spill as unknown[][]).slice(1));

describe('fitCustomerValue', () => {
  it('fits the deal sheet and stores the fit in the document, under the document lock', () => {
    const fake = install();
    const r = fitCustomerValue({ table: { sheet: 'Deals' } });
    const engine = fitToSave(DEALS, '', 'week', { timeZone: 'UTC', now: NOW.getTime() });
    expect(r).toEqual({
      customers: 30, repeatCustomers: 15, bgnbd: engine.bgnbd, gammaGamma: engine.gammaGamma,
      calibrationEnd: '2024-12-07', unit: 'week', fittedAt: '2025-06-10T12:00:00.000Z', savedFits: 1,
    });
    expect(r.bgnbd.r).toBeGreaterThan(0);
    expect(r.bgnbd.ll).toBeLessThan(0);
    const metadata = fake.spreadsheet.developerMetadata(null);
    expect(metadata.map((m) => [m.key, m.visibility])).toEqual([[CLV_FITS_KEY, 'DOCUMENT']]);
    expect(stored(fake)).toEqual([JSON.parse(JSON.stringify(engine))]);
    expect(fake.spreadsheet.lockHeld()).toBe(false);
    expect(readCustomerValueFits(SpreadsheetApp.getActiveSpreadsheet())).toEqual({ fits: [engine], problems: [] });
  });

  it('keeps a fit per calibration end and unit; fitting the same one again replaces it', () => {
    const fake = install();
    fitCustomerValue({ table: { sheet: 'Deals' } });
    const second = fitCustomerValue({ table: { sheet: 'Deals', range: 'A1:D59' }, calibrationEnd: '2024-09', unit: 'month' });
    expect(second).toMatchObject({ calibrationEnd: '2024-09-30', unit: 'month', savedFits: 2 });
    expect((stored(fake) as { calibrationEnd: string; unit: string }[]).map((f) => [f.calibrationEnd, f.unit]))
      .toEqual([['2024-09-30', 'month'], ['2024-12-07', 'week']]);
    expect(fitCustomerValue({ table: { sheet: 'Deals' }, calibrationEnd: '2024-12-07', unit: 'week' }).savedFits).toBe(2);
    expect(fake.spreadsheet.developerMetadata(null)).toHaveLength(1);
  });

  it('keeps the document\'s settings beside the fits', () => {
    const fake = install();
    saveSettings({ version: 1, currency: 'EUR' });
    fitCustomerValue({ table: { sheet: 'Deals' } });
    expect(fake.spreadsheet.developerMetadata(null).map((m) => m.key).sort()).toEqual([CLV_FITS_KEY, SETTINGS_KEY].sort());
  });

  it('ignores a corrupted stored list, reports it on reading, and replaces it on the next save', () => {
    const fake = install();
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    ss.addDeveloperMetadata(CLV_FITS_KEY, '[{"calibrationEnd":"2024-12-07","unit":"week"', SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
    expect(readCustomerValueFits(ss)).toEqual({ fits: [], problems: ['the saved customer-value fits are not valid JSON and were ignored'] });
    expect(sheetSettings(ss)).toEqual({});
    expect(fitCustomerValue({ table: { sheet: 'Deals' } }).savedFits).toBe(1);
    expect(readCustomerValueFits(ss).problems).toEqual([]);
    expect(fake.spreadsheet.developerMetadata(null)).toHaveLength(1);

    // A list with one broken fit: the broken one is dropped, the good one kept.
    const good = (stored(fake) as unknown[])[0];
    ss.getDeveloperMetadata()[0].setValue(JSON.stringify([{ ...(good as object), unit: 'fortnight' }, good]));
    expect(readCustomerValueFits(ss).problems).toEqual(['saved customer-value fit 1 is broken and was ignored']);
    expect(sheetSettings(ss).savedFits).toHaveLength(1);
    expect(fitCustomerValue({ table: { sheet: 'Deals' }, calibrationEnd: '2024-10-31' }).savedFits).toBe(2);
    expect(readCustomerValueFits(ss).problems).toEqual([]);
  });

  it('answers too few customers, no customer column or a missing sheet with the message, storing nothing', () => {
    const fake = install();
    expect(() => fitCustomerValue({ table: { sheet: 'Deals', range: 'A1:D20' } }))
      .toThrow(/^Deals: \d+ customers are too few to fit BG\/NBD: it needs at least 20$/);
    expect(() => fitCustomerValue({ table: { sheet: 'Deals' }, unit: 'year' as 'week' })).toThrow('Deals: unit "year" must be "day", "week" or "month"');
    expect(() => fitCustomerValue({ table: { sheet: 'Deals' }, calibrationEnd: 'soon' }))
      .toThrow('Deals: calibration_end "soon" is not a date or a period (such as 1997-09-30 or 1997-09)');
    expect(() => fitCustomerValue({ table: { sheet: 'Nowhere' } })).toThrow('There is no sheet named "Nowhere"');
    const noCustomer = install(DEALS.map((r) => r.slice(1)));
    expect(() => fitCustomerValue({ table: { sheet: 'Deals' } })).toThrow(/^Deals: the deal table has no `customer` column/);
    expect(() => fitCustomerValue(undefined as never)).toThrow('Pick the deal table first.');
    for (const f of [fake, noCustomer]) expect(f.spreadsheet.developerMetadata(null)).toEqual([]);
    expect(noCustomer.spreadsheet.lockHeld()).toBe(false);
  });

  it('waits for no build: refuses while another holds the document lock', () => {
    const fake = install(DEALS, { lockBusy: true });
    expect(() => fitCustomerValue({ table: { sheet: 'Deals' } })).toThrow(/try again in a minute/);
    expect(fake.spreadsheet.developerMetadata(null)).toEqual([]);
  });
});

describe('a saved fit copied with the workbook', () => {
  it('a copy whose document metadata is the original\'s uses the same fit', () => {
    const original = install();
    fitCustomerValue({ table: { sheet: 'Deals' } });
    const metadata = original.spreadsheet.developerMetadata(null);
    expect(metadata.map((m) => m.key)).toEqual([CLV_FITS_KEY]);

    // The copy: the same sheets, and the spreadsheet's metadata as the original's (the stand-in starts with none).
    install();
    expect(sheetSettings(SpreadsheetApp.getActiveSpreadsheet())).toEqual({});
    for (const m of metadata) {
      SpreadsheetApp.getActiveSpreadsheet().addDeveloperMetadata(m.key, m.value, SpreadsheetApp.DeveloperMetadataVisibility[m.visibility]);
    }
    outOfTime();
    expect(params(customFunctions().CLV_PARAMS(DEALS))).toMatchObject({ customers: 30, repeat_customers: 15 });
  });
});

describe('the custom functions with a saved fit', () => {
  it('say that the fit takes too long without one, and use the saved one with it, with one metadata read a call', () => {
    const fake = install();
    const f = customFunctions();
    outOfTime();
    expect(() => f.CLV_PARAMS(DEALS)).toThrow(/^CLV_PARAMS: fitting the models to 30 customers takes longer than the 30 s .*Fit and save/);
    expect(() => f.P_ALIVE(DEALS)).toThrow(/takes longer than the 30 s/);
    vi.mocked(Date.now).mockRestore();

    const fit = fitCustomerValue({ table: { sheet: 'Deals' } });
    outOfTime();
    fake.calls.clear();
    expect(params(f.CLV_PARAMS(DEALS))).toEqual({
      customers: 30, repeat_customers: 15, r: fit.bgnbd.r, alpha: fit.bgnbd.alpha, a: fit.bgnbd.a, b: fit.bgnbd.b, bgnbd_ll: fit.bgnbd.ll,
      p: fit.gammaGamma.p, q: fit.gammaGamma.q, gamma: fit.gammaGamma.gamma, gg_ll: fit.gammaGamma.ll,
    });
    expect(fake.calls.get('Spreadsheet.getDeveloperMetadata')).toBe(1);
    // The calibration end and unit given as the fit was made: the same summary.
    expect(params(f.CLV_PARAMS(DEALS, '2024-12-07', 'weeks')).r).toBe(fit.bgnbd.r);
    for (const name of ['P_ALIVE', 'CLV_TABLE']) {
      const spill = f[name](DEALS) as unknown[][];
      expect(spill, name).toHaveLength(31);
      expect(spill.slice(1).every((row) => typeof row[1] === 'number'), name).toBe(true);
    }
    expect((f.EXPECTED_PURCHASES(DEALS, 52) as unknown[][])[1][0]).toBe('Customer 01');
    expect(f.LTV(DEALS, '', '', 'bgnbd')).toEqual(expect.any(Number));
  });

  it('fit again once the deals change, or at another calibration end or unit', () => {
    install();
    const f = customFunctions();
    fitCustomerValue({ table: { sheet: 'Deals' } });
    outOfTime();
    const more = [...DEALS, ['Customer 05', new Date(Date.UTC(2024, 11, 1)), 100, 'won']];
    expect(() => f.CLV_PARAMS(more)).toThrow(/takes longer than the 30 s/);
    expect(() => f.CLV_PARAMS(DEALS, '2024-11-30')).toThrow(/takes longer than the 30 s/);
    expect(() => f.CLV_PARAMS(DEALS, '', 'day')).toThrow(/takes longer than the 30 s/);
  });

  it('read the table the sidebar fitted as the functions read their range: its headers first, the saved mapping for the rest', () => {
    // The customer column is headed "Buyer ref", which no synonym knows: the document maps it for the sheet Deals.
    const renamed = purchases(['Buyer ref', 'Closed', 'Amount', 'Status']);
    install(renamed);
    const f = customFunctions();
    expect(() => fitCustomerValue({ table: { sheet: 'Deals' } })).toThrow(/`customer`/);
    const settings: Settings = { version: 1, mappings: { Deals: { customer: 0 } } };
    saveSettings(settings);
    fitCustomerValue({ table: { sheet: 'Deals' } });
    outOfTime();
    // =CLV_PARAMS(Deals!A1:D) in Calc!A1: the mapping saved for Deals fills the customer column.
    expect(params(f.CLV_PARAMS(renamed))).toMatchObject({ customers: 30, repeat_customers: 15 });
  });

  it('ignore a corrupted stored list, never failing for it', () => {
    install();
    SpreadsheetApp.getActiveSpreadsheet().addDeveloperMetadata(CLV_FITS_KEY, '{"not":"a list"}', SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
    const f = customFunctions();
    expect(params(f.CLV_PARAMS(DEALS))).toMatchObject({ customers: 30 });
    outOfTime();
    expect(() => f.CLV_PARAMS(DEALS)).toThrow(/takes longer than the 30 s/);
  });
});
