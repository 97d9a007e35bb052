/**
 * Scheduled refresh with alerts (issue 9, point 4). `setSchedule` keeps one installable time-driven trigger per
 * document — daily, or weekly on Mondays, at 7 in the spreadsheet's time zone — and the alert rules in the
 * document. `scheduledRebuild`, the trigger's handler, repeats the document's last build, reads the overview of the
 * new summary, and emails the owner the rules that have just been crossed; a failed run leaves its time and reason
 * in a note on the summary's first cell and never throws past the trigger (an add-on's trigger errors reach no one).
 *
 * These are the only functions that use ScriptApp and MailApp, so the scopes they need (script.scriptapp,
 * script.send_mail) serve this feature alone.
 */
import {
  alertMessage, checkAlertRule, defaultAlertRules, firedAlerts, MAX_ALERT_RULES, overviewValuesOfGrid, validAlertRules,
  type AlertRule, type AlertState, type FiredAlert,
} from '../engine/alerts';
import { withDefaults, type Benchmarks } from '../engine/benchmarks';
import { isLocale, type Locale } from '../engine/locale';
import type { BuildOptions, BuildResult, Schedule, ScheduleFrequency, ScheduleResult } from './api';
import { readSettings, readSheetBuild, readText, writeJson } from './documentSettings';
import { buildSummary } from './server';
import { isOwnSheet } from './sheetsWriter';
import { userLocale } from './userLocale';
import { escapeHtml } from './html';
import { underDocumentLock } from './documentLock';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** The key of the document's schedule (spreadsheet developer metadata, JSON). */
export const SCHEDULE_KEY = 'sales-kpi-addon:schedule';
/** The trigger's handler: a top-level function of the pushed project. */
export const SCHEDULE_HANDLER = 'scheduledRebuild';
/** The hour (in the spreadsheet's time zone) the rebuild runs at; Apps Script picks a minute within it. */
export const SCHEDULE_HOUR = 7;

const FREQUENCIES: readonly ScheduleFrequency[] = ['off', 'daily', 'weekly'];

/** How the last scheduled run went. */
export interface ScheduleRun {
  /** ISO time of the run. */
  at: string;
  ok: boolean;
  /** Why it failed. */
  reason?: string;
  /** How many alerts it sent. */
  fired?: number;
}

/** The schedule as the document keeps it. */
export interface StoredSchedule {
  version: 1;
  frequency: ScheduleFrequency;
  /** The rules; absent: the benchmarks' red zones (defaultAlertRules), read at each run. */
  alerts?: AlertRule[];
  /** The emails' language, and the rebuild's when the last build's options name none. */
  locale: Locale;
  /** Whether each rule held at the last run, so a rule that stays crossed emails once. */
  state: AlertState;
  lastRun?: ScheduleRun;
}

/** The document's schedule, validated: a broken field takes its default (off, no state), never a crash. */
export function readSchedule(ss: Spreadsheet): StoredSchedule {
  const text = readText(ss.getDeveloperMetadata(), SCHEDULE_KEY);
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = text === undefined ? {} : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
  } catch {
    // Text that is not JSON: the defaults.
  }
  const out: StoredSchedule = {
    version: 1,
    frequency: FREQUENCIES.includes(raw.frequency as ScheduleFrequency) ? raw.frequency as ScheduleFrequency : 'off',
    locale: isLocale(raw.locale) ? raw.locale : 'en',
    state: {},
  };
  if (Array.isArray(raw.alerts)) out.alerts = validAlertRules(raw.alerts);
  if (typeof raw.state === 'object' && raw.state !== null) {
    for (const [k, v] of Object.entries(raw.state)) if (typeof v === 'boolean') out.state[k] = v;
  }
  const run = raw.lastRun as Record<string, unknown> | undefined;
  if (typeof run === 'object' && run !== null && typeof run.at === 'string' && typeof run.ok === 'boolean') {
    out.lastRun = { at: run.at, ok: run.ok };
    if (typeof run.reason === 'string') out.lastRun.reason = run.reason;
    if (typeof run.fired === 'number' && Number.isInteger(run.fired)) out.lastRun.fired = run.fired;
  }
  return out;
}

