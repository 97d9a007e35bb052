/**
 * The BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): its full log-likelihood and
 * gradient, the maximum-likelihood fit, and per customer the expected purchases in the next t units and P(alive).
 */
import { KpiError } from '../errors';
import type { CustomerHistory } from './history';
import { maximise, searchSample, type Objective } from './optimise';
import { digamma, hyp2f1, lnGamma, lnHyp2f1Positive } from './special';

/** BG/NBD's parameters: purchase rates ~ Gamma(r, α), dropout probabilities ~ Beta(a, b). */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/** A fit: the parameters and the log-likelihood they reach. */
export interface BgNbdFit extends BgNbdParams {
  readonly ll: number;
}

/** Customers with the same (x, t_x, T), counted once with a weight: a customer base repeats these a lot. */
interface Patterns {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly weight: Float64Array;
  /** Index of each pattern's x in `xs`. */
  readonly xIndex: Int32Array;
  /** The distinct x: the Γ and ψ terms depend on x only. */
  readonly xs: Float64Array;
  /** Index of each pattern's T in `Ts`, and of its t_x in `txs`: times are whole days, so few are distinct. */
  readonly TIndex: Int32Array;
  readonly Ts: Float64Array;
  readonly txIndex: Int32Array;
  readonly txs: Float64Array;
}

/** The distinct values of `v`, and the index of each element among them. */
function distinct(v: readonly number[]): { values: Float64Array; index: Int32Array } {
  const values = [...new Set(v)].sort((p, q) => p - q);
  const where = new Map(values.map((e, k) => [e, k]));
  return { values: Float64Array.from(values), index: Int32Array.from(v, (e) => where.get(e) as number) };
}

/** The distinct (x, t_x, T) of a customer summary. */
function patternsOf(h: Pick<CustomerHistory, 'x' | 'tx' | 'T'>): Patterns {
  // Maps keyed by the numbers themselves, T then x then t_x: no string keys for hundreds of thousands of customers.
  const index = new Map<number, Map<number, Map<number, number>>>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < h.x.length; i++) {
    let byX = index.get(h.T[i]);
    if (!byX) index.set(h.T[i], (byX = new Map()));
    let byTx = byX.get(h.x[i]);
    if (!byTx) byX.set(h.x[i], (byTx = new Map()));
    const k = byTx.get(h.tx[i]);
    if (k !== undefined) {
      w[k]++;
      continue;
    }
    byTx.set(h.tx[i], x.length);
    x.push(h.x[i]);
    tx.push(h.tx[i]);
    T.push(h.T[i]);
    w.push(1);
  }
  const xs = distinct(x);
  const Ts = distinct(T);
  const txs = distinct(tx);
  return {
    x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T), weight: Float64Array.from(w),
    xIndex: xs.index, xs: xs.values, TIndex: Ts.index, Ts: Ts.values, txIndex: txs.index, txs: txs.values,
  };
}

/** The patterns the searches from several starts run on: a sample of a large customer base (see searchSample). */
function samplePatterns(p: Patterns): Patterns {
  const sample = searchSample(p.weight);
  if (!sample) return p;
  const take = (a: Float64Array): Float64Array => Float64Array.from(sample.pick, (i) => a[i]);
  const takeIndex = (a: Int32Array): Int32Array => Int32Array.from(sample.pick, (i) => a[i]);
  return {
    ...p, x: take(p.x), tx: take(p.tx), T: take(p.T), weight: sample.weight,
    xIndex: takeIndex(p.xIndex), TIndex: takeIndex(p.TIndex), txIndex: takeIndex(p.txIndex),
  };
}

