/**
 * The summary's customer-value block (issue 10 point 3): predicted CLV by the source and rep of each customer's first
 * purchase and customers by P(alive) band, from the models fitted at the summary period's last day; one line that says
 * why when they cannot be fitted. The expected numbers come from the engine's model functions and the block's rules
 * (group by the first purchase, bands at 0.7 and 0.3), worked out here from the deal rows themselves.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { customerHistory } from '../../../src/engine/clv/history';
import { customerValues, fitModels } from '../../../src/engine/clv/value';
import { dayFromCivil } from '../../../src/engine/days';
import { ALL_TIME, parsePeriodText } from '../../../src/engine/period';
import { buildSummary } from '../../../src/engine/summary/build';
import { aliveBand, customerValueFigures } from '../../../src/engine/summary/customerValue';
import type { LayoutCell, SheetLayout } from '../../../src/engine/summary/layout';
import { d, grid, table } from '../../helpers';
import { customerDeals, customerName, PERIOD, REPS, SOURCES } from './customerDeals';
import { blockOf, build, GENERATED, rowsOf, vs } from './summaryHelpers';

/** The calibration end of PERIOD: 2024-06-30. */
const END = dayFromCivil(2024, 6, 30);

/** The rows of the block's table whose header row starts with `header`, up to the blank row after it. */
function tableRows(layout: SheetLayout, header: string): (readonly LayoutCell[])[] {
  const rows = rowsOf(layout, 'customerValue');
  const top = rows.findIndex((r) => r[0]?.v === header);
  if (top < 0) throw new Error(`no table "${header}" in ${JSON.stringify(rows.map((r) => r[0]?.v))}`);
  const out: (readonly LayoutCell[])[] = [];
  for (let r = top + 1; r < rows.length && rows[r].length > 0; r++) out.push(rows[r]);
  return out;
}

/** What the models say of each customer of customerDeals at 2024-06-30, by customer name; `margin` scales CLV. */
function modelAnswers(g: unknown[][], margin = 1): { clv: Map<string, number>; pAlive: Map<string, number> } {
  const h = customerHistory(table(g), 'week', END);
  const m = fitModels(h);
  const v = customerValues(h, m.bgnbd, m.gammaGamma, { horizonMonths: 12, discountRate: 0, margin });
  return { clv: new Map(h.labels.map((c, i) => [c, v.clv[i]])), pAlive: new Map(h.labels.map((c, i) => [c, v.pAlive[i]])) };
}

/** Customers, mean and total CLV per group, a customer in the group `groupOf(k)` of their first purchase. */
function expectedGroups(clv: Map<string, number>, groupOf: (k: number) => string): Map<string, [number, number, number]> {
  const sums = new Map<string, [number, number]>();
  for (let k = 1; k <= 32; k++) {
    const g = groupOf(k);
    const [n, total] = sums.get(g) ?? [0, 0];
    sums.set(g, [n + 1, total + (clv.get(customerName(k)) as number)]);
  }
  return new Map([...sums].map(([g, [n, total]]) => [g, [n, total / n, total]]));
}

/** Checks a CLV table of the layout against the expected groups, in the order given. */
function expectClvTable(rows: (readonly LayoutCell[])[], expected: Map<string, [number, number, number]>, order: string[]): void {
  expect(rows.map((r) => r[0].v)).toEqual(order);
  for (const r of rows) {
    const [n, mean, total] = expected.get(r[0].v as string) as [number, number, number];
    expect(r[1]).toEqual({ v: n, fmt: 'integer', style: 'value' });
    expect(r[2]).toMatchObject({ fmt: 'money', style: 'value' });
    expect(r[2].v as number).toBeCloseTo(mean, 6);
    expect(r[3].v as number).toBeCloseTo(total, 6);
  }
}

