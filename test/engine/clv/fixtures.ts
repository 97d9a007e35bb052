/** The CDNOW sample's customer summary at 1997-09-30 in weeks, read once for the model tests. */
import { customerHistory, type CustomerHistory } from '../../../src/engine/clv/history';
import { dayFromCivil } from '../../../src/engine/days';
import { readDeals } from '../../../src/engine/read';
import { cdnowGrid } from './cdnow';

let sample: CustomerHistory | undefined;

/** CDNOW_sample.txt as the literature summarises it (2 357 customers, calibration to 1997-09-30, weeks). */
export function cdnowSample(): CustomerHistory {
  sample ??= customerHistory(readDeals(cdnowGrid('CDNOW_sample.txt'), { timeZone: 'UTC', now: Date.UTC(2026, 0, 1) }), 'week', dayFromCivil(1997, 9, 30));
  return sample;
}

/** A summary from (x, t_x, T, m) rows, for hand-made customer bases. */
export function summaryOf(rows: readonly (readonly [number, number, number, number?])[]): Pick<CustomerHistory, 'x' | 'tx' | 'T' | 'm'> {
  return {
    x: Float64Array.from(rows, (r) => r[0]),
    tx: Float64Array.from(rows, (r) => r[1]),
    T: Float64Array.from(rows, (r) => r[2]),
    m: Float64Array.from(rows, (r) => (r[3] === undefined ? NaN : r[3])),
  };
}
