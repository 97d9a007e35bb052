/**
 * A real client (issue #3, point 5): LibreOffice opens the live-formula summary the whole job writes,
 * recalculates every formula on load (its profile sets OOXMLRecalcMode = 0) and saves the results; each
 * formula cell's result must equal the engine's value in the layout. The writer saves formulas without
 * results, so a result can only come from LibreOffice's own arithmetic; one more workbook, saved with every
 * cached result deliberately wrong, proves the cached value is never what comes back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { SheetLayout } from '../../src/engine/summary/layout';
import { DEALS_SHEET, runSummaryJob, type RunResult } from '../../src/local/run';
import { writeWorkbook } from '../../src/local/writeXlsx';
import { NOW } from '../helpers';
import { convertWithRecalc, requireOrSkip } from './libreoffice';
import { formulaCells, loadWorkbook, mismatches, savedResult, sheetNamed, withWrongValues } from './parityHelpers';
import { tempDir } from './tempDir';

/**
 * The hand-made deal table: two reps (Anna, Boris), two sources (Web, Referral), January to March 2024.
 * D5 and D12 are refunds (won, negative), D6's amount is unreadable, D2, D9 and D15 are lost, D7 and D11
 * are open now; D14 and D15 were created before March and closed in it, so they were open at February's end.
 * "Won" and "won" are one status to the criteria.
 *
 * March 2024 (the last month with data, the overview's period), closed-date KPIs:
 *   won D8 2 500 + D10 1 200 + D14 900 and the refund D12 −200: sales volume 4 400, 3 deals won;
 *   lost D9 and D15: win rate 3 / (3 + 2) = 0.6.
 * February: won D4 1 500, refund D5 −300, D6 (amount unreadable): sales volume 1 200, deals won 2.
 */
const DEALS_CSV = [
  'Deal ID,Created,Closed,Amount,Status,Rep,Source,Customer',
  'D1,2024-01-05,2024-01-20,1000,won,Anna,Web,C1',
  'D2,2024-01-08,2024-01-25,500,lost,Boris,Referral,C2',
  'D3,2024-01-10,2024-01-30,2000,Won,Boris,Referral,C3',
  'D4,2024-02-01,2024-02-15,1500,won,Anna,Referral,C4',
  'D5,2024-02-03,2024-02-20,-300,won,Anna,Web,C1',
  'D6,2024-02-05,2024-02-25,n/a,won,Boris,Web,C5',
  'D7,2024-02-10,,800,open,Boris,Web,C6',
  'D8,2024-03-01,2024-03-10,2500,won,Boris,Web,C2',
  'D9,2024-03-02,2024-03-12,700,lost,Anna,Referral,C7',
  'D10,2024-03-05,2024-03-28,1200,Won,Anna,Web,C3',
  'D11,2024-03-15,,3000,open,Anna,Referral,C8',
  'D12,2024-01-20,2024-03-20,-200,won,Boris,Referral,C3',
  'D14,2024-01-15,2024-03-05,900,won,Boris,Web,C9',
  'D15,2024-02-12,2024-03-25,400,lost,Anna,Web,C10',
].join('\n') + '\n';

const PLAN_CSV = ['Month,Rep,Target', '2024-01,Anna,1000', '2024-01,Boris,1500', '2024-02,Anna,1200',
  '2024-02,Boris,1500', '2024-03,Anna,1500', '2024-03,Boris,3000'].join('\n') + '\n';
const SPEND_CSV = ['Month,Source,Amount', '2024-01,Web,300', '2024-01,Referral,100', '2024-02,Web,300',
  '2024-02,Referral,150', '2024-03,Web,400', '2024-03,Referral,200'].join('\n') + '\n';

/** Fewer formulas than this in a live summary would mean the live option did not take. */
const MIN_FORMULAS = 20;

/** The summary sheet of a workbook LibreOffice recalculated and saved. */
async function recalculated(path: string, outDir: string, sheetName: string): Promise<ExcelJS.Worksheet> {
  return sheetNamed(await loadWorkbook(await convertWithRecalc(path, 'xlsx', outDir)), sheetName);
}

