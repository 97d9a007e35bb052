/**
 * The sidebar (dist/Sidebar.html) in a real Chromium at the sidebar's 300 px, against the REAL server functions
 * running in this process over the strict Spreadsheet stand-in (see browserHarness.ts for the
 * `google.script.run` shim). One browser for the file, a fresh context per test.
 *
 * Without Chromium the tests are skipped, unless CI=true: then they fail, so CI cannot pass without them.
 * They also write docs/sidebar.png, docs/sidebar-result.png and docs/sidebar-ru.png.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BigQuerySqlResult, BuildOptions, BuildResult, CustomerValueFit, Settings, SettingsResult, SidebarState } from '../../src/addon/api';
import { CLV_FITS_KEY, SETTINGS_KEY } from '../../src/addon/documentSettings';
import { fakeSheets, type FakeSheets } from '../addon/fakeSheets';
import { purchases } from '../addon/purchases';
import { fakeTriggers, type FakeTriggers } from '../addon/fakeTriggers';
import { d, grid } from '../helpers';
import {
  CHROMIUM_ARGS, CHROMIUM_PATH, SIDEBAR_WIDTH, ServerBridge, bodyCells, headerCells, openSidebar, pageWidths, sidebarHtmlFile,
  type SidebarSession,
} from './browserHarness';

const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');

/** Today for the server: 10 June 2025, so May 2025 is the last whole month with data. */
const NOW = new Date(Date.UTC(2025, 5, 10, 12));

/**
 * Ten deals, sheet rows 2–11 of "Deals" (A1:H11). Closed in May 2025: won D-101 12 000, D-102 8 500, D-104 15 000,
 * D-106 9 800 (sales volume 45 300) and D-110 (amount "TBD": the one row with an issue, its amount skipped),
 * lost D-103 and D-105; D-107 and D-108 are open; D-109 was won in April.
 */
const DEALS = grid(['Deal ID', 'Customer', 'Created', 'Closed', 'Amount', 'Status', 'Rep', 'Source'], [
  ['D-101', 'Northwind', d('2025-03-04'), d('2025-05-06'), 12000, 'won', 'Alice Chen', 'Website'],
  ['D-102', 'Contoso', d('2025-03-18'), d('2025-05-09'), 8500, 'won', 'Bob Martin', 'Referral'],
  ['D-103', 'Fabrikam', d('2025-04-01'), d('2025-05-14'), 4200, 'lost', 'Alice Chen', 'Ads'],
  ['D-104', 'Tailspin', d('2025-04-07'), d('2025-05-20'), 15000, 'won', 'Carla Diaz', 'Website'],
  ['D-105', 'Adatum', d('2025-04-10'), d('2025-05-22'), 6300, 'lost', 'Bob Martin', 'Ads'],
  ['D-106', 'Litware', d('2025-04-15'), d('2025-05-28'), 9800, 'won', 'Alice Chen', 'Referral'],
  ['D-107', 'Proseware', d('2025-04-22'), '', 7000, 'open', 'Carla Diaz', 'Website'],
  ['D-108', 'Wingtip', d('2025-05-02'), '', 11000, 'open', 'Bob Martin', 'Ads'],
  ['D-109', 'Northwind', d('2025-02-10'), d('2025-04-18'), 5400, 'won', 'Alice Chen', 'Website'],
  ['D-110', 'Coho Winery', d('2025-04-25'), d('2025-05-30'), 'TBD', 'won', 'Carla Diaz', 'Referral'],
]);
const TABLE_KEY = 'Deals!A1:H11';
/** Detected columns (0-based in A1:H11). */
const MAPPING = { id: '0', customer: '1', created: '2', closed: '3', amount: '4', status: '5', rep: '6', source: '7', cost: '', stage: '' };

/** Markup that would run if any value reached the page as HTML. */
const XSS = '<img src=x onerror=alert(1)>';
/** A rep, a header and a status that are markup: row 2's rep, column F's header, row 3's status. */
const XSS_DEALS = grid(['Deal ID', 'Closed', 'Amount', 'Status', 'Rep', XSS], [
  ['D-1', d('2025-05-06'), 100, 'won', XSS, 'a'],
  ['D-2', d('2025-05-07'), 200, XSS, 'Bob', 'b'],
  ['D-3', d('2025-05-08'), 300, 'lost', 'Bob', 'c'],
]);

/** The stand-in with the deals and a sheet of the user's (so the deal sheet can be deleted). */
function standIn(values: unknown[][] = DEALS): FakeSheets {
  return fakeSheets({ sheets: [{ name: 'Deals', values }, { name: 'Notes', values: [['my notes']] }] });
}

/** The row (1-based) of a KPI in the summary sheet's overview. */
function summaryRow(fake: FakeSheets, sheet: string, title: string): number {
  const row = fake.spreadsheet.values(sheet).findIndex((r) => r[0] === title);
  if (row < 0) throw new Error(`no "${title}" in ${sheet}`);
  return row + 1;
}

/** Waits for the result panel of a build started by the caller. */
async function buildEnds(page: Page): Promise<void> {
  await page.locator('#result').waitFor({ state: 'visible' });
}

const chromiumFound = existsSync(CHROMIUM_PATH);
const mustRun = process.env.CI === 'true';
const skip = !chromiumFound && !mustRun;
const title = skip
  ? `sidebar in Chromium — SKIPPED: no Chromium at ${CHROMIUM_PATH} (install chromium or set CHROMIUM_PATH; with CI=true this fails)`
  : 'sidebar in Chromium against the server functions over the stand-in';

