import { describe, expect, it } from 'vitest';
import { expectedValue, fitGammaGamma, gammaGammaLogLikelihood, spenderCount } from '../../../src/engine/clv/gammaGamma';
import { cdnowSample, summaryOf } from './fixtures';

describe('fitGammaGamma on the CDNOW sample\'s 946 repeat buyers (Fader, Hardie & Lee 2005)', () => {
  const fit = fitGammaGamma(cdnowSample());
  it('fits on the 946 repeat buyers', () => {
    expect(spenderCount(cdnowSample())).toBe(946);
  });
  it('finds p = 6.25, q = 3.74, γ = 15.44, to the published precision', () => {
    expect(fit.p).toBeCloseTo(6.25, 2);
    expect(fit.q).toBeCloseTo(3.74, 2);
    expect(fit.gamma).toBeCloseTo(15.44, 2);
  });
  it('is the maximum: a step of 1e-3 (relative) in any parameter lowers the likelihood', () => {
    for (const key of ['p', 'q', 'gamma'] as const) {
      for (const f of [0.999, 1.001]) expect(gammaGammaLogLikelihood(cdnowSample(), { ...fit, [key]: fit[key] * f })).toBeLessThan(fit.ll);
    }
  });
});

describe('expectedValue', () => {
  const params = { p: 6.25, q: 3.74, gamma: 15.44 };
  it('is p(γ + x·m)/(p·x + q − 1): x = 2, m = 30 gives 6.25 · 75.44 / 15.24 = 30.94', () => {
    expect(expectedValue(params, 2, 30)).toBeCloseTo((6.25 * 75.44) / 15.24, 12);
  });
  it('is the population mean p·γ/(q − 1) = 35.22 for a customer with no repeat purchase', () => {
    expect(expectedValue(params, 0, NaN)).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    expect(expectedValue(params, 0, NaN)).toBeCloseTo(35.22, 2);
  });
  it('has no population mean when q ≤ 1', () => {
    expect(expectedValue({ ...params, q: 0.9 }, 0, NaN)).toBeNaN();
  });
});

describe('fitGammaGamma with too little to fit', () => {
  it('leaves out repeat buyers whose repeat purchases were free, and refuses fewer than 5 spenders', () => {
    const rows = [[1, 5, 10, 20], [2, 6, 10, 30], [1, 2, 10, 0], [3, 7, 10, 0], [4, 9, 10, 25], [1, 3, 10, 15], [0, 0, 10]] as const;
    expect(spenderCount(summaryOf(rows))).toBe(4);
    expect(() => fitGammaGamma(summaryOf(rows))).toThrow('4 repeat buyers spent something on their repeat purchases: Gamma-Gamma needs at least 5 to fit');
  });
});
