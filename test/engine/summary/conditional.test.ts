import { describe, expect, it } from 'vitest';
import { d, grid, referenceDeals } from '../../helpers';
import type { ConditionalRule, SheetLayout, ThresholdRule } from '../../../src/engine/summary/layout';
import { a1 } from '../../../src/engine/summary/sheet';
import { ruleFormulas, ruleStatus, ruleStatuses, textRule, trendMarks } from '../../../src/engine/summary/status';
import { build, cellAt, rowIn } from './summaryHelpers';

/** "B5" or "C10:C12": a rule's range as a person reads it. */
function rangeText(rule: ConditionalRule): string {
  const first = a1(rule.range.row, rule.range.col);
  const last = a1(rule.range.lastRow, rule.range.lastCol);
  return first === last ? first : `${first}:${last}`;
}

/** The rules covering a cell. */
function rulesAt(layout: SheetLayout, row: number, col: number): ConditionalRule[] {
  return (layout.conditional ?? []).filter(
    (r) => row >= r.range.row && row <= r.range.lastRow && col >= r.range.col && col <= r.range.lastCol,
  );
}

/** The engine's value a rule reads for a cell: its own, or the one in the rule's value column. */
function ruleValue(layout: SheetLayout, rule: ConditionalRule, row: number, col: number): unknown {
  return layout.rows[row][('valueCol' in rule ? rule.valueCol : undefined) ?? col]?.v;
}

/** The threshold rules (status colours) of a layout, without the trend marks' text rules. */
function thresholdRules(layout: SheetLayout): ThresholdRule[] {
  return (layout.conditional ?? []).filter((r): r is ThresholdRule => 'thresholds' in r);
}

/**
 * Every statically coloured cell lies in exactly one rule, and every cell a rule covers gets from the rule the
 * colour it has statically (none where it has none): the rules colour exactly the coloured cells on the engine's values.
 */
function expectRulesAgree(layout: SheetLayout): void {
  layout.rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (cell?.status) expect(rulesAt(layout, r, c), `${a1(r, c)} is coloured ${cell.status}`).toHaveLength(1);
    });
  });
  for (const rule of layout.conditional ?? []) {
    for (let r = rule.range.row; r <= rule.range.lastRow; r++) {
      for (let c = rule.range.col; c <= rule.range.lastCol; c++) {
        const fromRule = ruleStatus(rule, ruleValue(layout, rule, r, c));
        expect(fromRule, `${a1(r, c)}`).toBe(layout.rows[r][c]?.status);
      }
    }
  }
}

