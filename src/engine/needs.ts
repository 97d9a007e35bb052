/** Whether a table has the columns a KPI needs (§5), in the user's terms when it does not. */
import { HEADER_SYNONYMS, describeMissingColumn, type Field } from './fields';
import type { KpiDef } from './kpi';
import type { DealTable } from './table';

/** Fields whose KPIs count sales: in a sales log (no `status`), the sales are the rows with an amount (§1). */
const COUNTS_SALES: readonly Field[] = ['closed', 'customer'];

/** The columns a KPI needs; `overTime` for a call with a period or time groups, where `periodNeeds` join in. */
export function needsOf(def: Pick<KpiDef, 'needs' | 'periodNeeds'>, overTime: boolean): readonly Field[] {
  return overTime && def.periodNeeds ? [...def.needs, ...def.periodNeeds] : def.needs;
}

/** Why `table` cannot give a KPI that needs `needs`, or undefined when it can. */
export function missingColumns(needs: readonly Field[], table: Pick<DealTable, 'isSalesLog' | 'columns'>): string | undefined {
  for (const f of needs) {
    // An outcome read from the stage or a CRM's Won / Closed checkboxes serves as a status (§1).
    if (f === 'status' && table.isSalesLog) return `${describeMissingColumn(f)}, nor a \`stage\` to read won and lost from`;
    if (f !== 'status' && !table.columns[f]) return describeMissingColumn(f);
  }
  if (table.isSalesLog && !table.columns.amount && needs.some((f) => COUNTS_SALES.includes(f))) {
    return 'the deal table has no `status` column, so its sales are the rows with an amount, but it has no `amount` ' +
      `column either (looked for: ${HEADER_SYNONYMS.status.join(', ')}; ${HEADER_SYNONYMS.amount.join(', ')})`;
  }
  return undefined;
}
