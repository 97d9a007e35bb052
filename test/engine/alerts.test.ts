/**
 * Alert rules on the overview: their defaults from the benchmarks, the overview's values read from a layout and
 * from a written sheet's grid, and "fires once when its rule is crossed" over a sequence of runs. Hand-valued.
 */
import { describe, expect, it } from 'vitest';
import {
  alertMessage, checkAlertRule, defaultAlertRules, figureText, firedAlerts, holds, overviewValues, overviewValuesOfGrid,
  ruleKey, ruleText, validAlertRules, type AlertRule, type AlertState,
} from '../../src/engine/alerts';
import { DEFAULT_BENCHMARKS, withDefaults } from '../../src/engine/benchmarks';
import { runSummary } from '../../src/engine/summary';
import { d, grid } from '../helpers';

/**
 * May 2025 (the last whole month before 10 June 2025): Anna won 1 000 and 500 and lost 300, Boris won 2 000 and
 * lost 700: sales volume 3 500, 3 won, 2 lost, win rate 3/5 = 0.6, average deal 3 500/3. April: Anna won 400
 * (1 won, 0 lost: win rate 1, the overview's previous period).
 */
const DEALS = grid(['Deal', 'Created', 'Closed', 'Amount', 'Status', 'Rep'], [
  ['D1', d('2025-04-01'), d('2025-05-02'), 1000, 'won', 'Anna'],
  ['D2', d('2025-04-02'), d('2025-05-10'), 500, 'won', 'Anna'],
  ['D3', d('2025-04-03'), d('2025-05-12'), 300, 'lost', 'Anna'],
  ['D4', d('2025-04-04'), d('2025-05-20'), 2000, 'won', 'Boris'],
  ['D5', d('2025-04-05'), d('2025-05-21'), 700, 'lost', 'Boris'],
  ['D6', d('2025-03-01'), d('2025-04-15'), 400, 'won', 'Anna'],
]);
const NOW = Date.UTC(2025, 5, 10, 12);

describe('alert rules', () => {
  it('compares as the rule says', () => {
    expect([holds('<', 0.1, 0.15), holds('<', 0.15, 0.15), holds('<=', 0.15, 0.15), holds('>', 2, 1), holds('>', 1, 1), holds('>=', 1, 1)])
      .toEqual([true, false, true, true, false, true]);
  });

  it('defaults to the benchmarks\' red zones', () => {
    expect(defaultAlertRules(DEFAULT_BENCHMARKS)).toEqual([
      { kpi: 'win_rate', op: '<', value: 0.15 },
      { kpi: 'plan_attainment', op: '<', value: 0.9 },
      { kpi: 'ltv_cac', op: '<', value: 1 },
    ]);
    expect(defaultAlertRules(withDefaults({ winRateRed: 0.2, planAmber: 0.8 })).map((r) => r.value)).toEqual([0.2, 0.8, 1]);
  });

  it('checks a rule and names the KPI by its catalog id', () => {
    expect(checkAlertRule({ kpi: 'WIN_RATE', op: '<', value: 0.15 })).toEqual({ kpi: 'win_rate', op: '<', value: 0.15 });
    expect(checkAlertRule({ kpi: 'happiness', op: '<', value: 1 })).toBe('"happiness" is not a KPI of the catalog');
    expect(checkAlertRule({ kpi: 'win_rate', op: '=', value: 1 })).toBe('win_rate: the comparison "=" must be one of < <= > >=');
    expect(checkAlertRule({ kpi: 'win_rate', op: '<', value: '15%' })).toBe('win_rate: the threshold "15%" must be a number');
    expect(checkAlertRule({ kpi: 'win_rate', op: '<', value: Number.NaN })).toBe('win_rate: the threshold "NaN" must be a number');
    expect(checkAlertRule(null)).toBe('an alert rule is { kpi, op, value }');
  });

  it('keeps the valid stored rules, each once', () => {
    const stored = [
      { kpi: 'win_rate', op: '<', value: 0.15 }, { kpi: 'nope', op: '<', value: 1 }, 'junk',
      { kpi: 'WIN_RATE', op: '<', value: 0.15 }, { kpi: 'sales_volume', op: '<', value: 1000 },
    ];
    expect(validAlertRules(stored)).toEqual([{ kpi: 'win_rate', op: '<', value: 0.15 }, { kpi: 'sales_volume', op: '<', value: 1000 }]);
    expect(validAlertRules('{"kpi":"win_rate"}')).toEqual([]);
    expect(ruleKey({ kpi: 'win_rate', op: '<=', value: 0.15 })).toBe('win_rate<=0.15');
  });
});