describe('aliveBand: the P(alive) bands', () => {
  it('is active from 0.7 on, at risk from 0.3 up to 0.7, likely lost below 0.3', () => {
    expect(aliveBand(1)).toBe('active');
    expect(aliveBand(0.7)).toBe('active');
    expect(aliveBand(0.6999)).toBe('atRisk');
    expect(aliveBand(0.3)).toBe('atRisk');
    expect(aliveBand(0.2999)).toBe('lost');
    expect(aliveBand(0)).toBe('lost');
  });
  it('gives no band to a P that is not a number', () => {
    expect(aliveBand(NaN)).toBeUndefined();
  });
});

describe('customer value: predicted CLV by the source and rep of the first purchase', () => {
  const layout = build(customerDeals(), { period: PERIOD });
  const { clv } = modelAnswers(customerDeals());

  it('sits after the by-source block and before data quality, titled with the calibration end', () => {
    expect(layout.blocks.map((b) => b.id)).toEqual(['overview', 'byPeriod', 'byRep', 'bySource', 'customerValue', 'dataQuality']);
    expect(rowsOf(layout, 'customerValue')[0]).toEqual([{ v: 'Customer value at 2024-06-30', style: 'section' }]);
    expect(blockOf(layout, 'customerValue').title).toBe('Customer value at 2024-06-30');
  });
  it('has 32 customers: C40 only lost a deal, and refunds and July\'s purchase change nobody\'s count', () => {
    expect(clv.size).toBe(32);
  });
  it('by source: 8 customers each, the blank source last as "(blank)"; mean and total CLV of the group\'s customers', () => {
    const expected = expectedGroups(clv, (k) => SOURCES[k % 4] || '(blank)');
    const rows = tableRows(layout, 'Source / campaign of the first purchase');
    expectClvTable(rows, expected, ['Ads', 'Referral', 'Web', '(blank)']);
    expect(rows.map((r) => r[1].v)).toEqual([8, 8, 8, 8]);
  });
  it('by rep: Anna 11, Boris 11, Vera 10, each customer with the rep of their first purchase', () => {
    const expected = expectedGroups(clv, (k) => REPS[k % 3]);
    const rows = tableRows(layout, 'Rep of the first purchase');
    expectClvTable(rows, expected, ['Anna', 'Boris', 'Vera']);
    expect(rows.map((r) => r[1].v)).toEqual([11, 11, 10]);
  });
  it('counts C01, first with Anna (Web) and then three times with Boris (Ads), for Anna and Web only', () => {
    const c01 = clv.get('C01') as number;
    expect(c01).toBeGreaterThan(0);
    const anna = [1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31].reduce((s, k) => s + (clv.get(customerName(k)) as number), 0);
    const boris = [2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32].reduce((s, k) => s + (clv.get(customerName(k)) as number), 0);
    const byRep = tableRows(layout, 'Rep of the first purchase');
    expect(byRep[0][3].v as number).toBeCloseTo(anna, 6);
    expect(byRep[1][3].v as number).toBeCloseTo(boris, 6);
    const web = [1, 5, 9, 13, 17, 21, 25, 29].reduce((s, k) => s + (clv.get(customerName(k)) as number), 0);
    expect(tableRows(layout, 'Source / campaign of the first purchase')[2][3].v as number).toBeCloseTo(web, 6);
  });
  it('explains the CLV in the headers\' notes: 12 months, not discounted, × the margin (100 % without costs)', () => {
    const header = rowsOf(layout, 'customerValue')[1];
    expect(vs(header)).toEqual(['Source / campaign of the first purchase', 'Customers', 'Mean predicted CLV', 'Predicted CLV total']);
    expect(header.every((c) => c.style === 'header')).toBe(true);
    expect(header[2].note).toBe(
      'Predicted CLV: the gross margin (× 100 %) of the purchases BG/NBD and Gamma-Gamma expect from the customer in the ' +
        '12 months after 2024-06-30, not discounted (as CLV_TABLE with its defaults).',
    );
  });
  it('multiplies CLV by the margin of the purchases: costs of 40 % of every amount give 60 % of it', () => {
    const [head, ...rows] = customerDeals();
    const withCost = [[...head, 'Cost'], ...rows.map((r) => [...r, 0.4 * (r[2] as number)])];
    const costed = build(withCost, { period: PERIOD });
    const plain = tableRows(layout, 'Rep of the first purchase');
    tableRows(costed, 'Rep of the first purchase').forEach((r, i) => {
      expect(r[3].v as number).toBeCloseTo(0.6 * (plain[i][3].v as number), 6);
    });
    expectClvTable(tableRows(costed, 'Rep of the first purchase'), expectedGroups(modelAnswers(withCost, 0.6).clv, (k) => REPS[k % 3]), ['Anna', 'Boris', 'Vera']);
    expect(rowsOf(costed, 'customerValue')[1][2].note).toContain('(× 60 %)');
  });
  it('ends with a note of what the models were fitted on', () => {
    const rows = rowsOf(layout, 'customerValue');
    expect(rows[rows.length - 1]).toEqual([{
      v: 'BG/NBD and Gamma-Gamma fitted on 32 customers (12 bought again) with their purchases up to 2024-06-30, in weeks. ' +
        'A customer counts for the source and rep of their first purchase. These numbers are values that "Explain selected KPI" ' +
        'cannot break down: CLV_TABLE lists each customer\'s.',
      style: 'note',
    }]);
  });
  it('gives Explain no KPI for any of its cells', () => {
    const b = blockOf(layout, 'customerValue');
    expect((layout.sources ?? []).filter((s) => s.row >= b.firstRow && s.row <= b.lastRow)).toEqual([]);
  });
});

