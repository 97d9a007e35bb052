/**
 * The special functions the customer-value models need: log-gamma, digamma and the Gaussian hypergeometric
 * function 2F1, each accurate to about 1e-14 relative over the arguments the models give.
 */

// Lanczos coefficients for g = 7, n = 9 (Numerical Recipes 3rd ed., as in Boost's and many libraries' lgamma).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LN_SQRT_2PI = 0.9189385332046728;

/** ln |Γ(x)| for real x (Infinity at the poles 0, −1, −2, …). */
export function lnGamma(x: number): number {
  if (x < 0.5) {
    if (x <= 0 && Number.isInteger(x)) return Infinity;
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
    const s = Math.sin(Math.PI * x);
    return Math.log(Math.PI / Math.abs(s)) - lnGamma(1 - x);
  }
  if (x > 1e7) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + 1 / (12 * x);
  const y = x - 1;
  let sum = LANCZOS[0];
  const t = y + LANCZOS_G + 0.5;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i] / (y + i);
  return LN_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The sign of Γ(x): +1, or −1 between the poles where it is negative (0 at a pole). */
export function gammaSign(x: number): number {
  if (x > 0) return 1;
  if (Number.isInteger(x)) return 0;
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}

/** ψ(x) = d/dx ln Γ(x), for real x off the poles. */
export function digamma(x: number): number {
  let result = 0;
  if (x <= 0) {
    // Reflection: ψ(1 − x) − ψ(x) = π cot(πx).
    if (Number.isInteger(x)) return NaN;
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  // Recurrence up to where the asymptotic series is exact to double precision.
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const tail = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f / 12))))));
  return result + Math.log(x) - 0.5 / x - tail;
}

/** Terms the series may take before 2F1 gives up (reached only for z within 1e-5 of 1 with c − a − b near an integer). */
const MAX_TERMS = 2_000_000;

/** The power series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ, summed until a term no longer changes the sum. */
function series(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  let compensation = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    if (term === 0) return sum;
    // Kahan summation: a slowly converging series adds many small terms to a large sum.
    const y = term - compensation;
    const t = sum + y;
    compensation = t - sum - y;
    sum = t;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) && n > 2) {
      // A term may be small because a factor (a + n) passed near 0; only stop once the ratio shrinks the terms.
      const ratio = Math.abs(((a + n + 1) * (b + n + 1) * z) / ((c + n + 1) * (n + 2)));
      if (ratio < 1) return sum;
    }
  }
  throw new Error(`2F1(${a}, ${b}; ${c}; ${z}) did not converge`);
}

/**
 * The Gaussian hypergeometric function ₂F₁(a, b; c; z) for real parameters and −1 < z < 1.
 *
 * Near z = 1 the plain series needs millions of terms when c − a − b is small, so from z > 0.9 the function uses
 * the connection formula to 1 − z (Abramowitz & Stegun 15.3.6), unless c − a − b is within 1e-6 of an integer,
 * where that formula's two terms have poles that cancel; there the series is summed (Kahan) instead. Euler's
 * transformation is applied first when it makes the series' terms shrink faster.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z < 1 && z > -1)) throw new RangeError(`2F1 is used for −1 < z < 1, got z = ${z}`);
  if (z === 0 || a === 0 || b === 0) return 1;
  const s = c - a - b;
  if (z > 0.9 && Math.abs(s - Math.round(s)) > 1e-6) {
    // 2F1(a,b;c;z) = Γ(c)Γ(s)/(Γ(c−a)Γ(c−b)) 2F1(a,b;1−s;1−z) + (1−z)^s Γ(c)Γ(−s)/(Γ(a)Γ(b)) 2F1(c−a,c−b;1+s;1−z),
    // each Γ ratio taken in logs so that large parameters (many purchases) do not overflow; a Γ of a pole in a
    // denominator (gammaSign 0) makes its term vanish.
    const w = 1 - z;
    const lnGc = lnGamma(c);
    const t1 = gammaSign(c) * gammaSign(s) * gammaSign(c - a) * gammaSign(c - b) *
      Math.exp(lnGc + lnGamma(s) - lnGamma(c - a) - lnGamma(c - b));
    const t2 = gammaSign(c) * gammaSign(-s) * gammaSign(a) * gammaSign(b) *
      Math.exp(lnGc + lnGamma(-s) - lnGamma(a) - lnGamma(b) + s * Math.log(w));
    const f1 = t1 === 0 ? 0 : t1 * series(a, b, 1 - s, w);
    const f2 = t2 === 0 ? 0 : t2 * series(c - a, c - b, 1 + s, w);
    return f1 + f2;
  }
  // Euler: 2F1(a,b;c;z) = (1−z)^(c−a−b) 2F1(c−a, c−b; c; z), worth it when it brings the numerator parameters down.
  if (z > 0 && Math.abs(c - a) + Math.abs(c - b) < Math.abs(a) + Math.abs(b)) {
    return Math.pow(1 - z, s) * series(c - a, c - b, c, z);
  }
  return series(a, b, c, z);
}

/**
 * ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1, where every term of the series is positive: the sum is kept
 * rescaled, so it neither overflows when the terms first grow (a customer with thousands of purchases) nor loses
 * anything to cancellation.
 */
export function lnHyp2f1Positive(a: number, b: number, c: number, z: number): number {
  if (!(a > 0 && b > 0 && c > 0 && z >= 0 && z < 1)) throw new RangeError(`ln 2F1 takes a, b, c > 0 and 0 ≤ z < 1, got ${a}, ${b}, ${c}, ${z}`);
  if (z === 0) return 0;
  let term = 1;
  let sum = 1;
  let scale = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (sum > 1e250) {
      sum *= 1e-250;
      term *= 1e-250;
      scale += 250 * Math.LN10;
    }
    if (term <= 1e-17 * sum && ((a + n + 1) * (b + n + 1) * z) / ((c + n + 1) * (n + 2)) < 1) return Math.log(sum) + scale;
  }
  throw new Error(`2F1(${a}, ${b}; ${c}; ${z}) did not converge`);
}
