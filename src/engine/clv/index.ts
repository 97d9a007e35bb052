/**
 * What the rest of the engine and the faces use of the customer-value models: LTV's "bgnbd" method and the four
 * functions of §8. Code.js's bundle replaces this one module with calls into Models.js (scripts/build.ts), so the
 * models cost a custom function call nothing until one of them runs.
 */
import type { CallEnv, SheetValue } from '../callEnv';
import { callClvParams, callClvTable, callExpectedPurchases, callPAlive } from './calls';

export { fitToSave } from './calls';
import type { ClvFunctionName } from './docs';

export { bgnbdLtv } from './ltv';

/** The customer-value custom functions by name. */
export const CLV_CALLS: Readonly<Record<ClvFunctionName, (raw: readonly unknown[], env: CallEnv) => SheetValue[][]>> = {
  CLV_PARAMS: callClvParams,
  P_ALIVE: callPAlive,
  EXPECTED_PURCHASES: callExpectedPurchases,
  CLV_TABLE: callClvTable,
};
