/**
 * What a KPI means, as data: which deals it counts or sums, placed by which date, and how sums combine
 * (ratios, changes against an earlier period, snapshots). The typed-array evaluator (evaluate.ts), the live
 * formula writer (summary/liveFormulas.ts) and a SQL compiler all read these same definitions.
 */
import { Kind, type DealType, type KindCode } from './fields';

/** A set of deals by outcome; each rule of §6 about which rows are "sales" or "leads" lives here once. */
export type DealSet = 'won' | 'lost' | 'decided' | 'revenue' | 'leads';

/** The outcomes a deal set is made of, in the terms a live formula or SQL selects them by. */
export type Outcome = 'won' | 'lost' | 'open' | 'refund';

interface DealSetRule {
  /** The outcomes of the set. */
  readonly outcomes: readonly Outcome[];
  /** In a sales log (no status) rows with no outcome join the set too (§1: every row but a refund is a lead). */
  readonly salesLogUnknown?: boolean;
  /** The set in a reason: "no won or lost deals closed in 2024-03". */
  readonly noun: string;
  /** Smaller sets this one is the union of: a count of it is their counts added (and may point at their cells). */
  readonly parts?: readonly DealSet[];
}

/**
 * The deal sets. Revenue is won deals and refunds (a won deal with a negative amount, §6 Refunds); a lead
 * is a won, lost or open deal, never a refund (§6 Cohorts).
 */
export const DEAL_SETS: Readonly<Record<DealSet, DealSetRule>> = {
  won: { outcomes: ['won'], noun: 'won deals' },
  lost: { outcomes: ['lost'], noun: 'lost deals' },
  decided: { outcomes: ['won', 'lost'], noun: 'won or lost deals', parts: ['won', 'lost'] },
  revenue: { outcomes: ['won', 'refund'], noun: 'won deals' },
  leads: { outcomes: ['won', 'lost', 'open'], salesLogUnknown: true, noun: 'leads' },
};

const KIND_OF: Readonly<Record<Outcome, KindCode>> = { won: Kind.Won, lost: Kind.Lost, open: Kind.Open, refund: Kind.Refund };

/** A lookup by row kind: 1 where a row of that kind is in `set`. */
export function dealSetMask(set: DealSet, isSalesLog: boolean): Uint8Array {
  const rule = DEAL_SETS[set];
  const mask = new Uint8Array(5);
  for (const o of rule.outcomes) mask[KIND_OF[o]] = 1;
  if (isSalesLog && rule.salesLogUnknown) mask[Kind.Unknown] = 1;
  return mask;
}

/** The revenue rule as a kind lookup, for the hand-written KPIs' loops: 1 for won deals and refunds. */
export const REVENUE_KINDS: Uint8Array = dealSetMask('revenue', false);

/** The date that places a deal in a period: its close or its creation (a cohort). */
export type PlacingDate = 'closed' | 'created';

/**
 * What each deal of a tally adds: 1, its amount, its profit (amount − cost), or its cycle (days from
 * creation to close). A deal whose value cannot be read adds nothing and is not counted.
 */
export type TallyValue = 'count' | 'amount' | 'profit' | 'cycle_days';

/** A narrower set: deals of one type, or qualified leads. */
export type Where = { readonly type: DealType } | { readonly qualified: true };

/** A filtered sum or count over the deal table: per slice, Σ value over the deals of `deals` placed in it by `date`. */
export interface Tally {
  readonly deals: DealSet;
  readonly date: PlacingDate;
  readonly value: TallyValue;
  /** Deals are counted only where these are readable: "won deals with an amount". */
  readonly readable?: readonly ('amount' | 'cost')[];
  /** Deals whose cell here could not be read leave the tally (they are neither of a type nor of another). */
  readonly known?: readonly ('type' | 'qualified')[];
  readonly where?: Where;
}

/** The period a change compares each slice with. */
export type Comparison = 'previous' | 'baseline';

/**
 * A KPI's meaning. Reason templates name `{period}` (the slice's) and `{previous}` (the compared period's).
 * - `sum`: a tally;
 * - `ratio`: one value over another; a tally of no deals has no value ("no leads created in …"), and
 *   `ifZero` says why where the denominator is 0 all the same;
 * - `change`: the value against the previous period or the call's `baseline_period`, as a relative change
 *   (change.ts) or a difference; `none` says why a relative change from 0 has no value;
 * - `open`: a snapshot of the deals open at the slice's end (now, without a period): how many, or their
 *   amounts (weighted by probability when the call asks, `weighted`);
 * - `typical`: the mean or median (the call's `stat`) of a tally's values;
 * - `product`: several values multiplied; `kpi`: another catalog KPI's value;
 * - `target`: the plan's target of the slice.
 */
