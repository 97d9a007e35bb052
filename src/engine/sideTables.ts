/** Plan and spend side tables (§6 Side tables): placeholder types until their reader lands. */
export interface PlanTable { readonly kind: 'plan' }
export interface SpendTable { readonly kind: 'spend' }
import type { DayOfInstant } from './timezone';
/** Reads a plan argument (helper H4 replaces this file). */
export function readPlan(_raw: unknown, _dayOf: DayOfInstant): PlanTable { return { kind: 'plan' }; }
/** Reads a spend argument (helper H4 replaces this file). */
export function readSpend(_raw: unknown, _dayOf: DayOfInstant): SpendTable { return { kind: 'spend' }; }