describe.skipIf(skip)(title, () => {
  let browser: Browser | undefined;
  let html = '';
  let session: SidebarSession | undefined;

  beforeAll(async () => {
    if (!chromiumFound) {
      throw new Error(`CI=true and no Chromium at ${CHROMIUM_PATH}: the sidebar's browser tests must run in CI (install Debian's chromium, or set CHROMIUM_PATH)`);
    }
    [html, browser] = await Promise.all([
      sidebarHtmlFile(),
      chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    const s = session;
    session = undefined;
    if (!s) return;
    await s.context.close();
    // Every test: no uncaught exception or console error in the page, and no dialog.
    expect(s.pageErrors).toEqual([]);
    expect(s.dialogs).toEqual([]);
  });

  /** Opens the sidebar over a stand-in (a new one by default), with more services (fakeTriggers') if given. */
  async function open(fake: FakeSheets = standIn(), services: object = {}, waitFor?: string): Promise<SidebarSession> {
    if (!browser) throw new Error('no browser');
    session = await openSidebar(browser, html, new ServerBridge(fake, NOW, services), { waitFor });
    return session;
  }

  it('opens with the detected deal table, its columns mapped, the first rows previewed and the rows with issues counted', async () => {
    const { page, bridge } = await open();
    expect(await page.locator('#table').inputValue()).toBe(TABLE_KEY);
    expect(await page.locator('#table option:checked').getAttribute('data-kind')).toBe('table');
    expect(await page.locator('#table option:checked').textContent()).toBe('Deals · A1:H11 · 10 rows');

    for (const [field, value] of Object.entries(MAPPING)) {
      expect.soft(await page.locator(`select[data-field=${field}]`).inputValue(), field).toBe(value);
    }
    expect(await page.locator('select[data-field=amount] option:checked').textContent()).toBe('Amount (E)');
    expect(await page.locator('select[data-field=cost] option:checked').textContent()).toBe('— not mapped —');
    // Every header is offered, with its column letter, after "not mapped".
    expect(await page.locator('#map-rep option').allTextContents()).toEqual([
      '— not mapped —', 'Deal ID (A)', 'Customer (B)', 'Created (C)', 'Closed (D)', 'Amount (E)', 'Status (F)', 'Rep (G)', 'Source (H)',
    ]);

    expect(await page.locator('#rows-summary').textContent()).toBe('Data rows: 10. Rows with issues: 1.');
    expect(await headerCells(page, '#preview-table')).toEqual(['Row', 'Deal ID', 'Created', 'Closed', 'Amount', 'Status', 'Rep', 'Customer', 'Source', 'Issues']);
    const rows = await page.locator('#preview-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')));
    expect(rows).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    const cells = await bodyCells(page, '#preview-table');
    expect(cells[0].slice(1)).toEqual(['D-101', '2025-03-04', '2025-05-06', '12000', 'won', 'Alice Chen', 'Northwind', 'Website', '']);
    expect(cells[6].slice(2, 5)).toEqual(['2025-04-22', '', '7000']);
    // Only D-110's row is marked, with its issue in words.
    expect(await page.locator('#preview-table tr.issue').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')))).toEqual(['11']);
    expect(cells[9][0]).toBe('11 ⚠');
    expect(cells[9].at(-1)).toBe('Amount: not a number');

    // KPIs: those the columns allow are checked; one that needs an unmapped column is disabled, and says which.
    await expect.poll(() => page.locator('input[data-kpi=sales_volume]').isChecked()).toBe(true);
    expect(await page.locator('input[data-kpi=sales_volume]').isDisabled()).toBe(false);
    const disabled = await page.locator('#kpis input:disabled').evaluateAll((xs) => xs.map((x) => [x.getAttribute('data-kpi'), x.getAttribute('title')]));
    expect(disabled.length).toBeGreaterThan(0);
    for (const [, why] of disabled) expect(why).toMatch(/^(Needs the column: |Not available)/);
    expect(await page.locator('#build').isEnabled()).toBe(true);

    // One sidebarState, then one inspectTable of the detected table with no mapping (detect).
    expect(bridge.calls.map((c) => c.name)).toEqual(['sidebarState', 'inspectTable']);
    expect(bridge.calls[1].args).toEqual([{ sheet: 'Deals', range: 'A1:H11' }]);
    expect(await page.locator('#error').textContent()).toBe('');
  });

  it('a corrected column is inspected again: the preview, the count of rows with issues and the KPI list follow it', async () => {
    const { page, bridge } = await open();
    const salesVolume = page.locator('input[data-kpi=sales_volume]');

    // Amount → not mapped: the amount column leaves the preview, its issue goes, sales volume needs the column.
    await page.locator('select[data-field=amount]').selectOption('');
    await expect.poll(() => page.locator('#rows-summary').textContent()).toBe('Data rows: 10. Rows with issues: 0.');
    const second = bridge.callsOf('inspectTable')[1];
    expect(second.args[0]).toEqual({ sheet: 'Deals', range: 'A1:H11' });
    expect(second.args[1]).toMatchObject({ amount: null, rep: 6, closed: 3, status: 5 });
    expect(await headerCells(page, '#preview-table')).not.toContain('Amount');
    expect(await page.locator('#preview-table tr.issue').count()).toBe(0);
    expect(await salesVolume.isDisabled()).toBe(true);
    expect(await salesVolume.isChecked()).toBe(false);
    expect(await salesVolume.getAttribute('title')).toBe('Needs the column: Amount');
    expect(await page.locator('select[data-field=amount]').inputValue()).toBe('');

    // Source → the Customer column (B): the preview's Source shows customers; amount back on E: sales volume again.
    await page.locator('select[data-field=source]').selectOption({ label: 'Customer (B)' });
    await expect.poll(async () => (await bodyCells(page, '#preview-table'))[0].at(-2)).toBe('Northwind');
    expect(bridge.callsOf('inspectTable')[2].args[1]).toMatchObject({ amount: null, source: 1 });
    await page.locator('select[data-field=amount]').selectOption({ label: 'Amount (E)' });
    await expect.poll(() => salesVolume.isEnabled()).toBe(true);
    expect(await salesVolume.isChecked()).toBe(true);
    expect(await page.locator('#rows-summary').textContent()).toBe('Data rows: 10. Rows with issues: 1.');
    expect(await headerCells(page, '#preview-table')).toContain('Amount');
    expect(bridge.callsOf('inspectTable')).toHaveLength(4);
  });

  it('Build: progress steps, then the result with the link, the counts and the skipped value; a skipped row is selected in the sheet', async () => {
    const fake = standIn();
    const { page, bridge } = await open(fake);
    // The server is held until the test lets it answer, to watch the progress meanwhile; the page logs every
    // change of the steps' states, so the sequence is checked however slow this machine is.
    const release = bridge.hold('buildSummary');
    await page.evaluate(() => {
      const w = window as unknown as { stepLog: string[] };
      const list = document.getElementById('progress') as HTMLElement;
      const snapshot = (): string => Array.from(list.querySelectorAll('li'), (li) => li.getAttribute('data-state')).join(' ');
      w.stepLog = [];
      new MutationObserver(() => {
        const now = snapshot();
        if (w.stepLog[w.stepLog.length - 1] !== now) w.stepLog.push(now);
      }).observe(list, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
    });
    const stepLog = (): Promise<string[]> => page.evaluate(() => (window as unknown as { stepLog: string[] }).stepLog);
    await page.locator('#build').click();

    const progress = page.locator('#progress');
    await progress.waitFor({ state: 'visible' });
    expect(await page.locator('#build').isDisabled()).toBe(true);
    expect(await page.locator('#build').textContent()).toBe('Building…');
    expect(await page.locator('#result').isHidden()).toBe(true);
    // The steps advance on a timer (1.5 s each) while the one server call runs; the current one is marked.
    await expect.poll(stepLog, { timeout: 5000 }).toContain('done active pending');
    expect(await progress.locator('li[aria-current=step]').getAttribute('data-step')).toBe('computing');
    expect(bridge.callsOf('buildSummary')).toEqual([]);
    release();

    await buildEnds(page);
    expect(await stepLog()).toEqual(['active pending pending', 'done active pending', 'done done done']);
    expect(await progress.locator('li[aria-current]').count()).toBe(0);
    expect(await page.locator('#build').isEnabled()).toBe(true);
    expect(await page.locator('#build').textContent()).toBe('Build summary');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result');

    // What the page sent: the detected table and mapping, the defaults, and no KPI list (all that the columns allow).
    const sent = bridge.callsOf('buildSummary')[0].args[0] as BuildOptions;
    expect(sent).toMatchObject({ table: { sheet: 'Deals', range: 'A1:H11' }, period: '', granularity: 'month', live: false, locale: 'en' });
    expect(sent.mapping).toMatchObject({ amount: 4, closed: 3, status: 5, rep: 6 });
    expect(sent).not.toHaveProperty('kpis');

    const { id } = fake.spreadsheet.sheetInfo('KPI summary');
    const href = await page.locator('#result-link').getAttribute('href');
    expect(href).toMatch(new RegExp(`^https://docs\\.google\\.com/spreadsheets/d/[\\w-]+/edit#gid=${id}$`));
    expect(await page.locator('#result-link').textContent()).toBe('Open “KPI summary”');
    expect(await page.locator('#result-link').getAttribute('target')).toBe('_blank');
    expect(await page.locator('#result-stats li').allTextContents()).toEqual(expect.arrayContaining([
      'Period: 2025-05', 'Rows read: 10', 'Rows used: 9', 'Rows skipped: 1',
    ]));
    // Live formulas were off: none of the figures is one.
    expect(await page.locator('#result-stats li[data-stat=live]').textContent()).toMatch(/^Live formulas: 0 of [1-9]\d* figures$/);
    expect(await headerCells(page, '#issues')).toEqual(['Row', 'Column', 'Value', 'Reason']);
    expect(await bodyCells(page, '#issues')).toEqual([['11', 'Amount', 'TBD', 'not a number']]);

    // The skipped row's button selects that row of the deal sheet.
    expect(fake.spreadsheet.activeRange()).not.toEqual({ sheet: 'Deals', a1: 'A11:H11' });
    await page.locator('#issues button[data-row="11"]').click();
    await expect.poll(() => fake.spreadsheet.activeRange()).toEqual({ sheet: 'Deals', a1: 'A11:H11' });
    expect(bridge.callsOf('selectRow').map((c) => c.args)).toEqual([['Deals', 11]]);
    expect(await page.locator('#error').textContent()).toBe('');

    // The stand-in holds the summary, with May's sales volume and deals won in the overview.
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals', 'Notes', 'KPI summary']);
    const overview = fake.spreadsheet.values('KPI summary');
    expect(overview[summaryRow(fake, 'KPI summary', 'Sales volume') - 1][1]).toBe(45300);
    expect(overview[summaryRow(fake, 'KPI summary', 'Deals won') - 1][1]).toBe(5);
  });

  it('markup in a rep, a header and a status shows as text: no element made of it, no dialog', async () => {
    const fake = standIn(XSS_DEALS);
    const { page, dialogs } = await open(fake);
    // Column F's header is offered as a column, as text.
    expect(await page.locator('#map-customer option').allTextContents()).toContain(`${XSS} (F)`);
    const cells = await bodyCells(page, '#preview-table');
    expect(cells[0]).toContain(XSS); // row 2's rep
    expect(cells[1].at(-1)).toMatch(/^Status: unknown status/); // row 3's status

    await page.locator('#build').click();
    await buildEnds(page);
    expect(await bodyCells(page, '#issues')).toEqual([['3', 'Status', XSS, expect.stringMatching(/^unknown status/)]]);
    // The summary sheet has the rep as a value, too.
    expect(fake.spreadsheet.values('KPI summary').some((r) => r[0] === XSS)).toBe(true);

    // Give a broken image's onerror time to fire, if one had been made.
    await page.waitForTimeout(250);
    expect(await page.evaluate(() => document.querySelectorAll('img, [onerror], [src]').length)).toBe(0);
    expect(await page.locator('body').innerText()).toContain(XSS);
    expect(dialogs).toEqual([]);
  });

  it('Customer value: Fit and save fits the chosen table, shows the parameters and stores the fit; markup in a sheet or customer name stays text', async () => {
    // The deal sheet's name and a customer are markup.
    const fake = fakeSheets({ sheets: [{ name: XSS, values: purchases(undefined, (i) => (i === 1 ? XSS : `Customer ${i}`)) }, { name: 'Notes', values: [['my notes']] }] });
    const { page, bridge, dialogs } = await open(fake);
    expect(await page.locator('#table').inputValue()).toBe(`${XSS}!A1:D59`);
    expect((await bodyCells(page, '#preview-table'))[0]).toContain(XSS);
    const panel = page.locator('#clv-panel');
    await panel.locator('summary').click();
    expect(await panel.locator('summary').textContent()).toBe('Customer value');
    expect(await page.locator('#clv-end').getAttribute('placeholder')).toBe('last purchase');
    expect(await page.locator('#clv-unit').inputValue()).toBe('week');

    await page.locator('#clv-fit').click();
    await page.locator('#clv-params').waitFor();
    const fit = bridge.callsOf('fitCustomerValue')[0];
    expect(fit.args).toEqual([{ table: { sheet: XSS, range: 'A1:D59' }, unit: 'week' }]);
    const r = fit.value as CustomerValueFit;
    expect(r).toMatchObject({ customers: 30, repeatCustomers: 15, calibrationEnd: '2024-12-07', unit: 'week', savedFits: 1 });
    expect(await page.locator('#clv-fitted').textContent())
      .toBe(`${XSS}: 30 customers, 15 of them repeat buyers; calibration end 2024-12-07, unit: week.`);
    const shown = await bodyCells(page, '#clv-params');
    expect(shown.map((row) => row[0])).toEqual(['r', 'alpha', 'a', 'b', 'bgnbd_ll', 'p', 'q', 'gamma', 'gg_ll']);
    const four = (v: number): string => new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 }).format(v);
    expect(shown[0][1]).toBe(four(r.bgnbd.r));
    expect(shown[8][1]).toBe(four(r.gammaGamma.ll));
    expect(await page.locator('#clv-result').textContent()).toContain(
      'The functions CLV_PARAMS, P_ALIVE, EXPECTED_PURCHASES, CLV_TABLE and LTV(…, "bgnbd") now use this fit while the deals are unchanged.');
    expect(fake.spreadsheet.developerMetadata(null).map((m) => m.key)).toEqual([CLV_FITS_KEY]);
    expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(SIDEBAR_WIDTH);

    // A calibration end the engine cannot read: its message in the panel, the fit shown before cleared.
    await page.locator('#clv-end').fill('soon');
    await page.locator('#clv-fit').click();
    await expect.poll(() => page.locator('#clv-error').textContent())
      .toBe(`${XSS}: calibration_end "soon" is not a date or a period (such as 1997-09-30 or 1997-09)`);
    expect(await page.locator('#clv-params').count()).toBe(0);

    // Another calibration end and unit: a second fit kept beside the first.
    await page.locator('#clv-end').fill('2024-09');
    await page.locator('#clv-unit').selectOption('month');
    await page.locator('#clv-fit').click();
    await expect.poll(() => page.locator('#clv-fitted').textContent()).toMatch(/calibration end 2024-09-30, unit: month\.$/);
    expect(await page.locator('#clv-error').textContent()).toBe('');
    expect(await page.locator('#clv-result').textContent()).toContain('Fits kept in this spreadsheet: 2.');
    expect(bridge.callsOf('fitCustomerValue')[2].args).toEqual([{ table: { sheet: XSS, range: 'A1:D59' }, calibrationEnd: '2024-09', unit: 'month' }]);

    await page.waitForTimeout(250);
    expect(await page.evaluate(() => document.querySelectorAll('img, [onerror], [src]').length)).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('keyboard only: Tab to the controls, arrows, Space and typing set the options, Enter on Build builds', async () => {
    const { page, bridge } = await open();
    const visited: string[] = [];
    /** Tabs until the element with this id has focus; fails after 120 presses. */
    const tabTo = async (id: string): Promise<void> => {
      for (let i = 0; i < 120; i++) {
        await page.keyboard.press('Tab');
        const at = await page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('data-testid') || document.activeElement?.tagName || '');
        visited.push(at);
        if (at === id) return;
      }
      throw new Error(`Tab never reached #${id}; visited ${visited.join(' ')}`);
    };
    await tabTo('granularity');
    await page.keyboard.press('ArrowDown'); // month → quarter
    expect(await page.locator('#granularity').inputValue()).toBe('quarter');
    await tabTo('period');
    await page.keyboard.type('2025-Q2');
    await tabTo('live');
    await page.keyboard.press('Space');
    expect(await page.locator('#live').isChecked()).toBe(true);
    await tabTo('build');
    // The focus ring shows for keyboard focus.
    expect(await page.evaluate(() => document.activeElement?.matches(':focus-visible'))).toBe(true);
    await page.keyboard.press('Enter');
    await buildEnds(page);

    // Tab went through the form in its order: table, "use selection", the columns, the preview's box, …
    const order = ['table', 'use-selection', 'map-id', 'map-amount', 'preview-box', 'granularity', 'period', 'kpis-all', 'kpi-sales_volume', 'plan', 'live', 'locale', 'build'];
    expect(order.map((id) => visited.indexOf(id))).toEqual([...order.map((id) => visited.indexOf(id))].sort((a, b) => a - b));
    expect(order.every((id) => visited.includes(id))).toBe(true);

    expect(bridge.callsOf('buildSummary')[0].args[0]).toMatchObject({ period: '2025-Q2', granularity: 'quarter', live: true });
    const result = bridge.callsOf('buildSummary')[0].value as BuildResult;
    expect(result.period).toBe('2025-Q2');
    expect(await page.locator('#result-stats li').first().textContent()).toBe('Period: 2025-Q2');
    // Space on "Live formulas" took effect: the summary's figures are live formulas now.
    expect(result.liveFigures).toBeGreaterThan(0);
    expect(await page.locator('#result-stats li[data-stat=live]').textContent()).toBe(`Live formulas: ${result.liveFigures} of ${result.figures} figures`);
    // The result panel takes the focus, so a screen reader reads it next.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('result');
  });

  it('a server error shows in the alert region and leaves no sheet behind: a bad period, then a deleted deal sheet', async () => {
    const fake = standIn();
    const { page, bridge } = await open(fake);
    const error = page.locator('[role="alert"]');
    expect(await error.getAttribute('id')).toBe('error');
    expect(await error.isHidden()).toBe(true);

    await page.locator('#period').fill('2025-13');
    await page.locator('#build').click();
    await expect.poll(() => error.textContent()).toMatch(/2025-13/);
    expect(await error.isVisible()).toBe(true);
    expect(await error.textContent()).toBe(bridge.callsOf('buildSummary')[0].message);
    expect(await page.locator('#progress li[data-state=failed]').count()).toBe(1);
    expect(await page.locator('#result').isHidden()).toBe(true);
    expect(await page.locator('#build').isEnabled()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('build');
    expect(fake.spreadsheet.sheetNames()).toEqual(['Deals', 'Notes']);

    // The deal sheet deleted behind the sidebar's back.
    await page.locator('#period').fill('');
    const ss = fake.globals.SpreadsheetApp.getActiveSpreadsheet();
    ss.deleteSheet(ss.getSheetByName('Deals') as GoogleAppsScript.Spreadsheet.Sheet);
    await page.locator('#build').click();
    await expect.poll(() => error.textContent()).toBe('There is no sheet named "Deals" for the deal table: pick another sheet.');
    expect(bridge.callsOf('buildSummary')).toHaveLength(2);
    expect(await page.locator('#result').isHidden()).toBe(true);
    expect(fake.spreadsheet.sheetNames()).toEqual(['Notes']);
  });

  it('the last build\'s choices come back on reopening: period, granularity, live, locale, a left-out KPI and a corrected column', async () => {
    const fake = standIn();
    const { page, bridge } = await open(fake);
    await page.locator('#period').fill('2025-05');
    await page.locator('#granularity').selectOption('quarter');
    await page.locator('#live').check();
    await page.locator('#locale').selectOption('ru');
    await page.locator('#kpi-pipeline_velocity').uncheck();
    await page.locator('select[data-field=source]').selectOption('');
    await expect.poll(() => bridge.callsOf('inspectTable').length).toBe(2);
    await expect.poll(() => page.locator('#build').isEnabled()).toBe(true);
    await page.locator('#build').click();
    await buildEnds(page);

    const saved = (bridge.run('sidebarState') as SidebarState).saved;
    expect(saved).toMatchObject({ table: { sheet: 'Deals', range: 'A1:H11' }, period: '2025-05', granularity: 'quarter', live: true, locale: 'ru' });
    expect(saved?.kpis).not.toContain('pipeline_velocity');
    expect(saved?.mapping).toMatchObject({ source: null, amount: 4 });

    await page.reload();
    await page.locator('#rows-summary').waitFor();
    expect(await page.locator('#period').inputValue()).toBe('2025-05');
    expect(await page.locator('#granularity').inputValue()).toBe('quarter');
    expect(await page.locator('#live').isChecked()).toBe(true);
    expect(await page.locator('#locale').inputValue()).toBe('ru');
    expect(await page.locator('#table').inputValue()).toBe(TABLE_KEY);
    expect(await page.locator('#kpi-pipeline_velocity').isChecked()).toBe(false);
    expect(await page.locator('#kpi-sales_volume').isChecked()).toBe(true);
    expect(await page.locator('select[data-field=source]').inputValue()).toBe('');
    // The page's language stays the user's: only the summary's language was saved as Russian.
    expect(await page.locator('h1').textContent()).toBe('Sales KPI summary');
    // The reopened sidebar inspected the table with the saved mapping.
    expect(bridge.callsOf('inspectTable').at(-1)?.args[1]).toMatchObject({ source: null, amount: 4 });
  });

  it('fits 300 px without scrolling sideways, before and after a build (tables scroll inside their own box); screenshots', async () => {
    const { page } = await open();
    const before = await pageWidths(page);
    expect(before.clientWidth).toBe(SIDEBAR_WIDTH);
    expect(before.scrollWidth).toBeLessThanOrEqual(SIDEBAR_WIDTH);
    expect(before.bodyScrollWidth).toBeLessThanOrEqual(SIDEBAR_WIDTH);
    // The preview is wider than the sidebar: its box scrolls, the page does not.
    expect(await page.locator('[data-testid=preview-box]').evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    mkdirSync(DOCS, { recursive: true });
    await page.mouse.move(SIDEBAR_WIDTH - 1, 0);
    await page.screenshot({ path: join(DOCS, 'sidebar.png') });

    await page.locator('#build').click();
    await buildEnds(page);
    const after = await pageWidths(page);
    expect(after.scrollWidth).toBeLessThanOrEqual(SIDEBAR_WIDTH);
    expect(after.bodyScrollWidth).toBeLessThanOrEqual(SIDEBAR_WIDTH);
    // Nothing in the result panel sticks out of it.
    const overflow = await page.locator('#result *').evaluateAll((els) =>
      els.filter((el) => !el.closest('.scroll') || el.classList.contains('scroll')).map((el) => el.getBoundingClientRect().right).filter((r) => r > 300));
    expect(overflow).toEqual([]);
    await page.locator('#result').evaluate((el) => (el as HTMLElement).blur());
    await page.screenshot({ path: join(DOCS, 'sidebar-result.png'), fullPage: true });
  });

  it('Explain: the active summary cell\'s KPI, value, formula, parts and deal rows', async () => {
    const fake = standIn();
    const { page, bridge } = await open(fake);
    await page.locator('#build').click();
    await buildEnds(page);

    // The user selects May's win rate in the overview.
    const ss = fake.globals.SpreadsheetApp.getActiveSpreadsheet();
    const row = summaryRow(fake, 'KPI summary', 'Win rate');
    ss.setActiveRange((ss.getSheetByName('KPI summary') as GoogleAppsScript.Spreadsheet.Sheet).getRange(`B${row}`));
    expect(fake.spreadsheet.activeRange()).toEqual({ sheet: 'KPI summary', a1: `B${row}` });

    await page.locator('#explain').click();
    const panel = page.locator('#explain-panel');
    await panel.waitFor({ state: 'visible' });
    expect(bridge.callsOf('explainCell')[0].args).toEqual([]);
    expect(await panel.locator('h2').textContent()).toBe('Win rate');
    expect(await panel.locator('dd[data-fact=period]').textContent()).toBe('2025-05');
    expect(await panel.locator('dd[data-fact=group]').count()).toBe(0);
    // Won 5 (D-110 counts: its amount is unreadable, its outcome is not) of 7 won or lost.
    expect(await panel.locator('dd[data-fact=value]').textContent()).toBe('71.4%');
    expect(await panel.locator('dd[data-fact=formula]').textContent()).toBe('Deals won / Won or lost deals closed in the period');
    expect(await bodyCells(page, '#explain-parts')).toEqual([
      ['Deals won', '5'], ['Won or lost deals closed in the period', '7'],
    ]);
    const rows = await page.locator('#explain-rows button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-row')));
    expect(rows).toEqual(['2', '3', '4', '5', '6', '7', '11']);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('explain-panel');

    // A deal row of the explanation is a link to it.
    await page.locator('#explain-rows button[data-row="4"]').click();
    await expect.poll(() => fake.spreadsheet.activeRange()).toEqual({ sheet: 'Deals', a1: 'A4:H4' });
    expect(await pageWidths(page).then((w) => w.scrollWidth)).toBeLessThanOrEqual(SIDEBAR_WIDTH);
  });

  it('Keep history: sent as history: true, the "KPI history" sheet appended, and checked again on reopening', async () => {
    const fake = standIn();
    const { page, bridge } = await open(fake);
    expect(await page.locator('#history').isChecked()).toBe(false);
    await page.locator('#history').check();
    await page.locator('#build').click();
    await buildEnds(page);
    expect(bridge.callsOf('buildSummary')[0].args[0]).toMatchObject({ history: true });
    expect(fake.spreadsheet.sheetNames()).toContain('KPI history');
    expect((bridge.run('sidebarState') as SidebarState).saved).toMatchObject({ history: true });

    await page.reload();
    await page.locator('#rows-summary').waitFor();
    expect(await page.locator('#history').isChecked()).toBe(true);
    // Unchecked, the option is left out of the build.
    await page.locator('#history').uncheck();
    await page.locator('#build').click();
    await expect.poll(() => bridge.callsOf('buildSummary').length).toBe(2);
    expect(bridge.callsOf('buildSummary')[1].args[0]).not.toHaveProperty('history');
    await buildEnds(page);
  });

  it('Settings: what the panel saves is what settings() reads back, mappings and the last build kept, and shown again after reload', async () => {
    const fake = standIn();
    const { page, bridge } = await open(fake);
    bridge.run('saveSettings', { version: 1, mappings: { Archive: { amount: 2 } } } satisfies Settings);
    const panel = page.locator('#settings-panel');
    expect(await panel.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    expect(bridge.callsOf('settings')).toEqual([]);
    await panel.locator('summary').click();
    await expect.poll(() => page.locator('#save-settings').isEnabled()).toBe(true);
    expect(bridge.callsOf('settings')).toHaveLength(1);
    expect(await page.locator('#settings-problems').isHidden()).toBe(true);
    // Empty thresholds show their defaults, rates in percent.
    expect(await page.locator('#bench-winRateRed').getAttribute('placeholder')).toBe('15');
    expect(await page.locator('#bench-planAmber').getAttribute('placeholder')).toBe('90');
    expect(await page.locator('#bench-cacPaybackGreen').getAttribute('placeholder')).toBe('12');
    expect(await page.locator('#fiscal-year-start option').allTextContents()).toHaveLength(12);
    expect(await page.locator('#fiscal-year-start option:checked').textContent()).toBe('January');

    // A build while the panel is open: saving afterwards keeps its options as the last build.
    await page.locator('#build').click();
    await buildEnds(page);

    await page.locator('#words-won').fill('Сделка успешна\n  Closed won \n\nClosed won');
    await page.locator('#words-lost').fill('Отказ');
    await page.locator('#words-cross-sell').fill('Cross sale');
    await page.locator('#fiscal-year-start').selectOption('4');
    await page.locator('#currency').fill('rub');
    await page.locator('#bench-winRateRed').fill('20');
    await page.locator('#bench-planGreen').fill('95');
    await page.locator('#bench-ltvCacGreen').fill('4');
    await page.locator('#save-settings').click();
    await expect.poll(() => page.locator('#settings-status').textContent()).toBe('Saved.');
    expect(await page.locator('#settings-error').textContent()).toBe('');

    const stored = bridge.run('settings') as SettingsResult;
    expect(stored).toEqual({
      version: 1,
      mappings: { Archive: { amount: 2 } },
      statusWords: { won: ['Сделка успешна', 'Closed won'], lost: ['Отказ'] },
      typeWords: { 'cross-sell': ['Cross sale'] },
      fiscalYearStart: 4,
      currency: 'RUB',
      benchmarks: { winRateRed: 0.2, planGreen: 0.95, ltvCacGreen: 4 },
      lastBuild: expect.objectContaining({ table: { sheet: 'Deals', range: 'A1:H11' } }),
    });
    expect(bridge.callsOf('saveSettings').at(-1)?.args[0]).not.toHaveProperty('problems');

    await page.reload();
    await page.locator('#rows-summary').waitFor();
    await page.locator('#settings-panel summary').click();
    await expect.poll(() => page.locator('#words-won').inputValue()).toBe('Сделка успешна\nClosed won');
    expect(await page.locator('#words-lost').inputValue()).toBe('Отказ');
    expect(await page.locator('#words-open').inputValue()).toBe('');
    expect(await page.locator('#words-cross-sell').inputValue()).toBe('Cross sale');
    expect(await page.locator('#fiscal-year-start').inputValue()).toBe('4');
    expect(await page.locator('#fiscal-year-start option:checked').textContent()).toBe('April');
    expect(await page.locator('#currency').inputValue()).toBe('RUB');
    expect(await page.locator('#bench-winRateRed').inputValue()).toBe('20');
    expect(await page.locator('#bench-planGreen').inputValue()).toBe('95');
    expect(await page.locator('#bench-planAmber').inputValue()).toBe('');
    expect(await page.locator('#bench-ltvCacGreen').inputValue()).toBe('4');

    // A currency that is no code is refused in the page; nothing is sent.
    const saves = bridge.callsOf('saveSettings').length;
    await page.locator('#currency').fill('R1');
    await page.locator('#save-settings').click();
    expect(await page.locator('#settings-error').textContent()).toBe('The currency is three letters, such as USD or RUB.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('currency');
    expect(bridge.callsOf('saveSettings')).toHaveLength(saves);
    // The panel fits 300 px.
    expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(SIDEBAR_WIDTH);
  });

  it('Settings: a corrupted stored value shows its problem in the panel; saving stores the rest without it', async () => {
    const fake = standIn();
    const ss = fake.globals.SpreadsheetApp.getActiveSpreadsheet();
    ss.addDeveloperMetadata(SETTINGS_KEY, JSON.stringify({ version: 1, currency: 'dollars', statusWords: { won: ['Signed'] }, benchmarks: { winRateRed: -1 } }),
      fake.globals.SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
    const { page, bridge } = await open(fake);
    await page.locator('#settings-panel summary').click();
    const problems = page.locator('#settings-problems');
    await problems.waitFor({ state: 'visible' });
    const expected = (bridge.run('settings') as SettingsResult).problems ?? [];
    expect(expected).toHaveLength(2);
    expect(await problems.locator('li').allTextContents()).toEqual(expected);
    expect(expected[0]).toMatch(/^currency: "dollars" is not an ISO 4217/);
    // The problems are in the alert style, as the error region is.
    const colours = await page.evaluate(() => {
      const style = (id: string) => getComputedStyle(document.getElementById(id) as HTMLElement);
      return [style('settings-problems').backgroundColor, style('error').backgroundColor];
    });
    expect(colours[0]).toBe(colours[1]);
    // The valid fields are shown; the broken ones are empty (their defaults apply).
    expect(await page.locator('#words-won').inputValue()).toBe('Signed');
    expect(await page.locator('#currency').inputValue()).toBe('');
    expect(await page.locator('#bench-winRateRed').inputValue()).toBe('');

    await page.locator('#save-settings').click();
    await expect.poll(() => page.locator('#settings-status').textContent()).toBe('Saved.');
    expect(await problems.isHidden()).toBe(true);
    expect(bridge.run('settings')).toEqual({ version: 1, statusWords: { won: ['Signed'] } });
  });

  it('Insert template (with sample deals): the sheets are added, listed, and the table picker takes the template\'s deal sheet', async () => {
    const fake = fakeSheets({ sheets: [{ name: 'Notes', values: [['my notes']] }] });
    const { page, bridge } = await open(fake, {}, '#insert-template');
    expect(await page.locator('#table option').allTextContents()).toEqual(['— no table found —']);
    expect(await page.locator('#build').isDisabled()).toBe(true);

    await page.locator('#template-sample').check();
    await page.locator('#insert-template').click();
    await expect.poll(() => page.locator('#template-status').textContent()).toMatch(/^Sheets added: /);
    expect(bridge.callsOf('insertTemplate').map((c) => c.args)).toEqual([[{ locale: 'en', sample: true }]]);
    const added = (bridge.callsOf('insertTemplate')[0].value as { sheets: string[] }).sheets;
    expect(added).toEqual(['Deals', 'Plan', 'Spend', 'KPI', 'Lists']);
    expect(await page.locator('#template-status').textContent()).toBe('Sheets added: Deals, Plan, Spend, KPI, Lists.');
    expect(fake.spreadsheet.sheetNames()).toEqual(['Notes', ...added]);

    // The pickers were read again: the deal sheet is picked and inspected.
    await page.locator('#rows-summary').waitFor();
    expect(await page.locator('#table').inputValue()).toMatch(/^Deals!A1:M\d+$/);
    expect(await page.locator('#table option:checked').textContent()).toMatch(/^Deals · A1:M\d+ · [1-9]\d* rows$/);
    expect(await page.locator('#table option:checked').getAttribute('data-kind')).toBe('table');
    expect(bridge.callsOf('inspectTable').at(-1)?.args[0]).toMatchObject({ sheet: 'Deals' });
    expect(await page.locator('#rows-summary').textContent()).toMatch(/^Data rows: [1-9]\d*\./);
    expect(await page.locator('#plan option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Plan!/)]));

    // A second template goes beside the first, never over it; the picked table stays.
    const picked = await page.locator('#table').inputValue();
    await page.locator('#insert-template').click();
    await expect.poll(() => page.locator('#template-status').textContent()).toBe('Sheets added: Deals (2), Plan (2), Spend (2), KPI (2), Lists (2).');
    await expect.poll(() => page.locator('#table option').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringMatching(/^Deals \(2\) · A1:M\d+ · [1-9]\d* rows$/)]));
    expect(await page.locator('#table').inputValue()).toBe(picked);
    expect(await page.locator('#error').textContent()).toBe('');

    // The template's deals build.
    await expect.poll(() => page.locator('#build').isEnabled()).toBe(true);
    await page.locator('#build').click();
    await buildEnds(page);
    expect(fake.spreadsheet.sheetNames()).toContain('KPI summary');
  });

  /** The stand-in with the schedule's services: a leftover trigger of an earlier schedule, as if from another session. */
  function scheduleStandIn(): { fake: FakeSheets; triggers: FakeTriggers } {
    const fake = standIn();
    const triggers = fakeTriggers({ calls: fake.calls, session: fake.globals.Session, triggers: ['scheduledRebuild'] });
    return { fake, triggers };
  }

  it('Schedule: saving a daily schedule with a rule leaves exactly one trigger; it is shown again on reopening; off leaves none', async () => {
    const { fake, triggers } = scheduleStandIn();
    const { page, bridge } = await open(fake, triggers.globals);
    expect(triggers.triggers()).toHaveLength(1);
    await page.locator('#build').click();
    await buildEnds(page);

    expect(bridge.callsOf('readSchedule')).toEqual([]);
    await page.locator('#schedule-panel summary').click();
    await expect.poll(() => page.locator('#schedule-now').textContent()).toBe('Now: Off.');
    expect(bridge.callsOf('readSchedule').map((c) => c.args)).toEqual([[]]);
    expect(await page.locator('#alert-rules-note').textContent()).toMatch(/^No rules chosen: the benchmarks’ red zones apply/);
    expect(await page.locator('#schedule-frequency option').allTextContents()).toEqual(['Off', 'Daily at 7:00', 'Weekly, Mondays at 7:00']);

    await page.locator('#schedule-frequency').selectOption('daily');
    await page.locator('#add-rule').click();
    const rule = page.locator('#alert-rules li[data-rule="1"]');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('rule-kpi'))).toBe(true);
    expect(await rule.locator('select.rule-kpi').inputValue()).toBe('win_rate');
    expect(await rule.locator('label').allTextContents()).toEqual(['Rule 1: KPI', 'Comparison, rule 1', 'Value, rule 1 (%)']);
    await rule.locator('select.rule-op').selectOption('<');
    await rule.locator('input.rule-value').fill('20');
    // A second rule, on a count, then removed again.
    await page.locator('#add-rule').click();
    const second = page.locator('#alert-rules li[data-rule="2"]');
    await second.locator('select.rule-kpi').selectOption('deals_won');
    expect(await second.locator('label').last().textContent()).toBe('Value, rule 2');
    await second.locator('button.rule-remove').click();
    expect(await page.locator('#alert-rules li').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Remove rule 1');
    expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(SIDEBAR_WIDTH);

    await page.locator('#save-schedule').click();
    await expect.poll(() => page.locator('#schedule-status').textContent()).toBe('Saved: Daily at 7:00.');
    expect(bridge.callsOf('setSchedule').map((c) => c.args)).toEqual([[{ frequency: 'daily', alerts: [{ kpi: 'win_rate', op: '<', value: 0.2 }] }]]);
    expect(bridge.callsOf('setSchedule')[0].value).toEqual({ triggers: 1 });
    expect(triggers.triggers()).toEqual([expect.objectContaining({ handler: 'scheduledRebuild', every: { unit: 'days', n: 1 }, atHour: 7 })]);
    // Saved again: still exactly one.
    await page.locator('#save-schedule').click();
    await expect.poll(() => bridge.callsOf('setSchedule').length).toBe(2);
    expect(triggers.triggers()).toHaveLength(1);
    expect(await page.locator('#schedule-now').textContent()).toBe('Now: Daily at 7:00.');

    await page.reload();
    await page.locator('#rows-summary').waitFor();
    await page.locator('#schedule-panel summary').click();
    await expect.poll(() => page.locator('#schedule-now').textContent()).toBe('Now: Daily at 7:00.');
    expect(await page.locator('#schedule-frequency').inputValue()).toBe('daily');
    const again = page.locator('#alert-rules li[data-rule="1"]');
    expect(await again.locator('select.rule-kpi').inputValue()).toBe('win_rate');
    expect(await again.locator('select.rule-op').inputValue()).toBe('<');
    expect(await again.locator('input.rule-value').inputValue()).toBe('20');

    // No rules and off: no trigger, no alerts.
    await again.locator('button.rule-remove').click();
    expect(await page.locator('#alert-rules-note').textContent()).toBe('No rules: no email is sent.');
    await page.locator('#schedule-frequency').selectOption('off');
    await page.locator('#save-schedule').click();
    await expect.poll(() => page.locator('#schedule-status').textContent()).toBe('Saved: Off.');
    expect(bridge.callsOf('setSchedule').at(-1)?.args).toEqual([{ frequency: 'off', alerts: [] }]);
    expect(triggers.triggers()).toEqual([]);
  });

  it('Schedule: a server refusal shows in the panel; the keyboard alone opens it, adds a rule and saves', async () => {
    const { fake, triggers } = scheduleStandIn();
    const { page, bridge } = await open(fake, triggers.globals);
    // No build yet: a daily schedule is refused (it repeats the last build), and the leftover trigger stays.
    await page.locator('#schedule-panel summary').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#schedule-now').textContent()).toBe('Now: Off.');
    await page.locator('#schedule-frequency').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#schedule-frequency').inputValue()).toBe('daily');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('add-rule');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('rule-value'))).toBe(true);
    await page.keyboard.type('12.5');
    await page.keyboard.press('Tab'); // Remove
    await page.keyboard.press('Tab'); // Add rule
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('save-schedule');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#schedule-error').textContent()).toBe(bridge.callsOf('setSchedule')[0]?.message ?? '…');
    expect(await page.locator('#schedule-error').textContent()).toMatch(/^Build a summary from the sidebar first/);
    expect(await page.locator('#schedule-status').textContent()).toBe('');
    expect(triggers.triggers()).toHaveLength(1);

    // An empty threshold is refused in the page.
    await page.locator('#alert-rules input.rule-value').fill('');
    await page.locator('#save-schedule').click();
    expect(await page.locator('#schedule-error').textContent()).toBe('Enter a number for rule 1.');
    expect(bridge.callsOf('setSchedule')).toHaveLength(1);

    await page.locator('#alert-rules input.rule-value').fill('12.5');
    await page.locator('#build').click();
    await buildEnds(page);
    await page.locator('#save-schedule').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#schedule-status').textContent()).toBe('Saved: Daily at 7:00.');
    expect(await page.locator('#schedule-error').textContent()).toBe('');
    expect(bridge.callsOf('setSchedule')[1].args[0]).toEqual({ frequency: 'daily', alerts: [{ kpi: 'win_rate', op: '<', value: 0.125 }] });
    expect(triggers.triggers()).toHaveLength(1);
  });

  it('Copy as BigQuery SQL: the choices as one query, selected in a read-only box and copied; the KPIs left out listed; markup in the sheet name stays text', async () => {
    // The deal sheet's name is markup.
    const fake = fakeSheets({ sheets: [{ name: XSS, values: DEALS }, { name: 'Notes', values: [['my notes']] }] });
    const { page, bridge, dialogs } = await open(fake);
    expect(await page.locator('#copy-sql').textContent()).toBe('Copy as BigQuery SQL');
    // The clipboard API takes the text.
    await page.evaluate(() => {
      const w = window as unknown as { copied: string[] };
      w.copied = [];
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: (text: string) => Promise.resolve(void w.copied.push(text)) } });
    });
    await page.locator('#period').fill('2025-Q2');
    await page.locator('#kpi-win_rate').uncheck();
    await page.locator('#copy-sql').click();
    const area = page.locator('#sql textarea');
    await area.waitFor();
    const sent = bridge.callsOf('bigQuerySql')[0];
    expect(sent.args[0]).toMatchObject({ table: { sheet: XSS, range: 'A1:H11' }, period: '2025-Q2', granularity: 'month' });
    expect((sent.args[0] as BuildOptions).kpis).toEqual(expect.arrayContaining(['sales_volume', 'new_customers']));
    expect((sent.args[0] as BuildOptions).kpis).not.toContain('win_rate');
    const r = sent.value as BigQuerySqlResult;
    const sql = await area.inputValue();
    expect(sql).toMatch(/^WITH /);
    expect(sql).toBe(r.sql);
    expect(sql).toContain('FROM `deals`');
    expect(r.kpis).toContain('sales_volume');
    expect(r.kpis).not.toContain('win_rate');
    // Read-only, and the whole query selected.
    expect(await area.evaluate((el) => {
      const a = el as HTMLTextAreaElement;
      return [a.readOnly, a.selectionStart, a.selectionEnd === a.value.length];
    })).toEqual([true, 0, true]);
    expect(await area.getAttribute('aria-label')).toBe('Copy as BigQuery SQL');
    await expect.poll(() => page.locator('#sql [role=status]').textContent()).toBe('Copied.');
    expect(await page.evaluate(() => (window as unknown as { copied: string[] }).copied)).toEqual([sql]);
    // What the query covers, the sheet's name as text.
    expect(await page.locator('#sql > p').first().textContent()).toBe(`${XSS} · 2025-Q2 · Month · KPIs: ${r.kpis.length}`);
    // The KPIs left out, with why.
    expect(await page.locator('#sql ul').getAttribute('aria-label')).toBe('Not in the query');
    const skipped = await page.locator('#sql li').allTextContents();
    expect(skipped).toEqual(r.skipped.map((x) => `${x.kpi}: ${x.reason}`));
    expect(skipped).toContainEqual(expect.stringMatching(/^new_customers: NEW_CUSTOMERS is computed by hand/));
    expect(await page.locator('#sql p.muted').textContent()).toBe('Load the canonical table with `sales-kpi canonical` and `bq load`; see the README.');
    expect((await pageWidths(page)).scrollWidth).toBeLessThanOrEqual(SIDEBAR_WIDTH);

    // The frame refuses the clipboard API: the old command on the selected text; when that fails too, Ctrl+C by hand.
    for (const [command, said] of [[true, 'Copied.'], [false, 'Press Ctrl+C to copy.']] as const) {
      await page.evaluate((ok) => {
        Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: () => Promise.reject(new Error('denied')) } });
        document.execCommand = (name: string) => {
          if (name !== 'copy' || (document.activeElement as HTMLTextAreaElement | null)?.selectionEnd !== (document.activeElement as HTMLTextAreaElement | null)?.value.length) throw new Error('nothing selected to copy');
          return ok;
        };
      }, command);
      await page.locator('#copy-sql').click();
      await expect.poll(() => page.locator('#sql [role=status]').textContent()).toBe(said);
    }

    // A server refusal shows in the alert region.
    await page.locator('#period').fill('2025-13');
    await page.locator('#copy-sql').click();
    await expect.poll(() => page.locator('#error').textContent()).toMatch(/2025-13/);
    expect(await page.locator('#error').textContent()).toBe(bridge.callsOf('bigQuerySql')[3].message);

    await page.waitForTimeout(250);
    expect(await page.evaluate(() => document.querySelectorAll('img, [onerror], [src]').length)).toBe(0);
    expect(await page.locator('body').innerText()).toContain(XSS);
    expect(dialogs).toEqual([]);
  });

  it('in Russian (the user\'s language on the stand-in): labels, panels, a build, and docs/sidebar-ru.png at 300 px', async () => {
    const fake = fakeSheets({ sheets: [{ name: 'Deals', values: DEALS }, { name: 'Notes', values: [['my notes']] }], userLocale: 'ru' });
    const { page, bridge } = await open(fake);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await page.locator('h1').textContent()).toBe('Сводка KPI продаж');
    expect(await page.locator('#table option:checked').textContent()).toBe('Deals · A1:H11 · строк: 10');
    expect(await page.locator('label[for=granularity]').textContent()).toBe('Группировка');
    expect(await page.locator('label[for=history]').textContent()).toBe('Вести историю (добавлять показатели на лист «KPI history»)');
    expect(await page.locator('#insert-template').textContent()).toBe('Вставить шаблон');
    expect(await page.locator('#rows-summary').textContent()).toBe('Строк данных: 10. Строк с ошибками: 1.');
    expect(await page.locator('#build').textContent()).toBe('Построить сводку');
    expect(await page.locator('#copy-sql').textContent()).toBe('Скопировать как SQL для BigQuery');
    expect(await page.locator('#schedule-panel > summary').textContent()).toBe('Расписание и оповещения');
    expect(await page.locator('#settings-panel > summary').textContent()).toBe('Настройки этой таблицы');
    expect(await page.locator('#clv-panel > summary').textContent()).toBe('Ценность клиентов');
    expect(await page.locator('#clv-fit').textContent()).toBe('Рассчитать и сохранить');
    // The KPI titles come from the server in Russian too.
    expect(await page.locator('label[for=kpi-win_rate]').textContent()).toMatch(/[А-Яа-яЁё]/);

    await page.locator('#build').click();
    await buildEnds(page);
    expect(await page.locator('#result-title').textContent()).toBe('Сводка готова');
    expect(await page.locator('#result-stats li').allTextContents()).toEqual(expect.arrayContaining([
      'Период: 2025-05', 'Прочитано строк: 10', 'Использовано строк: 9', 'Пропущено строк: 1',
    ]));
    expect(bridge.callsOf('buildSummary')[0].args[0]).toMatchObject({ locale: 'ru' });

    // The panels, open, in Russian.
    await page.locator('#schedule-panel summary').click();
    await expect.poll(() => page.locator('#schedule-now').textContent()).toBe('Сейчас: Выключено.');
    await page.locator('#add-rule').click();
    expect(await page.locator('#alert-rules label').first().textContent()).toBe('Правило 1: показатель');
    expect(await page.locator('#alert-rules select.rule-op option').allTextContents()).toEqual(['ниже (<)', 'не выше (≤)', 'выше (>)', 'не ниже (≥)']);
    await page.locator('#alert-rules input.rule-value').fill('15');
    await page.locator('#settings-panel summary').click();
    await expect.poll(() => page.locator('#save-settings').isEnabled()).toBe(true);
    expect(await page.locator('label[for=words-won]').textContent()).toBe('Выиграна');
    expect(await page.locator('#fiscal-year-start option').first().textContent()).toBe('Январь');
    expect(await page.locator('#save-settings').textContent()).toBe('Сохранить настройки');
    await page.locator('#words-won').fill('Сделка успешна');
    await page.locator('#save-settings').click();
    await expect.poll(() => page.locator('#settings-status').textContent()).toBe('Сохранено.');
    expect((bridge.run('settings') as SettingsResult).statusWords).toEqual({ won: ['Сделка успешна'] });

    // No English label is left on the page (values from the sheet, KPI abbreviations and codes aside).
    const english = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll('label, legend, summary, button, h1, h2, h3, option, p'))) {
        if (el.closest('#preview, #issues, #table, [id^=map-], #plan, #spend, #locale, .rule-kpi')) continue;
        const text = (el.textContent ?? '').trim();
        if (/[A-Za-z]{4,}/.test(text) && !/[А-Яа-яЁё]/.test(text)) out.push(text);
      }
      return out;
    });
    expect(english).toEqual([]);

    const widths = await pageWidths(page);
    expect(widths.clientWidth).toBe(SIDEBAR_WIDTH);
    expect(widths.scrollWidth).toBeLessThanOrEqual(SIDEBAR_WIDTH);
    expect(widths.bodyScrollWidth).toBeLessThanOrEqual(SIDEBAR_WIDTH);
    mkdirSync(DOCS, { recursive: true });
    await page.mouse.move(SIDEBAR_WIDTH - 1, 0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: join(DOCS, 'sidebar-ru.png'), fullPage: true });
  });
});