/** The log-likelihood over the patterns and, when asked, its gradient with respect to the log-parameters. */
function logLikelihood(p: Patterns, r: number, alpha: number, a: number, b: number, gradient?: number[]): number {
  const nx = p.xs.length;
  // Per distinct x: lnΓ(r+x) − lnΓ(r) + lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x), and the ψ terms of its derivatives.
  const lgx = new Float64Array(nx);
  const dr = new Float64Array(nx);
  const da = new Float64Array(nx);
  const db = new Float64Array(nx);
  const base = lnGamma(a + b) - lnGamma(b) - lnGamma(r);
  const want = gradient !== undefined;
  const psiR = want ? digamma(r) : 0;
  const psiAB = want ? digamma(a + b) : 0;
  const psiB = want ? digamma(b) : 0;
  for (let k = 0; k < nx; k++) {
    const x = p.xs[k];
    lgx[k] = base + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
    if (want) {
      const psiABX = digamma(a + b + x);
      dr[k] = digamma(r + x) - psiR;
      da[k] = psiAB - psiABX;
      db[k] = psiAB + digamma(b + x) - psiB - psiABX;
    }
  }
  const lnAlpha = Math.log(alpha);
  // ln a − ln(b + x − 1), the x-only part of the dropout term.
  const lnDrop = new Float64Array(nx);
  for (let k = 0; k < nx; k++) lnDrop[k] = p.xs[k] > 0 ? Math.log(a / (b + p.xs[k] - 1)) : 0;
  const lnT = Float64Array.from(p.Ts, (T) => Math.log(alpha + T));
  const lnTx = Float64Array.from(p.txs, (t) => Math.log(alpha + t));
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < p.x.length; i++) {
    const x = p.x[i];
    const w = p.weight[i];
    const k = p.xIndex[i];
    const lT = lnT[p.TIndex[i]];
    const a3 = -(r + x) * lT;
    let mix = a3;
    let w4 = 0;
    let lt = 0;
    if (x > 0) {
      lt = lnTx[p.txIndex[i]];
      const a4 = lnDrop[k] - (r + x) * lt;
      // ln(e^a3 + e^a4) with one exp: e = e^−|a3 − a4| ≤ 1.
      const e = Math.exp(-Math.abs(a3 - a4));
      mix = Math.max(a3, a4) + Math.log1p(e);
      w4 = a4 > a3 ? 1 / (1 + e) : e / (1 + e);
    }
    ll += w * (lgx[k] + r * lnAlpha + mix);
    if (want) {
      const w3 = 1 - w4;
      gr += w * (dr[k] + lnAlpha - w3 * lT - w4 * lt);
      gAlpha += w * (r / alpha - w3 * (r + x) / (alpha + p.T[i]) - (x > 0 ? w4 * (r + x) / (alpha + p.tx[i]) : 0));
      ga += w * (da[k] + w4 / a);
      gb += w * (db[k] - (x > 0 ? w4 / (b + x - 1) : 0));
    }
  }
  if (gradient) {
    // Chain rule to log-parameters: d/dθ = p · d/dp.
    gradient[0] = gr * r;
    gradient[1] = gAlpha * alpha;
    gradient[2] = ga * a;
    gradient[3] = gb * b;
  }
  return ll;
}

/** The full BG/NBD log-likelihood of a customer summary (the papers' LL, Γ terms included). */
export function bgnbdLogLikelihood(h: Pick<CustomerHistory, 'x' | 'tx' | 'T'>, params: BgNbdParams): number {
  return logLikelihood(patternsOf(h), params.r, params.alpha, params.a, params.b);
}

/** Fewer customers than this cannot be fitted (§8). */
export const MIN_CUSTOMERS = 20;
/** Fewer repeat buyers than this cannot be fitted (§8). */
export const MIN_REPEAT_BUYERS = 5;

/**
 * The maximum-likelihood BG/NBD fit of a customer summary; an error when there are too few customers to fit, or when
 * the fit is still running at `deadline` (epoch ms).
 */
