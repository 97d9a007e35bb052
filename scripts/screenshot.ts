/**
 * `npm run screenshot`: the picture of the summary sheet in the README. Runs the local job on the sample
 * (examples/deals-en.csv with the plan and spend tables) into a temporary folder, then renders its summary
 * sheet with LibreOffice: a copy of the workbook holding only that sheet, its print area the blocks down to
 * "by source" with the charts beside them, scaled to one A3 landscape page, converted to PDF; pdftoppm
 * (Debian's poppler-utils) turns the page, cropped to its content, into docs/summary.png.
 * `--ru` also renders examples/deals-ru.csv into docs/summary-ru.png (the sample's plan and spend name the
 * reps and sources in English, so that summary shows 0 for per-rep plans and per-source costs).
 *
 * "Now" is fixed, so the picture changes only when the summary does.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import type { SheetLayout } from '../src/engine/summary';
import { runSummaryJob } from '../src/local/run';
import { writeWorkbook } from '../src/local/writeXlsx';
import { convertWithRecalc, findSoffice } from '../test/local/libreoffice';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The sample's days end in 2025-12; the summary is made on the first day after them. */
const NOW = Date.UTC(2026, 0, 1);
/** Pixels per inch of the picture: an A3 page about 1 800 pixels wide, on which 10-point text is legible. */
const RESOLUTION = 110;

/** One picture: which sample, and where its PNG goes. */
interface Shot {
  readonly input: string;
  readonly png: string;
}

const SHOTS: Record<'en' | 'ru', Shot> = {
  en: { input: 'examples/deals-en.csv', png: 'docs/summary.png' },
  ru: { input: 'examples/deals-ru.csv', png: 'docs/summary-ru.png' },
};

/** The blocks the picture shows (with their charts): what a reader looks at first, down to the long pipeline list. */
const PICTURED = new Set(['overview', 'byPeriod', 'byRep', 'bySource']);
/** Pixel sizes the sheet has where the layout gives none: Excel's default column width and row height. */
const DEFAULT_COLUMN_PX = 64;
const ROW_PX = 20;

/** The pictured rectangle of the sheet, 1-based inclusive: the pictured blocks and every chart beside them. */
function printArea(layout: SheetLayout): { lastRow: number; lastCol: number } {
  const blocks = layout.blocks.filter((b) => PICTURED.has(b.id));
  let lastRow = Math.max(...blocks.map((b) => b.lastRow)) + 1;
  let lastCol = layout.columnWidths.length;
  const columnPx = (c: number): number => layout.columnWidths[c] ?? DEFAULT_COLUMN_PX;
  for (const chart of layout.charts) {
    if (chart.anchor.row >= lastRow) continue;
    lastRow = Math.max(lastRow, chart.anchor.row + Math.ceil(chart.height / ROW_PX) + 1);
    // The chart's right edge, in columns from its anchor, and one column of margin.
    let c = chart.anchor.col;
    for (let px = chart.width; px > 0; c++) px -= columnPx(c);
    lastCol = Math.max(lastCol, c + 1);
  }
  return { lastRow, lastCol };
}

/** A, B, …, Z, AA, … for a 1-based column. */
function columnName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * The sheet's page setup in the screenshot copy: A3 landscape, the print area scaled to one page, narrow
 * margins. Written into the sheet's XML, as ExcelJS would drop the charts on reading the file back.
 */
function withPageSetup(sheetXml: string): string {
  const fit = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
  const margins = '<pageMargins left="0.3" right="0.3" top="0.3" bottom="0.3" header="0" footer="0"/>';
  const setup = '<pageSetup paperSize="8" orientation="landscape" fitToWidth="1" fitToHeight="1"/>';
  let xml = sheetXml.replace(/<sheetPr\b[^>]*\/>|<sheetPr\b[^>]*>[\s\S]*?<\/sheetPr>/, '');
  xml = xml.replace(/<pageMargins\b[^>]*\/>/, '').replace(/<pageSetup\b[^>]*\/>/, '');
  // The schema's order: sheetPr first; pageMargins and pageSetup after the cells, merges and conditional
  // formats, before the drawings.
  xml = xml.replace(/(<worksheet\b[^>]*>)/, `$1${fit}`);
  const before = /<(headerFooter|rowBreaks|colBreaks|drawing|legacyDrawing|tableParts|extLst)\b/.exec(xml);
  const at = before ? before.index : xml.lastIndexOf('</worksheet>');
  return xml.slice(0, at) + margins + setup + xml.slice(at);
}

