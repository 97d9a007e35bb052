/**
 * Adds a layout's charts to an XLSX file written by ExcelJS, which cannot write charts: the zip gets one
 * DrawingML chart part per ChartSpec (series referencing ranges of the summary sheet, with cached values so a
 * client shows them before recalculating), one drawing anchoring them, their relationships, the content-type
 * overrides and the sheet's <drawing> element.
 *
 * Combo charts draw their `line` series on a secondary axis at the right: a combo pairs measures of different
 * scale (sales volume in money, deals won as a count), and on one axis the smaller would lie flat on zero.
 */
import JSZip from 'jszip';
import type { CellRange, ChartSpec, LayoutCell, SheetLayout } from '../engine/summary';

const NS = {
  c: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  pkg: 'http://schemas.openxmlformats.org/package/2006/relationships',
};
const REL_DRAWING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
const REL_CHART = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';

/** Pixels → EMU (English Metric Units: 914 400 per inch, 96 pixels per inch). */
const EMU_PER_PX = 9525;
/** Excel's default column width and row height in pixels (8.43 characters; 15 points). */
const DEFAULT_COL_PX = 64;
const DEFAULT_ROW_PX = 20;
/** Office's default series colours, in order. */
const COLOURS = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47'];
/** Sheet elements that must come after <drawing> in a worksheet (the schema fixes the order). */
const AFTER_DRAWING = ['legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'];

/** What a chart needs of the layout: its cells (for the cached values), widths (for the anchor) and charts. */
export type ChartSource = Pick<SheetLayout, 'rows' | 'columnWidths' | 'charts' | 'formats'>;

