/**
 * The layout's conditional colours in the XLSX: one formula rule per threshold over the layout's range, with
 * the static status fills' colours; LibreOffice opens the file, keeps the rules, and evaluates their formulas
 * as the engine's thresholds say (blanks and "" uncoloured).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SheetLayout } from '../../src/engine/summary/layout';
import { attainmentThresholds, conditionalRule, DEFAULT_BENCHMARKS, ruleFormulas } from '../../src/engine/summary/status';
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
    return rule.thresholds.map((t, i): Found => [rangeRef(rule.range), formulas[i].slice(1), statusFill(t.status)]);
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
