/**
 * Maximising a smooth log-likelihood: a Nelder–Mead simplex search to find the hill from a rough start, then
 * damped Newton steps (Levenberg–Marquardt on the analytic gradient, with a Hessian from its central differences)
 * to climb to the top, which the simplex alone approaches only slowly.
 */

/** A function to maximise over ℝⁿ (the models' log-parameters), with its gradient. */
export interface Objective {
  readonly value: (x: readonly number[]) => number;
  readonly gradient: (x: readonly number[]) => number[];
}

/** Where a search ended. */
export interface Optimum {
  readonly x: number[];
  readonly value: number;
  /** The largest gradient component at `x`: near 0 at a maximum. */
  readonly gradientNorm: number;
  /** True when the Newton steps stopped because the gradient vanished, not for lack of iterations. */
  readonly converged: boolean;
}

/** Thrown when a fit runs past its deadline. */
export class FitTimeout extends Error {
  constructor() {
    super('the fit ran out of time');
    this.name = 'FitTimeout';
  }
}

/** Throws FitTimeout once `deadline` (epoch ms) has passed. */
function checkDeadline(deadline: number): void {
  if (Date.now() > deadline) throw new FitTimeout();
}

/** −Infinity for a value that is not a number, so a search treats it as the worst point. */
const safe = (v: number): number => (v === v ? v : -Infinity);

/** A Nelder–Mead search for the maximum of `f` from `start`, with a first simplex of `step` along each axis. */
export function nelderMead(
  f: (x: readonly number[]) => number, start: readonly number[], iterations = 600, step = 0.5, tolerance = 1e-12,
): { x: number[]; value: number } {
  const n = start.length;
  let pts: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] += step;
    pts.push(p);
  }
  let vals = pts.map((p) => safe(f(p)));
  // Adaptive coefficients (Gao & Han 2012) keep the simplex from collapsing in higher dimensions.
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  for (let it = 0; it < iterations; it++) {
    const order = vals.map((_, i) => i).sort((i, j) => vals[j] - vals[i]);
    pts = order.map((i) => pts[i]);
    vals = order.map((i) => vals[i]);
    if (Math.abs(vals[0] - vals[n]) <= tolerance * (1 + Math.abs(vals[0]))) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += pts[i][j] / n;
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (pts[n][j] - c));
    const xr = along(-alpha);
    const fr = safe(f(xr));
    if (fr > vals[0]) {
      const xe = along(-alpha * beta);
      const fe = safe(f(xe));
      [pts[n], vals[n]] = fe > fr ? [xe, fe] : [xr, fr];
    } else if (fr > vals[n - 1]) {
      [pts[n], vals[n]] = [xr, fr];
    } else {
      const outside = fr > vals[n];
      const xc = along(outside ? -alpha * gamma : gamma);
      const fc = safe(f(xc));
      if (fc > (outside ? fr : vals[n])) {
        [pts[n], vals[n]] = [xc, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          pts[i] = pts[i].map((v, j) => pts[0][j] + delta * (v - pts[0][j]));
          vals[i] = safe(f(pts[i]));
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (vals[i] > vals[best]) best = i;
  return { x: pts[best], value: vals[best] };
}

/** Solves A y = r for a small symmetric positive-definite A (Cholesky); null when A is not positive definite. */
function solveSpd(A: readonly number[][], r: readonly number[]): number[] | null {
  const n = r.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i][i] = Math.sqrt(s);
      } else {
        L[i][j] = s / L[j][j];
      }
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
    y[i] = s / L[i][i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * y[k];
    y[i] = s / L[i][i];
  }
  return y;
}

/** −Hessian of the objective at x, from central differences of its analytic gradient, symmetrised. */
function negativeHessian(obj: Objective, x: readonly number[]): number[][] {
  const n = x.length;
  const H = x.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const h = 1e-5 * Math.max(1, Math.abs(x[j]));
    const up = x.slice();
    const down = x.slice();
    up[j] += h;
    down[j] -= h;
    const gu = obj.gradient(up);
    const gd = obj.gradient(down);
    for (let i = 0; i < n; i++) H[i][j] = -(gu[i] - gd[i]) / (2 * h);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) H[i][j] = H[j][i] = (H[i][j] + H[j][i]) / 2;
  }
  return H;
}

