/**
 * The layout's conditional colours in the XLSX: one formula rule per threshold over the layout's range, with
 * the static status fills' colours; LibreOffice opens the file, keeps the rules, and evaluates their formulas
 * as the engine's thresholds say (blanks and "" uncoloured).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LayoutCell, SheetLayout } from '../../src/engine/summary/layout';
import {
  attainmentThresholds, conditionalRule, DEFAULT_BENCHMARKS, ruleFormulas, ruleStatus, ruleStatuses, textRule, trendMarks,
} from '../../src/engine/summary/status';
import { rangeRef, statusFill, writeWorkbook } from '../../src/local/writeXlsx';
import { referenceDeals } from '../helpers';
import { build, rowIn } from '../engine/summary/summaryHelpers';
import { convertWithRecalc, requireOrSkip } from './libreoffice';
import { tempDir } from './tempDir';

/** March: Anna 400 000 of 500 000 (0.8, red), Boris 0 of 100 000 (red); Boris's win rate 0 (red). */
const PLAN = [['Month', 'Manager', 'Plan'], ['2024-03', 'Anna', 500000], ['2024-03', 'Boris', 100000]];

async function load(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** Writes a live summary of the reference deals with a copy of the deals, and returns the layout and the path. */
async function written(dir: string): Promise<{ layout: SheetLayout; path: string }> {
  const grid = referenceDeals();
  const layout = build(grid, { plan: PLAN, live: true });
  const path = `${dir}/summary.xlsx`;
  await writeWorkbook(layout, { name: 'Deals', values: grid }, path);
  return { layout, path };
}

/** A read-back rule as [range, formula, fill colour]. */
type Found = [string, string, string | undefined];

/** The conditional rules of a worksheet as ExcelJS reads them back. */
function foundRules(ws: ExcelJS.Worksheet): Found[] {
  const cfs = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
  return cfs.flatMap((cf) => cf.rules.map((r): Found => {
    const rule = r as ExcelJS.ExpressionRuleType;
    const fill = rule.style?.fill as ExcelJS.FillPattern | undefined;
    return [cf.ref, (rule.formulae ?? [])[0], fill?.bgColor?.argb];
  }));
}

/** The rules the layout asks for, in the same form. */
function expectedRules(layout: SheetLayout): Found[] {
  return (layout.conditional ?? []).flatMap((rule) => {
    const formulas = ruleFormulas(rule);
    return ruleStatuses(rule).map((status, i): Found => [rangeRef(rule.range), formulas[i].slice(1), statusFill(status)]);
  });
}

describe('writeWorkbook: conditional colours', () => {
  it('writes every rule of the layout with its range, formula and the status fill', async () => {
    const { layout, path } = await written(tempDir('xlsx-cf-'));
    const ws = (await load(path)).getWorksheet(layout.name) as ExcelJS.Worksheet;
    const found = foundRules(ws);
    expect(found).toEqual(expectedRules(layout));
    // By hand: the by-rep plan attainment (D) and win rate (F) columns over Anna's and Boris's rows, and the
    // overview's win-rate status word coloured by its value in B.
    const anna = rowIn(layout, 'byRep', 'Anna').index + 1;
    const boris = anna + 1;
    expect(found).toEqual(expect.arrayContaining([
      [`D${anna}:D${boris}`, `AND(ISNUMBER(D${anna}),D${anna}>=1)`, 'FFC6EFCE'],
      [`D${anna}:D${boris}`, `AND(ISNUMBER(D${anna}),NOT(D${anna}>=1),D${anna}>=0.9)`, 'FFFFEB9C'],
      [`D${anna}:D${boris}`, `AND(ISNUMBER(D${anna}),NOT(D${anna}>=1),NOT(D${anna}>=0.9),D${anna}<0.9)`, 'FFFFC7CE'],
      [`F${anna}:F${boris}`, `AND(ISNUMBER(F${anna}),F${anna}<0.15)`, 'FFFFC7CE'],
    ]));
    const winRate = rowIn(layout, 'overview', 'Win rate').index + 1;
    expect(found).toEqual(expect.arrayContaining([[`G${winRate}`, `AND(ISNUMBER($B${winRate}),$B${winRate}<0.15)`, 'FFFFC7CE']]));
    // The trend marks (column E): ▲ green and ▼ red for sales volume, the reverse for deals lost and the sales cycle.
    const sales = rowIn(layout, 'overview', 'Sales volume').index + 1;
    const lost = rowIn(layout, 'overview', 'Deals lost').index + 1;
    const cycle = rowIn(layout, 'overview', 'Sales cycle').index + 1;
    expect(found).toEqual(expect.arrayContaining([
      [`E${sales}`, `E${sales}="▲"`, 'FFC6EFCE'],
      [`E${sales}`, `E${sales}="▼"`, 'FFFFC7CE'],
      [`E${lost}`, `E${lost}="▲"`, 'FFFFC7CE'],
      [`E${lost}`, `E${lost}="▼"`, 'FFC6EFCE'],
      [`E${cycle}`, `E${cycle}="▲"`, 'FFFFC7CE'],
      [`E${cycle}`, `E${cycle}="▼"`, 'FFC6EFCE'],
    ]));
  });
  it('gives the trend rules the status colours for the text as well as the fill', async () => {
    const { layout, path } = await written(tempDir('xlsx-cf-'));
    const ws = (await load(path)).getWorksheet(layout.name) as ExcelJS.Worksheet;
    const lost = rowIn(layout, 'overview', 'Deals lost').index + 1;
    const cfs = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
    const rules = cfs.filter((cf) => cf.ref === `E${lost}`).flatMap((cf) => cf.rules) as ExcelJS.ExpressionRuleType[];
    expect(rules.map((r) => [r.formulae?.[0], r.style?.font?.color?.argb])).toEqual([
      [`E${lost}="▲"`, 'FF9C0006'],
      [`E${lost}="▼"`, 'FF006100'],
    ]);
  });
  it('keeps the static fills next to the rules', async () => {
    const { layout, path } = await written(tempDir('xlsx-cf-'));
    const ws = (await load(path)).getWorksheet(layout.name) as ExcelJS.Worksheet;
    const boris = rowIn(layout, 'byRep', 'Boris').index + 1;
    expect((ws.getCell(`F${boris}`).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(statusFill('bad'));
  });
  it('puts the rules in the sheet XML as expression rules with differential fills', async () => {
    const { path } = await written(tempDir('xlsx-cf-'));
    const zip = await JSZip.loadAsync(readFileSync(path));
    const sheet = await (zip.file('xl/worksheets/sheet1.xml') as JSZip.JSZipObject).async('string');
    expect(sheet).toMatch(/<conditionalFormatting sqref="D\d+:D\d+"><cfRule type="expression" dxfId="\d+" priority="\d+"><formula>AND\(ISNUMBER/);
    const styles = await (zip.file('xl/styles.xml') as JSZip.JSZipObject).async('string');
    expect(styles).toMatch(/<dxfs count="\d+">/);
    expect(styles).toContain('FFC6EFCE');
  });
});

describe('LibreOffice and the conditional colours', () => {
  it('opens the live summary, keeps its rules when it saves it, and renders it to PDF', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('xlsx-cf-lo-');
    const { layout, path } = await written(dir);
    const resaved = (await load(await convertWithRecalc(path, 'xlsx', `${dir}/xlsx`))).getWorksheet(layout.name) as ExcelJS.Worksheet;
    const ranges = new Set(foundRules(resaved).map((r) => r[0]));
    for (const rule of layout.conditional ?? []) expect(ranges, rangeRef(rule.range)).toContain(rangeRef(rule.range));
    expect(readFileSync(await convertWithRecalc(path, 'pdf', `${dir}/pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
  });
  it('evaluates the rule formulas as the thresholds say: 1 green, 0.95 amber, 0.8 red, blank and "" none', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('xlsx-cf-eval-');
    // Column A: the values; B–D: the attainment rule's three conditions for the cell of that row.
    const values: (number | string | null)[] = [1, 0.95, 0.8, null, ''];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Eval');
    values.forEach((v, r) => {
      if (v !== null) ws.getCell(r + 1, 1).value = v === '' ? { formula: '""' } as ExcelJS.CellFormulaValue : v;
      const formulas = ruleFormulas(conditionalRule({ row: r, col: 0, lastRow: r, lastCol: 0 }, attainmentThresholds(DEFAULT_BENCHMARKS)));
      formulas.forEach((f, i) => { ws.getCell(r + 1, i + 2).value = { formula: f.slice(1) } as ExcelJS.CellFormulaValue; });
    });
    await wb.xlsx.writeFile(`${dir}/eval.xlsx`);
    const back = (await load(await convertWithRecalc(`${dir}/eval.xlsx`, 'xlsx', `${dir}/out`))).getWorksheet('Eval') as ExcelJS.Worksheet;
    // ExcelJS reads a saved FALSE as no result: compare with true.
    const results = values.map((_, r) => [2, 3, 4].map((c) => (back.getCell(r + 1, c).value as ExcelJS.CellFormulaValue).result === true));
    expect(results).toEqual([
      [true, false, false], // 1: good
      [false, true, false], // 0.95: warn
      [false, false, true], // 0.8: bad
      [false, false, false], // blank
      [false, false, false], // ""
    ]);
  });
});

/**
 * The live summary with, in spare columns of each overview row, the trend rule's formulas as cell formulas: after
 * LibreOffice recalculates the trend marks, those cells say which of the rule's colours LibreOffice would apply.
 */
function withTrendProbes(layout: SheetLayout, col: number): SheetLayout {
  const rows = layout.rows.map((r) => [...r]);
  for (const rule of layout.conditional ?? []) {
    if (!('marks' in rule)) continue;
    const row = rows[rule.range.row];
    while (row.length < col) row.push({});
    ruleFormulas(rule).forEach((f, i) => { row[col + i] = { f } as LayoutCell; });
  }
  return { ...layout, rows };
}

describe('LibreOffice and the trend colours', () => {
  it('evaluates a trend rule\'s formulas on the marks only: ▲ and ▼ each their own, —, "", blank and 1 none', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('xlsx-cf-trend-');
    const values: (string | number | null)[] = ['▲', '▼', '—', '', null, 1];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Eval');
    values.forEach((v, r) => {
      if (v !== null) ws.getCell(r + 1, 1).value = v === '' ? { formula: '""' } as ExcelJS.CellFormulaValue : v;
      const formulas = ruleFormulas(textRule({ row: r, col: 0, lastRow: r, lastCol: 0 }, trendMarks(false)));
      formulas.forEach((f, i) => { ws.getCell(r + 1, i + 2).value = { formula: f.slice(1) } as ExcelJS.CellFormulaValue; });
    });
    await wb.xlsx.writeFile(`${dir}/eval.xlsx`);
    const back = (await load(await convertWithRecalc(`${dir}/eval.xlsx`, 'xlsx', `${dir}/out`))).getWorksheet('Eval') as ExcelJS.Worksheet;
    const results = values.map((_, r) => [2, 3].map((c) => (back.getCell(r + 1, c).value as ExcelJS.CellFormulaValue).result === true));
    expect(results).toEqual([[true, false], [false, true], [false, false], [false, false], [false, false], [false, false]]);
  });
  it('colours the live trend marks as the engine does: each rule\'s formula is true exactly for the static colour', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('xlsx-cf-trend-live-');
    const grid = referenceDeals();
    const PROBE = 20;
    const layout = withTrendProbes(build(grid, { plan: PLAN, live: true }), PROBE);
    const path = `${dir}/summary.xlsx`;
    await writeWorkbook(layout, { name: 'Deals', values: grid }, path);
    const ws = (await load(await convertWithRecalc(path, 'xlsx', `${dir}/out`))).getWorksheet(layout.name) as ExcelJS.Worksheet;
    const got: string[] = [];
    const want: string[] = [];
    for (const rule of layout.conditional ?? []) {
      if (!('marks' in rule)) continue;
      const r = rule.range.row;
      const trend = layout.rows[r][rule.range.col];
      expect(trend.f, `the trend of row ${r + 1} is a formula`).toBeDefined();
      const statuses = ruleStatuses(rule);
      const fromLo = statuses.filter((_, i) => (ws.getCell(r + 1, PROBE + i + 1).value as ExcelJS.CellFormulaValue).result === true);
      got.push(`${r + 1} ${JSON.stringify((ws.getCell(r + 1, rule.range.col + 1).value as ExcelJS.CellFormulaValue).result ?? '')} ${fromLo.join(',')}`);
      want.push(`${r + 1} ${JSON.stringify(trend.v)} ${[ruleStatus(rule, trend.v)].filter(Boolean).join(',')}`);
    }
    expect(got).toEqual(want);
    // By hand (the reference deals, February → March): more lost deals (0 → 2) is red, more sales (250 000 → 400 000) green.
    const lost = rowIn(layout, 'overview', 'Deals lost').index + 1;
    const sales = rowIn(layout, 'overview', 'Sales volume').index + 1;
    expect(want).toEqual(expect.arrayContaining([`${lost} "▲" bad`, `${sales} "▲" good`]));
  });
});