describe('customer value: customers by P(alive) band', () => {
  const layout = build(customerDeals(), { period: PERIOD });
  const { pAlive } = modelAnswers(customerDeals());
  // Revenue to date from the deal rows: won, an amount of 0 or more, closed by 2024-06-30.
  const revenue = new Map<string, number>();
  for (const [customer, closed, amount, , , status] of customerDeals().slice(1) as [string, Date, number, string, string, string][]) {
    if (status === 'won' && amount >= 0 && closed.getTime() <= Date.UTC(2024, 5, 30)) revenue.set(customer, (revenue.get(customer) ?? 0) + amount);
  }
  const bandOf = (p: number): number => (p >= 0.7 ? 0 : p >= 0.3 ? 1 : 2);
  const counts = [0, 0, 0];
  const sums = [0, 0, 0];
  for (const [c, p] of pAlive) {
    counts[bandOf(p)]++;
    sums[bandOf(p)] += revenue.get(c) as number;
  }

  it('finds C01\'s revenue to date by hand: 110 + 65 + 75 + 55 = 305, the refund left out', () => {
    expect(revenue.get('C01')).toBe(305);
    expect(revenue.get('C02')).toBe(120 + 70 + 80);
  });
  it('has customers in every band of this table', () => {
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(counts[0] + counts[1] + counts[2]).toBe(32);
  });
  it('counts each band\'s customers, their share and the revenue they brought', () => {
    const rows = tableRows(layout, 'P(alive) band');
    expect(rows.map((r) => r[0].v)).toEqual(['Active (P ≥ 0.7)', 'At risk (0.3 ≤ P < 0.7)', 'Likely lost (P < 0.3)']);
    rows.forEach((r, i) => {
      expect(r[1]).toEqual({ v: counts[i], fmt: 'integer', style: 'value' });
      expect(r[2]).toEqual({ v: counts[i] / 32, fmt: 'percent', style: 'value' });
      expect(r[3]).toEqual({ v: sums[i], fmt: 'money', style: 'value' });
    });
  });
  it('notes what P(alive) and the revenue are', () => {
    const header = rowsOf(layout, 'customerValue').find((r) => r[0]?.v === 'P(alive) band') as readonly LayoutCell[];
    expect(vs(header)).toEqual(['P(alive) band', 'Customers', 'Share of customers', 'Revenue to date']);
    expect(header[0].note).toMatch(/BG\/NBD probability that the customer is still buying at 2024-06-30/);
    expect(header[3].note).toMatch(/up to 2024-06-30: won deals with an amount of 0 or more \(refunds are not counted\)/);
  });
});

