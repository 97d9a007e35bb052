/**
 * The scheduled rebuild on the strict stand-ins (fakeSheets, fakeTriggers): turning it on and off leaves exactly one
 * trigger or none; a run rebuilds the last summary and emails an alert once when its rule is crossed, not while it
 * stays crossed, again after it recovered and crossed again; nothing is sent when nothing fires; a failed run leaves
 * its time and reason on the summary and throws nothing. Hand-valued.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SCHEDULE_KEY, readSchedule, scheduledRebuild, setSchedule } from '../../src/addon/schedule';
import { buildSummary } from '../../src/addon/server';
import { SIDEBAR_FUNCTIONS } from '../../src/addon/serverIndex';
import { d, grid } from '../helpers';
import { fakeSheets, type FakeSheets } from './fakeSheets';
import { fakeTriggers, TOO_MANY_TRIGGERS, type FakeTriggers, type FakeTriggersOptions } from './fakeTriggers';

/**
 * May 2025, the last whole month before 10 June 2025: rows 2–6 of "Deals". Won: D1 1 000, D2 500, D4 2 000; lost:
 * D3, D5 — win rate 3/5 = 0.6. D1 (row 2) lost instead: 2/5 = 0.4.
 */
const DEALS = grid(['Deal', 'Created', 'Closed', 'Amount', 'Status', 'Rep'], [
  ['D1', d('2025-04-01'), d('2025-05-02'), 1000, 'won', 'Anna'],
  ['D2', d('2025-04-02'), d('2025-05-10'), 500, 'won', 'Anna'],
  ['D3', d('2025-04-03'), d('2025-05-12'), 300, 'lost', 'Anna'],
  ['D4', d('2025-04-04'), d('2025-05-20'), 2000, 'won', 'Boris'],
  ['D5', d('2025-04-05'), d('2025-05-21'), 700, 'lost', 'Boris'],
]);
const NOW = Date.UTC(2025, 5, 10, 12);
const WIN_RATE_BELOW_HALF = { kpi: 'win_rate', op: '<' as const, value: 0.5 };

interface Stand {
  fake: FakeSheets;
  triggers: FakeTriggers;
}

