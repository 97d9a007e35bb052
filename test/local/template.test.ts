/**
 * `sales-kpi template`: the command writes the template XLSX; ExcelJS reads back its sheets, cells, formats, frozen
 * headers and dropdowns, the named range is in workbook.xml over whole columns; and LibreOffice opens it and
 * recalculates the KPI sheet's built-in formulas over the sample deals to the engine's values for the current month.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { callKpi } from '../../src/engine/call';
import { findKpi } from '../../src/engine/catalog';
import { parsePeriodText } from '../../src/engine/period';
import { readPlan, readSpend, spendFor, targetFor } from '../../src/engine/sideTables';
import { templateGrid, templateSpec, type TemplateSheetKey, type TemplateSpec } from '../../src/engine/template';
import { dayOfInstantIn } from '../../src/engine/timezone';
import { TEMPLATE_USAGE, USAGE, main, type CliIo } from '../../src/local/cli';
import { todayAsUtc } from '../../src/local/run';
import { convertWithRecalc, requireOrSkip } from './libreoffice';
import { tempDir } from './tempDir';

/** 2025-06-10 noon UTC. */
const NOW = Date.UTC(2025, 5, 10, 12);

async function run(args: readonly string[], now?: number): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, color: false, now };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function load(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** A part of the workbook's zip, as text. */
async function part(path: string, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  return (zip.file(name) as JSZip.JSZipObject).async('string');
}

const sheetOf = (spec: TemplateSpec, key: TemplateSheetKey) => spec.sheets.find((s) => s.key === key)!;

describe('sales-kpi template', () => {
  it('writes the template XLSX: five sheets, headers, the sample deals as typed cells, the KPI formulas without results', async () => {
    const dir = tempDir('template-cli-');
    const out = join(dir, 'sub', 'kpi-template.xlsx');
    const r = await run(['template', '-o', out, '--sample', '--tz', 'UTC'], NOW);
    expect(r).toEqual({
      code: 0, stderr: '',
      stdout: `Template written to ${out} (sheets Deals, Plan, Spend, KPI, Lists; 28 sample deals).\n` +
        'Upload it to Google Drive and open it as a Google Sheet; the KPI sheet shows the current month (2025-06).\n',
    });
    const wb = await load(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Deals', 'Plan', 'Spend', 'KPI', 'Lists']);
    const deals = wb.getWorksheet('Deals') as ExcelJS.Worksheet;
    expect((deals.getRow(1).values as unknown[]).slice(1)).toEqual(
      ['Deal ID', 'Created', 'Qualified', 'Closed', 'Amount', 'Cost', 'Status', 'Stage', 'Probability', 'Rep', 'Customer', 'Source', 'Type'],
    );
    expect(deals.rowCount).toBe(29);
    // The first sample deal: closed 5 March (three months back), created 20 days before, qualified 7 days in.
    expect((deals.getRow(2).values as unknown[]).slice(1, 8)).toEqual(['D-001', new Date('2025-02-13T00:00:00Z'), new Date('2025-02-20T00:00:00Z'), new Date('2025-03-05T00:00:00Z'), 8000, 5000, 'won']);
    expect(deals.getCell('B2').numFmt).toBe('yyyy-mm-dd');
    expect(deals.getCell('E2').numFmt).toBe('#,##0.00');
    expect(deals.getCell('A1').font?.bold).toBe(true);
    // Rows below the sample take the column's format.
    expect(deals.getColumn(4).numFmt).toBe('yyyy-mm-dd');
    expect(deals.getColumn(9).numFmt).toBe('0.0%');
    expect(deals.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const kpi = wb.getWorksheet('KPI') as ExcelJS.Worksheet;
    expect(kpi.getCell('B2').value).toEqual({ formula: 'EOMONTH(TODAY(),-1)+1' });
    expect(kpi.getCell('B6').value).toEqual({ formula: `SUMIFS('Deals'!$E:$E,'Deals'!$G:$G,"won",'Deals'!$D:$D,">="&$B$2,'Deals'!$D:$D,"<"&$B$3)` });
    expect(kpi.getCell('C16').value).toBe('needs the Sales KPI add-on');
    expect(kpi.getCell('B18').value).toEqual({ formula: `CAC('Deals'!A:M,'Spend'!A:C,$B$2)` });
    expect(await part(out, 'xl/workbook.xml')).toContain('fullCalcOnLoad="1"');
    expect((wb.getWorksheet('Plan') as ExcelJS.Worksheet).getCell('A2').value).toEqual(new Date('2025-06-01T00:00:00Z'));
    expect((wb.getWorksheet('Plan') as ExcelJS.Worksheet).getCell('A2').numFmt).toBe('yyyy-mm');
  });

  it('has the dropdowns on status, rep (from Lists) and type, and the named range Deals over whole columns A:M', async () => {
    const dir = tempDir('template-dv-');
    const out = join(dir, 't.xlsx');
    expect((await run(['template', '-o', out], NOW)).code).toBe(0);
    const deals = (await load(out)).getWorksheet('Deals') as ExcelJS.Worksheet;
    const dv = (deals as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[]; errorStyle?: string }> } }).dataValidations.model;
    expect(dv.G2).toMatchObject({ type: 'list', formulae: ['"won,lost,open"'], errorStyle: 'stop' });
    expect(dv.G1000).toMatchObject({ formulae: ['"won,lost,open"'] });
    expect(dv.G1001).toBeUndefined();
    expect(dv.J2).toMatchObject({ type: 'list', formulae: ["'Lists'!$A$2:$A$1000"], errorStyle: 'warning' });
    expect(dv.M500).toMatchObject({ formulae: ['"new,repeat,upsell,cross-sell"'] });
    expect(Object.keys(dv).filter((k) => !/^[GJM]\d+$/.test(k))).toEqual([]);
    // ExcelJS cannot read a name over whole columns, so the part is read as it is.
    expect(await part(out, 'xl/workbook.xml')).toContain(`<definedNames><definedName name="Deals">'Deals'!$A:$M</definedName></definedNames>`);
    const lists = (await load(out)).getWorksheet('Lists') as ExcelJS.Worksheet;
    expect(lists.getColumn(1).values.slice(1)).toEqual(['Reps', 'Anna Petrova', 'Boris Ivanov', 'Carla Mendes']);
  });

  it('in Russian: Russian names, headers and dropdown words; the named range keeps its ASCII name', async () => {
    const dir = tempDir('template-ru-');
    const out = join(dir, 't.xlsx');
    const r = await run(['template', '-o', out, '--locale', 'ru', '--tz', 'UTC'], NOW);
    expect(r.stdout).toBe(`Шаблон записан: ${out} (листы Сделки, План, Расходы, KPI, Списки).\n` +
      'Загрузите его на Google Диск и откройте как Google Таблицу; лист KPI показывает текущий месяц (2025-06).\n');
    const wb = await load(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Сделки', 'План', 'Расходы', 'KPI', 'Списки']);
    const deals = wb.getWorksheet('Сделки') as ExcelJS.Worksheet;
    expect(deals.getCell('A1').value).toBe('ID сделки');
    expect(deals.getColumn(2).numFmt).toBe('dd.mm.yyyy');
    const dv = (deals as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }).dataValidations.model;
    expect(dv.G2.formulae).toEqual(['"выиграна,проиграна,в работе"']);
    expect(dv.J2.formulae).toEqual(["'Списки'!$A$2:$A$1000"]);
    expect(await part(out, 'xl/workbook.xml')).toContain(`<definedName name="Deals">'Сделки'!$A:$M</definedName>`);
  });

  it('writes kpi-template.xlsx by default, replaces an existing output as -o does, and checks its options', async () => {
    const dir = tempDir('template-opts-');
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect((await run(['template'], NOW)).code).toBe(0);
      expect(existsSync(join(dir, 'kpi-template.xlsx'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
    const out = join(dir, 'old.xlsx');
    writeFileSync(out, 'not a workbook');
    expect((await run(['template', '-o', out], NOW)).code).toBe(0);
    expect((await load(out)).worksheets).toHaveLength(5);
    expect(await run(['template', '--locale', 'de'])).toEqual({ code: 2, stdout: '', stderr: 'sales-kpi: --locale "de" must be en or ru\n' });
    expect(await run(['template', '-o', 'x.csv'])).toEqual({ code: 2, stdout: '', stderr: 'sales-kpi: -o x.csv: the template must be an .xlsx file\n' });
    expect((await run(['template', 'deals.csv'])).stderr).toBe('sales-kpi: sales-kpi template reads no file, got deals.csv: write the template with -o <file.xlsx>\n');
    expect((await run(['template', '--frobnicate'])).stderr).toBe('sales-kpi: unknown option --frobnicate (see sales-kpi template --help)\n');
    expect((await run(['template', '--tz', 'Mars/Base'])).stderr).toMatch(/^sales-kpi: --tz "Mars\/Base" is not a time zone/);
    expect(await run(['template', '-o', join(out, 'in-a-file.xlsx')])).toMatchObject({ code: 2, stderr: `sales-kpi: cannot write ${join(out, 'in-a-file.xlsx')}: a part of the path is a file, not a folder\n` });
    expect(await run(['template', '--help'])).toEqual({ code: 0, stdout: TEMPLATE_USAGE, stderr: '' });
    expect(TEMPLATE_USAGE).toContain('-o, --output <file>');
    for (const option of ['--locale <en|ru>', '--sample', '--tz <zone>', '-h, --help']) expect(TEMPLATE_USAGE).toContain(option);
    expect(USAGE).toContain('sales-kpi template [-o kpi-template.xlsx] [--locale en|ru] [--sample] [--tz <zone>]');
  });
});

describe('LibreOffice opens the template', () => {
  it('and recalculates the KPI sheet\'s built-in formulas over the sample deals to the engine\'s values for this month', async (ctx) => {
    requireOrSkip(ctx);
    const dir = tempDir('template-lo-');
    const out = join(dir, 'kpi-template.xlsx');
    // Today on this computer, as LibreOffice's TODAY() sees it.
    const now = Date.now();
    expect((await run(['template', '-o', out, '--sample'], now)).code).toBe(0);
    const spec = templateSpec({ sample: true, today: Math.round(todayAsUtc(undefined, now) / 86400000) });
    // Saved without results: a number below can only be LibreOffice's own.
    expect(((await load(out)).getWorksheet('KPI') as ExcelJS.Worksheet).getCell('B6').result).toBeUndefined();

    const recalculated = await convertWithRecalc(out, 'xlsx', join(dir, 'lo'));
    const kpi = (await load(recalculated)).getWorksheet('KPI') as ExcelJS.Worksheet;
    expect(kpi.getCell('B2').result).toEqual(new Date(`${spec.monthStart}T00:00:00Z`));
    expect(kpi.getCell('B3').result).toEqual(new Date(`${spec.nextMonthStart}T00:00:00Z`));

    const deals = templateGrid(sheetOf(spec, 'deals'));
    const plan = templateGrid(sheetOf(spec, 'plan'));
    const spend = templateGrid(sheetOf(spec, 'spend'));
    const month = spec.monthStart.slice(0, 7);
    const env = { timeZone: 'UTC', now: Date.parse(`${spec.today}T12:00:00Z`) };
    const engine = (name: string, ...args: unknown[]) => callKpi(findKpi(name)!, [deals, ...args], env) as number;
    const dayOf = dayOfInstantIn('UTC');
    const expected: Record<string, number> = {
      sales_volume: engine('SALES_VOLUME', month),
      deals_won: engine('DEALS_WON', month),
      deals_lost: engine('DEALS_LOST', month),
      win_rate: engine('WIN_RATE', month),
      avg_deal: engine('AVG_DEAL', month),
      pipeline_count: engine('PIPELINE_COUNT', month),
      pipeline_value: engine('PIPELINE_VALUE', month),
      plan: targetFor(readPlan(plan, dayOf), parsePeriodText(month)),
      plan_attainment: engine('PLAN_ATTAINMENT', plan, month),
      spend: spendFor(readSpend(spend, dayOf), parsePeriodText(month)),
    };
    // The sample's month, by hand: 68 000 from 6 won deals, 2 lost, 5 open worth 66 500; plan 75 000, spend 5 000.
    expect(expected).toEqual({
      sales_volume: 68000, deals_won: 6, deals_lost: 2, win_rate: 0.75, avg_deal: 68000 / 6, pipeline_count: 5, pipeline_value: 66500,
      plan: 75000, plan_attainment: 68000 / 75000, spend: 5000,
    });
    const builtIn = spec.kpiRows.filter((r) => !r.addOn);
    expect(builtIn.map((r) => r.id)).toEqual(Object.keys(expected));
    for (const row of builtIn) expect(kpi.getCell(row.row, 2).result, row.id).toBeCloseTo(expected[row.id], 9);
    // The rows that need the add-on are #NAME? here, as for anyone without it.
    for (const row of spec.kpiRows.filter((r) => r.addOn)) expect(kpi.getCell(row.row, 2).result, row.id).toEqual({ error: '#NAME?' });

    // LibreOffice understood the named range and the dropdowns: it writes them back.
    const workbookXml = await part(recalculated, 'xl/workbook.xml');
    expect(workbookXml).toMatch(/<definedName [^>]*name="Deals"[^>]*>Deals!\$A:\$M<\/definedName>/);
    const dealsXml = await part(recalculated, 'xl/worksheets/sheet1.xml');
    expect(dealsXml).toMatch(/<dataValidation [^>]*sqref="G2:G1000"[^>]*type="list"[^>]*><formula1>&quot;won,lost,open&quot;<\/formula1>/);
    expect(dealsXml).toMatch(/sqref="J2:J1000"[^>]*><formula1>Lists!\$A\$2:\$A\$1000<\/formula1>/);
  }, 180_000);
});
