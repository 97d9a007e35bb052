/**
 * Alert rules on the summary's overview (issue 9, point 4): "email me when the win rate goes below 15 %". Pure:
 * the rules, their defaults from the benchmarks, the overview's values read from a layout (or from the written
 * sheet's grid), and which rules fire — a rule fires once when it is crossed, not on every run while it stays
 * crossed, so the last state of each rule is kept between runs.
 */
import type { Benchmarks } from './benchmarks';
import { CATALOG, findKpi } from './catalog';
import type { KpiDef, KpiUnit } from './kpi';
import type { Locale } from './locale';

/** How a rule compares the overview's value with its number (DESIGN.md's AlertRule). */
export type AlertOp = '<' | '<=' | '>' | '>=';

/** "Email me when `kpi` `op` `value`", on the overview's value of the period (a rate as a fraction: 0.15 for 15 %). */
export interface AlertRule {
  kpi: string;
  op: AlertOp;
  value: number;
}

/** Whether each rule held at the last evaluated run, by ruleKey. */
export type AlertState = Record<string, boolean>;

/** A rule that fired, with the figure that made it fire. */
export interface FiredAlert {
  readonly rule: AlertRule;
  readonly value: number;
}

const OPS: readonly AlertOp[] = ['<', '<=', '>', '>='];
/** More rules than any sidebar offers: the rules live in one developer metadata entry. */
export const MAX_ALERT_RULES = 50;

/** A rule's identity in the kept state: "win_rate<0.15". */
export function ruleKey(rule: AlertRule): string {
  return `${rule.kpi}${rule.op}${rule.value}`;
}

/** True when `value op threshold`. */
export function holds(op: AlertOp, value: number, threshold: number): boolean {
  switch (op) {
    case '<': return value < threshold;
    case '<=': return value <= threshold;
    case '>': return value > threshold;
    default: return value >= threshold;
  }
}

/** A rule checked and made canonical (the KPI by its catalog id), or a message that says what is wrong with it. */
export function checkAlertRule(x: unknown): AlertRule | string {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'an alert rule is { kpi, op, value }';
  const { kpi, op, value } = x as Record<string, unknown>;
  const def = typeof kpi === 'string' ? findKpi(kpi) : undefined;
  if (!def) return `"${String(kpi)}" is not a KPI of the catalog`;
  if (!OPS.includes(op as AlertOp)) return `${def.id}: the comparison "${String(op)}" must be one of ${OPS.join(' ')}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${def.id}: the threshold "${String(value)}" must be a number`;
  return { kpi: def.id, op: op as AlertOp, value };
}

/** The valid rules of a stored value, each once, in order (the rest dropped: what is read back is never trusted). */
export function validAlertRules(x: unknown): AlertRule[] {
  if (!Array.isArray(x)) return [];
  const out: AlertRule[] = [];
  const seen = new Set<string>();
  for (const item of x) {
    const rule = checkAlertRule(item);
    if (typeof rule === 'string' || seen.has(ruleKey(rule))) continue;
    seen.add(ruleKey(rule));
    out.push(rule);
    if (out.length === MAX_ALERT_RULES) break;
  }
  return out;
}

/**
 * The rules a schedule gets when the user picks none: the red zones of the benchmarks (§4) — a win rate below
 * winRateRed, plan attainment below planAmber, LTV:CAC below ltvCacRed. CAC payback has no red zone (past its
 * green mark it is only "watch"), so it has no default rule.
 */
export function defaultAlertRules(b: Benchmarks): AlertRule[] {
  return [
    { kpi: 'win_rate', op: '<', value: b.winRateRed },
    { kpi: 'plan_attainment', op: '<', value: b.planAmber },
    { kpi: 'ltv_cac', op: '<', value: b.ltvCacRed },
  ];
}

/** The part of a summary layout the overview's values are read from (SheetLayout fits it). */
export interface OverviewLayout {
  readonly rows: readonly (readonly { readonly v?: unknown }[])[];
  readonly blocks: readonly { readonly id: string; readonly firstRow: number; readonly lastRow: number }[];
  readonly sources?: readonly { readonly row: number; readonly col: number; readonly kpi: string }[];
}

/** The overview's value column: the period's figures (column 2 holds the previous period's). */
const OVERVIEW_VALUE_COL = 1;

/**
 * The overview's values of the period by KPI id, in the overview's order: its current-period cells only (block
 * "overview", column 1), and only those holding a finite number (a KPI without a value is left out).
 */
export function overviewValues(layout: OverviewLayout): Record<string, number> {
  const block = layout.blocks.find((b) => b.id === 'overview');
  const out: Record<string, number> = {};
  if (!block) return out;
  for (const s of layout.sources ?? []) {
    if (s.col !== OVERVIEW_VALUE_COL || s.row < block.firstRow || s.row > block.lastRow) continue;
    const def = findKpi(s.kpi);
    const v = layout.rows[s.row]?.[s.col]?.v;
    if (def && typeof v === 'number' && Number.isFinite(v) && !(def.id in out)) out[def.id] = v;
  }
  return out;
}

