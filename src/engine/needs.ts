/** Whether a table has the columns a KPI needs (§5), in the user's terms when it does not. */
import { HEADER_SYNONYMS, describeMissingColumn, type Field } from './fields';
import type { DealTable } from './table';

/** Fields whose KPIs count sales: in a sales log (no `status`), the sales are the rows with an amount (§1). */
const COUNTS_SALES: readonly Field[] = ['closed', 'customer'];

/** Why `table` cannot give a KPI that needs `needs`, or undefined when it can. */
export function missingColumns(needs: readonly Field[], table: DealTable): string | undefined {
  for (const f of needs) if (!table.columns[f]) return describeMissingColumn(f);
  if (table.isSalesLog && !table.columns.amount && needs.some((f) => COUNTS_SALES.includes(f))) {
    return 'the deal table has no `status` column, so its sales are the rows with an amount, but it has no `amount` ' +
      `column either (looked for: ${HEADER_SYNONYMS.status.join(', ')}; ${HEADER_SYNONYMS.amount.join(', ')})`;
  }
  return undefined;
}