describe('the overview\'s values', () => {
  const job = (live = false) => runSummary({ deals: { values: DEALS }, timeZone: 'UTC', now: NOW, locale: 'en', live });

  it('are the current period\'s figures of the overview block, by KPI id', () => {
    const { layout, period } = job();
    expect(period).toBe('2025-05');
    const values = overviewValues(layout);
    expect(values.sales_volume).toBe(3500);
    expect(values.deals_won).toBe(3);
    expect(values.deals_lost).toBe(2);
    expect(values.win_rate).toBeCloseTo(0.6, 12);
    expect(values.avg_deal).toBeCloseTo(3500 / 3, 9);
    // Not the previous period's (April: sales 400, win rate 1), nor a rep's (Anna's 1 500) from other blocks.
    expect(Object.values(values)).not.toContain(400);
    expect(Object.values(values)).not.toContain(1500);
    // In the overview's (catalog) order.
    expect(Object.keys(values).slice(0, 3)).toEqual(['sales_volume', 'deals_won', 'deals_lost']);
  });

  it('leave out a KPI without a value, and read live formulas by their expected value', () => {
    const { layout } = job(true);
    expect(overviewValues(layout).sales_volume).toBe(3500);
    // Sales growth from April's 400 to 3 500 is (3 500 − 400)/400 = 7.75.
    expect(overviewValues(layout).sales_growth).toBeCloseTo(7.75, 12);
    const noBlock = { rows: layout.rows, blocks: [], sources: layout.sources };
    expect(overviewValues(noBlock)).toEqual({});
  });

  it('read back from a written sheet\'s grid give the same figures', () => {
    const { layout } = job();
    const sheet = layout.rows.map((r) => r.map((c) => (c.v === null || c.v === undefined ? '' : c.v)));
    expect(overviewValuesOfGrid(sheet)).toEqual(overviewValues(layout));
    const ru = runSummary({ deals: { values: DEALS }, timeZone: 'UTC', now: NOW, locale: 'ru' }).layout;
    expect(overviewValuesOfGrid(ru.rows.map((r) => r.map((c) => c.v ?? '')))).toEqual(overviewValues(ru));
    expect(overviewValuesOfGrid([['Title'], ['Win rate', 'n/a'], ['Sales volume', 10], ['', ''], ['Sales volume', 99]])).toEqual({ sales_volume: 10 });
    expect(overviewValuesOfGrid([])).toEqual({});
  });
});

describe('firedAlerts', () => {
  const rule: AlertRule = { kpi: 'win_rate', op: '<', value: 0.15 };
  const run = (values: Record<string, number>, previous?: AlertState) => firedAlerts([rule], values, previous);

  it('fires once when the rule is crossed, not while it stays crossed, and again after it recovered', () => {
    const r1 = run({ win_rate: 0.2 });
    expect(r1).toEqual({ fired: [], state: { 'win_rate<0.15': false } });
    const r2 = run({ win_rate: 0.12 }, r1.state);
    expect(r2).toEqual({ fired: [{ rule, value: 0.12 }], state: { 'win_rate<0.15': true } });
    const r3 = run({ win_rate: 0.1 }, r2.state);
    expect(r3).toEqual({ fired: [], state: { 'win_rate<0.15': true } });
    const r4 = run({ win_rate: 0.15 }, r3.state);
    expect(r4).toEqual({ fired: [], state: { 'win_rate<0.15': false } });
    const r5 = run({ win_rate: 0.05 }, r4.state);
    expect(r5.fired).toEqual([{ rule, value: 0.05 }]);
  });

  it('fires on the first run when the rule already holds, and for a new rule', () => {
    expect(run({ win_rate: 0.1 }).fired).toHaveLength(1);
    const other: AlertRule = { kpi: 'sales_volume', op: '<', value: 5000 };
    const r = firedAlerts([rule, other], { win_rate: 0.1, sales_volume: 3500 }, { 'win_rate<0.15': true });
    expect(r.fired).toEqual([{ rule: other, value: 3500 }]);
    expect(r.state).toEqual({ 'win_rate<0.15': true, 'sales_volume<5000': true });
  });

  it('keeps the last state of a rule whose KPI has no value now, and drops the state of removed rules', () => {
    const r = firedAlerts([rule], {}, { 'win_rate<0.15': true, 'ltv_cac<1': true });
    expect(r).toEqual({ fired: [], state: { 'win_rate<0.15': true } });
    expect(run({ win_rate: 0.1 }, r.state).fired).toEqual([]);
    expect(firedAlerts([rule], {}, {})).toEqual({ fired: [], state: {} });
  });

  it('fires nothing when no rule holds', () => {
    const rules: AlertRule[] = [rule, { kpi: 'sales_volume', op: '>=', value: 10000 }];
    expect(firedAlerts(rules, { win_rate: 0.6, sales_volume: 3500 }).fired).toEqual([]);
  });
});

describe('messages', () => {
  it('give the figure and the threshold in English and Russian', () => {
    const alert = { rule: { kpi: 'win_rate', op: '<' as const, value: 0.15 }, value: 0.125 };
    expect(alertMessage(alert, 'en')).toBe('Win rate is 12.5 %, below 15 %.');
    expect(alertMessage(alert, 'ru')).toBe('Доля выигранных сделок: 12,5 %, ниже 15 %.');
    const sales = { rule: { kpi: 'sales_volume', op: '<=' as const, value: 10000 }, value: 3500.5 };
    expect(alertMessage(sales, 'en')).toBe('Sales volume is 3,500.5, at or below 10,000.');
    expect(alertMessage(sales, 'ru')).toBe('Объём продаж: 3\u00a0500,5, не выше 10\u00a0000.');
    expect(ruleText({ kpi: 'ltv_cac', op: '>=', value: 3 }, 'en')).toBe('LTV : CAC at or above 3');
  });

  it('format each unit', () => {
    expect(figureText('rate', 0.9, 'en')).toBe('90 %');
    expect(figureText('rate', -0.0456, 'en')).toBe('-4.6 %');
    expect(figureText('count', 1234567, 'en')).toBe('1,234,567');
    expect(figureText('ratio', 2.456, 'ru')).toBe('2,46');
    expect(figureText('days', 12.34, 'en')).toBe('12.3 days');
    expect(figureText('months', 7, 'ru')).toBe('7 мес.');
    expect(figureText('money', -1234.5, 'en')).toBe('-1,234.5');
  });
});
