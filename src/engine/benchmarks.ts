/**
 * Status colours by benchmark (§4): the thresholds a team may change, and the bands a catalog entry
 * declares over them, so the summary's colours, its conditional rules and its status words read one scale.
 */

/** A status colour (§4: green zone, amber within 10 %, red). */
export type StatusColour = 'good' | 'warn' | 'bad';

/** How a threshold compares a value with its number. */
export type ThresholdOp = '>=' | '>' | '<' | '<=';

/** One band of a status scale: a value `v` with `v op value` gets `status`. */
export interface Threshold {
  readonly op: ThresholdOp;
  readonly value: number;
  readonly status: StatusColour;
}

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

/** A band of a KPI's status scale as its catalog entry declares it: against a benchmark, by name. */
export interface Band {
  readonly op: ThresholdOp;
  readonly at: keyof Benchmarks;
  readonly status: StatusColour;
}

/** The plan attainment scale: good at or above target, watch within the amber band, poor below. */
export const ATTAINMENT_BANDS: readonly Band[] = [
  { op: '>=', at: 'planGreen', status: 'good' },
  { op: '>=', at: 'planAmber', status: 'warn' },
  { op: '<', at: 'planAmber', status: 'bad' },
];

/** The thresholds of a scale of bands under `b`, in order (the first a value matches gives its colour). */
export function thresholdsOf(bands: readonly Band[], b: Benchmarks): Threshold[] {
  return bands.map((x) => ({ op: x.op, value: b[x.at], status: x.status }));
}

/** The benchmarks with the caller's overrides; an override that is not a finite number keeps the default. */
export function withDefaults(overrides: Partial<Benchmarks> | undefined): Benchmarks {
  const out: Record<string, number> = { ...DEFAULT_BENCHMARKS };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (k in DEFAULT_BENCHMARKS && typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out as unknown as Benchmarks;
}
