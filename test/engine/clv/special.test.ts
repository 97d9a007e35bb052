import { describe, expect, it } from 'vitest';
import { digamma, gammaSign, hyp2f1, lnGamma, lnHyp2f1Positive } from '../../../src/engine/clv/special';

/** |a − b| within `rel` of |b|. */
function close(a: number, b: number, rel: number): void {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.abs(b));
}

describe('lnGamma', () => {
  it('is ln((n − 1)!) at whole numbers', () => {
    let fact = 1;
    for (let n = 1; n <= 25; n++) {
      close(lnGamma(n), Math.log(fact), 1e-13);
      fact *= n;
    }
  });
  it('gives Γ(1/2) = √π, and ln|Γ| left of 0 by reflection (Γ(−1/2) = −2√π)', () => {
    close(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14);
    close(lnGamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)), 1e-14);
    expect(gammaSign(-0.5)).toBe(-1);
    expect(gammaSign(-1.5)).toBe(1);
    expect(gammaSign(-2)).toBe(0);
    expect(lnGamma(-2)).toBe(Infinity);
  });
  it('follows Stirling for large arguments (ln Γ(1e8) = (x − ½) ln x − x + ½ ln 2π + 1/12x)', () => {
    const x = 1e8;
    close(lnGamma(x), (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x), 1e-15);
    close(lnGamma(1e6 + 1) - lnGamma(1e6), Math.log(1e6), 1e-9);
  });
});

describe('digamma', () => {
  it('is −γ at 1 and −γ + H(n−1) at n', () => {
    const euler = 0.5772156649015329;
    close(digamma(1), -euler, 1e-14);
    let h = 0;
    for (let n = 2; n <= 30; n++) {
      h += 1 / (n - 1);
      close(digamma(n), -euler + h, 1e-13);
    }
  });
  it('gives ψ(1/2) = −γ − 2 ln 2, and reflects for negative x', () => {
    close(digamma(0.5), -0.5772156649015329 - 2 * Math.LN2, 1e-14);
    // ψ(1 − x) − ψ(x) = π cot(πx)
    close(digamma(1.3) - digamma(-0.3), Math.PI / Math.tan(Math.PI * -0.3), 1e-12);
  });
  it('is the derivative of lnGamma', () => {
    for (const x of [0.05, 0.7, 3.2, 48.5, 1234.5]) {
      const h = 1e-5 * x;
      close(digamma(x), (lnGamma(x + h) - lnGamma(x - h)) / (2 * h), 1e-7);
    }
  });
});

describe('hyp2f1', () => {
  it('matches closed forms: −ln(1 − z)/z, (1 − z)^−a, asin(√z)/√z, atanh(√z)/√z', () => {
    for (const z of [0.1, 0.5, 0.9, 0.99, 0.9999]) {
      close(hyp2f1(1, 1, 2, z), -Math.log(1 - z) / z, 1e-13);
      close(hyp2f1(0.37, 2.5, 2.5, z), Math.pow(1 - z, -0.37), 1e-12);
      close(hyp2f1(0.5, 0.5, 1.5, z), Math.asin(Math.sqrt(z)) / Math.sqrt(z), 1e-12);
      close(hyp2f1(0.5, 1, 1.5, z), Math.atanh(Math.sqrt(z)) / Math.sqrt(z), 1e-12);
    }
  });
  it('is 1 at z = 0 or with a zero parameter, a polynomial for a negative whole a', () => {
    expect(hyp2f1(2, 3, 4, 0)).toBe(1);
    expect(hyp2f1(0, 3, 4, 0.7)).toBe(1);
    // 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    close(hyp2f1(-2, 3, 4, 0.5), 1 - (2 * 3 * 0.5) / 4 + (3 * 4 * 0.25) / (4 * 5), 1e-15);
  });
  // Reference values from mpmath's hyp2f1 at 40 digits.
  it.each([
    [0.5, 1.5, 2.3, 0.3, 1.118887119520627329],
    [2.5, 3.7, 1.2, 0.95, 12203970.451522668891],
    [0.2, 0.3, 0.6, 0.999, 1.5543418675646548935],
    [-1.5, 0.7, 4.2, 0.97, 0.77844678520962912306],
    [1.2, 2.4, 3.3, -0.8, 0.58703380448152986352],
    [0.7929, -0.2071, 201.2, 0.6, 0.9995092713953734961],
    [1, 1, 2, 0.9999, 9.2112614981261053793],
  ])('2F1(%d, %d; %d; %d) near its radius of convergence equals mpmath', (a, b, c, z, want) => {
    close(hyp2f1(a, b, c, z), want, 1e-12);
  });
  it('refuses z outside (−1, 1)', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/−1 < z < 1/);
  });
});

describe('lnHyp2f1Positive', () => {
  it('is ln of 2F1 where the series is positive: ln 2F1(a, b; b; z) = −a ln(1 − z), even past the largest double', () => {
    close(lnHyp2f1Positive(0.37, 2.5, 2.5, 0.5), -0.37 * Math.log(0.5), 1e-13);
    // e^6907 overflows a double; its logarithm does not.
    close(lnHyp2f1Positive(3000, 7.5, 7.5, 0.9), -3000 * Math.log(0.1), 1e-11);
    close(lnHyp2f1Positive(1, 1, 2, 0.99), Math.log(-Math.log(0.01) / 0.99), 1e-12);
  });
  it('takes only positive parameters and 0 ≤ z < 1', () => {
    expect(lnHyp2f1Positive(1, 2, 3, 0)).toBe(0);
    expect(() => lnHyp2f1Positive(-1, 2, 3, 0.5)).toThrow(RangeError);
  });
});
