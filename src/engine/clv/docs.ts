/** The autocomplete docs of the customer-value functions (§8), apart from their code so that the docs cost Code.js nothing more. */
import type { ParamDoc } from '../kpi';

/** The public names of the customer-value functions. */
export type ClvFunctionName = 'CLV_PARAMS' | 'P_ALIVE' | 'EXPECTED_PURCHASES' | 'CLV_TABLE';

const TABLE = 'Array<Array<*>>';
const DEALS: ParamDoc = {
  name: 'deals', type: TABLE,
  description: 'The deal table range with its header row, such as Deals!A1:M (needs customer, close date and amount columns).',
};
const CALIBRATION_END: ParamDoc = {
  name: 'calibration_end', type: 'string|Date', optional: true,
  description: 'Optional. The last day of history the models see: a date, or a period ("1997-09" is its last day); default the last purchase\'s day.',
};
const UNIT: ParamDoc = {
  name: 'unit', type: 'string', optional: true,
  description: 'Optional. The time unit of x, t_x, T and horizon: "day", "week" (default) or "month".',
};

/** The docs of one customer-value function, the way docs.ts describes the others. */
export interface ClvFunctionDoc {
  readonly name: ClvFunctionName;
  /** Its name in Russian, shown after the description (Apps Script has one autocomplete text for every user). */
  readonly ru: string;
  readonly description: string;
  readonly params: readonly ParamDoc[];
  readonly returns: string;
}

/** The customer-value functions' docs, in the order the README and Code.js list them. */
export const CLV_FUNCTION_DOCS: readonly ClvFunctionDoc[] = [
  {
    name: 'CLV_PARAMS',
    ru: 'параметры моделей BG/NBD и Gamma-Gamma',
    description: 'The BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, gamma) maximum-likelihood fits of the customers\' purchase history, with their log-likelihoods.',
    params: [DEALS, CALIBRATION_END, UNIT],
    returns: 'A table: header parameter, value; then customers, repeat_customers, r, alpha, a, b, bgnbd_ll, p, q, gamma, gg_ll.',
  },
  {
    name: 'P_ALIVE',
    ru: 'вероятность, что клиент активен',
    description: 'The probability that each customer is still active at the calibration end (BG/NBD), one row per customer.',
    params: [DEALS, CALIBRATION_END, UNIT],
    returns: 'A table: header customer, P_ALIVE; then one row per customer in label order.',
  },
  {
    name: 'EXPECTED_PURCHASES',
    ru: 'ожидаемое число покупок',
    description: 'Purchases each customer is expected to make in the next horizon units after the calibration end (BG/NBD).',
    params: [DEALS, { name: 'horizon', type: 'number', description: 'Units ahead, such as 52 (weeks).' }, CALIBRATION_END, UNIT],
    returns: 'A table: header customer, EXPECTED_PURCHASES; then one row per customer in label order.',
  },
  {
    name: 'CLV_TABLE',
    ru: 'прогноз ценности каждого клиента',
    description: 'Every customer\'s history (x, t_x, T), P(alive), expected purchases, expected purchase value (Gamma-Gamma) and CLV over the horizon.',
    params: [
      DEALS,
      { name: 'horizon_months', type: 'number', optional: true, description: 'Optional. Months of CLV and expected purchases; default 12.' },
      { name: 'discount_rate', type: 'number', optional: true, description: 'Optional. Annual discount rate, such as 0.1; default 0.' },
      CALIBRATION_END, UNIT,
    ],
    returns: 'A table: header customer, x, t_x, T, P_ALIVE, EXPECTED_PURCHASES, EXPECTED_VALUE, CLV; one row per customer in label order.',
  },
];
