import { describe, expect, it } from 'vitest';
import { maximise, nelderMead, newtonPolish, FitTimeout, searchSample, SEARCH_ROWS, type Objective } from '../../../src/engine/clv/optimise';

/** −Rosenbrock: maximum 0 at (1, 1), in a long curved valley where a simplex search crawls. */
const rosenbrock: Objective = {
  value: ([x, y]) => -((1 - x) ** 2 + 100 * (y - x * x) ** 2),
  gradient: ([x, y]) => [2 * (1 - x) + 400 * x * (y - x * x), -200 * (y - x * x)],
};

/** A concave quadratic with its maximum 7 at (3, −2, 0.5) and unequal curvatures. */
const bowl: Objective = {
  value: ([a, b, c]) => 7 - (a - 3) ** 2 - 10 * (b + 2) ** 2 - 0.1 * (c - 0.5) ** 2 - (a - 3) * (b + 2),
  gradient: ([a, b, c]) => [-2 * (a - 3) - (b + 2), -20 * (b + 2) - (a - 3), -0.2 * (c - 0.5)],
};

describe('nelderMead', () => {
  it('climbs near the top of a bowl from far away', () => {
    const { x, value } = nelderMead(bowl.value, [0, 0, 0], 2000);
    expect(value).toBeCloseTo(7, 6);
    expect(x[0]).toBeCloseTo(3, 2);
  });
});

describe('newtonPolish', () => {
  it('reaches the top of Rosenbrock\'s valley to 1e-8 from where a simplex stopped', () => {
    const rough = nelderMead(rosenbrock.value, [-1.2, 1], 200, 0.5, 1e-6);
    const top = newtonPolish(rosenbrock, rough.x);
    expect(top.converged).toBe(true);
    expect(top.x[0]).toBeCloseTo(1, 8);
    expect(top.x[1]).toBeCloseTo(1, 8);
    expect(top.gradientNorm).toBeLessThan(1e-9);
  });
});

describe('maximise', () => {
  it('takes the best of several starts, then polishes it: the bowl\'s top exactly', () => {
    const top = maximise(bowl, [[100, 100, 100], [0, 0, 0]]);
    expect(top.x[0]).toBeCloseTo(3, 9);
    expect(top.x[1]).toBeCloseTo(-2, 9);
    expect(top.x[2]).toBeCloseTo(0.5, 9);
    expect(top.value).toBeCloseTo(7, 12);
  });
  it('treats NaN as the worst point rather than stopping there', () => {
    const guarded: Objective = { value: (x) => (x[0] < -5 ? NaN : bowl.value(x)), gradient: bowl.gradient };
    expect(maximise(guarded, [[-4, 0, 0]]).x[0]).toBeCloseTo(3, 8);
  });
  it('stops with FitTimeout once its deadline has passed', () => {
    expect(() => maximise(rosenbrock, [[-1.2, 1]], Date.now() - 1)).toThrow(FitTimeout);
  });
});

describe('searchSample', () => {
  it('takes nothing from a small likelihood', () => {
    expect(searchSample(new Float64Array(SEARCH_ROWS).fill(1))).toBeNull();
  });
  it('takes every k-th row with the weight of the k rows it stands for, so the total weight stays', () => {
    const weight = Float64Array.from({ length: 2 * SEARCH_ROWS + 3 }, (_, i) => 1 + (i % 4));
    const s = searchSample(weight)!;
    // k = 3: rows 0, 3, 6, …; the last stands for the 2 rows left.
    expect(s.pick.slice(0, 3)).toEqual([0, 3, 6]);
    expect(s.weight[0]).toBe(1 + 2 + 3);
    expect(s.weight.reduce((a, b) => a + b, 0)).toBe(weight.reduce((a, b) => a + b, 0));
    expect(s.pick.length).toBeLessThanOrEqual(SEARCH_ROWS);
  });
});
