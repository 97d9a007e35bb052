/**
 * The customer-value custom functions of §8 as Sheets calls them: CLV_PARAMS, P_ALIVE, EXPECTED_PURCHASES and
 * CLV_TABLE, raw arguments in, a spilled table out, with their autocomplete docs.
 */
import { named, tableFor, type CallEnv, type SheetValue } from '../callEnv';
import { isBlank, isDate } from '../coerce';
import { KpiError } from '../errors';
import { formatDay } from '../days';
import { parsePeriod } from '../period';
import type { DealTable } from '../table';
import { customerHistory, lastPurchaseDay, parseUnit, type CustomerHistory } from './history';
import { bgnbdFor, customerValues, modelsFor, purchaseMargin, type ClvModels, type FitOptions } from './value';
import { expectedPurchases, pAlive } from './bgnbd';
import { fingerprintOf, type SavedFit } from './savedFits';

/** The columns every customer-value function reads (§8: purchases are won deals with a customer, date and amount). */
const NEEDS = { needs: ['customer', 'closed', 'amount'] } as const;

/** Reads `calibration_end`: a date is that day, a period text its last day; blank is the last purchase's day. */
export function parseCalibrationEnd(arg: unknown, table: DealTable): number {
  const v = Array.isArray(arg) && arg.length === 1 && Array.isArray(arg[0]) && arg[0].length === 1 ? arg[0][0] : arg;
  if (v === undefined || v === null || isBlank(v)) {
    const last = lastPurchaseDay(table);
    if (!(last === last)) throw new KpiError('there are no purchases: won deals with a customer, a close date and an amount of 0 or more');
    return last;
  }
  if (isDate(v)) return table.dayOf(v.getTime());
  let p;
  try {
    p = parsePeriod(v, table.dayOf, table.fiscalYearStart);
  } catch {
    throw new KpiError(`calibration_end "${String(v)}" is not a date or a period (such as 1997-09-30 or 1997-09)`);
  }
  if (p.kind === 'all') throw new KpiError('calibration_end is empty');
  return p.end - 1;
}

/** Reads a number argument ≥ `min` (blank: `fallback`; undefined fallback: required). */
function numberArg(raw: unknown, name: string, fallback: number | undefined, check: (v: number) => boolean, rule: string): number {
  const v = Array.isArray(raw) && raw.length === 1 && Array.isArray(raw[0]) && raw[0].length === 1 ? raw[0][0] : raw;
  if (v === undefined || v === null || isBlank(v)) {
    if (fallback === undefined) throw new KpiError(`${name} is missing: ${rule}`);
    return fallback;
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.trim().replace(',', '.')) : NaN;
  if (!Number.isFinite(n) || !check(n)) throw new KpiError(`${name} "${String(v)}" must be ${rule}`);
  return n;
}

/** A call's read table and its customer summary, from `deals` and the `calibration_end` and `unit` at `calIndex`. */
function historyOf(raw: readonly unknown[], calIndex: number, env: CallEnv, takes: number, form: string): { table: DealTable; h: CustomerHistory } {
  if (raw.length > takes) throw new KpiError(`takes at most ${takes} arguments: ${form}`);
  const table = tableFor(NEEDS, raw[0], env);
  const end = parseCalibrationEnd(raw[calIndex], table);
  const h = customerHistory(table, parseUnit(raw[calIndex + 1]), end);
  if (h.labels.length === 0) throw new KpiError(`no customer made a purchase by the calibration end ${formatDay(end)}`);
  return { table, h };
}

/**
 * The fit the sidebar saves in the document (no deadline: a server call may run for minutes), of `deals` calibrated at
 * `calibrationEnd` in `unit`, raw arguments as the functions take them.
 */
export function fitToSave(deals: unknown, calibrationEnd: unknown, unit: unknown, env: CallEnv): SavedFit {
  const { h } = historyOf([deals, calibrationEnd, unit], 1, env, 3, 'fit(deals, [calibration_end], [unit])');
  const m = modelsFor(h);
  return { ...fingerprintOf(h), bgnbd: m.bgnbd, gammaGamma: m.gammaGamma, fittedAt: new Date(env.now ?? Date.now()).toISOString() };
}

