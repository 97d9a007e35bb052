/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013, "The
 * Gamma-Gamma model of monetary value"): its full log-likelihood and gradient, the fit over the repeat buyers, and a
 * customer's expected value of a purchase.
 */
import { KpiError } from '../errors';
import type { CustomerHistory } from './history';
import { MIN_REPEAT_BUYERS } from './bgnbd';
import { maximise, searchSample, type Objective } from './optimise';
import { digamma, lnGamma } from './special';

/** Gamma-Gamma's parameters: a purchase ~ Gamma(p, ν), ν ~ Gamma(q, γ). */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** A fit: the parameters and the log-likelihood they reach. */
export interface GammaGammaFit extends GammaGammaParams {
  readonly ll: number;
}

/** The repeat buyers with a positive mean spend, as distinct (x, m_x) with weights. */
interface Spenders {
  readonly x: Float64Array;
  readonly m: Float64Array;
  readonly weight: Float64Array;
  readonly lnX: Float64Array;
  readonly lnM: Float64Array;
  /** Index of each spender's x in `xs`, the distinct x. */
  readonly xIndex: Int32Array;
  readonly xs: Float64Array;
}

/** The customers Gamma-Gamma is fitted on (§8): x ≥ 1 and m_x > 0. */
function spendersOf(h: Pick<CustomerHistory, 'x' | 'm'>): Spenders {
  const index = new Map<number, Map<number, number>>();
  const x: number[] = [];
  const m: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < h.x.length; i++) {
    if (!(h.x[i] >= 1 && h.m[i] > 0)) continue;
    let byM = index.get(h.x[i]);
    if (!byM) index.set(h.x[i], (byM = new Map()));
    const k = byM.get(h.m[i]);
    if (k !== undefined) {
      w[k]++;
      continue;
    }
    byM.set(h.m[i], x.length);
    x.push(h.x[i]);
    m.push(h.m[i]);
    w.push(1);
  }
  const xs = [...new Set(x)].sort((a, b) => a - b);
  const where = new Map(xs.map((v, k) => [v, k]));
  return {
    x: Float64Array.from(x), m: Float64Array.from(m), weight: Float64Array.from(w),
    lnX: Float64Array.from(x, Math.log), lnM: Float64Array.from(m, Math.log),
    xIndex: Int32Array.from(x, (v) => where.get(v) as number), xs: Float64Array.from(xs),
  };
}

/** The spenders the searches from several starts run on: a sample of many (see searchSample). */
function sampleSpenders(s: Spenders): Spenders {
  const sample = searchSample(s.weight);
  if (!sample) return s;
  const take = (a: Float64Array): Float64Array => Float64Array.from(sample.pick, (i) => a[i]);
  return {
    ...s, x: take(s.x), m: take(s.m), lnX: take(s.lnX), lnM: take(s.lnM), weight: sample.weight,
    xIndex: Int32Array.from(sample.pick, (i) => s.xIndex[i]),
  };
}

/** The log-likelihood over the spenders and, when asked, its gradient with respect to the log-parameters. */
function logLikelihood(s: Spenders, p: number, q: number, g: number, gradient?: number[]): number {
  const lnG = Math.log(g);
  const base = q * lnG - lnGamma(q);
  const psiQ = gradient ? digamma(q) : 0;
  // The Γ and ψ terms depend on x alone, and a customer base has few distinct x.
  const nx = s.xs.length;
  const lgx = new Float64Array(nx);
  const dpx = new Float64Array(nx);
  const dqx = new Float64Array(nx);
  for (let k = 0; k < nx; k++) {
    const px = p * s.xs[k];
    lgx[k] = lnGamma(px + q) - lnGamma(px) + base;
    if (gradient) {
      const psiPXQ = digamma(px + q);
      dpx[k] = psiPXQ - digamma(px);
      dqx[k] = psiPXQ - psiQ + lnG;
    }
  }
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < s.x.length; i++) {
    const x = s.x[i];
    const k = s.xIndex[i];
    const w = s.weight[i];
    const px = p * x;
    const lnM = s.lnM[i];
    const lnGX = Math.log(g + s.m[i] * x);
    ll += w * (lgx[k] + (px - 1) * lnM + px * s.lnX[i] - (px + q) * lnGX);
    if (gradient) {
      gp += w * x * (dpx[k] + lnM + s.lnX[i] - lnGX);
      gq += w * (dqx[k] - lnGX);
      gg += w * (q / g - (px + q) / (g + s.m[i] * x));
    }
  }
  if (gradient) {
    gradient[0] = gp * p;
    gradient[1] = gq * q;
    gradient[2] = gg * g;
  }
  return ll;
}

/** The full Gamma-Gamma log-likelihood of the repeat buyers of a customer summary. */
export function gammaGammaLogLikelihood(h: Pick<CustomerHistory, 'x' | 'm'>, params: GammaGammaParams): number {
  return logLikelihood(spendersOf(h), params.p, params.q, params.gamma);
}

/** How many customers Gamma-Gamma can be fitted on: repeat buyers whose repeat purchases were not all free. */
export function spenderCount(h: Pick<CustomerHistory, 'x' | 'm'>): number {
  let n = 0;
  for (let i = 0; i < h.x.length; i++) if (h.x[i] >= 1 && h.m[i] > 0) n++;
  return n;
}

/** The maximum-likelihood Gamma-Gamma fit over the repeat buyers with a positive mean spend (stopped at `deadline`). */
export function fitGammaGamma(h: Pick<CustomerHistory, 'x' | 'm'>, deadline?: number): GammaGammaFit {
  const n = spenderCount(h);
  if (n < MIN_REPEAT_BUYERS) {
    throw new KpiError(`${n} repeat buyers spent something on their repeat purchases: Gamma-Gamma needs at least ${MIN_REPEAT_BUYERS} to fit`);
  }
  const s = spendersOf(h);
  let mean = 0;
  for (let i = 0; i < s.m.length; i++) mean += s.weight[i] * s.m[i];
  mean /= n;
  const objective = (q: Spenders): Objective => ({
    value: (t) => logLikelihood(q, Math.exp(t[0]), Math.exp(t[1]), Math.exp(t[2])),
    gradient: (t) => {
      const g = [0, 0, 0];
      logLikelihood(q, Math.exp(t[0]), Math.exp(t[1]), Math.exp(t[2]), g);
      return g;
    },
  });
  // The population mean p·γ/(q − 1) is near the mean spend: starts of several shapes that each match it.
  const starts = [
    [1, 2, mean],
    [5, 4, 3 * mean / 5],
    [0.5, 1.5, mean],
  ].map((v) => v.map(Math.log));
  const best = maximise(objective(s), starts, deadline, objective(sampleSpenders(s)));
  const [p, q, gamma] = best.x.map(Math.exp);
  return { p, q, gamma, ll: best.value };
}

/**
 * E[M | x, m_x]: the expected value of the customer's purchases, p(γ + x·m_x)/(p·x + q − 1); for x = 0 the population
 * mean p·γ/(q − 1). NaN when q ≤ 1, where the population mean is infinite.
 */
export function expectedValue(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, gamma } = params;
  if (x === 0 || !(m === m)) return q > 1 ? (p * gamma) / (q - 1) : NaN;
  return (p * (gamma + x * m)) / (p * x + q - 1);
}
