/**
 * The canonical deal table (DESIGN.md "Past a sheet's size") of small tables, worked out by hand: one row per deal
 * with every value as the engine reads it, NULL where it would not use one, only the columns the source has.
 */
import { describe, expect, it } from 'vitest';
import { CANONICAL_COLUMNS, bigQuerySchema, canonicalColumns, canonicalTable } from '../../src/engine/canonical';
import { d, grid, table } from '../helpers';

const names = (t: ReturnType<typeof canonicalTable>): string[] => t.columns.map((c) => c.name);

/** The canonical rows as objects, for reading: { row: 2, id: 'D1', … }. */
function records(t: ReturnType<typeof canonicalTable>): Record<string, unknown>[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, k) => [c.name, r[k]])));
}

describe('canonicalTable', () => {
  it('gives every column of a full table, values as the engine reads them and NULL where it would not use one', () => {
    // "Now" is 2025-01-01: D4's close date is in the future.
    const t = canonicalTable(table(grid(
      ['Deal ID', 'Created', 'Qualified', 'Closed', 'Amount', 'Cost', 'Status', 'Stage', 'Probability', 'Rep', 'Customer', 'Source', 'Type'],
      [
        ['D1', d('2024-03-01'), d('2024-03-02'), d('2024-03-10'), '1 234,56', 500, 'won', 'Closed won', '', 'Anna', 'Acme', 'Web', 'new'],
        ['D2', '2024-03-02', 'no', '2024-03-12', 'abc', '', 'lost', 'Closed lost', '', 'Boris', 'Beta', 'Ads', 'repeat'],
        ['D3', '2024-03-03', true, '', 700, '', 'open', 'Proposal', '35%', 'Anna', 'Beta', '', 'upsell'],
        ['', '', '', '', '', '', '', '', '', '', '', '', ''], // a blank row: no deal
        ['D4', '2024-03-04', '', '2026-01-01', 900, 100, 'won', 'Closed won', '', 'Boris', 'Gamma', 'Web', 'cross-sell'],
        ['D5', '2024-01-05', false, '2024-03-20', -300, 0, 'won', 'Closed won', '', 'Anna', 'Acme', 'Web', 'bogus'],
      ],
    )));
    expect(names(t)).toEqual(CANONICAL_COLUMNS.map((c) => c.name));
    expect(records(t)).toEqual([
      {
        row: 2, id: 'D1', created: '2024-03-01', qualified: '2024-03-02', is_qualified: true, closed: '2024-03-10', amount: 1234.56,
        cost: 500, status: 'won', stage: 'Closed won', probability: null, rep: 'Anna', customer: 'Acme', source: 'Web', type: 'new',
      },
      {
        // "no" is FALSE (no date); "abc" cannot be read: NULL, as is the blank cost.
        row: 3, id: 'D2', created: '2024-03-02', qualified: null, is_qualified: false, closed: '2024-03-12', amount: null,
        cost: null, status: 'lost', stage: 'Closed lost', probability: null, rep: 'Boris', customer: 'Beta', source: 'Ads', type: 'repeat',
      },
      {
        // TRUE qualifies without a date; 35% is 0.35.
        row: 4, id: 'D3', created: '2024-03-03', qualified: null, is_qualified: true, closed: null, amount: 700,
        cost: null, status: 'open', stage: 'Proposal', probability: 0.35, rep: 'Anna', customer: 'Beta', source: null, type: 'upsell',
      },
      {
        // Row 5 is blank. A close date after today is NULL (the engine blanks it and lists the row); blank qualified is FALSE.
        row: 6, id: 'D4', created: '2024-03-04', qualified: null, is_qualified: false, closed: null, amount: 900,
        cost: 100, status: 'won', stage: 'Closed won', probability: null, rep: 'Boris', customer: 'Gamma', source: 'Web', type: 'cross-sell',
      },
      {
        // A refund is a won deal with a negative amount (§6); an unknown type word is NULL.
        row: 7, id: 'D5', created: '2024-01-05', qualified: null, is_qualified: false, closed: '2024-03-20', amount: -300,
        cost: 0, status: 'won', stage: 'Closed won', probability: null, rep: 'Anna', customer: 'Acme', source: 'Web', type: null,
      },
    ]);
  });

  it('reads the outcome of a table without a status column from its stage: status is in the canonical table', () => {
    const t = canonicalTable(table(grid(['Closed', 'Amount', 'Stage'], [
      [d('2024-03-01'), 100, 'Closed Won'],
      [d('2024-03-02'), 50, 'Closed Lost'],
      ['', 70, 'Negotiation'],
      [d('2024-03-04'), 30, ''],
    ])));
    expect(names(t)).toEqual(['row', 'closed', 'amount', 'status', 'stage']);
    // A blank stage gives no outcome: NULL status.
    expect(t.rows).toEqual([
      [2, '2024-03-01', 100, 'won', 'Closed Won'],
      [3, '2024-03-02', 50, 'lost', 'Closed Lost'],
      [4, null, 70, 'open', 'Negotiation'],
      [5, '2024-03-04', 30, null, null],
    ]);
  });

  it('makes is_qualified NULL where the qualified cell cannot be read, and for a future qualification date', () => {
    const t = canonicalTable(table(grid(['Created', 'Qualified', 'Status'], [
      ['2024-03-01', 'maybe', 'open'],
      ['2024-03-01', '2024-03-05', 'open'],
      ['2024-03-01', '2030-01-01', 'open'],
      ['2024-03-01', '', 'open'],
    ])));
    expect(names(t)).toEqual(['row', 'created', 'qualified', 'is_qualified', 'status']);
    expect(t.rows.map((r) => r.slice(2, 4))).toEqual([[null, null], ['2024-03-05', true], [null, null], [null, false]]);
  });

  it('makes every date after today NULL, an open deal\'s expected close date too', () => {
    // "Now" is 2025-01-01. The reader blanks a closed deal's future close date (and lists it); it keeps an open
    // deal's, which no KPI uses, and the canonical table drops it as DESIGN.md says.
    const t = canonicalTable(table(grid(['Created', 'Closed', 'Status'], [
      ['2024-12-01', '2025-03-01', 'open'],
      ['2024-12-01', '2025-01-01', 'open'],
      ['2024-12-01', '2025-02-01', 'won'],
      ['2025-06-01', '2024-12-31', 'lost'],
      ['2024-12-01', '2025-02-01', ''],
    ])));
    expect(t.rows).toEqual([
      [2, '2024-12-01', null, 'open'],
      [3, '2024-12-01', '2025-01-01', 'open'], // today is not in the future
      [4, '2024-12-01', null, 'won'],
      [5, null, '2024-12-31', 'lost'],
      [6, '2024-12-01', null, null],
    ]);
  });

  it('has no status for a sales log, and no qualified or is_qualified without a qualified column', () => {
    const t = canonicalTable(table(grid(['Date', 'Amount', 'Customer'], [
      [d('2024-03-01'), 100, 'Acme'],
      [d('2024-03-02'), 'n/a', 'Beta'],
    ])));
    expect(names(t)).toEqual(['row', 'closed', 'amount', 'customer']);
    expect(t.rows).toEqual([[2, '2024-03-01', 100, 'Acme'], [3, '2024-03-02', null, 'Beta']]);
  });

  it('gives the BigQuery schema of the columns: row REQUIRED, the rest NULLABLE', () => {
    const columns = canonicalColumns(table(grid(['Closed', 'Amount', 'Status', 'Qualified'], [[d('2024-03-01'), 1, 'won', true]])));
    expect(bigQuerySchema(columns)).toEqual([
      { name: 'row', type: 'INT64', mode: 'REQUIRED' },
      { name: 'qualified', type: 'DATE', mode: 'NULLABLE' },
      { name: 'is_qualified', type: 'BOOL', mode: 'NULLABLE' },
      { name: 'closed', type: 'DATE', mode: 'NULLABLE' },
      { name: 'amount', type: 'FLOAT64', mode: 'NULLABLE' },
      { name: 'status', type: 'STRING', mode: 'NULLABLE' },
    ]);
  });
});
