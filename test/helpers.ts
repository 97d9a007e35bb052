/** Test helpers: deal tables written the way a person would type them, and calls the way Sheets makes them. */
import { callKpi, type CallEnv, type SheetResult } from '../src/engine/call';
import { findKpi } from '../src/engine/catalog';
import { readDeals } from '../src/engine/read';
import type { DealTable } from '../src/engine/table';

/** "Now" for every test: 2025-01-01 00:00 UTC, so 2024 dates are in the past. */
export const NOW = Date.UTC(2025, 0, 1);
/** The call environment of every test unless it says otherwise. */
export const ENV: CallEnv = { timeZone: 'UTC', now: NOW };

/** A deal table from a header and rows; dates may be given as 'YYYY-MM-DD' strings or Date objects. */
export function grid(header: string[], rows: unknown[][]): unknown[][] {
  return [header, ...rows];
}

/** A UTC-midnight Date, the way Sheets hands a date cell to a script in a UTC spreadsheet. */
export function d(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** Reads a grid with the test environment. */
export function table(g: unknown[][]): DealTable {
  return readDeals(g, { timeZone: ENV.timeZone, now: ENV.now });
}

/** Calls a KPI by function name with Sheets-shaped arguments, as `=NAME(deals, …)` would. */
export function call(name: string, ...args: unknown[]): SheetResult {
  const def = findKpi(name);
  if (!def) throw new Error(`no KPI ${name}`);
  return callKpi(def, args, ENV);
}

/** The §7 reference table: March 2024 — 8 won totalling 400 000, 2 lost; February — 5 won totalling 250 000. */
export function referenceDeals(): unknown[][] {
  const rows: unknown[][] = [];
  const marchAmounts = [30000, 40000, 45000, 50000, 50000, 55000, 60000, 70000]; // Σ 400 000
  marchAmounts.forEach((a, i) => rows.push([`M${i + 1}`, d('2024-02-20'), d(`2024-03-${String(i + 2).padStart(2, '0')}`), a, 'won', 'Anna', `C${i + 1}`]));
  rows.push(['L1', d('2024-02-25'), d('2024-03-10'), 20000, 'lost', 'Boris', 'C20']);
  rows.push(['L2', d('2024-03-01'), d('2024-03-20'), 10000, 'lost', 'Anna', 'C21']);
  [40000, 45000, 50000, 55000, 60000].forEach((a, i) => rows.push([`F${i + 1}`, d('2024-01-15'), d(`2024-02-${String(i + 5).padStart(2, '0')}`), a, 'won', 'Boris', `C${i + 1}`]));
  return grid(['Deal ID', 'Created', 'Closed', 'Amount', 'Status', 'Rep', 'Customer'], rows);
}

/**
 * Sales volume by month, with refunds: February 100 − 200 = −100 (refunds exceed sales), March 50, April 200,
 * May 50, June nothing, July 30. Growth March against February is (50 − (−100)) / |−100| = 1.5.
 */
export function salesSwings(): unknown[][] {
  return grid(['Closed', 'Amount', 'Status'], [
    [d('2024-02-05'), 100, 'won'],
    [d('2024-02-20'), -200, 'won'],
    [d('2024-03-10'), 50, 'won'],
    [d('2024-04-10'), 200, 'won'],
    [d('2024-05-10'), 50, 'won'],
    [d('2024-07-10'), 30, 'won'],
  ]);
}
