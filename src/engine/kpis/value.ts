/** (being written) */
import type { KpiDef } from "../kpi";

export const valueKpis: readonly KpiDef[] = [];