export type Definition =
  | { readonly sum: Tally }
  | { readonly ratio: readonly [Definition, Definition]; readonly ifZero?: string }
  | { readonly change: Definition; readonly against: Comparison; readonly as: 'relative' | 'difference'; readonly none?: string }
  | { readonly open: 'count' | 'amount' }
  | { readonly typical: Tally }
  | { readonly product: readonly Definition[] }
  | { readonly kpi: string }
  | { readonly target: 'plan' };

/** Sales volume: Σ amount of won deals and refunds closed in the period. The plan's targets are in its terms. */
export const SALES: Tally = { deals: 'revenue', date: 'closed', value: 'amount' };

/** Leads created in the period: the cohort every lead rate divides by. */
export const LEADS_CREATED: Tally = { deals: 'leads', date: 'created', value: 'count' };

/** A stable key of a tally: two KPIs with equal tallies share one evaluation (and one summary cell). */
export function tallyKey(t: Tally): string {
  const where = t.where ? ('type' in t.where ? `type=${t.where.type}` : 'qualified') : '';
  return [t.deals, t.date, t.value, (t.readable ?? []).join('+'), (t.known ?? []).join('+'), where].join('|');
}

/** The deals of a tally in a reason: "won deals with an amount closed", "leads created". */
export function describeTally(t: Tally): string {
  const readable = t.readable ?? [];
  const withs = t.value === 'cycle_days' ? ['a creation date']
    : t.value === 'profit' || (readable.includes('amount') && readable.includes('cost')) || (t.value === 'amount' && readable.includes('cost')) ? ['an amount and a cost']
      : t.value === 'amount' || readable.includes('amount') ? ['an amount'] : [];
  const noun = DEAL_SETS[t.deals].noun;
  const what = t.where && 'type' in t.where ? `${noun} of type ${t.where.type}` : t.where ? `qualified ${noun}` : noun;
  return `${what}${withs.length ? ` with ${withs.join(' and ')}` : ''} ${t.date === 'closed' ? 'closed' : 'created'}`;
}

/** A reason template with its periods filled in. */
export function fillReason(template: string, period: string, previous = ''): string {
  return template.replace(/\{period\}/g, period).replace(/\{previous\}/g, previous);
}

/** A tally in the docs' notation: `SUM amount (won, refund; closed in the period; cost readable)`. */
function tallyText(t: Tally): string {
  const what = t.value === 'count' ? 'COUNT' : `SUM ${t.value}`;
  const parts = [DEAL_SETS[t.deals].outcomes.join(', ') + (t.deals === 'leads' ? ' (leads)' : ''), `${t.date} in the period`];
  if (t.where) parts.push('type' in t.where ? `type ${t.where.type}` : 'qualified');
  // A deal of a given type (or qualified) has that cell readable already: say it once.
  const said = t.where ? ('type' in t.where ? 'type' : 'qualified') : '';
  for (const f of [...(t.readable ?? []), ...(t.known ?? [])]) if (f !== said) parts.push(`${f} readable`);
  return `${what} (${parts.join('; ')})`;
}

/** A definition in the docs' notation, for the generated reference of what each KPI counts. */
export function definitionText(d: Definition): string {
  if ('sum' in d) return tallyText(d.sum);
  if ('ratio' in d) return `${definitionText(d.ratio[0])} / ${definitionText(d.ratio[1])}`;
  if ('change' in d) {
    const than = d.against === 'previous' ? 'the previous period' : 'the baseline period (default: the previous one)';
    return `${d.as === 'relative' ? 'relative change' : 'difference'} of ${definitionText(d.change)} against ${than}`;
  }
  if ('open' in d) return `${d.open === 'count' ? 'COUNT' : 'SUM amount'} (open at the period's end)`;
  if ('typical' in d) return `MEAN or MEDIAN ${tallyText(d.typical).replace(/^SUM /, '')}`;
  if ('product' in d) return d.product.map(definitionText).join(' × ');
  if ('kpi' in d) return d.kpi;
  return "the plan's target";
}