/** Stores the schedule, replacing the earlier entry. */
function saveSchedule(ss: Spreadsheet, schedule: StoredSchedule): void {
  writeJson(ss, SCHEDULE_KEY, schedule);
}

/** The rules of a setSchedule call, checked; an Error with a message for the user on a bad one. */
function checkedRules(alerts: unknown): AlertRule[] {
  if (!Array.isArray(alerts)) throw new Error('The alert rules must be a list of { kpi, op, value }.');
  if (alerts.length > MAX_ALERT_RULES) throw new Error(`At most ${MAX_ALERT_RULES} alert rules, not ${alerts.length}.`);
  return alerts.map((x, i) => {
    const rule = checkAlertRule(x);
    if (typeof rule === 'string') throw new Error(`Alert rule ${i + 1}: ${rule}.`);
    return rule;
  });
}

/**
 * The user's scheduled-rebuild triggers of this document. An add-on's project is shared by every document it is
 * installed in, so getProjectTriggers could name another document's schedule; getUserTriggers(document) cannot.
 */
function scheduleTriggers(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getUserTriggers(ss).filter((t) => t.getHandlerFunction() === SCHEDULE_HANDLER);
}

/**
 * Turns the scheduled rebuild on (daily, or weekly on Mondays) or off, and keeps the alert rules (absent: those
 * saved before, else the benchmarks' defaults; [] for none). Leaves exactly one trigger, or none when off.
 */
export function setSchedule(schedule: Schedule): ScheduleResult {
  if (!schedule || typeof schedule !== 'object') throw new Error('Pick how often to rebuild the summary: off, daily or weekly.');
  const { frequency } = schedule;
  if (!FREQUENCIES.includes(frequency)) throw new Error(`"${String(frequency)}" is not a schedule: pick off, daily or weekly.`);
  const alerts = schedule.alerts === undefined ? undefined : checkedRules(schedule.alerts);
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  if (frequency !== 'off' && !readSettings(ss).lastBuild) {
    throw new Error('Build a summary from the sidebar first: the scheduled rebuild repeats the last build.');
  }
  return underDocumentLock('Another summary is being built in this spreadsheet: try again in a minute.', () => {
    // An add-on may hold one time-driven trigger per user and document: the old one goes first.
    for (const t of scheduleTriggers(ss)) ScriptApp.deleteTrigger(t);
    if (frequency !== 'off') {
      const clock = ScriptApp.newTrigger(SCHEDULE_HANDLER).timeBased();
      const timed = frequency === 'daily' ? clock.everyDays(1) : clock.everyWeeks(1).onWeekDay(ScriptApp.WeekDay.MONDAY);
      timed.atHour(SCHEDULE_HOUR).inTimezone(ss.getSpreadsheetTimeZone()).create();
    }
    const before = readSchedule(ss);
    const kept = alerts ?? before.alerts;
    saveSchedule(ss, {
      version: 1, frequency, ...(kept ? { alerts: kept } : {}), locale: userLocale(),
      // Turned off, the schedule forgets which rules held: turned on again, it reports what is crossed then.
      state: frequency === 'off' ? {} : before.state,
      ...(before.lastRun ? { lastRun: before.lastRun } : {}),
  });
  return { triggers: scheduleTriggers(ss).length };
  });
}

/** Emails the owner the alerts that fired, with their figures and the summary's link. */
function sendAlerts(fired: readonly FiredAlert[], result: BuildResult, locale: Locale): void {
  const ru = locale === 'ru';
  if (MailApp.getRemainingDailyQuota() < 1) {
    throw new Error(ru ? 'Дневной лимит писем исчерпан: оповещения не отправлены.' : 'The daily email quota is used up: the alerts were not sent.');
  }
  const to = Session.getEffectiveUser().getEmail();
  if (!to) throw new Error(ru ? 'У учётной записи расписания нет адреса почты для оповещений.' : 'The account that runs the schedule has no email address for the alerts.');
  const lines = fired.map((f) => alertMessage(f, locale));
  const subject = ru
    ? `Сводка KPI: оповещений — ${fired.length} («${result.sheet}», ${result.period})`
    : `Sales KPI: ${fired.length} alert${fired.length === 1 ? '' : 's'} (“${result.sheet}”, ${result.period})`;
  const intro = ru
    ? `Плановая пересборка сводки «${result.sheet}» за ${result.period}:`
    : `The scheduled rebuild of “${result.sheet}” for ${result.period}:`;
  const open = ru ? 'Открыть сводку' : 'Open the summary';
  const htmlBody = `<div style="font:14px Arial,sans-serif"><p>${escapeHtml(intro)}</p><ul>`
    + lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')
    + `</ul><p><a href="${escapeHtml(result.url)}">${escapeHtml(open)}</a></p></div>`;
  const body = [intro, ...lines.map((l) => `- ${l}`), '', `${open}: ${result.url}`].join('\n');
  MailApp.sendEmail({ to, subject, htmlBody, body, name: 'Sales KPI' });
}

