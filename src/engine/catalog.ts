/** The one catalog of KPIs: functions, their docs, the sidebar, the summary and SQL are all built from it. */
import { evaluate } from './evaluate';
import type { KpiDef, KpiEntry } from './kpi';
import { cohortKpis } from './kpis/cohort';
import { customerKpis } from './kpis/customers';
import { mixKpis } from './kpis/mix';
import { pipelineKpis } from './kpis/pipeline';
import { salesKpis } from './kpis/sales';
import { valueKpis } from './kpis/value';

/** A catalog entry made ready to compute: a defined KPI gets its definition's evaluator. */
export function toKpiDef(entry: KpiEntry): KpiDef {
  if ('compute' in entry) return entry;
  const { definition } = entry;
  return { ...entry, compute: (table, slicing, args) => evaluate(definition, table, slicing, args, findKpi) };
}

/** Every KPI, in the spec's order (§3): the families in turn, each in its own order. */
export const CATALOG: readonly KpiDef[] = [...salesKpis, ...cohortKpis, ...pipelineKpis, ...customerKpis, ...mixKpis, ...valueKpis].map(toKpiDef);

const BY_KEY = new Map<string, KpiDef>(CATALOG.flatMap((k) => [[k.id, k], [k.name.toLowerCase(), k]]));

/** The KPI named `name` (id or function name, any case), or undefined. */
export function findKpi(name: string): KpiDef | undefined {
  return BY_KEY.get(name.trim().toLowerCase().replace(/[\s-]+/g, '_'));
}
