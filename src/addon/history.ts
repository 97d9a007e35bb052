/**
 * The "KPI history" sheet (issue 9, point 5): each build with `history` on appends the overview's values — build
 * time, period, KPI id, value — once per build and period, with one getValues and one setValues. Beside the table a
 * small helper area picks one KPI's rows with FILTER formulas, and one line chart ("Trend") draws them, so the
 * chosen KPI (cell G1) is charted over builds and the chart follows as rows are added.
 *
 * The sheet carries the add-on's own marker; a user's sheet that happens to be named "KPI history" is never
 * touched: the history goes to "KPI history (2)", and so on.
 */
import { overviewValues } from '../engine/alerts';
import { HISTORY_HEADER, HISTORY_LABELS, historyRows, newHistoryRows } from '../engine/history';
import type { Locale } from '../engine/locale';
import type { SheetLayout } from '../engine/summary';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** The history sheet's English name (a free "KPI history (2)" … when a sheet of the user's holds it; Russian: «История KPI»). */
export const HISTORY_SHEET = HISTORY_LABELS.en.sheet;
/** The marker of the add-on's history sheet (not the summary's: a summary build must never replace the history). */
export const HISTORY_MARKER = 'sales-kpi-addon:history';

/** The history table's columns (A:D). */
const WIDTH = HISTORY_HEADER.length;
/** The helper area in F:G: the chosen KPI in G1, the chart's headers in row 2, its FILTER formulas in row 3. */
const KPI_CELL = '$G$1';
/** The KPI charted on a new history sheet when the overview has it. */
const DEFAULT_TREND_KPI = 'sales_volume';

/** True when the sheet carries the history marker. */
function isHistorySheet(sheet: Sheet): boolean {
  return sheet.getDeveloperMetadata().some((m) => m.getKey() === HISTORY_MARKER);
}

/** Text for setValues, kept as text (an apostrophe in front: "2025-05" would become a date). */
function asText(s: string): string {
  return s === '' ? '' : `'${s}`;
}

/**
 * The add-on's history sheet under either language's name (a Russian and an English build share one history), or the
 * free name a new one takes in `locale` ("KPI history", else "KPI history (2)", …).
 */
function findHistory(ss: Spreadsheet, locale: Locale): { sheet: Sheet } | { name: string } {
  let free: string | undefined;
  for (const l of [locale, locale === 'en' ? 'ru' : 'en'] as const) {
    for (let k = 1; ; k++) {
      const name = k === 1 ? HISTORY_LABELS[l].sheet : `${HISTORY_LABELS[l].sheet} (${k})`;
      const sheet = ss.getSheetByName(name);
      if (!sheet) {
        if (l === locale) free = name;
        break;
      }
      if (isHistorySheet(sheet)) return { sheet };
    }
  }
  return { name: free as string };
}

/**
 * A new history sheet, last in the workbook (the active sheet stays active): the header, the trend's helper area
 * and its chart, the marker. `kpi` is the KPI charted first.
 */
function createHistory(ss: Spreadsheet, name: string, kpi: string, locale: Locale): Sheet {
  const words = HISTORY_LABELS[locale];
  const active = ss.getActiveSheet();
  const sheet = ss.insertSheet(name, ss.getSheets().length);
  sheet.addDeveloperMetadata(HISTORY_MARKER, JSON.stringify({ version: 1 }), SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
  // A1:G3 in one write: the header in A1:D1 (rows 2–3 of A:D are still empty); the helper area in F1:G3.
  const when = `=IFERROR(FILTER(SUBSTITUTE(LEFT(A2:A,16),"T"," "),C2:C=${KPI_CELL}),"")`;
  const value = `=IFERROR(FILTER(D2:D,C2:C=${KPI_CELL}),"")`;
  const blank = Array.from({ length: WIDTH + 1 }, () => '');
  sheet.getRange(1, 1, 3, WIDTH + 3).setValues([
    [...words.header.map(asText), '', asText(words.trendOf), asText(kpi)],
    [...blank, asText(words.builtAtUtc), asText(words.value)],
    [...blank, when, value],
  ]);
  sheet.getRangeList(['A1:D1', 'F1:G2']).setFontWeight('bold');
  sheet.setFrozenRows(1);
  const chart = sheet.newChart()
    .setChartType(Charts.ChartType.LINE)
    .addRange(sheet.getRange('F2:G'))
    .setNumHeaders(1)
    .setPosition(1, 9, 0, 0)
    .setOption('title', words.chart)
    .setOption('legend', { position: 'none' })
    .setOption('width', 600)
    .setOption('height', 320)
    .build();
  sheet.insertChart(chart);
  active.activate();
  return sheet;
}

/** Grows a sheet to at least `rows` rows: getRange past the grid throws. */
function growRows(sheet: Sheet, rows: number): void {
  const maxRows = sheet.getMaxRows();
  if (rows > maxRows) sheet.insertRowsAfter(maxRows, rows - maxRows);
}

/**
 * Appends a build's overview values (of `period`, built at `time`) to the history sheet, creating it in `locale` when missing;
 * a build and period already there add nothing. Returns the sheet's name and the rows added.
 */
export function appendHistory(
  ss: Spreadsheet, layout: SheetLayout, period: string, time: number, locale: Locale = 'en',
): { sheet: string; added: number } {
  const values = overviewValues(layout);
  const found = findHistory(ss, locale);
  const kpis = Object.keys(values);
  const first = kpis.includes(DEFAULT_TREND_KPI) ? DEFAULT_TREND_KPI : kpis[0] ?? DEFAULT_TREND_KPI;
  const sheet = 'sheet' in found ? found.sheet : createHistory(ss, found.name, first, locale);
  // The FILTER formulas in F:G may spill below the table: its end is its last non-blank row of A:D.
  const lastRow = Math.max(1, sheet.getLastRow());
  const existing = sheet.getRange(1, 1, lastRow, WIDTH).getValues();
  let end = existing.length;
  while (end > 1 && existing[end - 1].every((v) => v === '' || v === null)) end--;
  const rows = newHistoryRows(existing.slice(1, end), historyRows(time, period, values));
  if (rows.length > 0) {
    growRows(sheet, end + rows.length);
    sheet.getRange(end + 1, 1, rows.length, WIDTH).setValues(rows.map(([stamp, p, kpi, v]) => [asText(stamp), asText(p), asText(kpi), v]));
  }
  return { sheet: sheet.getName(), added: rows.length };
}
