import { describe, expect, it } from 'vitest';
import { CATALOG, findKpi } from '../../src/engine/catalog';

describe('CATALOG', () => {
  it('holds every KPI of §3 once, in the order of the spec\'s table', () => {
    expect(CATALOG.map((k) => k.name)).toEqual([
      'SALES_VOLUME', 'DEALS_WON', 'DEALS_LOST', 'AVG_DEAL', 'SALES_GROWTH', 'PLAN_ATTAINMENT', 'WIN_RATE',
      'LEAD_CONVERSION', 'LEAD_TO_OPPORTUNITY', 'LOSS_RATE', 'SALES_CYCLE', 'PIPELINE_COUNT', 'PIPELINE_VALUE',
      'PIPELINE_VELOCITY', 'NEW_CUSTOMERS', 'ACTIVE_CUSTOMERS', 'ARPU', 'RETENTION_RATE', 'CHURN_RATE',
      'REPEAT_PURCHASES', 'REPEAT_RATE', 'LOYAL_CUSTOMERS', 'POTENTIAL_CUSTOMERS', 'PROFIT', 'MARGIN',
      'UPSELL_RATE', 'CROSS_SELL_RATE', 'CAC', 'LTV', 'NET_LTV', 'LTV_CAC', 'CAC_PAYBACK', 'INCREMENTAL_SALES',
    ]);
  });
  it('gives each KPI the id KPI() takes: its name in lower case', () => {
    for (const k of CATALOG) expect(k.id).toBe(k.name.toLowerCase());
  });
  it('takes a plan for PLAN_ATTAINMENT and a spend for CAC, NET_LTV, LTV_CAC and CAC_PAYBACK, nothing else (§3)', () => {
    expect(CATALOG.filter((k) => k.side).map((k) => `${k.name}:${k.side}`)).toEqual([
      'PLAN_ATTAINMENT:plan', 'CAC:spend', 'NET_LTV:spend', 'LTV_CAC:spend', 'CAC_PAYBACK:spend',
    ]);
  });
  it('gives the options of §3 and §8: SALES_CYCLE stat, PIPELINE_VALUE weighted, LTV method, INCREMENTAL_SALES baseline_period', () => {
    expect(CATALOG.filter((k) => k.option).map((k) => `${k.name}:${k.option!.name}`)).toEqual([
      'SALES_CYCLE:stat', 'PIPELINE_VALUE:weighted', 'LTV:method', 'INCREMENTAL_SALES:baseline_period',
    ]);
  });
  it('gives a calculator form to the functions §3 gives one', () => {
    expect(CATALOG.filter((k) => k.calculator).map((k) => k.name)).toEqual([
      'SALES_GROWTH', 'PLAN_ATTAINMENT', 'WIN_RATE', 'LEAD_CONVERSION', 'LEAD_TO_OPPORTUNITY', 'PIPELINE_VELOCITY', 'ARPU',
      'RETENTION_RATE', 'CHURN_RATE', 'CAC', 'LTV', 'LTV_CAC', 'CAC_PAYBACK', 'INCREMENTAL_SALES',
    ]);
  });
});

describe('findKpi', () => {
  it('finds a KPI by id or function name, in any case, with spaces or hyphens for underscores', () => {
    expect(findKpi('win_rate')?.name).toBe('WIN_RATE');
    expect(findKpi('WIN_RATE')?.name).toBe('WIN_RATE');
    expect(findKpi(' Sales Volume ')?.name).toBe('SALES_VOLUME');
    expect(findKpi('cross-sell-rate')?.name).toBe('CROSS_SELL_RATE');
  });
  it('finds nothing for a name that is not one', () => {
    expect(findKpi('winrate')).toBeUndefined();
    expect(findKpi('')).toBeUndefined();
  });
});
