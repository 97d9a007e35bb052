/**
 * The CDNOW purchase histories of ../shared/data/cdnow as deal grids, the way a sheet of them hands its values to a
 * custom function: a header row (customer, close date, amount) and one row per purchase, dates as the local
 * midnights of a spreadsheet in `timeZone`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Where the shared data sets are. */
export const CDNOW_DIR = path.resolve(HERE, '../../../../shared/data/cdnow');

const midnights = new Map<string, number>();

/** The instant of local midnight of y-m-d in an IANA zone (what Sheets hands a script for that date cell). */
export function localMidnight(y: number, m: number, d: number, timeZone: string): Date {
  const guess = Date.UTC(y, m - 1, d);
  if (timeZone === 'UTC') return new Date(guess);
  const key = `${timeZone} ${guess}`;
  const known = midnights.get(key);
  if (known !== undefined) return new Date(known);
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const offsetAt = (ms: number): number => {
    const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - ms;
  };
  // Two rounds settle the offset across a daylight-saving change.
  let t = guess - offsetAt(guess);
  t = guess - offsetAt(t);
  midnights.set(key, t);
  return new Date(t);
}

/** One purchase as the file has it. */
export interface CdnowPurchase {
  readonly customer: string;
  readonly y: number;
  readonly m: number;
  readonly d: number;
  readonly amount: number;
}

/** The purchases of `CDNOW_sample.txt` (customer, sample id, date, CDs, dollars) or `CDNOW_master.txt` (with a header). */
export function cdnowPurchases(file: 'CDNOW_sample.txt' | 'CDNOW_master.txt'): CdnowPurchase[] {
  const out: CdnowPurchase[] = [];
  for (const line of readFileSync(path.join(CDNOW_DIR, file), 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || !/^\d+$/.test(f[0])) continue;
    const date = file === 'CDNOW_sample.txt' ? f[2] : f[1];
    const amount = Number(file === 'CDNOW_sample.txt' ? f[4] : f[3]);
    out.push({ customer: f[0], y: +date.slice(0, 4), m: +date.slice(4, 6), d: +date.slice(6, 8), amount });
  }
  return out;
}

/** A deal grid of CDNOW purchases: `customer`, `close date`, `amount`, a sales log (every row is a won sale). */
export function cdnowGrid(file: 'CDNOW_sample.txt' | 'CDNOW_master.txt', timeZone = 'UTC'): unknown[][] {
  const rows: unknown[][] = [['customer', 'close date', 'amount']];
  for (const p of cdnowPurchases(file)) rows.push([p.customer, localMidnight(p.y, p.m, p.d, timeZone), p.amount]);
  return rows;
}
