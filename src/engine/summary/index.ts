/** The summary sheet's public face: build the layout, and the typed deal sheet its live formulas read. */
export { buildSummary, chosenPeriod, type SummaryInput } from './build';
export { typedDealsSheet, dateOfDay } from './typedSheet';
export { DEFAULT_BENCHMARKS, type Benchmarks } from './status';
export type { Locale } from './labels';
export type { DealsSheetRef } from './liveFormulas';
export * from './layout';
