/** (being written) */
import type { KpiDef } from "../kpi";

export const pipelineKpis: readonly KpiDef[] = [];
