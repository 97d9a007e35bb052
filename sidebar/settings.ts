/**
 * Pure: the Settings and Schedule panels' values as the server takes them and back (word lists as lines, rates as
 * percent, alert thresholds in the KPI's unit).
 */
import type { AlertOp, AlertRule, Settings } from '../src/addon/api';

/** The status and type classes a team adds words to, as Settings names them. */
export const STATUS_CLASSES = ['won', 'lost', 'open'] as const;
export const TYPE_CLASSES = ['new', 'repeat', 'upsell', 'cross-sell'] as const;

/** The benchmark thresholds the panel edits, with their defaults (a test keeps them equal to src/engine/benchmarks.ts); `rate`: shown as percent. */
export const BENCHMARKS: readonly { key: string; rate: boolean; default: number }[] = [
  { key: 'winRateRed', rate: true, default: 0.15 },
  { key: 'planGreen', rate: true, default: 1 },
  { key: 'planAmber', rate: true, default: 0.9 },
  { key: 'ltvCacGreen', rate: false, default: 3 },
  { key: 'ltvCacRed', rate: false, default: 1 },
  { key: 'cacPaybackGreen', rate: false, default: 12 },
];

/** The comparisons of an alert rule. */
export const ALERT_OPS: readonly AlertOp[] = ['<', '<=', '>', '>='];

/** A number without float noise (0.15 * 100 is 15, not 15.000000000000002). */
const clean = (n: number): number => Number(n.toPrecision(12));

/** A stored number as its input shows it: a rate as percent. */
export function shownNumber(value: number | undefined, rate: boolean): string {
  return value === undefined || !Number.isFinite(value) ? '' : String(clean(rate ? value * 100 : value));
}

/** An input's number as stored (a percent as a fraction); undefined when it is empty or not a number. */
export function storedNumber(text: string, rate: boolean): number | undefined {
  const t = text.trim().replace(',', '.');
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) return undefined;
  return clean(rate ? n / 100 : n);
}

/** A word list as a text area shows it: one word a line. */
export function wordsText(words: readonly string[] | undefined): string {
  return (words ?? []).join('\n');
}

/** A text area's words: one a line, trimmed, blank lines and repeats left out. */
export function textWords(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const w = line.trim();
    if (w && !out.includes(w)) out.push(w);
  }
  return out;
}

/** What the Settings panel holds. */
export interface SettingsForm {
  /** Text areas by class. */
  statusWords: Readonly<Record<string, string>>;
  typeWords: Readonly<Record<string, string>>;
  /** The month select's value, "1".."12". */
  fiscalYearStart: string;
  currency: string;
  /** Number inputs by benchmark key (rates in percent). */
  benchmarks: Readonly<Record<string, string>>;
}

/** The panel's fields from the document's settings. */
export function toSettingsForm(s: Settings): SettingsForm {
  const words = (classes: readonly string[], lists: Record<string, string[] | undefined> | undefined): Record<string, string> =>
    Object.fromEntries(classes.map((c) => [c, wordsText(lists?.[c])]));
  return {
    statusWords: words(STATUS_CLASSES, s.statusWords),
    typeWords: words(TYPE_CLASSES, s.typeWords),
    fiscalYearStart: String(s.fiscalYearStart ?? 1),
    currency: s.currency ?? '',
    benchmarks: Object.fromEntries(BENCHMARKS.map((b) => [b.key, shownNumber(s.benchmarks?.[b.key], b.rate)])),
  };
}

/**
 * The settings to save: the panel's fields over `base` (the document's settings as read just before: its mappings
 * and last build are kept as they are). An empty list, input or currency is left out, so its default applies; a
 * fiscal year that starts in January is left out unless the document said so.
 */
export function fromSettingsForm(base: Settings, form: SettingsForm): Settings {
  const out: Settings = { version: 1 };
  if (base.mappings) out.mappings = base.mappings;
  const lists = <K extends string>(classes: readonly K[], texts: Readonly<Record<string, string>>): Partial<Record<K, string[]>> | undefined => {
    const o: Partial<Record<K, string[]>> = {};
    for (const c of classes) {
      const words = textWords(texts[c] ?? '');
      if (words.length) o[c] = words;
    }
    return Object.keys(o).length ? o : undefined;
  };
  const status = lists(STATUS_CLASSES, form.statusWords);
  if (status) out.statusWords = status;
  const type = lists(TYPE_CLASSES, form.typeWords);
  if (type) out.typeWords = type;
  const month = Number(form.fiscalYearStart);
  if (Number.isInteger(month) && month >= 1 && month <= 12 && (month !== 1 || base.fiscalYearStart !== undefined)) out.fiscalYearStart = month;
  const currency = form.currency.trim().toUpperCase();
  if (currency) out.currency = currency;
  const benchmarks: Record<string, number> = {};
  for (const b of BENCHMARKS) {
    const v = storedNumber(form.benchmarks[b.key] ?? '', b.rate);
    if (v !== undefined) benchmarks[b.key] = v;
  }
  if (Object.keys(benchmarks).length) out.benchmarks = benchmarks;
  if (base.lastBuild) out.lastBuild = base.lastBuild;
  return out;
}

/** True when a currency field is fine to send: empty, or three letters. */
export function currencyOk(text: string): boolean {
  return /^([A-Za-z]{3})?$/.test(text.trim());
}

/** An alert rule row as the panel shows it: the threshold in the KPI's unit (a rate in percent). */
export interface RuleRow {
  kpi: string;
  op: AlertOp;
  value: string;
}

/** A stored rule as a row; `isRate` says whether a KPI is a rate. */
export function toRuleRow(rule: AlertRule, isRate: (kpi: string) => boolean): RuleRow {
  return { kpi: rule.kpi, op: rule.op, value: shownNumber(rule.value, isRate(rule.kpi)) };
}

/** The rows as rules, or the 1-based number of the first row whose threshold is no number. */
export function fromRuleRows(rows: readonly RuleRow[], isRate: (kpi: string) => boolean): AlertRule[] | number {
  const out: AlertRule[] = [];
  for (let i = 0; i < rows.length; i++) {
    const value = storedNumber(rows[i].value, isRate(rows[i].kpi));
    if (value === undefined) return i + 1;
    out.push({ kpi: rows[i].kpi, op: rows[i].op, value });
  }
  return out;
}