describe('customer value: the calibration end', () => {
  it('is the last day of the summary\'s period: a later purchase does not count', () => {
    const r = customerValueFigures(table(customerDeals()), parsePeriodText('2024-06'));
    expect(r.ok && r.figures.calibrationEnd).toBe(END);
  });
  it('over the whole table, the last purchase\'s day: C02\'s of 2024-07-10', () => {
    const r = customerValueFigures(table(customerDeals()), ALL_TIME);
    expect(r.ok && r.figures.calibrationEnd).toBe(dayFromCivil(2024, 7, 10));
  });
  it('for the last whole month a whole-table summary picks, that month\'s end', () => {
    // Today is 2025-01-01: the summary is of 2024-07, the last month with data.
    expect(blockOf(build(customerDeals()), 'customerValue').title).toBe('Customer value at 2024-07-31');
  });
});

describe('customer value: when the models cannot be fitted', () => {
  const firstTen = customerDeals().filter((r, i) => i === 0 || (r[0] as string) <= 'C10');

  it('says in one line that 10 customers are too few, and the rest of the summary is built', () => {
    const layout = build(firstTen, { period: PERIOD });
    expect(rowsOf(layout, 'customerValue')).toEqual([
      [{ v: 'Customer value at 2024-06-30', style: 'section' }],
      [{ v: 'Customer value cannot be predicted: 10 customers are too few to fit BG/NBD: it needs at least 20.', style: 'note' }],
    ]);
    expect(layout.blocks.map((b) => b.id)).toEqual(['overview', 'byPeriod', 'byRep', 'bySource', 'customerValue', 'dataQuality']);
    expect(rowsOf(layout, 'overview').find((r) => r[0]?.v === 'Sales volume')?.[1].v).toBeGreaterThan(0);
  });
  it('says so in Russian in a Russian summary', () => {
    expect(rowsOf(build(firstTen, { period: PERIOD, locale: 'ru' }), 'customerValue')[1][0].v).toBe(
      'Ценность клиентов не рассчитана: клиентов слишком мало для модели BG/NBD: 10, а нужно не меньше 20.',
    );
  });
  it('says when too few customers bought again', () => {
    // 32 customers who bought on 2024-02-01; only C01 and C02 came back.
    const g = grid(['Customer', 'Close date', 'Amount', 'Rep', 'Source', 'Status'], [
      ...Array.from({ length: 32 }, (_, i) => [customerName(i + 1), d('2024-02-01'), 100, 'Anna', 'Web', 'won']),
      ['C01', d('2024-03-01'), 50, 'Anna', 'Web', 'won'],
      ['C02', d('2024-04-01'), 50, 'Anna', 'Web', 'won'],
    ]);
    expect(rowsOf(build(g, { period: PERIOD }), 'customerValue')[1][0].v).toBe(
      'Customer value cannot be predicted: 2 of 32 customers bought again: BG/NBD needs at least 5 repeat buyers to fit.',
    );
  });
  it('says when the table has no customer column', () => {
    const g = grid(['Close date', 'Amount', 'Status'], [[d('2024-06-03'), 100, 'won']]);
    expect(rowsOf(build(g, { period: PERIOD }), 'customerValue')[1][0].v).toBe(
      'Customer value cannot be predicted: the deal table has no `customer` column ' +
        '(looked for: customer, client, account, company, клиент, покупатель, компания, контрагент).',
    );
  });
  it('says when no customer had bought by the period\'s end', () => {
    expect(rowsOf(build(customerDeals(), { period: '2023-12' }), 'customerValue')[1][0].v).toBe(
      'Customer value cannot be predicted: no customer made a purchase by the calibration end 2023-12-31.',
    );
  });
});

