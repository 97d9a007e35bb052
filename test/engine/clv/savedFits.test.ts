import { describe, expect, it } from 'vitest';
import { CLV_CALLS, fitToSave } from '../../../src/engine/clv/index';
import { fingerprintOf, MAX_SAVED_FITS, readSavedFits, savedFitFor, withFit, type SavedFit } from '../../../src/engine/clv/savedFits';
import type { CallEnv } from '../../../src/engine/call';
import { cdnowSample } from './fixtures';
import { cdnowGrid } from './cdnow';

const ENV: CallEnv = { timeZone: 'UTC', now: Date.UTC(2026, 0, 1) };
const SAMPLE = cdnowGrid('CDNOW_sample.txt');

describe('fingerprintOf', () => {
  it('names the CDNOW summary by its calibration end, unit, counts and sums', () => {
    const f = fingerprintOf(cdnowSample());
    expect([f.calibrationEnd, f.unit, f.customers, f.repeatCustomers]).toEqual(['1997-09-30', 'week', 2357, 946]);
    expect(f.sums[0]).toBe(Array.from(cdnowSample().x).reduce((s, x) => s + x, 0));
  });
});

describe('fitToSave and the functions that use a saved fit', () => {
  const saved = fitToSave(SAMPLE, '1997-09-30', 'week', ENV);
  it('keeps both fits with the summary they came from', () => {
    expect(saved.bgnbd.r).toBeCloseTo(0.243, 3);
    expect(saved.gammaGamma.p).toBeCloseTo(6.25, 2);
    expect(saved.fittedAt).toBe('2026-01-01T00:00:00.000Z');
  });
  it('is used instead of fitting, even when fitting has no time left', () => {
    const late = { ...ENV, fitDeadline: Date.now() - 1, savedFits: [saved] };
    expect(CLV_CALLS.CLV_PARAMS([SAMPLE, '1997-09-30'], late)).toEqual(CLV_CALLS.CLV_PARAMS([SAMPLE, '1997-09-30'], ENV));
    expect(CLV_CALLS.P_ALIVE([SAMPLE, '1997-09-30'], late)).toEqual(CLV_CALLS.P_ALIVE([SAMPLE, '1997-09-30'], ENV));
  });
  it('is not used for another calibration end or once a purchase changes', () => {
    const late = { ...ENV, fitDeadline: Date.now() - 1, savedFits: [saved] };
    expect(() => CLV_CALLS.CLV_PARAMS([SAMPLE, '1997-10-31'], late)).toThrow(/takes longer than the 30 s/);
    const edited = SAMPLE.map((r, i) => (i === 5 ? [r[0], new Date((r[1] as Date).getTime() + 86400000), r[2]] : r));
    expect(() => CLV_CALLS.CLV_PARAMS([edited, '1997-09-30'], late)).toThrow(/takes longer than the 30 s/);
  });
  it('is found by savedFitFor only for the same summary', () => {
    expect(savedFitFor(cdnowSample(), [saved])).toBe(saved);
    expect(savedFitFor(cdnowSample(), [{ ...saved, customers: 2356 }])).toBeUndefined();
  });
});

describe('withFit', () => {
  const fit = (end: string, unit: SavedFit['unit'] = 'week'): SavedFit => ({
    calibrationEnd: end, unit, customers: 30, repeatCustomers: 6, sums: [1, 2, 3],
    bgnbd: { r: 1, alpha: 2, a: 3, b: 4, ll: -5 }, gammaGamma: { p: 1, q: 2, gamma: 3, ll: -4 }, fittedAt: '',
  });
  it('puts the new fit first, replaces one of the same calibration end and unit, and keeps the latest 8', () => {
    let all: SavedFit[] = [];
    for (let m = 1; m <= 10; m++) all = withFit(all, fit(`2024-${String(m).padStart(2, '0')}-28`));
    expect(all).toHaveLength(MAX_SAVED_FITS);
    expect(all[0].calibrationEnd).toBe('2024-10-28');
    all = withFit(all, { ...fit('2024-05-28'), customers: 31 });
    expect(all.filter((f) => f.calibrationEnd === '2024-05-28').map((f) => f.customers)).toEqual([31]);
    expect(withFit(all, fit('2024-05-28', 'day')).filter((f) => f.calibrationEnd === '2024-05-28')).toHaveLength(2);
  });
});

describe('readSavedFits', () => {
  const good = fitToSave(SAMPLE, '1997-09-30', 'week', ENV);
  it('reads back what was saved as JSON', () => {
    expect(readSavedFits(JSON.stringify([good]))).toEqual({ fits: [good], problems: [] });
    expect(readSavedFits(undefined)).toEqual({ fits: [], problems: [] });
  });
  it('drops a broken fit and says which, and ignores text that is not a JSON list', () => {
    const broken = { ...good, bgnbd: { ...good.bgnbd, r: -1 } };
    expect(readSavedFits(JSON.stringify([broken, good]))).toEqual({ fits: [good], problems: ['saved customer-value fit 1 is broken and was ignored'] });
    expect(readSavedFits('{not json').problems).toEqual(['the saved customer-value fits are not valid JSON and were ignored']);
    expect(readSavedFits('{"a":1}').problems).toEqual(['the saved customer-value fits are not a list and were ignored']);
    expect(readSavedFits(JSON.stringify([{ ...good, unit: 'year' }])).fits).toEqual([]);
  });
});
