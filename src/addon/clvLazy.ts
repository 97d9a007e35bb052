/**
 * Code.js's stand-in for src/engine/clv/index.ts (swapped in by scripts/build.ts): the same exports, each a call into
 * Models.js, whose bundle of the customer-value models is evaluated only when one of them runs.
 */
import type * as Clv from '../engine/clv/index';

/** Models.js's loader: evaluates its bundle on first use and returns src/engine/clv/index.ts's exports. */
declare function salesKpiModels_(): typeof Clv;

/** LTV's "bgnbd" method, run in Models.js. */
export const bgnbdLtv: typeof Clv.bgnbdLtv = (...args) => salesKpiModels_().bgnbdLtv(...args);

/** The customer-value functions, run in Models.js. */
export const CLV_CALLS: typeof Clv.CLV_CALLS = {
  CLV_PARAMS: (raw, env) => salesKpiModels_().CLV_CALLS.CLV_PARAMS(raw, env),
  P_ALIVE: (raw, env) => salesKpiModels_().CLV_CALLS.P_ALIVE(raw, env),
  EXPECTED_PURCHASES: (raw, env) => salesKpiModels_().CLV_CALLS.EXPECTED_PURCHASES(raw, env),
  CLV_TABLE: (raw, env) => salesKpiModels_().CLV_CALLS.CLV_TABLE(raw, env),
};
