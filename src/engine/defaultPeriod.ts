/**
 * The default period of a summary (DESIGN.md, "The sidebar's server API"): "the last whole month with data"
 * is the latest calendar month that has a dated row and has ended by today in the sheet's time zone (the
 * month before it when today's month is the latest). The local command and the sidebar both use it.
 */
import { bucketOf, type Bounded } from './period';

/**
 * The last whole month with data, from a table's latest date and today, both local day numbers in the sheet's
 * time zone (`DealTable.maxDay` and `DealTable.today`); null for a table without dates (`maxDay` NaN).
 *
 * A month has ended by today when today falls in a later month: on its last day it is still running. A
 * DealTable's `maxDay` is never after today (later dates are not data); a later day would count as today.
 *
 * When today's month is the latest with data, the answer is the month before it even if that month has no
 * dated row: the DESIGN text's parenthesis says so, and a summary of a month whose data is still coming in
 * would look like a collapse. So a table whose only dates fall in this month gets last month, which is empty.
 */
export function lastWholeMonth(maxDay: number, today: number): Bounded | null {
  if (!Number.isFinite(maxDay) || !Number.isFinite(today)) return null;
  const latest = bucketOf('month', Math.min(maxDay, today));
  return latest.end <= today ? latest : bucketOf('month', latest.start - 1);
}
