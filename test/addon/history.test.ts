/**
 * The KPI history sheet on the strict stand-in: a build with `history` appends the overview's values once per build
 * and period with one read and one write, the trend chart is added once, and a user's own "KPI history" is left alone.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appendHistory, HISTORY_MARKER, HISTORY_SHEET } from '../../src/addon/history';
import { buildSummary } from '../../src/addon/server';
import { runSummary } from '../../src/engine/summary';
import { d, grid } from '../helpers';
import type { FakeSheets } from './fakeSheets';
import { installFake, restoreGlobals } from './installFake';

/** May 2025: Anna won 1 000 and 500, lost 300; Boris won 2 000, lost 700: sales 3 500, won 3, lost 2, win rate 0.6. */
const DEALS = grid(['Deal', 'Created', 'Closed', 'Amount', 'Status', 'Rep'], [
  ['D1', d('2025-04-01'), d('2025-05-02'), 1000, 'won', 'Anna'],
  ['D2', d('2025-04-02'), d('2025-05-10'), 500, 'won', 'Anna'],
  ['D3', d('2025-04-03'), d('2025-05-12'), 300, 'lost', 'Anna'],
  ['D4', d('2025-04-04'), d('2025-05-20'), 2000, 'won', 'Boris'],
  ['D5', d('2025-04-05'), d('2025-05-21'), 700, 'lost', 'Boris'],
]);
const NOW = Date.UTC(2025, 5, 10, 12);
const STAMP = '2025-06-10T12:00:00.000Z';
const OPTIONS = { table: { sheet: 'Deals' }, locale: 'en' as const, history: true };

function install(sheets: { name: string; values: unknown[][] }[] = []): FakeSheets {
  return installFake({ sheets: [{ name: 'Deals', values: DEALS }, ...sheets] }, NOW);
}

afterEach(restoreGlobals);

/** The history table's rows below the header (columns A:D, up to the last non-blank row). */
function historyTable(fake: FakeSheets, sheet = HISTORY_SHEET): unknown[][] {
  const rows = fake.spreadsheet.values(sheet, 'A1:D1000');
  let end = rows.length;
  while (end > 1 && rows[end - 1].every((v) => v === '')) end--;
  return rows.slice(1, end);
}

