/**
 * Writes the workbook template (engine/template.ts) as an XLSX that a team uploads to Drive and opens as a Google
 * Sheet, or opens in Excel or LibreOffice: the sheets with their cells, number formats (per cell, and per column for
 * the rows the user will type), bold headers, frozen rows and widths through ExcelJS; the dropdowns and the named
 * range written into the parts by hand, because ExcelJS expands both into one entry per cell (a named range over
 * whole columns A:M would be 13 million of them, and it cannot write `$A:$M` at all).
 *
 * Formulas are saved without results and the workbook asks to be recalculated on opening (fullCalcOnLoad): the KPI
 * sheet's numbers are always the client's own, for this month.
 */
import { dirname, extname, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { templateDate, templateSpec, type TemplateCell, type TemplateSheet, type TemplateSheetKey, type TemplateSpec } from '../engine/template';
import { InputError, todayAsUtc } from './run';
import { pixelsToWidth } from './writeXlsx';
import { ensureDir, writeFileSafely } from './files';

const FONT = 'Calibri';

/** Column letters of a 0-based column. */
function letters(col: number): string {
  let s = '';
  for (let x = col + 1; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A sheet name as a formula or a defined name writes it: always quoted, quotes doubled. */
function quoted(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Text for an XML text node or attribute. */
function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A template cell as ExcelJS takes it: a day as its UTC midnight (an XLSX date has no zone), a formula without its "=" and with no result. */
function cellValue(cell: TemplateCell): ExcelJS.CellValue {
  if (cell === null) return null;
  if (typeof cell === 'string' || typeof cell === 'number') return cell;
  if ('date' in cell) return templateDate(cell);
  return { formula: cell.formula.replace(/^=/, '') } as ExcelJS.CellFormulaValue;
}

/** One sheet of the template into a new worksheet. */
function addSheet(workbook: ExcelJS.Workbook, t: TemplateSheet, spec: TemplateSpec): void {
  const views: Partial<ExcelJS.WorksheetView>[] = t.frozenRows > 0
    ? [{ state: 'frozen', xSplit: 0, ySplit: t.frozenRows, topLeftCell: `A${t.frozenRows + 1}`, activeCell: 'A1' }]
    : [];
  const ws = workbook.addWorksheet(t.name, { views });
  t.widths.forEach((px, c) => {
    const column = ws.getColumn(c + 1);
    column.width = pixelsToWidth(px);
    // The column's own format: what a row typed below the template's cells gets.
    const fmt = t.columnFormats[c];
    if (fmt !== 'general') column.numFmt = spec.formats[fmt];
  });
  t.cells.forEach((row, r) => {
    row.forEach((cell, c) => {
      const target = ws.getCell(r + 1, c + 1);
      const value = cellValue(cell);
      if (value !== null) target.value = value;
      const fmt = t.formats[r][c];
      target.style = {
        font: { name: FONT, size: 11, ...(t.boldRows.includes(r) ? { bold: true } : {}) },
        ...(fmt !== 'general' ? { numFmt: spec.formats[fmt] } : {}),
      };
    });
  });
}

/** The dropdowns of one sheet as a <dataValidations> element, rows 2 (the rule's first row) to `spec.rows`. */
function dataValidationsXml(spec: TemplateSpec, key: TemplateSheetKey): string {
  const nameOf = (k: TemplateSheetKey): string => (spec.sheets.find((s) => s.key === k) as TemplateSheet).name;
  const items = spec.validations.filter((v) => v.sheet === key).map((v) => {
    const col = letters(v.column);
    const formula = 'list' in v.rule
      ? `"${v.rule.list.join(',')}"`
      : `${quoted(nameOf(v.rule.range.sheet))}!$${letters(v.rule.range.column)}$${v.rule.range.firstRow}:$${letters(v.rule.range.column)}$${spec.rows}`;
    const attrs = [
      'type="list"', 'allowBlank="1"', 'showInputMessage="1"', 'showErrorMessage="1"',
      `errorStyle="${v.strict ? 'stop' : 'warning'}"`, `prompt="${xml(v.help)}"`, `error="${xml(v.help)}"`,
      `sqref="${col}${v.firstRow}:${col}${spec.rows}"`,
    ];
    return `<dataValidation ${attrs.join(' ')}><formula1>${xml(formula)}</formula1></dataValidation>`;
  });
  return items.length ? `<dataValidations count="${items.length}">${items.join('')}</dataValidations>` : '';
}

/** The zip part of the worksheet named `name`, found through workbook.xml and its relationships. */
async function sheetPart(zip: JSZip, name: string): Promise<string> {
  const workbook = await (zip.file('xl/workbook.xml') as JSZip.JSZipObject).async('string');
  const rels = await (zip.file('xl/_rels/workbook.xml.rels') as JSZip.JSZipObject).async('string');
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const attr = (a: string): string | undefined => new RegExp(`\\s${a}="([^"]*)"`).exec(m[0])?.[1];
    if (attr('name') !== xml(name)) continue;
    const id = attr('r:id');
    const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((r) => r[0]).find((r) => r.includes(`Id="${id}"`));
    const target = rel && /\sTarget="([^"]*)"/.exec(rel)?.[1];
    if (target) return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  }
  throw new Error(`the template workbook has no part for the sheet "${name}"`);
}

/** Inserts an element into a worksheet's XML at its place in the schema's order (before hyperlinks, print options, margins …). */
function insertIntoWorksheet(sheetXml: string, element: string): string {
  const after = /<(hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|drawing|legacyDrawing|tableParts|extLst)\b/.exec(sheetXml);
  const at = after ? after.index : sheetXml.lastIndexOf('</worksheet>');
  return sheetXml.slice(0, at) + element + sheetXml.slice(at);
}

/** workbook.xml with the named range over whole columns and fullCalcOnLoad. */
function finishWorkbookXml(workbookXml: string, spec: TemplateSpec): string {
  const range = spec.namedRange;
  const sheet = (spec.sheets.find((s) => s.key === range.sheet) as TemplateSheet).name;
  const defined = `<definedName name="${xml(range.name)}">${xml(`${quoted(sheet)}!$${letters(range.firstColumn)}:$${letters(range.lastColumn)}`)}</definedName>`;
  let out = workbookXml.includes('<definedNames>')
    ? workbookXml.replace('<definedNames>', `<definedNames>${defined}`)
    : workbookXml.replace('</sheets>', `</sheets><definedNames>${defined}</definedNames>`);
  const calcPr = /<calcPr\b([^>]*?)\/?>/.exec(out);
  if (!calcPr) return out.replace('</workbook>', '<calcPr calcId="171027" fullCalcOnLoad="1"/></workbook>');
  const attrs = calcPr[1].replace(/\sfullCalcOnLoad="[^"]*"/, '');
  out = out.replace(calcPr[0], `<calcPr${attrs} fullCalcOnLoad="1"${calcPr[0].endsWith('/>') ? '/>' : '>'}`);
  return out;
}

/** The template as XLSX bytes. */
export async function templateXlsx(spec: TemplateSpec): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Sales KPI add-on';
  for (const t of spec.sheets) addSheet(workbook, t, spec);
  // The KPI sheet is what a new user should see first.
  const kpi = spec.sheets.findIndex((s) => s.key === 'kpi');
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: kpi, visibility: 'visible' }];
  const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  for (const key of new Set(spec.validations.map((v) => v.sheet))) {
    const part = await sheetPart(zip, (spec.sheets.find((s) => s.key === key) as TemplateSheet).name);
    const sheetXml = await (zip.file(part) as JSZip.JSZipObject).async('string');
    zip.file(part, insertIntoWorksheet(sheetXml, dataValidationsXml(spec, key)));
  }
  const workbookXml = await (zip.file('xl/workbook.xml') as JSZip.JSZipObject).async('string');
  zip.file('xl/workbook.xml', finishWorkbookXml(workbookXml, spec));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Writes the template to `path` through a temporary file and a rename, so a failed write never leaves half a workbook. */
