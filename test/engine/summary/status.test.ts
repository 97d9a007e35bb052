import { describe, expect, it } from 'vitest';
import type { StatusColour } from '../../../src/engine/summary/layout';
import { findKpi } from '../../../src/engine/catalog';
import type { KpiDef } from '../../../src/engine/kpi';
import {
  attainmentStatus, attainmentThresholds, benchmarkStatus, benchmarkThresholds, conditionalRule, DEFAULT_BENCHMARKS, ruleFormulas,
  statusByThresholds, statusWordFormula, targetThresholds, withDefaults,
} from '../../../src/engine/summary/status';

const b = DEFAULT_BENCHMARKS;

/** The catalog entry of a KPI by function name. */
const kpi = (name: string): KpiDef => findKpi(name) as KpiDef;

describe('status scales: each benchmark as ordered thresholds, the first match wins', () => {
  const colour = (name: string, v: number): StatusColour | undefined => statusByThresholds(v, benchmarkThresholds(kpi(name), b));

  it('plan attainment: ≥ 100 % green, ≥ 90 % amber, else red', () => {
    expect(attainmentThresholds(b)).toEqual([
      { op: '>=', value: 1, status: 'good' },
      { op: '>=', value: 0.9, status: 'warn' },
      { op: '<', value: 0.9, status: 'bad' },
    ]);
    expect([1, 0.95, 0.8].map((v) => colour('PLAN_ATTAINMENT', v))).toEqual(['good', 'warn', 'bad']);
  });
  it('win rate: below 15 % red, otherwise no colour', () => {
    expect([0.1, 0.15, 0.5].map((v) => colour('WIN_RATE', v))).toEqual(['bad', undefined, undefined]);
  });
  it('LTV:CAC: ≥ 3 green, < 1 red, between amber', () => {
    expect([3, 0.5, 2, 1].map((v) => colour('LTV_CAC', v))).toEqual(['good', 'bad', 'warn', 'warn']);
  });
  it('CAC payback: under 12 months green, otherwise amber', () => {
    expect([11.9, 12].map((v) => colour('CAC_PAYBACK', v))).toEqual(['good', 'warn']);
  });
  it('no scale for a KPI without a benchmark, no colour for a value that is not a number', () => {
    expect(benchmarkThresholds(kpi('SALES_CYCLE'), b)).toBeUndefined();
    expect(statusByThresholds(undefined, attainmentThresholds(b))).toBeUndefined();
    expect(statusByThresholds(NaN, attainmentThresholds(b))).toBeUndefined();
  });
  it('sales volume against a target of 200: the attainment scale in amounts (≥ 200 green, ≥ 180 amber)', () => {
    const t = targetThresholds(200, b);
    expect(t?.map((x) => x.value)).toEqual([200, 180, 180]);
    expect([200, 190, 179].map((v) => statusByThresholds(v, t))).toEqual(['good', 'warn', 'bad']);
    // A target of 0 (or none) gives no scale: attainment is undefined.
    expect(targetThresholds(0, b)).toBeUndefined();
  });
  it('follows the benchmark overrides', () => {
    const own = { ...b, winRateRed: 0.05 };
    expect(statusByThresholds(0.1, benchmarkThresholds(kpi('WIN_RATE'), own))).toBeUndefined();
  });
});

describe('rule formulas: one per threshold, true only where it is the first match, never on a blank', () => {
  it('over the cell itself, relative to the range\'s top-left cell', () => {
    const rule = conditionalRule({ row: 9, col: 3, lastRow: 11, lastCol: 3 }, attainmentThresholds(b));
    expect(ruleFormulas(rule)).toEqual([
      '=AND(ISNUMBER(D10),D10>=1)',
      '=AND(ISNUMBER(D10),NOT(D10>=1),D10>=0.9)',
      '=AND(ISNUMBER(D10),NOT(D10>=1),NOT(D10>=0.9),D10<0.9)',
    ]);
  });
  it('over the value column of the same row, for a status word', () => {
    const rule = conditionalRule({ row: 4, col: 6, lastRow: 4, lastCol: 6 }, benchmarkThresholds(kpi('WIN_RATE'), b)!, 1);
    expect(rule.valueCol).toBe(1);
    expect(ruleFormulas(rule)).toEqual(['=AND(ISNUMBER($B5),$B5<0.15)']);
  });
});

describe('benchmarks: the defaults of §4 and the caller\'s overrides', () => {
  it('defaults: win rate < 15 % red; LTV:CAC ≥ 3 green, < 1 red; payback < 12 months green; plan ≥ 100 % green, ≥ 90 % amber', () => {
    expect(DEFAULT_BENCHMARKS).toEqual({ winRateRed: 0.15, ltvCacGreen: 3, ltvCacRed: 1, cacPaybackGreen: 12, planGreen: 1, planAmber: 0.9 });
  });
  it('takes an override that is a finite number, and keeps the default for anything else', () => {
    const own = withDefaults({ winRateRed: 0.2, planAmber: NaN, ltvCacGreen: Infinity, unknown: 5 } as never);
    expect(own).toEqual({ ...DEFAULT_BENCHMARKS, winRateRed: 0.2 });
    expect(withDefaults(undefined)).toEqual(DEFAULT_BENCHMARKS);
  });
});

describe('status of a value', () => {
  it('plan attainment: 1.0 good, 0.9 watch, 0.89 poor (never no colour)', () => {
    expect([1, 0.9, 0.89].map((v) => attainmentStatus(v, b))).toEqual<StatusColour[]>(['good', 'warn', 'bad']);
  });
  it('by KPI name: LTV:CAC 2.5 watch, CAC payback 6 months good, sales volume none', () => {
    expect(benchmarkStatus(kpi('LTV_CAC'), 2.5, b)).toBe('warn');
    expect(benchmarkStatus(kpi('CAC_PAYBACK'), 6, b)).toBe('good');
    expect(benchmarkStatus(kpi('SALES_VOLUME'), 100, b)).toBeUndefined();
  });
});

describe('statusWordFormula: the status word follows the value in a live summary', () => {
  it('is the word of the first threshold matched, "" for no match or no number', () => {
    const word = (s: StatusColour): string => ({ good: 'Good', warn: 'Watch', bad: 'Poor' })[s];
    expect(statusWordFormula('B5', attainmentThresholds(b), word)).toBe(
      '=IF(ISNUMBER(B5),IF(B5>=1,"Good",IF(B5>=0.9,"Watch",IF(B5<0.9,"Poor",""))),"")',
    );
    expect(statusWordFormula('B7', benchmarkThresholds(kpi('WIN_RATE'), b)!, () => 'Say "no"')).toBe(
      '=IF(ISNUMBER(B7),IF(B7<0.15,"Say ""no""",""),"")',
    );
  });
});