describe('customer value: an error inside the models', () => {
  afterEach(() => {
    vi.doUnmock('../../../src/engine/clv/value');
    vi.resetModules();
  });
  it('is the one line too, with the error\'s message: the summary is still built', async () => {
    vi.resetModules();
    vi.doMock('../../../src/engine/clv/value', async (original) => ({
      ...(await original<typeof import('../../../src/engine/clv/value')>()),
      fitModels: () => { throw new Error('2F1 did not converge'); },
    }));
    const { buildSummary: build2 } = await import('../../../src/engine/summary/build');
    const layout = build2({
      table: table(customerDeals()), dealsSheet: { name: 'Deals' }, period: parsePeriodText(PERIOD), locale: 'en', live: false, generatedAt: GENERATED,
    });
    expect(rowsOf(layout, 'customerValue')[1]).toEqual([
      { v: 'Customer value cannot be predicted: the models could not be fitted (2F1 did not converge).', style: 'note' },
    ]);
    expect(layout.blocks.map((b) => b.id)).toContain('dataQuality');
  });
});

describe('customer value: Russian', () => {
  const layout = build(customerDeals(), { period: PERIOD, locale: 'ru' });
  it('titles the block and its tables in Russian', () => {
    const rows = rowsOf(layout, 'customerValue');
    expect(rows[0][0].v).toBe('Ценность клиентов на 2024-06-30');
    expect(vs(rows[1])).toEqual(['Источник / кампания первой покупки', 'Клиентов', 'Средняя прогнозная CLV', 'Прогнозная CLV, всего']);
    expect(tableRows(layout, 'Источник / кампания первой покупки').map((r) => r[0].v)).toEqual(['Ads', 'Referral', 'Web', '(пусто)']);
    expect(tableRows(layout, 'Менеджер первой покупки').map((r) => r[0].v)).toEqual(['Anna', 'Boris', 'Vera']);
    expect(vs(rows.find((r) => r[0]?.v === 'Группа по P(alive)') as LayoutCell[])).toEqual(['Группа по P(alive)', 'Клиентов', 'Доля клиентов', 'Выручка на дату']);
    expect(tableRows(layout, 'Группа по P(alive)').map((r) => r[0].v)).toEqual(['Активные (P ≥ 0,7)', 'Под угрозой (0,3 ≤ P < 0,7)', 'Вероятно ушли (P < 0,3)']);
    expect(rows[1][2].note).toMatch(/^Прогнозная CLV: валовая маржа \(× 100 %\)/);
  });
  it('has the same numbers as the English one', () => {
    const en = build(customerDeals(), { period: PERIOD });
    const numbers = (l: SheetLayout) => rowsOf(l, 'customerValue').flat().map((c) => c.v).filter((v) => typeof v === 'number');
    expect(numbers(layout)).toHaveLength(4 * 3 + 3 * 3 + 3 * 3);
    expect(numbers(layout)).toEqual(numbers(en));
  });
});

describe('customer value: the KPI choice and live summaries', () => {
  const input = (o: { kpis?: string[]; live?: boolean }) => buildSummary({
    table: table(customerDeals()), dealsSheet: { name: 'Deals', values: customerDeals() }, period: parsePeriodText(PERIOD),
    locale: 'en', live: o.live ?? false, generatedAt: GENERATED, kpis: o.kpis,
  });
  it('is left out when the chosen KPIs leave out LTV, and shown when they include it', () => {
    expect(input({ kpis: ['sales_volume', 'win_rate'] }).blocks.map((b) => b.id)).not.toContain('customerValue');
    expect(input({ kpis: ['sales_volume', 'ltv'] }).blocks.map((b) => b.id)).toContain('customerValue');
  });
  it('in a live summary writes values, not formulas, and says so on its title', () => {
    const layout = input({ live: true });
    const rows = rowsOf(layout, 'customerValue');
    expect(rows.flat().some((c) => c.f !== undefined)).toBe(false);
    expect(rows[0][0].note).toBe(
      'Written as values, not formulas: Customers, Mean predicted CLV, Predicted CLV total, Share of customers, Revenue to date.',
    );
  });
});