const maxAbs = (v: readonly number[]): number => v.reduce((m, e) => Math.max(m, Math.abs(e)), 0);

/**
 * Damped Newton steps from x until the gradient vanishes (every component under `tolerance` × (1 + |value|)): each
 * step solves (−H + μ·diag) δ = g; an uphill step is taken and μ shrinks, a downhill one is refused and μ grows.
 */
export function newtonPolish(obj: Objective, start: readonly number[], maxIterations = 100, tolerance = 1e-10): Optimum {
  let x = start.slice();
  let fx = obj.value(x);
  let g = obj.gradient(x);
  let mu = 1e-3;
  for (let it = 0; it < maxIterations; it++) {
    if (maxAbs(g) <= tolerance * (1 + Math.abs(fx))) return { x, value: fx, gradientNorm: maxAbs(g), converged: true };
    const H = negativeHessian(obj, x);
    let moved = false;
    for (let tries = 0; tries < 30 && !moved; tries++) {
      const A = H.map((row, i) => row.map((v, j) => (i === j ? v + mu * Math.max(Math.abs(v), 1e-8) : v)));
      const step = solveSpd(A, g);
      if (!step) {
        mu *= 10;
        continue;
      }
      const next = x.map((v, i) => v + step[i]);
      const fn = obj.value(next);
      if (fn >= fx) {
        moved = true;
        const change = maxAbs(step);
        x = next;
        fx = fn;
        g = obj.gradient(x);
        mu = Math.max(mu / 10, 1e-12);
        if (change < 1e-13) return { x, value: fx, gradientNorm: maxAbs(g), converged: true };
      } else {
        mu *= 10;
      }
    }
    if (!moved) break;
  }
  return { x, value: fx, gradientNorm: maxAbs(g), converged: maxAbs(g) <= 1e-6 * (1 + Math.abs(fx)) };
}

/**
 * The maximum over several starts: a short simplex search from each (to a relative spread of 1e-5, where the hill is
 * found but its top is not), then Newton steps from the best one found. The searches may run on `search`, a cheaper
 * likelihood of the same shape (a sample of a large customer base); the Newton steps always climb `f` itself, so the
 * maximum is `f`'s.
 */
export function maximise(f: Objective, starts: readonly (readonly number[])[], deadline = Infinity, search: Objective = f): Optimum {
  // The deadline is checked between evaluations: a custom function has 30 s, and a fit that cannot finish should say so.
  const timed = (o: Objective): Objective => (deadline === Infinity ? o : {
    value: (x) => (checkDeadline(deadline), o.value(x)),
    gradient: (x) => (checkDeadline(deadline), o.gradient(x)),
  });
  const obj = timed(f);
  const rough = timed(search);
  let best: { x: number[]; value: number } | undefined;
  for (const s of starts) {
    const found = nelderMead(rough.value, s, 400, 0.5, 1e-5);
    if (!best || found.value > best.value) best = found;
  }
  if (!best || !Number.isFinite(best.value)) throw new Error('the likelihood is not finite at any start');
  return newtonPolish(obj, best.x);
}

/** Rows above which the simplex searches run on a sample of a likelihood's rows (the Newton steps always use them all). */
export const SEARCH_ROWS = 20_000;

/**
 * A sample for the searches: every k-th of a likelihood's weighted rows, with the weight of the k rows it stands for,
 * about SEARCH_ROWS of them — a likelihood of the same scale and nearly the same shape. Null when there are few rows.
 */
export function searchSample(weight: Float64Array): { pick: number[]; weight: Float64Array } | null {
  const n = weight.length;
  if (n <= SEARCH_ROWS) return null;
  const k = Math.ceil(n / SEARCH_ROWS);
  const pick = Array.from({ length: Math.ceil(n / k) }, (_, j) => j * k);
  return {
    pick,
    weight: Float64Array.from(pick, (i) => {
      let w = 0;
      for (let j = i; j < Math.min(i + k, n); j++) w += weight[j];
      return w;
    }),
  };
}
