/** (being written) */
import type { KpiDef } from "../kpi";

export const customerKpis: readonly KpiDef[] = [];
