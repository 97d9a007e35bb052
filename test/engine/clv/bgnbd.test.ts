import { describe, expect, it } from 'vitest';
import { bgnbdLogLikelihood, expectedPurchases, fitBgNbd, pAlive, type BgNbdParams } from '../../../src/engine/clv/bgnbd';
import { cdnowSample, summaryOf } from './fixtures';

/** The published fit on CDNOW (Fader, Hardie & Lee 2005). */
const PUBLISHED: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('fitBgNbd on the CDNOW sample (Fader, Hardie & Lee 2005)', () => {
  const fit = fitBgNbd(cdnowSample());
  it('finds r = 0.243, α = 4.414, a = 0.793, b = 2.426 and LL = −9582.4, to the published precision', () => {
    expect(fit.r).toBeCloseTo(0.243, 3);
    expect(fit.alpha).toBeCloseTo(4.414, 3);
    expect(fit.a).toBeCloseTo(0.793, 3);
    expect(fit.b).toBeCloseTo(2.426, 3);
    expect(fit.ll).toBeCloseTo(-9582.4, 1);
  });
  it('is the maximum: a step of 1e-3 (relative) in any parameter lowers the likelihood', () => {
    const h = cdnowSample();
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      for (const f of [0.999, 1.001]) {
        expect(bgnbdLogLikelihood(h, { ...fit, [key]: fit[key] * f })).toBeLessThan(fit.ll);
      }
    }
  });
  it('agrees with the log-likelihood at the published (rounded) parameters to 0.01', () => {
    expect(bgnbdLogLikelihood(cdnowSample(), PUBLISHED)).toBeCloseTo(fit.ll, 1);
  });
});

describe('expectedPurchases', () => {
  const fit = fitBgNbd(cdnowSample());
  it('gives the paper\'s 1.226 purchases in 39 weeks for x = 2, t_x = 30.43, T = 38.86', () => {
    expect(expectedPurchases(fit, 2, 30.43, 38.86, 39)).toBeCloseTo(1.226, 3);
  });
  // mpmath at 40 digits, eq. 10 of the paper taken literally (2F1(r+x, b+x; a+b+x−1; z)), at the fitted parameters.
  const P: BgNbdParams = { r: 0.24259452243, alpha: 4.41360201901, a: 0.792922017242, b: 2.42590677689 };
  it.each([
    [2, 30.43, 38.86, 39, 1.2259068354268059852],
    [0, 0, 38.86, 39, 0.19478203654109003303],
    [150, 38.5, 38.86, 52, 126.89976057856648403],
    [400, 38.8, 38.86, 520, 1354.4502488174048407],
    [0, 0, 1e6, 52, 0.000012614759095170955535],
    [1, 1, 1e6, 52, 5.6471058371906458526e-11],
    [5, 10, 20, 2000, 15.675319000441907619],
  ])('x = %d, t_x = %d, T = %d, t = %d: %d (many purchases, a huge T, a long horizon)', (x, tx, T, t, want) => {
    const got = expectedPurchases(P, x, tx, T, t);
    expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-9 * want);
  });
  // mpmath at 50 digits: a fit on the edge of the parameter space (a, b in the millions: hardly any dropout seen).
  it.each([
    [1e4, 3e4, 3, 20, 30, 52, 1.3106184505862026532],
    [1e7, 3e7, 3, 20, 30, 52, 1.3105086548472989475],
    [1e7, 3e7, 0, 0, 30, 52, 0.52502205942882875444],
    [1e7, 3e7, 400, 29.9, 30, 52, 2.096069112927267726],
  ])('a = %d, b = %d (r = 0.5, α = 10), x = %d, t_x = %d, T = %d, t = %d: %d', (a, b, x, tx, T, t, want) => {
    const got = expectedPurchases({ r: 0.5, alpha: 10, a, b }, x, tx, T, t);
    expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-8 * want);
  });
  it('stays exact for a customer with 2 000 purchases, silent for the last 0.86 weeks (mpmath: 1.5742383586885e-11)', () => {
    const got = expectedPurchases({ r: 0.243, alpha: 4.41, a: 0.793, b: 2.43 }, 2000, 38, 38.86, 52);
    expect(Math.abs(got - 1.5742383586885432113e-11)).toBeLessThanOrEqual(1e-8 * 1.5742383586885432113e-11);
  });
  // mpmath at 40 digits: a fit with a + b < 1 (the sample deals of examples/), where c = a + b + x − 1 < 0 for x = 0 and
  // G is negative (or above 1): the formula by analytic continuation.
  it.each([
    [0, 0, 50, 52.18, 0.07778957159304077],
    [0, 0, 5, 52.18, 0.19484713261879706],
    [0, 0, 100, 4.35, 0.0040913225029353429],
    [1, 10, 50, 52.18, 0.42962632370264081],
  ])('a + b < 1: x = %d, t_x = %d, T = %d, t = %d: %d', (x, tx, T, t, want) => {
    const params = { r: 0.11435793061625796, alpha: 21.023891428054753, a: 0.2201595861641462, b: 0.7147968739846583 };
    expect(Math.abs(expectedPurchases(params, x, tx, T, t) - want)).toBeLessThanOrEqual(1e-9 * want);
  });
  it('is 0 for no time ahead, and grows with the horizon', () => {
    expect(expectedPurchases(PUBLISHED, 3, 20, 30, 0)).toBe(0);
    const e = [1, 10, 52, 520].map((t) => expectedPurchases(PUBLISHED, 3, 20, 30, t));
    for (let i = 1; i < e.length; i++) expect(e[i]).toBeGreaterThan(e[i - 1]);
  });
});

describe('pAlive', () => {
  it('is 1 for a customer who never bought again (x = 0)', () => {
    expect(pAlive(PUBLISHED, 0, 0, 38.86)).toBe(1);
  });
  it('is 1 / (1 + a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)), worked by hand for x = 2, t_x = 30.43, T = 38.86', () => {
    const { r, alpha, a, b } = PUBLISHED;
    const odds = (a / (b + 1)) * Math.pow((alpha + 38.86) / (alpha + 30.43), r + 2);
    expect(pAlive(PUBLISHED, 2, 30.43, 38.86)).toBeCloseTo(1 / (1 + odds), 15);
  });
  it('falls the longer a frequent buyer has been silent, and reaches 0 without overflow', () => {
    expect(pAlive(PUBLISHED, 10, 38, 38.86)).toBeGreaterThan(pAlive(PUBLISHED, 10, 20, 38.86));
    expect(pAlive(PUBLISHED, 2000, 1, 1e5)).toBe(0);
  });
});

describe('fitBgNbd with too little to fit', () => {
  it('refuses fewer than 20 customers, a single customer included', () => {
    expect(() => fitBgNbd(summaryOf([[3, 10, 20]]))).toThrow('1 customers are too few to fit BG/NBD: it needs at least 20');
  });
  it('refuses a base where nobody bought twice', () => {
    const once = summaryOf(Array.from({ length: 30 }, (_, i) => [0, 0, 10 + i] as const));
    expect(() => fitBgNbd(once)).toThrow('0 of 30 customers bought again: BG/NBD needs at least 5 repeat buyers to fit');
  });
  it('fits a small base with enough repeat buyers', () => {
    const rows = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? [1 + (i % 4), 5 + (i % 7), 30] as const : [0, 0, 10 + i] as const));
    const fit = fitBgNbd(summaryOf(rows));
    for (const v of [fit.r, fit.alpha, fit.a, fit.b]) expect(v).toBeGreaterThan(0);
    expect(fit.ll).toBeLessThan(0);
  });
});
