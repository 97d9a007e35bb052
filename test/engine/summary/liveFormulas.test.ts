import { describe, expect, it } from 'vitest';
import { d, grid, referenceDeals, table } from '../../helpers';
import type { LayoutCell, SheetLayout } from '../../../src/engine/summary/layout';
import { typedDealsSheet } from '../../../src/engine/summary/typedSheet';
import { liveFormulaGap, unsafeCriterion } from '../../../src/engine/summary/liveFormulas';
import { CATALOG, findKpi } from '../../../src/engine/catalog';
import { definitionOf } from '../../../src/engine/kpi';
import { Evaluator } from './formulaEval';
import { build, cellAt, rowIn, rowsOf, type BuildOptions } from './summaryHelpers';

/** Every formula cell of a layout with its position. */
function formulaCells(layout: SheetLayout): { row: number; col: number; cell: LayoutCell }[] {
  const out: { row: number; col: number; cell: LayoutCell }[] = [];
  layout.rows.forEach((r, row) => r.forEach((cell, col) => { if (cell.f) out.push({ row, col, cell }); }));
  return out;
}

/** Close for numbers (sums of several SUMIFS may round differently), equal otherwise. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

/**
 * Checks a live layout three ways: each formula's `v` is the value the same cell holds without live
 * formulas (the engine's), and recalculating the formula over the typed deal sheet gives that value.
 */
function checkLive(g: unknown[][], o: BuildOptions): SheetLayout {
  const live = build(g, { ...o, live: true });
  const plain = build(g, { ...o, live: false });
  const typed = typedDealsSheet(table(g), g);
  const ev = new Evaluator(live, { Deals: typed });
  const cells = formulaCells(live);
  expect(cells.length).toBeGreaterThan(0);
  const bad: string[] = [];
  for (const { row, col, cell } of cells) {
    const engine = plain.rows[row][col].v ?? '';
    const result = ev.formula(cell.f as string);
    if (!same(cell.v, engine) || !same(result, engine)) bad.push(`${row},${col}: v ${String(cell.v)}, engine ${String(engine)}, recalculated ${String(result)}: ${cell.f}`);
  }
  expect(bad).toEqual([]);
  return live;
}

/**
 * A messy deal sheet: text dates and amounts (Russian formats), several words for won, lost and open,
 * a refund, won deals without a readable amount or close date, a close date in the future, a blank
 * creation date and a blank source. Sheet rows 2–17.
 */
function messyDeals(): unknown[][] {
  return grid(['ID', 'Created', 'Closed', 'Amount', 'Status', 'Rep', 'Source', 'Customer'], [
    ['A1', '01.03.2024', '10.03.2024', '1 234,50', 'Won', 'Anna', 'Web', 'C1'],
    ['A2', d('2024-03-02'), d('2024-03-12'), 1000, 'won', 'Anna', 'Ads', 'C2'],
    ['A3', d('2024-03-03'), d('2024-03-15'), 500, 'Paid', 'Boris', 'Web', 'C3'],
    ['A4', d('2024-03-04'), d('2024-03-16'), -200, 'won', 'Boris', 'Web', 'C1'],
    ['A5', d('2024-03-05'), d('2024-03-17'), '', 'Closed Won', 'Anna', 'Ads', 'C4'],
    ['A6', d('2024-03-06'), d('2024-03-18'), 'n/a', 'won', 'Boris', 'Ads', 'C5'],
    ['A7', d('2024-03-07'), 'soon', 300, 'won', 'Anna', 'Web', 'C6'],
    ['A8', d('2024-02-20'), d('2024-03-08'), 400, 'lost', 'Anna', 'Web', 'C7'],
    ['A9', d('2024-03-09'), d('2024-03-19'), 250, 'Отказ', 'Boris', 'Ads', 'C8'],
    ['A10', d('2024-02-10'), '', 800, 'open', 'Anna', 'Ads', 'C9'],
    ['A11', d('2024-03-11'), '', 600, 'В работе', 'Boris', 'Web', 'C10'],
    ['A12', d('2024-01-15'), d('2024-02-05'), 700, 'won', 'Anna', 'Web', 'C1'],
    ['A13', d('2024-01-20'), d('2024-04-02'), 900, 'WON', 'Boris', 'Ads', 'C11'],
    ['A14', d('2024-02-01'), d('2025-06-01'), 350, 'won', 'Anna', 'Ads', 'C12'],
    ['A15', '', d('2024-03-20'), 150, 'won', 'Anna', '', 'C13'],
    ['A16', d('2024-03-12'), d('2024-03-21'), 100, 'lost', 'Boris', 'Web', 'C14'],
  ]);
}