describe('the KPI history sheet', () => {
  it('is made on the first build with history: header, marker, the build\'s rows, the trend area and one chart', () => {
    const fake = install();
    buildSummary(OPTIONS);
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals', 'KPI summary', HISTORY_SHEET]);
    // The summary stays the active sheet.
    expect(fake.spreadsheet.activeSheet()).toBe('KPI summary');
    expect(fake.spreadsheet.developerMetadata(HISTORY_SHEET).map((m) => m.key)).toEqual([HISTORY_MARKER]);
    expect(fake.spreadsheet.values(HISTORY_SHEET, 'A1:D1')).toEqual([['Built at', 'Period', 'KPI', 'Value']]);
    const rows = historyTable(fake);
    expect(rows.slice(0, 3)).toEqual([
      [STAMP, '2025-05', 'sales_volume', 3500],
      [STAMP, '2025-05', 'deals_won', 3],
      [STAMP, '2025-05', 'deals_lost', 2],
    ]);
    const winRate = rows.find((r) => r[2] === 'win_rate') as unknown[];
    expect(winRate[3]).toBeCloseTo(0.6, 12);
    // Every row is of this build and period, each KPI once.
    expect(new Set(rows.map((r) => `${r[0]} ${r[1]}`))).toEqual(new Set([`${STAMP} 2025-05`]));
    expect(new Set(rows.map((r) => r[2])).size).toBe(rows.length);
    // The trend of the chosen KPI (G1): FILTER formulas over the table, and one line chart over them.
    expect(fake.spreadsheet.values(HISTORY_SHEET, 'F1:G2')).toEqual([['Trend of KPI', 'sales_volume'], ['Built at (UTC)', 'Value']]);
    expect(fake.spreadsheet.formulas(HISTORY_SHEET, 'F3:G3')).toEqual([[
      '=IFERROR(FILTER(SUBSTITUTE(LEFT(A2:A,16),"T"," "),C2:C=$G$1),"")',
      '=IFERROR(FILTER(D2:D,C2:C=$G$1),"")',
    ]]);
    const charts = fake.spreadsheet.charts(HISTORY_SHEET);
    expect(charts).toHaveLength(1);
    expect(charts[0]).toMatchObject({ type: 'LINE', ranges: ['F2:G1000'], numHeaders: 1, position: { row: 1, column: 9 } });
    expect(charts[0].options.title).toBe('Trend');
  });

  it('is not made by a build without history', () => {
    const fake = install();
    buildSummary({ table: { sheet: 'Deals' }, locale: 'en' });
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals', 'KPI summary']);
  });

  it('gets rows once per build and period, and the chart once', () => {
    const fake = install();
    buildSummary(OPTIONS);
    const once = historyTable(fake);
    // The same build time again (the clock is stopped): nothing added.
    buildSummary(OPTIONS);
    expect(historyTable(fake)).toEqual(once);
    // A day later: the build's rows follow the first build's.
    vi.setSystemTime(NOW + 86_400_000);
    buildSummary(OPTIONS);
    const twice = historyTable(fake);
    expect(twice).toHaveLength(2 * once.length);
    expect(twice.slice(once.length).map((r) => r[0])).toEqual(once.map(() => '2025-06-11T12:00:00.000Z'));
    expect(twice.slice(once.length).map((r) => r.slice(1))).toEqual(once.map((r) => r.slice(1)));
    // Another period in the same build adds its own rows.
    buildSummary({ ...OPTIONS, period: '2025-04' });
    const april = historyTable(fake).slice(twice.length);
    expect(april.length).toBeGreaterThan(0);
    expect(new Set(april.map((r) => `${r[0]} ${r[1]}`))).toEqual(new Set(['2025-06-11T12:00:00.000Z 2025-04']));
    expect(fake.spreadsheet.charts(HISTORY_SHEET)).toHaveLength(1);
    expect(fake.spreadsheet.sheetNames().filter((n) => n.startsWith(HISTORY_SHEET))).toEqual([HISTORY_SHEET]);
  });

  it('appends with one read and one write', () => {
    const fake = install();
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const { layout, period } = runSummary({ deals: { values: DEALS }, timeZone: 'UTC', now: NOW, locale: 'en' });
    expect(appendHistory(ss, layout, period, NOW)).toEqual({ sheet: HISTORY_SHEET, added: historyTable(fake).length });
    fake.calls.clear();
    const next = appendHistory(ss, layout, period, NOW + 1000);
    expect(next.added).toBeGreaterThan(0);
    expect(fake.calls.get('Range.getValues')).toBe(1);
    expect(fake.calls.get('Range.setValues')).toBe(1);
    expect(fake.calls.get('Sheet.insertChart')).toBeUndefined();
    fake.calls.clear();
    expect(appendHistory(ss, layout, period, NOW + 1000)).toEqual({ sheet: HISTORY_SHEET, added: 0 });
    expect(fake.calls.get('Range.getValues')).toBe(1);
    expect(fake.calls.get('Range.setValues')).toBeUndefined();
  });

  it('grows the sheet past its 1 000 rows', () => {
    const fake = install();
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const { layout, period } = runSummary({ deals: { values: DEALS }, timeZone: 'UTC', now: NOW, locale: 'en' });
    const perBuild = appendHistory(ss, layout, period, NOW).added;
    const builds = Math.ceil(1000 / perBuild) + 1;
    for (let i = 1; i < builds; i++) appendHistory(ss, layout, period, NOW + i * 1000);
    expect(fake.spreadsheet.sheetInfo(HISTORY_SHEET).maxRows).toBeGreaterThanOrEqual(builds * perBuild + 1);
    expect(fake.spreadsheet.values(HISTORY_SHEET, `A${builds * perBuild + 1}:C${builds * perBuild + 1}`)[0][0])
      .toBe(new Date(NOW + (builds - 1) * 1000).toISOString());
  });

  it('leaves a user\'s own "KPI history" as it is and writes to "KPI history (2)"', () => {
    const mine = [['My history', ''], ['2025-01', 42]];
    const fake = install([{ name: HISTORY_SHEET, values: mine }]);
    const before = fake.spreadsheet.cells(HISTORY_SHEET);
    buildSummary(OPTIONS);
    expect(fake.spreadsheet.cells(HISTORY_SHEET)).toEqual(before);
    expect(fake.spreadsheet.values(HISTORY_SHEET)).toEqual(mine);
    expect(fake.spreadsheet.developerMetadata(HISTORY_SHEET)).toEqual([]);
    expect(fake.spreadsheet.charts(HISTORY_SHEET)).toEqual([]);
    const ours = `${HISTORY_SHEET} (2)`;
    expect(fake.spreadsheet.developerMetadata(ours).map((m) => m.key)).toEqual([HISTORY_MARKER]);
    expect(historyTable(fake, ours)[0]).toEqual([STAMP, '2025-05', 'sales_volume', 3500]);
    // The next build finds the add-on's own sheet again.
    vi.setSystemTime(NOW + 1000);
    buildSummary(OPTIONS);
    expect(fake.spreadsheet.sheetNames().filter((n) => n.startsWith(HISTORY_SHEET))).toEqual([HISTORY_SHEET, ours]);
    expect(fake.spreadsheet.cells(HISTORY_SHEET)).toEqual(before);
    expect(historyTable(fake, ours).filter((r) => r[2] === 'sales_volume').map((r) => r[0])).toEqual([STAMP, '2025-06-10T12:00:01.000Z']);
  });
});

describe('the KPI history sheet in Russian', () => {
  it('is «История KPI» with a Russian header and trend area for a Russian build', () => {
    const fake = install();
    buildSummary({ ...OPTIONS, locale: 'ru' });
    expect(fake.spreadsheet.sheetNames()).toContain('История KPI');
    expect(fake.spreadsheet.values('История KPI', 'A1:D1')).toEqual([['Время сборки', 'Период', 'KPI', 'Значение']]);
    expect(fake.spreadsheet.values('История KPI', 'F1:G2')).toEqual([['Динамика KPI', 'sales_volume'], ['Время сборки (UTC)', 'Значение']]);
    expect(historyTable(fake, 'История KPI')[0]).toEqual([STAMP, '2025-05', 'sales_volume', 3500]);
  });
  it('is shared with English builds: a later English build appends to it rather than starting another history', () => {
    const fake = install();
    buildSummary({ ...OPTIONS, locale: 'ru' });
    const first = historyTable(fake, 'История KPI').length;
    vi.setSystemTime(NOW + 60_000);
    buildSummary(OPTIONS);
    expect(fake.spreadsheet.sheetNames().filter((n) => n.includes('KPI history') || n.includes('История'))).toEqual(['История KPI']);
    expect(historyTable(fake, 'История KPI')).toHaveLength(2 * first);
  });
});
