/** The error a KPI call throws: its message is what the user sees in the cell's #ERROR! tooltip. */

/** An error whose message is meant for the person who typed the formula. */
export class KpiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KpiError';
  }
}