/** A file of examples/, wherever the tests run from. */
function example(name: string): string {
  return fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
}

/** "Now" for the examples, whose deals run to December 2025: a fortnight after, so no date is in the future. */
const EXAMPLES_NOW = Date.UTC(2026, 0, 15);

/** The job on a deal file with live formulas, as `sales-kpi <file> --live` runs it. */
function runLive(
  dir: string, input: string,
  extra: { plan?: string; spend?: string; now?: number; period?: string; granularity?: string; fiscalYearStart?: string } = {},
): Promise<RunResult> {
  return runSummaryJob({ input, now: NOW, ...extra, live: true, output: join(dir, 'summary.xlsx'), timeZone: 'UTC' });
}

/** LibreOffice's results in a KPI's overview row: the period's value and the previous period's (columns B and C). */
function overviewResults(layout: SheetLayout, ws: ExcelJS.Worksheet, title: string): (number | string)[] {
  const row = layout.rows.findIndex((r) => r[0]?.v === title);
  if (row < 0 || !layout.rows[row][1]?.f || !layout.rows[row][2]?.f) throw new Error(`the overview's "${title}" has no formulas`);
  return [savedResult(ws.getCell(row + 1, 2)), savedResult(ws.getCell(row + 1, 3))];
}

/**
 * LibreOffice's results in a KPI's overview row for the change and the trend (columns D and E), with the change's
 * number format in the layout.
 */
function changeResults(layout: SheetLayout, ws: ExcelJS.Worksheet, title: string): (number | string | undefined)[] {
  const row = layout.rows.findIndex((r) => r[0]?.v === title);
  if (row < 0 || !layout.rows[row][3]?.f || !layout.rows[row][4]?.f) throw new Error(`the overview's "${title}" has no change formulas`);
  return [savedResult(ws.getCell(row + 1, 4)), layout.rows[row][3].fmt, savedResult(ws.getCell(row + 1, 5))];
}

/**
 * Asserts that the job's workbook holds the layout's formulas with no saved result, and that LibreOffice's
 * result of every one equals the engine's value, these results not being all blank or zero.
 */
async function expectParity(result: RunResult, ws: ExcelJS.Worksheet): Promise<void> {
  const { layout } = result;
  const cells = formulaCells(layout);
  expect(cells.length).toBeGreaterThanOrEqual(MIN_FORMULAS);
  const written = sheetNamed(await loadWorkbook(result.output), result.sheetName);
  const cached = cells.filter((c) => (written.getCell(c.row + 1, c.col + 1).result ?? '') !== '');
  expect(cached, 'formulas saved with a result').toEqual([]);
  expect(mismatches(cells, ws)).toEqual([]);
  // So every result is LibreOffice's own arithmetic; and it is not all nothing.
  const nonZero = cells.filter((c) => {
    const r = savedResult(ws.getCell(c.row + 1, c.col + 1));
    return typeof r === 'number' && r !== 0;
  });
  expect(nonZero.length).toBeGreaterThan(cells.length / 2);
}