/** The summary a failed run reports on: the add-on's summary of the last build's table and name, else its first summary. */
function summaryOf(ss: Spreadsheet, last: BuildOptions | undefined): Sheet | null {
  let first: Sheet | null = null;
  for (const sheet of ss.getSheets()) {
    if (!isOwnSheet(sheet)) continue;
    const built = readSheetBuild(sheet);
    if (!built) continue;
    if (last && built.table.sheet === last.table.sheet && (built.sheetName ?? '') === (last.sheetName ?? '')) return sheet;
    if (!first) first = sheet;
  }
  return first;
}

/** A run's time as the note shows it: "2025-06-10 07:04 UTC". */
function runTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** Records a failed run on the summary: a note on its first cell, with the time and the reason. */
function recordFailure(ss: Spreadsheet, last: BuildOptions | undefined, at: string, reason: string, locale: Locale): void {
  const sheet = summaryOf(ss, last);
  if (!sheet) return;
  const note = locale === 'ru'
    ? `Плановая пересборка не удалась ${runTime(at)}: ${reason}`
    : `Scheduled rebuild failed at ${runTime(at)}: ${reason}`;
  sheet.getRange(1, 1).setNotes([[note]]);
}

/**
 * The trigger's handler: rebuilds the document's last build, evaluates the alert rules on the new summary's overview,
 * and emails the owner the rules just crossed. A failure is recorded on the summary and in the schedule; nothing throws.
 */
export function scheduledRebuild(): void {
  let ss: Spreadsheet | null = null;
  try {
    ss = SpreadsheetApp.getActiveSpreadsheet();
  } catch (error) {
    console.error(`scheduledRebuild: no spreadsheet: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!ss) return;
  const at = new Date(Date.now()).toISOString();
  let schedule: StoredSchedule;
  try {
    schedule = readSchedule(ss);
  } catch (error) {
    console.error(`scheduledRebuild: the schedule cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  // A trigger left over from a schedule turned off: nothing to do.
  if (schedule.frequency === 'off') return;
  let last: BuildOptions | undefined;
  let locale: Locale = schedule.locale;
  try {
    const settings = readSettings(ss);
    last = settings.lastBuild;
    if (!last) {
      throw new Error(locale === 'ru' ? 'в этой таблице ещё не строили сводку.' : 'no summary has been built in this spreadsheet yet.');
    }
    const options: BuildOptions = { ...last, locale: last.locale ?? schedule.locale };
    locale = options.locale as Locale;
    const result = buildSummary(options);
    const summary = ss.getSheetByName(result.sheet);
    const values = summary ? overviewValuesOfGrid(summary.getDataRange().getValues()) : {};
    const rules = schedule.alerts ?? defaultAlertRules(withDefaults(settings.benchmarks as Partial<Benchmarks> | undefined));
    const { fired, state } = firedAlerts(rules, values, schedule.state);
    if (fired.length > 0) sendAlerts(fired, result, locale);
    saveSchedule(ss, { ...schedule, state, lastRun: { at, ok: true, fired: fired.length } });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    try {
      recordFailure(ss, last, at, reason, locale);
      saveSchedule(ss, { ...schedule, lastRun: { at, ok: false, reason } });
    } catch (again) {
      console.error(`scheduledRebuild failed (${reason}) and could not record it: ${again instanceof Error ? again.message : String(again)}`);
    }
  }
}