describe('buildSummary: conditional colours', () => {
  /** One March: a won deal of `amount` and `lost` lost deals. */
  const march = (amount: number, won = 1, lost = 0): unknown[][] => grid(['Created', 'Closed', 'Amount', 'Status'], [
    ...Array.from({ length: won }, () => [d('2024-03-01'), d('2024-03-10'), amount / won, 'won']),
    ...Array.from({ length: lost }, () => [d('2024-03-01'), d('2024-03-11'), 10, 'lost']),
  ]);
  const plan100 = [['Month', 'Plan'], ['2024-03', 100]];

  /** The rules of the overview row `title`, as range text, value column and thresholds' colours. */
  const overviewRules = (layout: SheetLayout, title: string): unknown[] => {
    const { index } = rowIn(layout, 'overview', title);
    return thresholdRules(layout)
      .filter((r) => r.range.row === index)
      .map((r) => [rangeText(r), r.valueCol, r.thresholds.map((t) => `${t.op}${t.value} ${t.status}`)]);
  };

  it('colours the value and the status word of plan attainment and sales volume by the plan', () => {
    const layout = build(march(95), { plan: plan100 });
    // Sales volume 95 against the target 100 (row 5, 1-based): ≥ 100 green, ≥ 90 amber, < 90 red.
    const sv = rowIn(layout, 'overview', 'Sales volume').index + 1;
    expect(overviewRules(layout, 'Sales volume')).toEqual([
      [`B${sv}`, undefined, ['>=100 good', '>=90 warn', '<90 bad']],
      [`G${sv}`, 1, ['>=100 good', '>=90 warn', '<90 bad']],
    ]);
    const att = rowIn(layout, 'overview', 'Plan attainment').index + 1;
    expect(overviewRules(layout, 'Plan attainment')).toEqual([
      [`B${att}`, undefined, ['>=1 good', '>=0.9 warn', '<0.9 bad']],
      [`G${att}`, 1, ['>=1 good', '>=0.9 warn', '<0.9 bad']],
    ]);
    // No benchmark, no rule.
    expect(overviewRules(layout, 'Deals won')).toEqual([]);
  });
  it.each([
    [100, 1, 'good'],
    [95, 0.95, 'warn'],
    [80, 0.8, 'bad'],
  ] as const)('attainment %s / 100 = %s: the rule gives the static colour, %s', (amount, attainment, status) => {
    const layout = build(march(amount), { plan: plan100 });
    const cell = cellAt(layout, 'overview', 'Plan attainment', 'Value: 2024-03');
    expect(cell).toMatchObject({ v: attainment, status });
    const { index } = rowIn(layout, 'overview', 'Plan attainment');
    expect(rulesAt(layout, index, 1).map((r) => ruleStatus(r, attainment))).toEqual([status]);
    expect(rulesAt(layout, index, 6).map((r) => ruleStatus(r, ruleValue(layout, r, index, 6)))).toEqual([status]);
    expectRulesAgree(layout);
  });
  it('win rate 0.1 (1 won of 10 closed) is red by its rule; 0.5 is covered by the rule and stays uncoloured', () => {
    const low = build(march(100, 1, 9));
    expect(overviewRules(low, 'Win rate').map((r) => (r as unknown[]).slice(0, 2))).toEqual([
      [`B${rowIn(low, 'overview', 'Win rate').index + 1}`, undefined],
      [`G${rowIn(low, 'overview', 'Win rate').index + 1}`, 1],
    ]);
    expect(cellAt(low, 'overview', 'Win rate', 'Value: 2024-03')).toMatchObject({ v: 0.1, status: 'bad' });
    expectRulesAgree(low);
    const half = build(march(100, 1, 1));
    expect(overviewRules(half, 'Win rate')).toHaveLength(2);
    expectRulesAgree(half);
  });
  it('gives no rule to a KPI without a value (a win rate with no closed deal in the period)', () => {
    const layout = build(march(100), { period: '2024-04' });
    expect(cellAt(layout, 'overview', 'Win rate', 'Value: 2024-04').v).toBeNull();
    expect(overviewRules(layout, 'Win rate')).toEqual([]);
  });
  it('by rep: one rule per attainment and win-rate column, over every rep\'s row', () => {
    // March: Anna 400 000 of 500 000 = 0.8 red, win rate 8 / 9 uncoloured; Boris 0 of 100 000 red, win rate 0 red.
    const plan = [['Month', 'Manager', 'Plan'], ['2024-03', 'Anna', 500000], ['2024-03', 'Boris', 100000]];
    const layout = build(referenceDeals(), { plan });
    const anna = rowIn(layout, 'byRep', 'Anna').index + 1;
    const boris = rowIn(layout, 'byRep', 'Boris').index + 1;
    const byRep = thresholdRules(layout).filter((r) => r.range.row === anna - 1);
    // Columns: Rep, Sales volume, Plan, Plan attainment (D), Deals won, Win rate (F), …
    expect(byRep.map((r) => [rangeText(r), r.thresholds.length])).toEqual([
      [`D${anna}:D${boris}`, 3],
      [`F${anna}:F${boris}`, 1],
    ]);
    expect(cellAt(layout, 'byRep', 'Anna', 'Plan attainment').status).toBe('bad');
    expect(cellAt(layout, 'byRep', 'Boris', 'Win rate').status).toBe('bad');
    expectRulesAgree(layout);
  });
  it('live: the same rules over the formula cells, agreeing with the static colours on the engine\'s values', () => {
    const plan = [['Month', 'Manager', 'Plan'], ['2024-03', 'Anna', 500000], ['2024-03', 'Boris', 100000]];
    const layout = build(referenceDeals(), { plan, live: true });
    const cell = cellAt(layout, 'overview', 'Win rate', 'Value: 2024-03');
    expect(cell.f).toBeDefined();
    expect(overviewRules(layout, 'Win rate')).toHaveLength(2);
    expectRulesAgree(layout);
    const plain = build(referenceDeals(), { plan });
    expect(layout.conditional).toEqual(plain.conditional);
  });
  it('every block agrees with its rules with a plan and a spend table (CAC payback green; LTV:CAC without a value, no rule)', () => {
    // No customer was lost in the 12 months to March, so LTV (and LTV:CAC) has no value; CAC payback has one.
    const spend = [['Month', 'Amount'], ['2024-02', 50000], ['2024-03', 100000]];
    const layout = build(referenceDeals(), { spend, plan: [['Month', 'Target'], ['2024-03', 500000]] });
    expect(overviewRules(layout, 'CAC payback').map((r) => (r as unknown[])[2])).toEqual([['<12 good', '>=12 warn'], ['<12 good', '>=12 warn']]);
    expect(cellAt(layout, 'overview', 'CAC payback', 'Status').status).toBe('good');
    expect(overviewRules(layout, 'LTV : CAC')).toEqual([]);
    expectRulesAgree(layout);
  });
});

