/** (being written) */
import type { KpiDef } from "../kpi";

export const cohortKpis: readonly KpiDef[] = [];
