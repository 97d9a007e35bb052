/** DEAL_SCORE: a 1–5 score per open deal, the quintile of its expected value among all open deals (§3, §6). */
import { named, tableFor, type CallEnv, type SheetValue } from './callEnv';
import { isBlank } from './coerce';
import { KpiError } from './errors';
import { Kind, type Field } from './fields';
import type { ParamDoc } from './kpi';
import { lowerBound } from './search';
import { unreadableRows, type DealTable } from './table';

/** Columns without which DEAL_SCORE is an error: open deals need a status, an expected value an amount. */
const NEEDS: readonly Field[] = ['status', 'amount'];

/** The autocomplete and README description of DEAL_SCORE. */
export const DEAL_SCORE_DOC: { readonly name: 'DEAL_SCORE'; readonly description: string; readonly params: readonly ParamDoc[] } = {
  name: 'DEAL_SCORE',
  description:
    'A column to place beside the deal table: the header DEAL_SCORE, then for each open deal a score 1–5, the quintile of ' +
    'its expected value (amount × probability, or × the win rate of its source when there is no probability) among all ' +
    'open deals; empty for closed deals.',
  params: [
    {
      name: 'deals', type: 'Array<Array<*>>',
      description: 'The deal table range with its header row, such as Deals!A1:M (needs status and amount columns).',
    },
  ],
};

/**
 * Laplace-smoothed win rate (won + 1) / (closed + 2) of the closed deals of each source: index = source
 * code, the last slot the blank source. Without a source column every row is in the blank slot, so
 * all closed deals are pooled.
 */
function sourceWinRates(table: DealTable): { rate: Float64Array; blank: number } {
  const codes = table.labels.source.codes;
  const blank = table.labels.source.labels.length;
  const won = new Float64Array(blank + 1);
  const closed = new Float64Array(blank + 1);
  const { kind } = table;
  for (let i = 0; i < table.n; i++) {
    const k = kind[i];
    if (k !== Kind.Won && k !== Kind.Lost) continue;
    const c = codes[i];
    const slot = c >= 0 ? c : blank;
    closed[slot]++;
    if (k === Kind.Won) won[slot]++;
  }
  const rate = new Float64Array(blank + 1);
  for (let g = 0; g <= blank; g++) rate[g] = (won[g] + 1) / (closed[g] + 2);
  return { rate, blank };
}

/**
 * Expected value amount × p of any row: p is its probability, else the Laplace-smoothed win rate of
 * closed deals from its source (§3); NaN without an amount. The summary lists deals with it too.
 */
export function expectedValueOf(table: DealTable): (row: number) => number {
  const { rate, blank } = sourceWinRates(table);
  const codes = table.labels.source.codes;
  const { amount, probability } = table.numbers;
  // Only a blank probability falls back to the source's win rate; one that cannot be read gives no score (§5).
  const unreadable = unreadableRows(table, 'probability');
  return (i) => {
    const p = probability[i];
    if (p !== p && unreadable[i] === 1) return NaN;
    const c = codes[i];
    return amount[i] * (p === p ? p : rate[c >= 0 ? c : blank]);
  };
}

/** Expected value of each open deal; NaN for closed deals and open deals without an amount. */
function expectedValues(table: DealTable): Float64Array {
  const ev = expectedValueOf(table);
  const { kind } = table;
  const out = new Float64Array(table.n).fill(NaN);
  for (let i = 0; i < table.n; i++) if (kind[i] === Kind.Open) out[i] = ev(i);
  return out;
}

/**
 * DEAL_SCORE of every kept row: 1 + ⌊5 × (open deals with a strictly smaller expected value) / n⌋ over
 * the n open deals that have one, so ties share the lower score; NaN where there is no score.
 */
export function dealScores(table: DealTable): Float64Array {
  const ev = expectedValues(table);
  let n = 0;
  for (let i = 0; i < table.n; i++) if (ev[i] === ev[i]) n++;
  const sorted = new Float64Array(n);
  for (let i = 0, j = 0; i < table.n; i++) if (ev[i] === ev[i]) sorted[j++] = ev[i];
  sorted.sort();
  const out = new Float64Array(table.n).fill(NaN);
  for (let i = 0; i < table.n; i++) {
    const x = ev[i];
    if (x === x) out[i] = 1 + Math.floor((5 * lowerBound(sorted, x)) / n);
  }
  return out;
}

/**
 * `DEAL_SCORE(deals)`: the column to place beside the table, header first, then one cell per row of
 * the range down to its last non-blank row (blank rows and rows without a score get "").
 */
export function callDealScore(raw: readonly unknown[], env: CallEnv): SheetValue[][] {
  return named('DEAL_SCORE', () => {
    if (raw.slice(1).some((a) => !isBlank(a))) {
      throw new KpiError('takes one argument, the deal table: it scores the deals open now, whatever the period');
    }
    const table = tableFor({ needs: NEEDS }, raw[0], env);
    const scores = dealScores(table);
    const rows = table.n === 0 ? 0 : table.rowNumbers[table.n - 1] - table.headerRow;
    const out: SheetValue[][] = [['DEAL_SCORE']];
    for (let r = 1; r <= rows; r++) out.push(['']);
    for (let i = 0; i < table.n; i++) {
      const s = scores[i];
      if (s === s) out[table.rowNumbers[i] - table.headerRow][0] = s;
    }
    return out;
  });
}