describe('live formulas: the text of a formula', () => {
  // referenceDeals: ID A, Created B, Closed C, Amount D, Status E, Rep F, Customer G; data in rows 2–16.
  const layout = build(referenceDeals(), { live: true, plan: [['Month', 'Target'], ['2024-03', 500000]] });

  it('writes sales volume as SUMIFS over the used rows with DATE criteria', () => {
    expect(cellAt(layout, 'overview', 'Sales volume', 'Value: 2024-03')).toEqual({
      f: `=SUMIFS('Deals'!$D$2:$D$16,'Deals'!$E$2:$E$16,"=won",'Deals'!$C$2:$C$16,">="&DATE(2024,3,1),'Deals'!$C$2:$C$16,"<"&DATE(2024,4,1))`,
      v: 400000, fmt: 'money', style: 'value', status: 'bad',
    });
  });
  it('counts won deals without refunds: all won rows minus those with a negative amount', () => {
    expect(cellAt(layout, 'overview', 'Deals won', 'Value: 2024-03').f).toBe(
      `=COUNTIFS('Deals'!$E$2:$E$16,"=won",'Deals'!$C$2:$C$16,">="&DATE(2024,3,1),'Deals'!$C$2:$C$16,"<"&DATE(2024,4,1))` +
        `-(COUNTIFS('Deals'!$E$2:$E$16,"=won",'Deals'!$C$2:$C$16,">="&DATE(2024,3,1),'Deals'!$C$2:$C$16,"<"&DATE(2024,4,1),'Deals'!$D$2:$D$16,"<0"))`,
    );
  });
  it('points ratios at the cells they divide: win rate, growth, plan attainment against the target cell', () => {
    const won = rowIn(layout, 'overview', 'Deals won').index + 1;
    const lost = rowIn(layout, 'overview', 'Deals lost').index + 1;
    const sales = rowIn(layout, 'overview', 'Sales volume').index + 1;
    expect(cellAt(layout, 'overview', 'Win rate', 'Value: 2024-03').f).toBe(`=IFERROR(B${won}/(B${won}+B${lost}),"")`);
    expect(cellAt(layout, 'overview', 'Sales growth', 'Value: 2024-03').f).toBe(`=IFERROR((B${sales}-C${sales})/ABS(C${sales}),"")`);
    expect(cellAt(layout, 'overview', 'Plan attainment', 'Value: 2024-03')).toMatchObject({ f: `=IFERROR(B${sales}/F${sales},"")`, v: 0.8 });
    const { index } = rowIn(layout, 'overview', 'Win rate');
    // A rate's change in percentage points: (value − previous) × 100.
    expect(layout.rows[index][3].f).toBe(`=IF(OR(B${index + 1}="",C${index + 1}=""),"",(B${index + 1}-C${index + 1})*100)`);
    expect(layout.rows[index][4].f).toBe(`=IF(OR(B${index + 1}="",C${index + 1}=""),"",IF(B${index + 1}>C${index + 1},"▲",IF(B${index + 1}<C${index + 1},"▼","—")))`);
  });
  it('uses no function outside the shared subset, English names and comma separators only', () => {
    for (const { cell } of formulaCells(layout)) {
      const fns = (cell.f as string).match(/[A-Z]+(?=\()/g) ?? [];
      for (const fn of fns) expect(['SUMIFS', 'COUNTIFS', 'IFERROR', 'IF', 'OR', 'ISNUMBER', 'ABS', 'DATE']).toContain(fn);
      expect(cell.f).not.toContain(';');
    }
  });
  it('says in each block\'s note which numbers are values', () => {
    const note = rowsOf(layout, 'overview')[0][0].note as string;
    expect(note).toMatch(/^Written as values, not formulas: /);
    expect(note).toContain('Sales cycle');
    expect(note).not.toContain('Sales volume');
    expect(rowsOf(layout, 'byPeriod')[0][0].note).toContain('New customers');
    expect(rowsOf(layout, 'byPeriod')[0][0].note).not.toContain('Win rate');
  });
});

/**
 * Every column a KPI can need, so every catalog KPI has an overview row: two months of deals with costs, types,
 * qualification and probabilities, and customers who come back.
 */
function fullDeals(): unknown[][] {
  return grid(['ID', 'Created', 'Closed', 'Amount', 'Cost', 'Status', 'Rep', 'Source', 'Customer', 'Type', 'Qualified', 'Probability'], [
    ['F1', d('2024-01-20'), d('2024-02-05'), 1000, 600, 'won', 'Anna', 'Web', 'C1', 'new', 'yes', ''],
    ['F2', d('2024-01-25'), d('2024-02-10'), 500, 200, 'won', 'Boris', 'Ads', 'C2', 'new', 'yes', ''],
    ['F3', d('2024-02-01'), d('2024-02-15'), 300, '', 'lost', 'Boris', 'Ads', 'C3', 'new', 'no', ''],
    ['M1', d('2024-02-20'), d('2024-03-04'), 800, 500, 'won', 'Anna', 'Web', 'C1', 'upsell', 'yes', ''],
    ['M2', d('2024-02-25'), d('2024-03-08'), 400, 100, 'won', 'Boris', 'Ads', 'C4', 'cross-sell', 'yes', ''],
    ['M3', d('2024-03-01'), d('2024-03-12'), -100, -60, 'won', 'Anna', 'Web', 'C1', 'upsell', 'yes', ''],
    ['M4', d('2024-03-02'), d('2024-03-20'), 250, '', 'lost', 'Anna', 'Web', 'C5', 'new', 'no', ''],
    ['M5', d('2024-03-03'), '', 900, '', 'open', 'Boris', 'Ads', 'C6', 'new', 'yes', 0.5],
    ['M6', d('2024-03-05'), '', 700, '', 'open', 'Anna', 'Web', 'C2', 'upsell', 'no', 0.2],
  ]);
}

describe('live formulas: the catalog says which KPIs are live', () => {
  const g = fullDeals();
  const options: BuildOptions = {
    period: '2024-03', plan: [['Month', 'Target'], ['2024-02', 1500], ['2024-03', 1000]], spend: [['Month', 'Amount'], ['2024-02', 300], ['2024-03', 200]],
  };
  it('a KPI has a formula in the overview exactly where liveFormulaGap finds none', () => {
    const layout = build(g, { ...options, live: true });
    const mismatches: string[] = [];
    for (const def of CATALOG) {
      const gap = liveFormulaGap(definitionOf(def));
      const cell = cellAt(layout, 'overview', def.title.en, 'Value: 2024-03');
      if ((gap === undefined) !== (cell.f !== undefined)) mismatches.push(`${def.name}: gap ${String(gap)}, formula ${String(cell.f)}`);
    }
    expect(mismatches).toEqual([]);
  });
  it('and each of those formulas recalculates to the engine\'s value', () => {
    checkLive(g, options);
  });
  it('says why the others are values', () => {
    expect(liveFormulaGap(definitionOf(findKpi('SALES_CYCLE')!))).toBe('a mean or median per deal needs an array formula');
    expect(liveFormulaGap(definitionOf(findKpi('PROFIT')!))).toBe('amount − cost per deal needs an array formula');
    expect(liveFormulaGap(definitionOf(findKpi('PIPELINE_VELOCITY')!))).toBe('a mean or median per deal needs an array formula');
    expect(liveFormulaGap(definitionOf(findKpi('LTV')!))).toMatch(/^computed by hand/);
    expect(liveFormulaGap({ sum: { deals: 'won', date: 'closed', value: 'amount' } })).toBe('the sum of won deals without refunds needs a sign criterion');
    expect(liveFormulaGap(definitionOf(findKpi('LOSS_RATE')!))).toBeUndefined();
  });
});

describe('live formulas: every formula equals the engine', () => {
  it('on the §7 reference table with a plan by rep', () => {
    checkLive(referenceDeals(), { plan: [['Month', 'Rep', 'Target'], ['2024-03', 'Anna', 500000], ['2024-03', 'Boris', 100000]] });
  });
  it('on a messy sheet: text dates and amounts, several status words, refunds, unreadable cells', () => {
    const layout = checkLive(messyDeals(), {
      period: '2024-03', plan: [['Month', 'Rep', 'Target'], ['2024-03', 'Anna', 3000], ['2024-03', 'Boris', 1000]],
    });
    // The quantities §2 of the issue names are formulas in every block they appear in.
    const formulaOf = (id: 'overview' | 'byRep' | 'bySource' | 'pipeline' | 'byPeriod', label: string, header: string): string | undefined =>
      cellAt(layout, id, label, header).f;
    for (const kpi of ['Sales volume', 'Deals won', 'Deals lost', 'Average deal', 'Win rate', 'Sales growth', 'Plan attainment', 'Open deals', 'Pipeline value']) {
      expect(formulaOf('overview', kpi, 'Value: 2024-03')).toBeDefined();
      expect(formulaOf('overview', kpi, 'Previous: 2024-02')).toBeDefined();
    }
    for (const kpi of ['Sales volume', 'Deals won', 'Deals lost', 'Win rate', 'Average deal']) expect(formulaOf('byPeriod', '2024-03', kpi)).toBeDefined();
    for (const kpi of ['Sales volume', 'Plan attainment', 'Deals won', 'Win rate', 'Average deal']) expect(formulaOf('byRep', 'Anna', kpi)).toBeDefined();
    for (const kpi of ['Leads', 'Lead conversion', 'Sales volume', 'Incremental sales']) expect(formulaOf('bySource', 'Web', kpi)).toBeDefined();
    expect(formulaOf('pipeline', 'Open deals', 'At the end of 2024-03')).toBeDefined();
    // Won, Paid, Closed Won and won/WON (one criterion: criteria ignore case) all select won deals.
    const sv = formulaOf('overview', 'Sales volume', 'Value: 2024-03') as string;
    expect(sv.match(/"=[^"]*"/g)).toEqual(['"=won"', '"=paid"', '"=closed won"']);
    // Sales: 1 234.50 + 1 000 + 500 − 200 (refund) + 150; A5 and A6 have no amount, A7 no close date.
    expect(cellAt(layout, 'overview', 'Sales volume', 'Value: 2024-03').v).toBeCloseTo(2684.5, 9);
    // Won: A1, A2, A3, A5, A6, A15 (the refund A4 is not a deal).
    expect(cellAt(layout, 'overview', 'Deals won', 'Value: 2024-03').v).toBe(6);
  });
  it('leaves the (blank) group as values and says so on its row', () => {
    const layout = checkLive(messyDeals(), { period: '2024-03' });
    const blank = rowIn(layout, 'bySource', '(blank)').cells;
    expect(blank.slice(1).every((c) => c.f === undefined)).toBe(true);
    expect(blank[0].note).toBe('Rows with this column empty; their numbers are values, not formulas.');
  });
  it('on a sales log (no status column): every row with an amount is a won sale', () => {
    const log = grid(['Date', 'Amount', 'Manager'], [
      [d('2024-02-10'), 100, 'Anna'], [d('2024-03-01'), '250', 'Anna'], [d('2024-03-02'), -40, 'Boris'],
      [d('2024-03-03'), '', 'Boris'], ['bad date', 70, 'Anna'],
    ]);
    const layout = checkLive(log, {});
    expect(cellAt(layout, 'overview', 'Sales volume', 'Value: 2024-03')).toMatchObject({
      f: `=SUMIFS('Deals'!$B$2:$B$6,'Deals'!$A$2:$A$6,">="&DATE(2024,3,1),'Deals'!$A$2:$A$6,"<"&DATE(2024,4,1))`, v: 210,
    });
    expect(cellAt(layout, 'overview', 'Deals won', 'Value: 2024-03').v).toBe(1);
  });
  it('with a negative previous volume: growth against its size, as relativeChange computes it', () => {
    // February: 100 sold, a 300 refund: −200. March: 100. Growth (100 − (−200)) / |−200| = 1.5.
    const g = grid(['Closed', 'Amount', 'Status'], [
      [d('2024-02-05'), 100, 'won'], [d('2024-02-10'), -300, 'won'], [d('2024-03-05'), 100, 'won'],
    ]);
    const layout = checkLive(g, { period: '2024-03' });
    expect(cellAt(layout, 'overview', 'Sales growth', 'Value: 2024-03').v).toBe(1.5);
  });
  it('with a whole-week granularity and weighted pipeline values beside the live ones', () => {
    const g = grid(['Created', 'Closed', 'Amount', 'Status', 'Probability'], [
      [d('2024-03-01'), d('2024-03-04'), 100, 'won', ''], [d('2024-03-02'), '', 200, 'open', '60'],
      [d('2024-03-05'), d('2024-03-12'), 50, 'lost', ''], [d('2024-02-25'), d('2024-03-13'), 80, 'won', 0.5],
    ]);
    const layout = checkLive(g, { period: '2024-03', granularity: 'week' });
    // Weighted pipeline: a value (SUMPRODUCT would be needed), 200 × 0.6.
    expect(cellAt(layout, 'pipeline', 'Weighted pipeline value', 'At the end of 2024-03')).toMatchObject({ v: 120 });
    expect(cellAt(layout, 'pipeline', 'Weighted pipeline value', 'At the end of 2024-03').f).toBeUndefined();
    expect(rowsOf(layout, 'pipeline')[0][0].note).toContain('Weighted pipeline value');
  });
});

describe('live formulas over a fiscal year', () => {
  it('in fiscal quarters of an April year, with a FY period and a plan by fiscal quarter: every formula equals the engine', () => {
    // FY2025-Q1 (April–June 2024): won 100 and 250, lost 40; FY2024-Q4 (January–March 2024): won 70.
    const g = grid(['Created', 'Closed', 'Amount', 'Status', 'Rep'], [
      [d('2024-01-05'), d('2024-03-20'), 70, 'won', 'Anna'], [d('2024-03-25'), d('2024-04-02'), 100, 'won', 'Anna'],
      [d('2024-04-10'), d('2024-06-30'), 250, 'won', 'Boris'], [d('2024-05-01'), d('2024-05-20'), 40, 'lost', 'Boris'],
      [d('2024-06-01'), d('2024-07-01'), 90, 'won', 'Anna'],
    ]);
    const layout = checkLive(g, {
      period: 'FY2025-Q1', granularity: 'quarter', fiscalYearStart: 4, plan: [['Period', 'Rep', 'Target'], ['FY2025-Q1', 'Anna', 200], ['FY2025-Q1', 'Boris', 200]],
    });
    expect(cellAt(layout, 'overview', 'Sales volume', 'Value: FY2025-Q1')).toMatchObject({ v: 350 });
    expect(cellAt(layout, 'overview', 'Sales volume', 'Value: FY2025-Q1').f).toContain('DATE(2024,4,1)');
    expect(cellAt(layout, 'overview', 'Sales volume', 'Previous: FY2024-Q4')).toMatchObject({ v: 70 });
    expect(cellAt(layout, 'overview', 'Plan attainment', 'Value: FY2025-Q1').v).toBe(350 / 400);
    expect(cellAt(layout, 'byPeriod', 'FY2025-Q2', 'Sales volume')).toMatchObject({ v: 90 });
    expect(cellAt(layout, 'byPeriod', 'FY2025-Q2', 'Sales volume').f).toContain('DATE(2024,7,1)');
  });
});

describe('live formulas: texts criteria cannot select exactly', () => {
  it('writes the groups whose labels differ only in case as values', () => {
    const g = grid(['Closed', 'Amount', 'Status', 'Rep'], [
      [d('2024-03-01'), 100, 'won', 'Anna'], [d('2024-03-02'), 50, 'won', 'anna'], [d('2024-03-03'), 70, 'won', 'Boris'],
    ]);
    const layout = checkLive(g, {});
    expect(cellAt(layout, 'byRep', 'Anna', 'Sales volume')).toMatchObject({ v: 100 });
    expect(cellAt(layout, 'byRep', 'Anna', 'Sales volume').f).toBeUndefined();
    expect(cellAt(layout, 'byRep', 'anna', 'Sales volume').f).toBeUndefined();
    expect(cellAt(layout, 'byRep', 'Boris', 'Sales volume').f).toContain('"=Boris"');
    expect(layout.rows[1][0].note).toContain('Rep: "Anna"');
  });
  it('writes status quantities as values when a status text has surrounding spaces', () => {
    const g = grid(['Closed', 'Amount', 'Status'], [[d('2024-03-01'), 100, ' won'], [d('2024-03-02'), 50, 'lost']]);
    const layout = checkLive(g, {});
    expect(cellAt(layout, 'overview', 'Sales volume', 'Value: 2024-03')).toEqual({ v: 100, fmt: 'money', style: 'value' });
    expect(layout.rows[1][0].note).toBe(
      'Some numbers are values, not formulas: the Status column has texts that spreadsheet criteria cannot tell apart reliably (Status: " won").',
    );
  });
  it('refuses numbers, dates, booleans, wildcards, operators and padded text as criteria', () => {
    expect(['won', 'Closed Won', 'В работе', 'Campaign 2024'].map(unsafeCriterion)).toEqual([false, false, false, false]);
    expect(['2024', '12%', '15.03.2024', 'TRUE', 'a*b', '<5', ' x', 'x  y', '', 7].map(unsafeCriterion)).toEqual(
      [true, true, true, true, true, true, true, true, true, true],
    );
  });
  it('writes values only, with a note, when the deal sheet\'s cells are not given', () => {
    const layout = build(referenceDeals(), { live: true, withValues: false });
    expect(formulaCells(layout)).toEqual([]);
    expect(rowsOf(layout, 'overview')[0][0].note).toBe('Live formulas need the deal sheet\'s cells; every number is written as a value.');
  });
});

describe('typedDealsSheet', () => {
  const g = messyDeals();
  const copy = typedDealsSheet(table(g), g);

  it('keeps the header and every unmapped or text column as it is', () => {
    expect(copy[0]).toEqual(g[0]);
    expect(copy.map((r) => [r[0], r[4], r[5], r[6], r[7]])).toEqual(g.map((r) => [r[0], r[4], r[5], r[6], r[7]]));
  });
  it('writes the engine\'s numbers and dates: Russian text as numbers, text dates as dates at UTC midnight', () => {
    expect(copy[1].slice(1, 4)).toEqual([d('2024-03-01'), d('2024-03-10'), 1234.5]);
    expect(copy[2].slice(1, 4)).toEqual([d('2024-03-02'), d('2024-03-12'), 1000]);
  });
  it('keeps unreadable cells, and dates the engine rejects, as text', () => {
    expect(copy[6][3]).toBe('n/a');
    expect(copy[7][2]).toBe('soon');
    expect(copy[14][2]).toBe('2025-06-01');
    expect(copy[5][3]).toBe('');
  });
  it('is what makes the formulas right: over the raw cells, text amounts and dates are skipped', () => {
    // Raw, A1's "1 234,50" and "10.03.2024" are text that SUMIFS skips: 1 234.50 short of the engine.
    const layout = build(g, { period: '2024-03', live: true });
    const f = cellAt(layout, 'overview', 'Sales volume', 'Value: 2024-03').f as string;
    expect(new Evaluator(layout, { Deals: g }).formula(f)).toBeCloseTo(2684.5 - 1234.5, 9);
    expect(new Evaluator(layout, { Deals: copy }).formula(f)).toBeCloseTo(2684.5, 9);
  });
  it('writes probabilities as fractions and does not modify its input', () => {
    const p = grid(['Created', 'Amount', 'Status', 'Probability'], [[d('2024-03-01'), '1 000', 'open', '60']]);
    const before = JSON.stringify(p);
    expect(typedDealsSheet(table(p), p)[1]).toEqual([d('2024-03-01'), 1000, 'open', 0.6]);
    expect(JSON.stringify(p)).toBe(before);
  });
});
