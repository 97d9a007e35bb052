/** (being written) */
import type { KpiDef } from "../kpi";

export const mixKpis: readonly KpiDef[] = [];
