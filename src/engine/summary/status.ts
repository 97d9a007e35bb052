/** Status colours of the summary (§4): against the plan where one exists, otherwise against benchmarks. */
import type { StatusColour } from './layout';

/** The thresholds of the status colours; §4 calls them settings, with these defaults. */
export interface Benchmarks {
  /** A win rate below this is poor (a qualification problem, §7). */
  readonly winRateRed: number;
  /** LTV:CAC at or above this is good. */
  readonly ltvCacGreen: number;
  /** LTV:CAC below this is poor; between the two, watch. */
  readonly ltvCacRed: number;
  /** A CAC payback under this many months is good, otherwise watch. */
  readonly cacPaybackGreen: number;
  /** Plan attainment at or above this is good. */
  readonly planGreen: number;
  /** Plan attainment at or above this (and below `planGreen`) is watch; below it, poor. */
  readonly planAmber: number;
}

/** The defaults of §4: win rate < 15 % red; LTV:CAC ≥ 3 green, < 1 red; payback < 12 months green; plan ≥ 100 % green, ≥ 90 % amber. */
export const DEFAULT_BENCHMARKS: Benchmarks = {
  winRateRed: 0.15,
  ltvCacGreen: 3,
  ltvCacRed: 1,
  cacPaybackGreen: 12,
  planGreen: 1,
  planAmber: 0.9,
};

/** The benchmarks with the caller's overrides; an override that is not a finite number keeps the default. */
export function withDefaults(overrides: Partial<Benchmarks> | undefined): Benchmarks {
  const out: Record<string, number> = { ...DEFAULT_BENCHMARKS };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (k in DEFAULT_BENCHMARKS && typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out as unknown as Benchmarks;
}

/** The colour of a plan attainment (actual / target): good at or above target, watch within 10 %, poor below. */
export function attainmentStatus(attainment: number, b: Benchmarks): StatusColour {
  if (attainment >= b.planGreen) return 'good';
  return attainment >= b.planAmber ? 'warn' : 'bad';
}

/** The benchmark colour of a KPI's value (by function name), or undefined where no benchmark applies. */
export function benchmarkStatus(name: string, value: number, b: Benchmarks): StatusColour | undefined {
  switch (name) {
    case 'WIN_RATE':
      return value < b.winRateRed ? 'bad' : undefined;
    case 'LTV_CAC':
      if (value >= b.ltvCacGreen) return 'good';
      return value < b.ltvCacRed ? 'bad' : 'warn';
    case 'CAC_PAYBACK':
      return value < b.cacPaybackGreen ? 'good' : 'warn';
    case 'PLAN_ATTAINMENT':
      return attainmentStatus(value, b);
    default:
      return undefined;
  }
}
