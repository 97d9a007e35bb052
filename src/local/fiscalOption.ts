/** The `--fiscal-year-start` option of the summary and SQL commands: a month number 1..12, or a clear error. */
import type { FiscalYearStart } from '../engine/period';
import { KpiError } from '../engine/errors';

/** The option's value as a month number; 1 (the calendar year) when it is not given. Throws a KpiError naming it otherwise. */
export function fiscalYearStartOption(text: string | undefined): FiscalYearStart {
  if (text === undefined) return 1;
  const t = text.trim();
  const m = /^\d{1,2}$/.test(t) ? Number(t) : NaN;
  if (m >= 1 && m <= 12) return m;
  throw new KpiError(`--fiscal-year-start "${text}" must be the number of the month the fiscal year starts with, 1..12 (4 for April)`);
}
