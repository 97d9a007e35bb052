/**
 * The summary's public face, the only way faces (src/local, src/addon) reach it: the job, the layout types
 * and the LayoutWriter they implement, and the few helpers writers need to apply a layout.
 */
export { runSummary, localeOfHeaders, JobInputError, DEALS_COPY_NAME, type SummaryJobInput, type SummaryJobResult, type DealGrid, type RowCounts } from './job';
export { buildSummary, chosenPeriod, type SummaryInput } from './build';
export { copyColumns, typedDealsSheet, dateOfDay } from './typedSheet';
export { DEFAULT_BENCHMARKS, ruleFormulas, ruleStatuses, type Benchmarks } from './status';
export { rowCounts } from './dataQuality';
export { a1, UNIT_WORDS } from './sheet';
export { LOOKS, STATUS_LOOKS, type Look } from './palette';
export type { Locale } from '../locale';
export { liveFormulaGap, type DealsSheetRef } from './liveFormulas';
export * from './layout';