/** Returns the XLSX bytes with the layout's charts added to the sheet `sheetName`; unchanged when it has none. */
export async function addCharts(xlsx: Uint8Array, sheetName: string, layout: ChartSource): Promise<Uint8Array> {
  if (layout.charts.length === 0) return xlsx;
  const zip = await JSZip.loadAsync(xlsx);
  const sheetPath = await sheetPartPath(zip, sheetName);
  const sheetXml = await readText(zip, sheetPath);
  if (/<drawing\b/.test(sheetXml)) throw new Error(`sheet "${sheetName}" already has a drawing; charts are added to fresh summary sheets only`);

  const firstChart = nextNumber(zip, /^xl\/charts\/chart(\d+)\.xml$/);
  const drawingNo = nextNumber(zip, /^xl\/drawings\/drawing(\d+)\.xml$/);
  const drawingPath = `xl/drawings/drawing${drawingNo}.xml`;
  const chartPaths = layout.charts.map((_, i) => `xl/charts/chart${firstChart + i}.xml`);

  layout.charts.forEach((spec, i) => zip.file(chartPaths[i], chartXml(spec, sheetName, layout)));
  zip.file(drawingPath, drawingXml(layout));
  zip.file(
    relsPathOf(drawingPath),
    relsXml(chartPaths.map((path, i) => ({ id: `rId${i + 1}`, type: REL_CHART, target: `../charts/${path.split('/').pop()}` }))),
  );

  const sheetRelsPath = relsPathOf(sheetPath);
  const sheetRels = zip.file(sheetRelsPath) ? await readText(zip, sheetRelsPath) : relsXml([]);
  const drawingRelId = freeRelId(sheetRels);
  zip.file(sheetRelsPath, addRelationship(sheetRels, drawingRelId, REL_DRAWING, `../drawings/drawing${drawingNo}.xml`));
  zip.file(sheetPath, insertDrawing(sheetXml, drawingRelId));

  let types = await readText(zip, '[Content_Types].xml');
  for (const path of chartPaths) types = addOverride(types, `/${path}`, CT_CHART);
  types = addOverride(types, `/${drawingPath}`, CT_DRAWING);
  zip.file('[Content_Types].xml', types);

  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** A1-style absolute reference of a layout range on a sheet: 'KPI summary'!$A$2:$A$13. */
export function rangeRef(sheetName: string, range: CellRange): string {
  const quoted = `'${sheetName.replace(/'/g, "''")}'`;
  const first = `$${columnLetters(range.col)}$${range.row + 1}`;
  const last = `$${columnLetters(range.lastCol)}$${range.lastRow + 1}`;
  return `${quoted}!${first === last ? first : `${first}:${last}`}`;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(col: number): string {
  let s = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A chart found in a workbook: the sheet it is drawn on, its part, and each series' name and range formulas. */
export interface FoundChart {
  readonly sheet: string;
  readonly part: string;
  readonly title: string;
  readonly series: readonly { readonly name: string; readonly categories: string; readonly values: string }[];
}

/** The charts of an XLSX file, sheet by sheet (what a client finds when it follows the relationships). */
export async function findCharts(xlsx: Uint8Array): Promise<FoundChart[]> {
  const zip = await JSZip.loadAsync(xlsx);
  const workbook = await readText(zip, 'xl/workbook.xml');
  const found: FoundChart[] = [];
  for (const tag of workbook.match(/<sheet\b[^>]*>/g) ?? []) {
    const sheet = unescapeXml(attr(tag, 'name') ?? '');
    const sheetPath = await sheetPartPath(zip, sheet);
    for (const drawing of await targets(zip, sheetPath, REL_DRAWING)) {
      for (const part of await targets(zip, drawing, REL_CHART)) {
        const xml = await readText(zip, part);
        const title = (xml.match(/<c:title>[\s\S]*?<\/c:title>/)?.[0].match(/<a:t>([^<]*)<\/a:t>/g) ?? []).map((t) => unescapeXml(t.slice(5, -6))).join('');
        const series = (xml.match(/<c:ser>[\s\S]*?<\/c:ser>/g) ?? []).map((ser) => ({
          name: unescapeXml(/<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(ser)?.[1] ?? ''),
          categories: unescapeXml(/<c:cat>[\s\S]*?<c:f>([^<]*)<\/c:f>/.exec(ser)?.[1] ?? ''),
          values: unescapeXml(/<c:val>[\s\S]*?<c:f>([^<]*)<\/c:f>/.exec(ser)?.[1] ?? ''),
        }));
        found.push({ sheet, part, title, series });
      }
    }
  }
  return found;
}

/** The parts a part's relationships of one type point at, as zip paths. */
async function targets(zip: JSZip, part: string, type: string): Promise<string[]> {
  const relsPath = relsPathOf(part);
  if (!zip.file(relsPath)) return [];
  const rels = await readText(zip, relsPath);
  const dir = part.slice(0, part.lastIndexOf('/'));
  return (rels.match(/<Relationship\b[^>]*>/g) ?? [])
    .filter((tag) => attr(tag, 'Type') === type && attr(tag, 'TargetMode') !== 'External')
    .map((tag) => resolvePart(dir, unescapeXml(attr(tag, 'Target') as string)));
}

/** A relationship target resolved against the folder of the part that holds it. */
function resolvePart(dir: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = dir.split('/');
  for (const step of target.split('/')) {
    if (step === '..') parts.pop();
    else if (step !== '.') parts.push(step);
  }
  return parts.join('/');
}

async function readText(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (!file) throw new Error(`the workbook has no part ${path}`);
  return file.async('string');
}

/** The worksheet part of a sheet, found through workbook.xml and its relationships. */
async function sheetPartPath(zip: JSZip, sheetName: string): Promise<string> {
  const workbook = await readText(zip, 'xl/workbook.xml');
  let relId: string | undefined;
  for (const tag of workbook.match(/<sheet\b[^>]*>/g) ?? []) {
    if (unescapeXml(attr(tag, 'name') ?? '') === sheetName) relId = attr(tag, 'r:id');
  }
  if (!relId) throw new Error(`the workbook has no sheet "${sheetName}"`);
  const rels = await readText(zip, 'xl/_rels/workbook.xml.rels');
  for (const tag of rels.match(/<Relationship\b[^>]*>/g) ?? []) {
    if (attr(tag, 'Id') !== relId) continue;
    return resolvePart('xl', unescapeXml(attr(tag, 'Target') as string));
  }
  throw new Error(`the workbook's relationships do not name the part of sheet "${sheetName}"`);
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(':', '\\:')}="([^"]*)"`).exec(tag);
  return m ? m[1] : undefined;
}

/** The number after the highest existing part of a kind, so new parts never overwrite the input's. */
function nextNumber(zip: JSZip, pattern: RegExp): number {
  let max = 0;
  zip.forEach((path) => {
    const m = pattern.exec(path);
    if (m) max = Math.max(max, Number(m[1]));
  });
  return max + 1;
}

function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`;
}

function relsXml(rels: readonly { id: string; type: string; target: string }[]): string {
  const body = rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${escapeXml(r.target)}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.pkg}">${body}</Relationships>`;
}

