/**
 * Relative change, one rule for SALES_GROWTH (function and calculator form) and the summary's change column:
 * (value − previous) / |previous|. Against the previous value's size, so the sign always says which way the
 * value went: a loss shrinking from −100 to 50 is +150 %, not −150 %; for a positive previous value it is the
 * spec's (V − V_prev) / V_prev. Undefined from 0: there is no relative change from nothing.
 */
export function relativeChange(value: number, previous: number): number | undefined {
  return previous === 0 ? undefined : (value - previous) / Math.abs(previous);
}
