import { describe, expect, it } from 'vitest';
import { missingColumns, needsOf } from '../../src/engine/needs';
import { d, grid, table } from '../helpers';

describe('needsOf', () => {
  const pipeline = { needs: ['status', 'amount'] as const, periodNeeds: ['created'] as const };
  it('adds the columns a period or time groups need only then (§6 Snapshots: a snapshot now needs no created)', () => {
    expect(needsOf(pipeline, false)).toEqual(['status', 'amount']);
    expect(needsOf(pipeline, true)).toEqual(['status', 'amount', 'created']);
    expect(needsOf({ needs: ['closed'] }, true)).toEqual(['closed']);
  });
});

describe('missingColumns', () => {
  const deals = table(grid(['Closed', 'Amount', 'Status'], [[d('2024-03-01'), 100, 'won']]));
  it('is undefined when the table has every column', () => {
    expect(missingColumns(['closed', 'amount', 'status'], deals)).toBeUndefined();
  });
  it('names the first missing column and its synonyms', () => {
    expect(missingColumns(['closed', 'customer', 'created'], deals)).toBe(
      'the deal table has no `customer` column (looked for: customer, client, account, company, клиент, покупатель, компания, контрагент)',
    );
  });
  it('takes a stage as the status: its stages give the outcomes (§1)', () => {
    const staged = table(grid(['Close Date', 'Amount', 'Deal Stage'], [[d('2024-03-01'), 100, 'Closed Won']]));
    expect(missingColumns(['status'], staged)).toBeUndefined();
  });
  it('asks a sales log for a status or a stage', () => {
    const log = table(grid(['Date', 'Amount'], [[d('2024-03-01'), 100]]));
    expect(missingColumns(['status'], log)).toBe(
      'the deal table has no `status` column (looked for: status, state, outcome, result, статус, результат, состояние), ' +
        'nor a `stage` to read won and lost from',
    );
    expect(missingColumns(['closed', 'amount'], log)).toBeUndefined();
  });
  it('says that a sales log without amounts has no sales, for the KPIs that count them', () => {
    const dates = table(grid(['Date', 'Client'], [[d('2024-03-01'), 'Acme']]));
    expect(missingColumns(['closed'], dates)).toBe(
      'the deal table has no `status` column, so its sales are the rows with an amount, but it has no `amount` column either ' +
        '(looked for: status, state, outcome, result, статус, результат, состояние; amount, value, revenue, deal value, sum, total, сумма, выручка, стоимость, сумма сделки)',
    );
    // LEAD_TO_OPPORTUNITY counts rows, not sales: created and qualified need no amount.
    const leads = table(grid(['Created', 'Qualified'], [[d('2024-03-01'), true]]));
    expect(missingColumns(['created', 'qualified'], leads)).toBeUndefined();
  });
});
