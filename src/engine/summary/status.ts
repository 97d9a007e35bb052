/**
 * Status colours of the summary (§4): against the plan where one exists, otherwise against benchmarks.
 * Each benchmark is a list of thresholds; the static colour of a cell and the conditional rule a writer adds
 * for it both come from that list, so they cannot disagree on the engine's value. The trend marks are
 * coloured the same way, by a list of marks (▲/▼ good or bad as the KPI's direction says).
 */
import type { CellRange, ConditionalRule, StatusColour, TextMark, TextRule, Threshold, ThresholdRule } from './layout';
import { ATTAINMENT_BANDS, thresholdsOf, type Benchmarks } from '../benchmarks';
import type { KpiDef } from '../kpi';
import { columnLetters } from './sheet';

export { DEFAULT_BENCHMARKS, withDefaults, type Benchmarks } from '../benchmarks';

/** The plan attainment scale: good at or above target, watch within the amber band, poor below. */
export function attainmentThresholds(b: Benchmarks): Threshold[] {
  return thresholdsOf(ATTAINMENT_BANDS, b);
}

/**
 * The attainment scale of an amount against a positive target, in amounts: `value / target ≥ g` read as
 * `value ≥ g × target`, so a rule on the amount's own cell needs no division; undefined without a target above 0.
 */
export function targetThresholds(target: number | undefined, b: Benchmarks): Threshold[] | undefined {
  if (target === undefined || !(target > 0) || !Number.isFinite(target)) return undefined;
  return attainmentThresholds(b).map((t) => ({ ...t, value: t.value * target }));
}

/** The benchmark scale of a KPI (its catalog entry's bands), or undefined where no benchmark applies. */
export function benchmarkThresholds(def: Pick<KpiDef, 'bands'>, b: Benchmarks): Threshold[] | undefined {
  return def.bands && thresholdsOf(def.bands, b);
}

/** True when `v op value`. */
function matches(v: number, t: Threshold): boolean {
  switch (t.op) {
    case '>=':
      return v >= t.value;
    case '>':
      return v > t.value;
    case '<':
      return v < t.value;
    case '<=':
      return v <= t.value;
  }
}

/** The status of the first threshold `v` matches; undefined for a value that is not a finite number or matches none. */
export function statusByThresholds(v: number | undefined, thresholds: readonly Threshold[] | undefined): StatusColour | undefined {
  if (v === undefined || !Number.isFinite(v) || !thresholds) return undefined;
  for (const t of thresholds) if (matches(v, t)) return t.status;
  return undefined;
}

/** The colour of a plan attainment (actual / target): good at or above target, watch within 10 %, poor below. */
export function attainmentStatus(attainment: number, b: Benchmarks): StatusColour {
  return statusByThresholds(attainment, attainmentThresholds(b)) ?? 'bad';
}

/** The benchmark colour of a KPI's value, or undefined where no benchmark applies. */
export function benchmarkStatus(def: Pick<KpiDef, 'bands'>, value: number, b: Benchmarks): StatusColour | undefined {
  return statusByThresholds(value, benchmarkThresholds(def, b));
}

/** A rule colouring `range` by `thresholds`, over the value in `valueCol` of each row when given. */
export function conditionalRule(range: CellRange, thresholds: readonly Threshold[], valueCol?: number): ThresholdRule {
  return valueCol === undefined ? { range, thresholds } : { range, valueCol, thresholds };
}

/** The trend marks of a KPI: ▲ (went up) good and ▼ bad when higher is better, the reverse otherwise; — none. */
export function trendMarks(higherIsBetter: boolean): TextMark[] {
  return [
    { text: '▲', status: higherIsBetter ? 'good' : 'bad' },
    { text: '▼', status: higherIsBetter ? 'bad' : 'good' },
  ];
}

/** A rule colouring each cell of `range` whose value is one of the marks' texts. */
export function textRule(range: CellRange, marks: readonly TextMark[]): TextRule {
  return { range, marks };
}

/** The colour a rule gives a cell holding `value` (for a threshold rule, the value it reads), as a client evaluates the rule. */
export function ruleStatus(rule: ConditionalRule, value: unknown): StatusColour | undefined {
  if ('marks' in rule) return rule.marks.find((m) => m.text === value)?.status;
  return statusByThresholds(typeof value === 'number' ? value : undefined, rule.thresholds);
}

/** The status of each of the rule's conditions, in the order of ruleFormulas. */
export function ruleStatuses(rule: ConditionalRule): StatusColour[] {
  return 'marks' in rule ? rule.marks.map((m) => m.status) : rule.thresholds.map((t) => t.status);
}

/**
 * A rule's condition for each threshold or mark, as a formula (English, comma separators, leading "=") relative
 * to the range's top-left cell, the form Excel, LibreOffice and Google Sheets all take for a custom-formula rule.
 * Each is true only where its threshold is the first match, so the colours do not depend on how a client
 * orders overlapping rules; ISNUMBER keeps blanks and "" (which comparisons treat as 0 or as above every
 * number) uncoloured. A mark's condition is its text's equality (`=E5="▲"`), false on blanks and numbers.
 */
export function ruleFormulas(rule: ConditionalRule): string[] {
  if ('marks' in rule) {
    const cell = `${columnLetters(rule.range.col)}${rule.range.row + 1}`;
    return rule.marks.map((m) => `=${cell}="${m.text.replace(/"/g, '""')}"`);
  }
  const { range, valueCol } = rule;
  const ref = valueCol === undefined
    ? `${columnLetters(range.col)}${range.row + 1}`
    : `$${columnLetters(valueCol)}${range.row + 1}`;
  const test = (t: Threshold): string => `${ref}${t.op}${String(t.value)}`;
  return rule.thresholds.map((t, i) => {
    const earlier = rule.thresholds.slice(0, i).map((e) => `NOT(${test(e)})`);
    return `=AND(${[`ISNUMBER(${ref})`, ...earlier, test(t)].join(',')})`;
  });
}

/**
 * The status word as a formula over the value cell `valueRef` (A1 form): the word of the first threshold
 * it matches, "" where none does or the value is not a number, so a live summary's word follows its colour.
 */
export function statusWordFormula(valueRef: string, thresholds: readonly Threshold[], word: (s: StatusColour) => string): string {
  const quote = (w: string): string => `"${w.replace(/"/g, '""')}"`;
  const chain = thresholds.reduceRight<string>((rest, t) => `IF(${valueRef}${t.op}${String(t.value)},${quote(word(t.status))},${rest})`, '""');
  return `=IF(ISNUMBER(${valueRef}),${chain},"")`;
}