describe('LibreOffice recalculates the live summary to the engine\'s values', () => {
  it('a hand-made table with refunds, an unreadable amount, lost and open deals, a plan and a spend table', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('parity-hand-');
    const input = join(dir, 'deals.csv');
    writeFileSync(input, DEALS_CSV);
    writeFileSync(join(dir, 'plan.csv'), PLAN_CSV);
    writeFileSync(join(dir, 'spend.csv'), SPEND_CSV);
    const result = await runLive(dir, input, { plan: join(dir, 'plan.csv'), spend: join(dir, 'spend.csv') });
    expect(result.period).toBe('2024-03');
    const ws = await recalculated(result.output, join(dir, 'lo'), result.sheetName);
    await expectParity(result, ws);
    // Checked by hand (see DEALS_CSV): LibreOffice's numbers for March (column B) and February (column C).
    expect(overviewResults(result.layout, ws, 'Sales volume')).toEqual([4400, 1200]);
    expect(overviewResults(result.layout, ws, 'Deals won')).toEqual([3, 2]);
    expect(overviewResults(result.layout, ws, 'Win rate')[0]).toBeCloseTo(0.6, 12);
    // February's win rate is 2 / (2 + 0) = 1, so the change is (0.6 − 1) × 100 = −40 percentage points, ▼;
    // sales volume's is relative: (4 400 − 1 200) / 1 200 = 8 / 3, ▲.
    expect(changeResults(result.layout, ws, 'Win rate')).toEqual([expect.closeTo(-40, 9), 'points', '▼']);
    expect(changeResults(result.layout, ws, 'Sales volume')).toEqual([expect.closeTo(8 / 3, 12), 'percent', '▲']);
    // Some formulas rightly yield "" (a ratio over nothing): LibreOffice agrees on those too.
    expect(formulaCells(result.layout).some((c) => c.v === '')).toBe(true);
  });

  it('examples/deals-en.csv with examples/plan.csv and examples/spend.csv', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('parity-examples-');
    const result = await runLive(dir, example('deals-en.csv'), { plan: example('plan.csv'), spend: example('spend.csv'), now: EXAMPLES_NOW });
    expect(result.period).toBe('2025-12');
    const ws = await recalculated(result.output, join(dir, 'lo'), result.sheetName);
    await expectParity(result, ws);
  });

  it('examples/deals-en.csv over an April fiscal year: FY2026-Q3 against FY2026-Q2, in fiscal quarters', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('parity-fiscal-');
    const result = await runLive(dir, example('deals-en.csv'), {
      now: EXAMPLES_NOW, period: 'FY2026-Q3', granularity: 'quarter', fiscalYearStart: '4', plan: example('plan.csv'),
    });
    expect(result.period).toBe('FY2026-Q3');
    const byPeriod = result.layout.blocks.find((b) => b.id === 'byPeriod')!;
    expect(result.layout.rows[byPeriod.firstRow + 2][0].v).toMatch(/^FY\d{4}-Q[1-4]$/);
    await expectParity(result, await recalculated(result.output, join(dir, 'lo'), result.sheetName));
  });

  it('a CRM export as it comes: examples/crm/pipedrive-deals.csv, its close dates in the won and lost times', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('parity-pipedrive-');
    const result = await runLive(dir, example('crm/pipedrive-deals.csv'), { now: Date.UTC(2024, 8, 1), period: '2024-04' });
    expect(result.counts.withIssues).toBe(0);
    await expectParity(result, await recalculated(result.output, join(dir, 'lo'), result.sheetName));
  });

  it('replaces deliberately wrong cached results with the right ones', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('parity-cached-');
    const input = join(dir, 'deals.csv');
    writeFileSync(input, DEALS_CSV);
    const { layout } = await runLive(dir, input);
    // The same summary and deals copy, every formula saved with a wrong result (2v + 7, or 999 for "").
    const wrong = join(dir, 'wrong.xlsx');
    const deals = sheetNamed(await loadWorkbook(join(dir, 'summary.xlsx')), DEALS_SHEET);
    await writeWorkbook(withWrongValues(layout), { name: DEALS_SHEET, values: sheetValues(deals) }, wrong, { cachedResults: true });
    const saved = sheetNamed(await loadWorkbook(wrong), layout.name);
    const cells = formulaCells(layout);
    // The wrong results are really in the file …
    expect(mismatches(cells, saved)).toHaveLength(cells.length);
    // … and LibreOffice replaces every one with the engine's value.
    expect(mismatches(cells, await recalculated(wrong, join(dir, 'lo'), layout.name))).toEqual([]);
  });
});

/** A sheet's cells as a grid, row 1 first, as the writer takes a deal sheet. */
function sheetValues(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row: unknown[] = [];
    for (let c = 1; c <= ws.columnCount; c++) row.push(ws.getCell(r, c).value ?? '');
    out.push(row);
  }
  return out;
}