function freeRelId(rels: string): string {
  const used = new Set((rels.match(/\sId="([^"]*)"/g) ?? []).map((m) => m.slice(5, -1)));
  let n = 1;
  while (used.has(`rId${n}`)) n++;
  return `rId${n}`;
}

function addRelationship(rels: string, id: string, type: string, target: string): string {
  const rel = `<Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"/>`;
  if (/<Relationships\b[^>]*\/>/.test(rels)) return rels.replace(/<Relationships\b([^>]*)\/>/, `<Relationships$1>${rel}</Relationships>`);
  return rels.replace('</Relationships>', `${rel}</Relationships>`);
}

/** Puts <drawing r:id> where the worksheet schema wants it: before legacyDrawing, tableParts, extLst … */
function insertDrawing(sheetXml: string, relId: string): string {
  const element = `<drawing xmlns:r="${NS.r}" r:id="${relId}"/>`;
  let at = -1;
  for (const name of AFTER_DRAWING) {
    const m = new RegExp(`<${name}[\\s/>]`).exec(sheetXml);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  if (at < 0) at = sheetXml.lastIndexOf('</worksheet>');
  return sheetXml.slice(0, at) + element + sheetXml.slice(at);
}

function addOverride(types: string, partName: string, contentType: string): string {
  if (types.includes(`PartName="${partName}"`)) return types;
  return types.replace('</Types>', `<Override PartName="${partName}" ContentType="${contentType}"/></Types>`);
}

/** One anchor per chart, from its top-left cell to the cell its pixel size reaches. */
function drawingXml(layout: ChartSource): string {
  const anchors = layout.charts.map((spec, i) => {
    const to = reach(spec, layout.columnWidths);
    return (
      '<xdr:twoCellAnchor editAs="oneCell">' +
      `<xdr:from><xdr:col>${spec.anchor.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${spec.anchor.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
      `<xdr:to><xdr:col>${to.col}</xdr:col><xdr:colOff>${to.colOff}</xdr:colOff><xdr:row>${to.row}</xdr:row><xdr:rowOff>${to.rowOff}</xdr:rowOff></xdr:to>` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="Chart ${i + 1}" descr="${escapeXml(spec.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
      `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" xmlns:r="${NS.r}" r:id="rId${i + 1}"/></a:graphicData></a:graphic>` +
      '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
    );
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}">${anchors.join('')}</xdr:wsDr>`;
}

/** The cell (0-based) and offset in EMU where a chart of the spec's pixel size ends. */
function reach(spec: ChartSpec, widths: readonly number[]): { col: number; colOff: number; row: number; rowOff: number } {
  let col = spec.anchor.col;
  let left = spec.width;
  for (;;) {
    const w = widths[col] ?? DEFAULT_COL_PX;
    if (w > 0 && left < w) break;
    left -= Math.max(0, w);
    col++;
  }
  const rows = Math.floor(spec.height / DEFAULT_ROW_PX);
  return { col, colOff: Math.round(left * EMU_PER_PX), row: spec.anchor.row + rows, rowOff: (spec.height - rows * DEFAULT_ROW_PX) * EMU_PER_PX };
}

interface Axes {
  readonly cat: number;
  readonly val: number;
}
const PRIMARY: Axes = { cat: 500000001, val: 500000002 };
const SECONDARY: Axes = { cat: 500000003, val: 500000004 };

/** The chart part: bars and/or lines over the summary sheet's ranges, with their values cached. */
export function chartXml(spec: ChartSpec, sheetName: string, layout: Pick<SheetLayout, 'rows' | 'formats'>): string {
  const series = spec.series.map((s, i) => ({ ...s, index: i, line: spec.kind === 'line' || (spec.kind === 'combo' && s.as === 'line') }));
  const bars = series.filter((s) => !s.line);
  const lines = series.filter((s) => s.line);
  // Lines share the bars' axes unless they are the second measure of a combo.
  const lineAxes = bars.length > 0 ? SECONDARY : PRIMARY;
  const barDir = spec.kind === 'bar' ? 'bar' : 'col';
  const ser = (s: (typeof series)[number]): string => seriesXml(s, s.index, s.line, spec.categories, sheetName, layout);
  let plot = '<c:layout/>';
  if (bars.length > 0) {
    plot +=
      `<c:barChart><c:barDir val="${barDir}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${bars.map(ser).join('')}` +
      `<c:gapWidth val="150"/><c:axId val="${PRIMARY.cat}"/><c:axId val="${PRIMARY.val}"/></c:barChart>`;
  }
  if (lines.length > 0) {
    plot +=
      `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${lines.map(ser).join('')}` +
      `<c:marker val="1"/><c:axId val="${lineAxes.cat}"/><c:axId val="${lineAxes.val}"/></c:lineChart>`;
  }
  const horizontal = barDir === 'bar' && bars.length > 0;
  const valueFormat = formatOf(layout, spec.series[0]?.values);
  plot += horizontal ? axesXml(PRIMARY, 'l', 'b', 'horizontal', valueFormat) : axesXml(PRIMARY, 'b', 'l', 'primary', valueFormat);
  if (bars.length > 0 && lines.length > 0) plot += axesXml(SECONDARY, 'b', 'r', 'secondary', formatOf(layout, lines[0].values));
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}"><c:roundedCorners val="0"/><c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="1"/></a:pPr><a:r><a:rPr lang="en-US" sz="1400" b="1"/><a:t>${escapeXml(spec.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    `<c:autoTitleDeleted val="0"/><c:plotArea>${plot}</c:plotArea>` +
    '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    '</c:chart></c:chartSpace>'
  );
}

function seriesXml(
  s: ChartSpec['series'][number],
  index: number,
  line: boolean,
  categories: CellRange,
  sheetName: string,
  layout: Pick<SheetLayout, 'rows' | 'formats'>,
): string {
  const colour = COLOURS[index % COLOURS.length];
  const look = line
    ? `<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill><a:round/></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>`
    : `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`;
  const labels = rangeCells(layout.rows, categories).map((cell) => cellText(cell));
  const values = rangeCells(layout.rows, s.values).map((cell) => cellNumber(cell));
  const strPts = labels.map((text, i) => `<c:pt idx="${i}"><c:v>${escapeXml(text)}</c:v></c:pt>`).join('');
  const numPts = values.map((v, i) => (v === undefined ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('');
  return (
    `<c:ser><c:idx val="${index}"/><c:order val="${index}"/><c:tx><c:v>${escapeXml(s.name)}</c:v></c:tx>${look}` +
    `<c:cat><c:strRef><c:f>${escapeXml(rangeRef(sheetName, categories))}</c:f><c:strCache><c:ptCount val="${labels.length}"/>${strPts}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${escapeXml(rangeRef(sheetName, s.values))}</c:f><c:numCache><c:formatCode>${escapeXml(formatOf(layout, s.values))}</c:formatCode>` +
    `<c:ptCount val="${values.length}"/>${numPts}</c:numCache></c:numRef></c:val>` +
    (line ? '<c:smooth val="0"/>' : '') +
    '</c:ser>'
  );
}

/**
 * A category axis and a value axis. The secondary pair hides its category axis and crosses at the right.
 * Horizontal bars list categories top-down in the table's order (Excel's default draws the first at the
 * bottom), with the value axis kept at the bottom.
 */
function axesXml(axes: Axes, catPos: string, valPos: string, kind: 'primary' | 'secondary' | 'horizontal', valueFormat: string): string {
  const secondary = kind === 'secondary';
  const horizontal = kind === 'horizontal';
  return (
    `<c:catAx><c:axId val="${axes.cat}"/><c:scaling><c:orientation val="${horizontal ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="${secondary ? 1 : 0}"/>` +
    `<c:axPos val="${catPos}"/><c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/><c:crossAx val="${axes.val}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>` +
    '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    `<c:valAx><c:axId val="${axes.val}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${valPos}"/>` +
    (secondary ? '' : '<c:majorGridlines/>') +
    `<c:numFmt formatCode="${escapeXml(valueFormat)}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/><c:crossAx val="${axes.cat}"/><c:crosses val="${secondary || horizontal ? 'max' : 'autoZero'}"/>` +
    '<c:crossBetween val="between"/></c:valAx>'
  );
}

/** The cells of a range, row by row. */
function rangeCells(rows: SheetLayout['rows'], range: CellRange): (LayoutCell | undefined)[] {
  const out: (LayoutCell | undefined)[] = [];
  for (let r = range.row; r <= range.lastRow; r++) for (let c = range.col; c <= range.lastCol; c++) out.push(rows[r]?.[c]);
  return out;
}

function cellText(cell: LayoutCell | undefined): string {
  const v = cell?.v;
  return v === undefined || v === null ? '' : String(v);
}

function cellNumber(cell: LayoutCell | undefined): number | undefined {
  const v = cell?.v;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The number format of a range's first formatted cell, so axis labels read as money or percent. */
function formatOf(layout: Pick<SheetLayout, 'rows' | 'formats'>, range: CellRange | undefined): string {
  if (!range) return 'General';
  for (const cell of rangeCells(layout.rows, range)) if (cell?.fmt) return layout.formats[cell.fmt] ?? 'General';
  return 'General';
}

function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}