/** Every KPI by its title in either language, as the summary writes them in its first column. */
let byTitle: Map<string, KpiDef> | undefined;

/**
 * The overview's values as a written summary sheet holds them (its grid as getValues returns it): the first run of
 * rows whose first cell is a KPI's title — the overview is the summary's first block — and their numbers in column B.
 * For reading a summary back when only the sheet is at hand (a scheduled rebuild); overviewValues reads a layout.
 */
export function overviewValuesOfGrid(values: readonly (readonly unknown[])[]): Record<string, number> {
  const titles = byTitle ?? (byTitle = new Map(CATALOG.flatMap((d): [string, KpiDef][] => [[d.title.en, d], [d.title.ru, d]])));
  const out: Record<string, number> = {};
  const defOf = (row: readonly unknown[] | undefined) => (typeof row?.[0] === 'string' ? titles.get(row[0]) : undefined);
  let r = values.findIndex((row) => defOf(row) !== undefined);
  if (r < 0) return out;
  for (let def = defOf(values[r]); def; def = defOf(values[++r])) {
    const v = values[r][OVERVIEW_VALUE_COL];
    if (typeof v === 'number' && Number.isFinite(v) && !(def.id in out)) out[def.id] = v;
  }
  return out;
}

/**
 * The rules that fire now, and the state to keep for the next run. A rule fires when it holds now and did not hold
 * at the last evaluated run (`previous`; a rule missing from it, such as a new one, counts as not holding). A KPI
 * without a value now keeps its rule's last state: a month without won or lost deals is not a recovery.
 */
export function firedAlerts(
  rules: readonly AlertRule[], values: Readonly<Record<string, number>>, previous: Readonly<AlertState> = {},
): { fired: FiredAlert[]; state: AlertState } {
  const fired: FiredAlert[] = [];
  const state: AlertState = {};
  for (const rule of rules) {
    const key = ruleKey(rule);
    const value = values[rule.kpi];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      if (previous[key] === true) state[key] = true;
      continue;
    }
    const now = holds(rule.op, value, rule.value);
    if (now && previous[key] !== true) fired.push({ rule, value });
    state[key] = now;
  }
  return { fired, state };
}

/** A number with `decimals` places at most, grouped by thousands, in the locale's way ("12 345,5" / "12,345.5"). */
function numberText(x: number, decimals: number, locale: Locale): string {
  let fixed = Math.abs(x).toFixed(decimals);
  if (fixed.includes('.')) fixed = fixed.replace(/0+$/, '').replace(/\.$/, '');
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'ru' ? '\u00a0' : ',');
  const sign = x < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + grouped + (frac ? (locale === 'ru' ? ',' : '.') + frac : '');
}

/** A KPI's figure as the email shows it: rates in percent, days and months with their unit. */
export function figureText(unit: KpiUnit, x: number, locale: Locale): string {
  switch (unit) {
    case 'rate': return `${numberText(x * 100, 1, locale)} %`;
    case 'count': return numberText(x, 0, locale);
    case 'ratio': return numberText(x, 2, locale);
    case 'days': return `${numberText(x, 1, locale)} ${locale === 'ru' ? 'дн.' : 'days'}`;
    case 'months': return `${numberText(x, 1, locale)} ${locale === 'ru' ? 'мес.' : 'months'}`;
    default: return numberText(x, 2, locale);
  }
}

const OP_WORDS: Record<Locale, Record<AlertOp, string>> = {
  en: { '<': 'below', '<=': 'at or below', '>': 'above', '>=': 'at or above' },
  ru: { '<': 'ниже', '<=': 'не выше', '>': 'выше', '>=': 'не ниже' },
};

/** A rule in words: "Win rate below 15 %" / "Доля выигранных сделок ниже 15 %". */
export function ruleText(rule: AlertRule, locale: Locale): string {
  const def = findKpi(rule.kpi);
  if (!def) return ruleKey(rule);
  return `${def.title[locale]} ${OP_WORDS[locale][rule.op]} ${figureText(def.unit, rule.value, locale)}`;
}

/** A fired alert in words: "Win rate is 12.5 %, below 15 %." / "Доля выигранных сделок: 12,5 %, ниже 15 %." */
export function alertMessage(alert: FiredAlert, locale: Locale): string {
  const def = findKpi(alert.rule.kpi);
  if (!def) return `${ruleKey(alert.rule)}: ${alert.value}`;
  const value = figureText(def.unit, alert.value, locale);
  const threshold = figureText(def.unit, alert.rule.value, locale);
  const word = OP_WORDS[locale][alert.rule.op];
  return locale === 'ru'
    ? `${def.title.ru}: ${value}, ${word} ${threshold}.`
    : `${def.title.en} is ${value}, ${word} ${threshold}.`;
}
