/** The one catalog of KPIs: functions, their docs, the sidebar and the summary are all built from it. */
import type { KpiDef } from './kpi';
import { cohortKpis } from './kpis/cohort';
import { customerKpis } from './kpis/customers';
import { mixKpis } from './kpis/mix';
import { pipelineKpis } from './kpis/pipeline';
import { salesKpis } from './kpis/sales';
import { valueKpis } from './kpis/value';

/** Function names in the order of the spec's table (§3): the order of docs and summaries. */
const ORDER = [
  'SALES_VOLUME', 'DEALS_WON', 'DEALS_LOST', 'AVG_DEAL', 'SALES_GROWTH', 'PLAN_ATTAINMENT', 'WIN_RATE',
  'LEAD_CONVERSION', 'LEAD_TO_OPPORTUNITY', 'LOSS_RATE', 'SALES_CYCLE', 'PIPELINE_COUNT', 'PIPELINE_VALUE',
  'PIPELINE_VELOCITY', 'NEW_CUSTOMERS', 'ACTIVE_CUSTOMERS', 'ARPU', 'RETENTION_RATE', 'CHURN_RATE',
  'REPEAT_PURCHASES', 'REPEAT_RATE', 'LOYAL_CUSTOMERS', 'POTENTIAL_CUSTOMERS', 'PROFIT', 'MARGIN',
  'UPSELL_RATE', 'CROSS_SELL_RATE', 'CAC', 'LTV', 'NET_LTV', 'LTV_CAC', 'CAC_PAYBACK', 'INCREMENTAL_SALES',
];

/** Every KPI, in the spec's order. */
export const CATALOG: readonly KpiDef[] = [...salesKpis, ...cohortKpis, ...customerKpis, ...mixKpis, ...pipelineKpis, ...valueKpis]
  .slice()
  .sort((a, b) => rank(a.name) - rank(b.name));

function rank(name: string): number {
  const i = ORDER.indexOf(name);
  return i < 0 ? ORDER.length : i;
}

const BY_KEY = new Map<string, KpiDef>(CATALOG.flatMap((k) => [[k.id, k], [k.name.toLowerCase(), k]]));

/** The KPI named `name` (id or function name, any case), or undefined. */
export function findKpi(name: string): KpiDef | undefined {
  return BY_KEY.get(name.trim().toLowerCase().replace(/[\s-]+/g, '_'));
}