/** The workbook's XML with the first sheet's print area set (it has no defined names of its own). */
function withPrintArea(workbookXml: string, sheetName: string, area: { lastRow: number; lastCol: number }): string {
  const ref = `'${sheetName.replace(/'/g, "''")}'!$A$1:$${columnName(area.lastCol)}$${area.lastRow}`;
  const name = `<definedName name="_xlnm.Print_Area" localSheetId="0">${escapeXml(ref)}</definedName>`;
  return workbookXml.replace('</sheets>', `</sheets><definedNames>${name}</definedNames>`);
}

/** Text as XML character data. */
function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Writes the summary alone into `path`, with the screenshot's page setup and print area. */
async function summaryOnlyCopy(layout: SheetLayout, path: string): Promise<void> {
  const { sheetName } = await writeWorkbook(layout, undefined, path);
  const zip = await JSZip.loadAsync(readFileSync(path));
  const edit = async (part: string, change: (xml: string) => string): Promise<void> => {
    const file = zip.file(part);
    if (!file) throw new Error(`the summary workbook has no ${part}`);
    zip.file(part, change(await file.async('string')));
  };
  await edit('xl/worksheets/sheet1.xml', withPageSetup);
  await edit('xl/workbook.xml', (xml) => withPrintArea(xml, sheetName, printArea(layout)));
  writeFileSync(path, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

/** Runs the job on the sample, renders the first page of its summary sheet, and writes the PNG. */
async function shoot(shot: Shot, work: string): Promise<string> {
  const result = await runSummaryJob({
    input: join(ROOT, shot.input), plan: join(ROOT, 'examples/plan.csv'), spend: join(ROOT, 'examples/spend.csv'),
    output: join(work, 'kpi-summary.xlsx'), now: NOW, timeZone: 'UTC',
  });
  const copy = join(work, 'summary.xlsx');
  await summaryOnlyCopy(result.layout, copy);
  const pdf = await convertWithRecalc(copy, 'pdf', join(work, 'pdf'));
  const png = join(ROOT, shot.png);
  mkdirSync(dirname(png), { recursive: true });
  const box = await contentBox(pdf, join(work, 'probe'));
  const crop = ['-x', box.x, '-y', box.y, '-W', box.width, '-H', box.height].map(String);
  // -singlefile writes <root>.png rather than <root>-1.png.
  await pdftoppm(['-png', '-r', String(RESOLUTION), ...crop, pdf, png.replace(/\.png$/, '')]);
  return png;
}

/** Runs pdftoppm on the first page; a clear message when poppler-utils is missing. */
async function pdftoppm(args: readonly string[]): Promise<void> {
  try {
    await promisify(execFile)('pdftoppm', ['-f', '1', '-l', '1', '-singlefile', ...args]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('pdftoppm is not on PATH: install Debian\'s poppler-utils (apt-get install poppler-utils)');
    }
    throw error;
  }
}

/** Resolution of the probe that finds where the page's content is. */
const PROBE_RESOLUTION = 20;
/** White space kept around the content, in pixels of the picture. */
const MARGIN_PX = 16;

/**
 * The rectangle of the first page that holds ink, in pixels at RESOLUTION with a margin: the page is scaled
 * to fit its width, so its foot is blank paper. Found on a small greyscale (PGM) rendering of the page.
 */
async function contentBox(pdf: string, root: string): Promise<{ x: number; y: number; width: number; height: number }> {
  await pdftoppm(['-gray', '-r', String(PROBE_RESOLUTION), pdf, root]);
  const pgm = readFileSync(`${root}.pgm`);
  // A binary PGM: "P5", width, height, maximum value, each followed by one whitespace, then one byte a pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error(`pdftoppm wrote no greyscale image for ${pdf}`);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length);
  let [left, top, right, bottom] = [w, h, -1, -1];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (pixels[y * w + x] >= 245) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  if (right < 0) throw new Error(`the first page of ${pdf} is blank`);
  const scale = RESOLUTION / PROBE_RESOLUTION;
  const x = Math.max(0, Math.floor(left * scale) - MARGIN_PX);
  const y = Math.max(0, Math.floor(top * scale) - MARGIN_PX);
  return { x, y, width: Math.ceil((right + 1) * scale) + MARGIN_PX - x, height: Math.ceil((bottom + 1) * scale) + MARGIN_PX - y };
}

/** Every picture asked for (the English one always, the Russian one with --ru). */
async function main(argv: readonly string[]): Promise<void> {
  if (!findSoffice()) throw new Error('LibreOffice (soffice) is not on PATH: install Debian\'s libreoffice-calc');
  const shots = argv.includes('--ru') ? [SHOTS.en, SHOTS.ru] : [SHOTS.en];
  const work = mkdtempSync(join(tmpdir(), 'kpi-screenshot-'));
  try {
    for (const shot of shots) console.log(`wrote ${await shoot(shot, work)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