/** Both stand-ins installed, counting into one map; `built` first builds the English summary of "Deals". */
function install(options: { triggers?: FakeTriggersOptions; userLocale?: string; built?: boolean; timeZone?: string } = {}): Stand {
  const fake = fakeSheets({ sheets: [{ name: 'Deals', values: DEALS }], userLocale: options.userLocale, timeZone: options.timeZone });
  const triggers = fakeTriggers({ calls: fake.calls, session: fake.globals.Session, ...options.triggers });
  for (const [name, value] of Object.entries({ ...fake.globals, ...triggers.globals })) vi.stubGlobal(name, value);
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  if (options.built !== false) buildSummary({ table: { sheet: 'Deals' }, locale: 'en' });
  return { fake, triggers };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Sets a deal's status (its sheet row) the way a user would. */
function setStatus(row: number, status: string): void {
  SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Deals')?.getRange(`E${row}`).setValue(status);
}

/** The schedule as stored in the document. */
function stored(fake: FakeSheets): Record<string, unknown> {
  const entry = fake.spreadsheet.developerMetadata(null).find((m) => m.key === SCHEDULE_KEY);
  return entry ? JSON.parse(entry.value) : {};
}

describe('setSchedule', () => {
  it('turns the daily rebuild on with exactly one trigger, at 7 in the spreadsheet\'s zone', () => {
    const { triggers } = install({ timeZone: 'Europe/Moscow' });
    expect(setSchedule({ frequency: 'daily' })).toEqual({ triggers: 1 });
    expect(triggers.triggers()).toEqual([
      { id: expect.any(String), handler: 'scheduledRebuild', every: { unit: 'days', n: 1 }, atHour: 7, weekDay: null, timeZone: 'Europe/Moscow' },
    ]);
    // Again: the old trigger is replaced, not doubled (an add-on may hold one per document).
    const first = triggers.triggers()[0].id;
    expect(setSchedule({ frequency: 'daily' })).toEqual({ triggers: 1 });
    expect(triggers.triggers()).toHaveLength(1);
    expect(triggers.triggers()[0].id).not.toBe(first);
  });

  it('replaces daily by weekly on Mondays, and off leaves none', () => {
    const { fake, triggers } = install();
    setSchedule({ frequency: 'daily' });
    expect(setSchedule({ frequency: 'weekly' })).toEqual({ triggers: 1 });
    expect(triggers.triggers()).toEqual([
      { id: expect.any(String), handler: 'scheduledRebuild', every: { unit: 'weeks', n: 1 }, atHour: 7, weekDay: 'MONDAY', timeZone: 'UTC' },
    ]);
    expect(setSchedule({ frequency: 'off' })).toEqual({ triggers: 0 });
    expect(triggers.triggers()).toEqual([]);
    expect(setSchedule({ frequency: 'off' })).toEqual({ triggers: 0 });
    expect(stored(fake).frequency).toBe('off');
    expect(fake.spreadsheet.lockHeld()).toBe(false);
  });

  it('replaces a trigger an earlier session left', () => {
    const { triggers } = install({ triggers: { triggers: ['scheduledRebuild'] } });
    expect(triggers.triggers()).toHaveLength(1);
    expect(setSchedule({ frequency: 'weekly' })).toEqual({ triggers: 1 });
    expect(triggers.triggers()[0].every).toEqual({ unit: 'weeks', n: 1 });
  });

  it('keeps the alert rules in the document, with their KPI by catalog id', () => {
    const { fake } = install({ userLocale: 'ru' });
    setSchedule({ frequency: 'daily', alerts: [{ kpi: 'WIN_RATE', op: '<', value: 0.5 }] });
    expect(stored(fake)).toEqual({ version: 1, frequency: 'daily', alerts: [WIN_RATE_BELOW_HALF], locale: 'ru', state: {} });
    // Without alerts the saved rules stay; [] clears them.
    setSchedule({ frequency: 'weekly' });
    expect(stored(fake).alerts).toEqual([WIN_RATE_BELOW_HALF]);
    setSchedule({ frequency: 'weekly', alerts: [] });
    expect(stored(fake).alerts).toEqual([]);
  });

  it('refuses bad input before touching the triggers', () => {
    const { triggers } = install();
    setSchedule({ frequency: 'daily' });
    const id = triggers.triggers()[0].id;
    expect(() => setSchedule({ frequency: 'hourly' as never })).toThrow('"hourly" is not a schedule: pick off, daily or weekly.');
    expect(() => setSchedule(undefined as never)).toThrow('Pick how often to rebuild the summary: off, daily or weekly.');
    expect(() => setSchedule({ frequency: 'daily', alerts: [{ kpi: 'happiness', op: '<', value: 1 }] }))
      .toThrow('Alert rule 1: "happiness" is not a KPI of the catalog.');
    expect(() => setSchedule({ frequency: 'daily', alerts: [WIN_RATE_BELOW_HALF, { kpi: 'win_rate', op: '<', value: '15%' as never }] }))
      .toThrow('Alert rule 2: win_rate: the threshold "15%" must be a number.');
    expect(triggers.triggers().map((t) => t.id)).toEqual([id]);
  });

  it('needs a summary built first, except to turn it off', () => {
    const { triggers } = install({ built: false });
    expect(() => setSchedule({ frequency: 'daily' })).toThrow('Build a summary from the sidebar first: the scheduled rebuild repeats the last build.');
    expect(triggers.triggers()).toEqual([]);
    expect(setSchedule({ frequency: 'off' })).toEqual({ triggers: 0 });
  });

  it('is published with the trigger handler in Server.js', () => {
    expect(SIDEBAR_FUNCTIONS.map((f) => f.name)).toEqual(expect.arrayContaining(['setSchedule', 'scheduledRebuild']));
  });

  it('the stand-in refuses a second time-driven trigger, as Apps Script does for an add-on', () => {
    install();
    ScriptApp.newTrigger('scheduledRebuild').timeBased().everyDays(1).create();
    expect(() => ScriptApp.newTrigger('scheduledRebuild').timeBased().everyDays(1).create()).toThrow(TOO_MANY_TRIGGERS);
  });
});

describe('scheduledRebuild', () => {
  it('emails once when a rule is crossed, not while it stays crossed, and again after it recovered', () => {
    const { fake, triggers } = install();
    setSchedule({ frequency: 'daily', alerts: [WIN_RATE_BELOW_HALF] });
    // Run 1: win rate 0.6 — nothing.
    scheduledRebuild();
    expect(triggers.emails).toEqual([]);
    expect(stored(fake).state).toEqual({ 'win_rate<0.5': false });
    // Run 2: D1 lost, win rate 0.4 — one email.
    setStatus(2, 'lost');
    scheduledRebuild();
    expect(triggers.emails).toHaveLength(1);
    const mail = triggers.emails[0];
    expect(mail.to).toBe('owner@example.com');
    expect(mail.subject).toBe('Sales KPI: 1 alert (“KPI summary”, 2025-05)');
    expect(mail.htmlBody).toContain('<li>Win rate is 40 %, below 50 %.</li>');
    const sheetId = fake.spreadsheet.sheetInfo('KPI summary').id;
    expect(mail.htmlBody).toContain(`<a href="https://docs.google.com/spreadsheets/d/`);
    expect(mail.htmlBody).toContain(`#gid=${sheetId}">Open the summary</a>`);
    expect(mail.body).toContain('- Win rate is 40 %, below 50 %.');
    // Run 3: still 0.4 — no second email.
    scheduledRebuild();
    expect(triggers.emails).toHaveLength(1);
    // Run 4: D1 won again, 0.6 — recovered, no email.
    setStatus(2, 'won');
    scheduledRebuild();
    expect(triggers.emails).toHaveLength(1);
    expect(stored(fake).state).toEqual({ 'win_rate<0.5': false });
    // Run 5: crossed again — a second email.
    setStatus(2, 'lost');
    scheduledRebuild();
    expect(triggers.emails).toHaveLength(2);
    expect(stored(fake).lastRun).toEqual({ at: '2025-06-10T12:00:00.000Z', ok: true, fired: 1 });
    expect(fake.spreadsheet.lockHeld()).toBe(false);
  });

  it('sends nothing when nothing fires (the benchmarks\' defaults: win rate 0.6 is above 15 %)', () => {
    const { fake, triggers } = install();
    setSchedule({ frequency: 'weekly' });
    scheduledRebuild();
    expect(triggers.emails).toEqual([]);
    expect(fake.calls.get('MailApp.sendEmail')).toBeUndefined();
    expect(stored(fake).state).toEqual({ 'win_rate<0.15': false });
    expect(stored(fake).lastRun).toEqual({ at: '2025-06-10T12:00:00.000Z', ok: true, fired: 0 });
  });

  it('rebuilds the summary from the deals as they are now', () => {
    const { fake } = install();
    setSchedule({ frequency: 'daily' });
    setStatus(2, 'lost');
    scheduledRebuild();
    const row = fake.spreadsheet.values('KPI summary').find((r) => r[0] === 'Sales volume') as unknown[];
    expect(row[1]).toBe(2500);
  });

  it('records a failed run on the summary — its time and reason — and throws nothing', () => {
    const { fake, triggers } = install();
    setSchedule({ frequency: 'daily', alerts: [WIN_RATE_BELOW_HALF] });
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    ss.deleteSheet(ss.getSheetByName('Deals') as GoogleAppsScript.Spreadsheet.Sheet);
    vi.setSystemTime(Date.UTC(2025, 5, 11, 7, 4));
    expect(() => scheduledRebuild()).not.toThrow();
    const reason = 'There is no sheet named "Deals" for the deal table: pick another sheet.';
    expect(fake.spreadsheet.cell('KPI summary', 'A1').note).toBe(`Scheduled rebuild failed at 2025-06-11 07:04 UTC: ${reason}`);
    expect(stored(fake).lastRun).toEqual({ at: '2025-06-11T07:04:00.000Z', ok: false, reason });
    expect(triggers.emails).toEqual([]);
    expect(fake.spreadsheet.lockHeld()).toBe(false);
    // The summary is the one built before, left in place.
    expect(fake.spreadsheet.sheetNames()).toEqual(['KPI summary']);
  });

  it('records a failed run in Russian for a Russian summary', () => {
    const { fake } = install({ userLocale: 'ru', built: false });
    buildSummary({ table: { sheet: 'Deals' }, locale: 'ru' });
    setSchedule({ frequency: 'daily' });
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    ss.deleteSheet(ss.getSheetByName('Deals') as GoogleAppsScript.Spreadsheet.Sheet);
    scheduledRebuild();
    expect(fake.spreadsheet.cell('Сводка KPI', 'A1').note).toMatch(/^Плановая пересборка не удалась 2025-06-10 12:00 UTC: /);
  });

  it('emails in the summary\'s language', () => {
    const { triggers } = install({ userLocale: 'ru', built: false });
    buildSummary({ table: { sheet: 'Deals' }, locale: 'ru' });
    setSchedule({ frequency: 'daily', alerts: [{ kpi: 'sales_volume', op: '<', value: 5000 }] });
    scheduledRebuild();
    expect(triggers.emails).toHaveLength(1);
    expect(triggers.emails[0].subject).toBe('Сводка KPI: оповещений — 1 («Сводка KPI», 2025-05)');
    expect(triggers.emails[0].htmlBody).toContain('<li>Объём продаж: 3\u00a0500, ниже 5\u00a0000.</li>');
    expect(triggers.emails[0].htmlBody).toContain('Открыть сводку');
  });

  it('records an email it could not send, and emails on the next run instead', () => {
    const { fake, triggers } = install({ triggers: { quota: 0 } });
    setSchedule({ frequency: 'daily', alerts: [{ kpi: 'win_rate', op: '>', value: 0.5 }] });
    scheduledRebuild();
    expect(triggers.emails).toEqual([]);
    expect(stored(fake).lastRun).toMatchObject({ ok: false, reason: 'The daily email quota is used up: the alerts were not sent.' });
    expect(fake.spreadsheet.cell('KPI summary', 'A1').note).toContain('The daily email quota is used up');
    // The rule's state was not kept: the alert is still due.
    expect(stored(fake).state).toEqual({});
  });

  it('does nothing when the schedule is off (a trigger left behind), and reads a broken schedule as off', () => {
    const { fake, triggers } = install();
    scheduledRebuild();
    expect(triggers.emails).toEqual([]);
    expect(stored(fake)).toEqual({});
    SpreadsheetApp.getActiveSpreadsheet().addDeveloperMetadata(SCHEDULE_KEY, '{not json', SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
    expect(readSchedule(SpreadsheetApp.getActiveSpreadsheet())).toEqual({ version: 1, frequency: 'off', locale: 'en', state: {} });
    scheduledRebuild();
    expect(fake.spreadsheet.cell('KPI summary', 'A1').note).toBe('');
  });

  it('reads back a stored schedule field by field, dropping what is broken', () => {
    install();
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    ss.addDeveloperMetadata(SCHEDULE_KEY, JSON.stringify({
      version: 1, frequency: 'weekly', locale: 'xx', alerts: [WIN_RATE_BELOW_HALF, { kpi: 'nope', op: '<', value: 1 }],
      state: { 'win_rate<0.5': true, junk: 'yes' }, lastRun: { at: '2025-06-01T07:00:00.000Z', ok: 'yes' },
    }), SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT);
    expect(readSchedule(ss)).toEqual({ version: 1, frequency: 'weekly', locale: 'en', alerts: [WIN_RATE_BELOW_HALF], state: { 'win_rate<0.5': true } });
  });
});