describe('trend rules: the marks ▲ and ▼ coloured by whether the direction is good for the KPI', () => {
  it('one formula per mark over the trend cell, green ▲ when higher is better, red ▲ when lower is', () => {
    const up = textRule({ row: 4, col: 4, lastRow: 4, lastCol: 4 }, trendMarks(true));
    expect(ruleFormulas(up)).toEqual(['=E5="▲"', '=E5="▼"']);
    expect(ruleStatuses(up)).toEqual(['good', 'bad']);
    const down = textRule({ row: 4, col: 4, lastRow: 4, lastCol: 4 }, trendMarks(false));
    expect(ruleFormulas(down)).toEqual(['=E5="▲"', '=E5="▼"']);
    expect(ruleStatuses(down)).toEqual(['bad', 'good']);
  });
  it('colours only the marks: — , "", blank and numbers stay uncoloured', () => {
    const rule = textRule({ row: 0, col: 0, lastRow: 0, lastCol: 0 }, trendMarks(false));
    expect(['▲', '▼', '—', '', null, 1].map((v) => ruleStatus(rule, v))).toEqual(['bad', 'good', undefined, undefined, undefined, undefined]);
  });

  /** February → March: sales cycle 20 → 5 days, deals lost 3 → 19, sales volume 100 → 90, deals won 1 → 6. */
  const g = grid(['Created', 'Closed', 'Amount', 'Status'], [
    [d('2024-02-01'), d('2024-02-21'), 100, 'won'],
    ...Array.from({ length: 3 }, () => [d('2024-02-01'), d('2024-02-10'), 10, 'lost']),
    ...Array.from({ length: 6 }, () => [d('2024-03-01'), d('2024-03-06'), 15, 'won']),
    ...Array.from({ length: 19 }, () => [d('2024-03-01'), d('2024-03-10'), 10, 'lost']),
  ]);
  /** The text rules of the overview row `title`, as [range, "mark status" …]. */
  const trendRules = (layout: SheetLayout, title: string): unknown[] => {
    const { index } = rowIn(layout, 'overview', title);
    return (layout.conditional ?? [])
      .filter((r) => r.range.row === index && 'marks' in r)
      .map((r) => [rangeText(r), 'marks' in r ? r.marks.map((m) => `${m.text} ${m.status}`) : []]);
  };

  it('gives every overview row one rule on its trend cell (column E), by the catalog\'s direction', () => {
    const layout = build(g, { period: '2024-03' });
    const row = (title: string): number => rowIn(layout, 'overview', title).index + 1;
    expect(trendRules(layout, 'Sales cycle')).toEqual([[`E${row('Sales cycle')}`, ['▲ bad', '▼ good']]]);
    expect(trendRules(layout, 'Deals lost')).toEqual([[`E${row('Deals lost')}`, ['▲ bad', '▼ good']]]);
    expect(trendRules(layout, 'Sales volume')).toEqual([[`E${row('Sales volume')}`, ['▲ good', '▼ bad']]]);
    expect(trendRules(layout, 'Win rate')).toEqual([[`E${row('Win rate')}`, ['▲ good', '▼ bad']]]);
    const overview = layout.blocks.find((b) => b.id === 'overview')!;
    const textRules = (layout.conditional ?? []).filter((r) => 'marks' in r);
    expect(textRules).toHaveLength(overview.lastRow - overview.firstRow - 1);
  });
  it('the rules give the trend cells their static colours: green ▼ for the sales cycle, red ▲ for deals lost', () => {
    const layout = build(g, { period: '2024-03' });
    const cycle = rowIn(layout, 'overview', 'Sales cycle').index;
    const lost = rowIn(layout, 'overview', 'Deals lost').index;
    expect(rulesAt(layout, cycle, 4).map((r) => ruleStatus(r, layout.rows[cycle][4].v))).toEqual(['good']);
    expect(rulesAt(layout, lost, 4).map((r) => ruleStatus(r, layout.rows[lost][4].v))).toEqual(['bad']);
    expect(cellAt(layout, 'overview', 'Sales cycle', 'Trend')).toMatchObject({ v: '▼', status: 'good' });
    expectRulesAgree(layout);
    expectRulesAgree(build(g, { period: '2024-03', live: true }));
  });
  it('gives no trend rule without a previous period', () => {
    const layout = build(grid(['Closed', 'Amount', 'Status'], [['soon', 100, 'won']]));
    expect((layout.conditional ?? []).filter((r) => 'marks' in r)).toEqual([]);
  });
});