/** What a call allows its fits: the custom function's deadline and the document's saved fits. */
const fitOptions = (env: CallEnv): FitOptions => ({ deadline: env.fitDeadline, saved: env.savedFits });

/** The result when a value is not a finite number: an empty cell. */
const cell = (v: number): SheetValue => (Number.isFinite(v) ? v : '');

/** `CLV_PARAMS(deals, [calibration_end], [unit])`: both fits as a two-column table. */
export function callClvParams(raw: readonly unknown[], env: CallEnv): SheetValue[][] {
  return named('CLV_PARAMS', () => {
    const { h } = historyOf(raw, 1, env, 3, 'CLV_PARAMS(deals, [calibration_end], [unit])');
    const m: ClvModels = modelsFor(h, fitOptions(env));
    return [
      ['parameter', 'value'],
      ['customers', m.customers], ['repeat_customers', m.repeatCustomers],
      ['r', m.bgnbd.r], ['alpha', m.bgnbd.alpha], ['a', m.bgnbd.a], ['b', m.bgnbd.b], ['bgnbd_ll', m.bgnbd.ll],
      ['p', m.gammaGamma.p], ['q', m.gammaGamma.q], ['gamma', m.gammaGamma.gamma], ['gg_ll', m.gammaGamma.ll],
    ];
  });
}

/** `P_ALIVE(deals, [calibration_end], [unit])`: one row per customer. */
export function callPAlive(raw: readonly unknown[], env: CallEnv): SheetValue[][] {
  return named('P_ALIVE', () => {
    const { h } = historyOf(raw, 1, env, 3, 'P_ALIVE(deals, [calibration_end], [unit])');
    const bg = bgnbdFor(h, fitOptions(env));
    return [['customer', 'P_ALIVE'], ...h.labels.map((c, i): SheetValue[] => [c, cell(pAlive(bg, h.x[i], h.tx[i], h.T[i]))])];
  });
}

/** `EXPECTED_PURCHASES(deals, horizon, [calibration_end], [unit])`: purchases expected in the next `horizon` units. */
export function callExpectedPurchases(raw: readonly unknown[], env: CallEnv): SheetValue[][] {
  return named('EXPECTED_PURCHASES', () => {
    const horizon = numberArg(raw[1], 'horizon', undefined, (v) => v >= 0, 'a number of units ahead, 0 or more (such as 52 weeks)');
    const { h } = historyOf(raw, 2, env, 4, 'EXPECTED_PURCHASES(deals, horizon, [calibration_end], [unit])');
    const bg = bgnbdFor(h, fitOptions(env));
    return [
      ['customer', 'EXPECTED_PURCHASES'],
      ...h.labels.map((c, i): SheetValue[] => [c, cell(expectedPurchases(bg, h.x[i], h.tx[i], h.T[i], horizon))]),
    ];
  });
}

/** `CLV_TABLE(deals, [horizon_months], [discount_rate], [calibration_end], [unit])`: every customer's figures. */
export function callClvTable(raw: readonly unknown[], env: CallEnv): SheetValue[][] {
  return named('CLV_TABLE', () => {
    const horizonMonths = numberArg(raw[1], 'horizon_months', 12, (v) => Number.isInteger(v) && v >= 0, 'a whole number of months, 0 or more');
    const discountRate = numberArg(raw[2], 'discount_rate', 0, (v) => v > -1, 'an annual rate above −1 (0.1 for 10 %)');
    const { table, h } = historyOf(raw, 3, env, 5, 'CLV_TABLE(deals, [horizon_months], [discount_rate], [calibration_end], [unit])');
    const m = modelsFor(h, fitOptions(env));
    const v = customerValues(h, m.bgnbd, m.gammaGamma, { horizonMonths, discountRate, margin: purchaseMargin(table) });
    return [
      ['customer', 'x', 't_x', 'T', 'P_ALIVE', 'EXPECTED_PURCHASES', 'EXPECTED_VALUE', 'CLV'],
      ...h.labels.map((c, i): SheetValue[] => [
        c, h.x[i], h.tx[i], h.T[i], cell(v.pAlive[i]), cell(v.expectedPurchases[i]), cell(v.expectedValue[i]), cell(v.clv[i]),
      ]),
    ];
  });
}
