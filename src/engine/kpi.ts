/** What a KPI is: the catalog entry type every face (functions, docs, sidebar, summary) is built from. */
import type { Band } from './benchmarks';
import type { Definition } from './definition';
import type { Field } from './fields';
import type { Period } from './period';
import type { PlanTable, SpendTable } from './sideTables';
import type { Slicing } from './slicing';
import type { DealTable } from './table';
import type { FitOptions } from './clv/value';

/** The unit of a KPI's value, which also fixes its number format. */
export type KpiUnit = 'money' | 'count' | 'rate' | 'days' | 'months' | 'ratio' | 'money_per_day';

/** Why a KPI has no value for a slice, in the user's terms ("no won or lost deals closed in 2024-03"). */
export interface NoValue {
  readonly reason: string;
}

/** A KPI's value for one slice: a number, or the reason there is none. */
export type KpiValue = number | NoValue;

/** A value with no number, and why. */
export const noValue = (reason: string): NoValue => ({ reason });

/** True when a KPI value is a number. */
export const hasValue = (v: KpiValue): v is number => typeof v === 'number';

/** A parameter as the autocomplete help shows it. */
export interface ParamDoc {
  readonly name: string;
  /** The type as JSDoc writes it for the Sheets helper: number, string, Date, Array<Array<*>>, boolean. */
  readonly type: string;
  readonly description: string;
  readonly optional?: boolean;
}

/** The extra, KPI-specific arguments of a call, already read. */
export interface KpiArgs {
  /** PLAN_ATTAINMENT's plan. */
  readonly plan?: PlanTable;
  /** CAC, NET_LTV, LTV_CAC, CAC_PAYBACK's marketing spend. */
  readonly spend?: SpendTable;
  /** SALES_CYCLE's statistic. */
  readonly stat?: 'mean' | 'median';
  /** PIPELINE_VALUE's weighting by probability. */
  readonly weighted?: boolean;
  /** INCREMENTAL_SALES's baseline period (default: the previous period). */
  readonly baseline?: Period;
  /** LTV's method: the §3 formula (default) or the BG/NBD and Gamma-Gamma models of §8. */
  readonly method?: 'simple' | 'bgnbd';
  /** How LTV's "bgnbd" method may fit its models: the call's deadline and the document's saved fits. */
  readonly fitting?: FitOptions;
}

/** The side table a KPI takes right after `deals` (§3): PLAN_ATTAINMENT's plan, CAC's spend. */
export type SideArg = 'plan' | 'spend';

/** The option a KPI takes after `group_by` (§3). */
export type OptionArg = 'stat' | 'weighted' | 'baseline_period' | 'method';

/** A calculator form: numbers in, number out (§3). */
export interface CalculatorForm {
  readonly params: readonly ParamDoc[];
  /** Computes from the arguments; a blank optional argument arrives as undefined. */
  readonly compute: (args: readonly (number | undefined)[]) => number;
}

/** A KPI's values over a slicing: one per slice. */
export type Compute = (table: DealTable, slicing: Slicing, args: KpiArgs) => KpiValue[];

/** What every catalog entry says about its KPI, however its value is found. */
interface KpiBase {
  /** Lower-case id, as `KPI("win_rate", …)` accepts it. */
  readonly id: string;
  /** The custom function's name. */
  readonly name: string;
  readonly title: { readonly en: string; readonly ru: string };
  /** One line for the autocomplete help and the README. */
  readonly description: string;
  readonly unit: KpiUnit;
  readonly higherIsBetter: boolean;
  /** Columns without which the KPI is an error (§5). */
  readonly needs: readonly Field[];
  /**
   * Columns needed only over a period or time groups: a snapshot taken now (period "") needs no
   * creation date, so a plain list of open deals has a pipeline (§6 Snapshots).
   */
  readonly periodNeeds?: readonly Field[];
  /** True when the values over groups add up to the whole-call value. */
  readonly additive: boolean;
  readonly side?: SideArg;
  readonly option?: { readonly name: OptionArg; readonly doc: ParamDoc };
  readonly calculator?: CalculatorForm;
  /** The status scale against the benchmarks (§4), in order: the first band a value falls in colours it. */
  readonly bands?: readonly Band[];
}

/** A KPI described as data: every face (the evaluator, the live formulas, SQL) reads its definition. */
export interface DefinedEntry extends KpiBase {
  readonly definition: Definition;
}

/** A KPI that needs customer history, a model or the spend's rules: computed by hand, and `handWritten` says why. */
export interface ComputedEntry extends KpiBase {
  readonly handWritten: string;
  readonly compute: Compute;
}

/** A catalog entry as a family writes it. */
export type KpiEntry = DefinedEntry | ComputedEntry;

/** One KPI of the catalog: its entry with a `compute` (for a defined KPI, its definition evaluated). */
export type KpiDef = (DefinedEntry & { readonly compute: Compute }) | ComputedEntry;

/** The definition of a KPI described as data; undefined for a hand-written one. */
export function definitionOf(def: KpiDef): Definition | undefined {
  return 'definition' in def ? def.definition : undefined;
}