export async function writeTemplateXlsx(spec: TemplateSpec, path: string): Promise<void> {
  await writeFileSafely(path, await templateXlsx(spec));
}

/** Where `sales-kpi template` writes by default. */
export const TEMPLATE_OUTPUT = 'kpi-template.xlsx';

/** What `sales-kpi template` makes. */
export interface TemplateJobOptions {
  /** The workbook to write (default kpi-template.xlsx); an existing file is replaced, as `-o` does for summaries. */
  readonly output?: string;
  readonly locale?: string;
  readonly sample?: boolean;
  /** IANA zone whose today decides the current month and the sample's dates; default this computer's. */
  readonly timeZone?: string;
  readonly now?: number;
}

/** `sales-kpi template`: checks the options, writes the template; an InputError for a bad option or a file it cannot write. */
export async function runTemplateJob(options: TemplateJobOptions): Promise<{ output: string; spec: TemplateSpec }> {
  const output = options.output ?? TEMPLATE_OUTPUT;
  if (extname(output).toLowerCase() !== '.xlsx') throw new InputError(`-o ${output}: the template must be an .xlsx file`);
  const locale = options.locale ?? 'en';
  if (locale !== 'en' && locale !== 'ru') throw new InputError(`--locale "${locale}" must be en or ru`);
  const today = Math.round(todayAsUtc(options.timeZone, options.now ?? Date.now()) / 86400000);
  const spec = templateSpec({ locale, sample: options.sample === true, today });
  try {
    await ensureDir(dirname(resolve(output)));
    await writeTemplateXlsx(spec, output);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'it is a directory'
      : code === 'ENOENT' ? 'no such folder'
      : code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of the path is a file, not a folder'
      : (error as Error)?.message ?? String(error);
    throw new InputError(`cannot write ${output}: ${reason}`);
  }
  return { output, spec };
}