export function fitBgNbd(h: Pick<CustomerHistory, 'x' | 'tx' | 'T'>, deadline?: number): BgNbdFit {
  const n = h.x.length;
  let repeat = 0;
  let sumX = 0;
  let sumT = 0;
  for (let i = 0; i < n; i++) {
    if (h.x[i] > 0) repeat++;
    sumX += h.x[i];
    sumT += h.T[i];
  }
  if (n < MIN_CUSTOMERS) throw new KpiError(`${n} customers are too few to fit BG/NBD: it needs at least ${MIN_CUSTOMERS}`);
  if (repeat < MIN_REPEAT_BUYERS) {
    throw new KpiError(`${repeat} of ${n} customers bought again: BG/NBD needs at least ${MIN_REPEAT_BUYERS} repeat buyers to fit`);
  }
  if (!(sumT > 0)) throw new KpiError('every customer made their first purchase on the calibration end: there is no history to fit');
  const p = patternsOf(h);
  const objective = (q: Patterns): Objective => ({
    value: (t) => logLikelihood(q, Math.exp(t[0]), Math.exp(t[1]), Math.exp(t[2]), Math.exp(t[3])),
    gradient: (t) => {
      const g = [0, 0, 0, 0];
      logLikelihood(q, Math.exp(t[0]), Math.exp(t[1]), Math.exp(t[2]), Math.exp(t[3]), g);
      return g;
    },
  });
  // r / α is the mean purchase rate, near Σx / ΣT: starts at several shapes, each with a matching α.
  const rate = sumX / sumT;
  const starts = [
    [1, 1 / rate, 1, 1],
    [0.25, 0.25 / rate, 0.5, 2],
    [3, 3 / rate, 2, 8],
  ].map((s) => s.map(Math.log));
  const best = maximise(objective(p), starts, deadline, objective(samplePatterns(p)));
  const [r, alpha, a, b] = best.x.map(Math.exp);
  return { r, alpha, a, b, ll: best.value };
}

/** ln of the factor a/(b+x−1) · ((α+T)/(α+t_x))^(r+x) that weighs "dropped out after the last purchase" (x > 0). */
function lnDropoutOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  return Math.log(p.a / (p.b + x - 1)) + (p.r + x) * Math.log((p.alpha + T) / (p.alpha + tx));
}

/** P(alive | x, t_x, T): the probability that the customer has not dropped out by T (1 when x = 0). */
export function pAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  return 1 / (1 + Math.exp(lnDropoutOdds(p, x, tx, T)));
}

/**
 * The share of BG/NBD's expectation not yet spent, G = (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z) with z = t/(α+T+t), as
 * its sign and the log of its size. Of its two forms the one whose series converges faster is summed: Euler's,
 * (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whose parameters stay small for a customer with many purchases; or the
 * original, all of whose terms are positive, for a fit on the edge of the parameter space (a and b in the millions,
 * when the data show hardly any dropout), where Euler's parameters are huge. The powers of (1−z) are taken in logs, so
 * neither form underflows or overflows. G may be negative (or above 1): when a + b + x < 1 the hypergeometric's c is
 * negative, and the formula holds by analytic continuation, as in the papers' software.
 */
function remaining(p: BgNbdParams, x: number, T: number, t: number): { sign: number; ln: number } {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const ln1z = Math.log(alpha + T) - Math.log(alpha + T + t);
  const c = a + b + x - 1;
  const euler = Math.abs(((a + b - 1 - r) * (a - 1)) / c) * z;
  const original = (((r + x) * (b + x)) / c) * z;
  if (c > 0 && original < euler) return { sign: 1, ln: (r + x) * ln1z + lnHyp2f1Positive(r + x, b + x, c, z) };
  const f = hyp2f1(a + b - 1 - r, a - 1, c, z);
  return { sign: Math.sign(f), ln: (a - 1) * ln1z + Math.log(Math.abs(f)) };
}

/** E[X(t) | x, t_x, T]: purchases expected in the next t units (BG/NBD eq. 10). */
export function expectedPurchases(p: BgNbdParams, x: number, tx: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const { a, b } = p;
  const odds = x > 0 ? Math.exp(lnDropoutOdds(p, x, tx, T)) : 0;
  const g = remaining(p, x, T, t);
  // 1 − G, as −expm1(ln G) when G > 0: exact when G is near 1 (a short horizon).
  const spent = g.sign > 0 ? -Math.expm1(g.ln) : g.sign < 0 ? 1 + Math.exp(g.ln) : 1;
  return (((a + b + x - 1) / (a - 1)) * spent) / (1 + odds);
}
