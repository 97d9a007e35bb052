import { describe, expect, it } from 'vitest';
import { callDealScore, dealScores, DEAL_SCORE_DOC } from '../../src/engine/dealScore';
import { d, ENV, grid, table } from '../helpers';

const scoreColumn = (g: unknown[][]): unknown[][] => callDealScore([g], ENV);
const scoresOf = (g: unknown[][]): number[] => Array.from(dealScores(table(g)));

describe('DEAL_SCORE', () => {
  it('scores open deals 1 + ⌊5 × smaller / n⌋; ties share the lower score (§6)', () => {
    // Probability 1 everywhere, so expected value = amount. n = 5 open deals with an amount.
    // 100: 0 smaller → 1; 200: 1 → 1 + ⌊5/5⌋ = 2; 300 and 300: 2 smaller each → 1 + ⌊10/5⌋ = 3 (the tie shares the
    // lower score, not 3 and 4); 500: 4 smaller → 1 + ⌊20/5⌋ = 5.
    const g = grid(['Amount', 'Status', 'Probability'], [
      [300, 'open', 1],
      [100, 'open', 1],
      [500, 'open', 1],
      [300, 'open', 1],
      [200, 'open', 1],
      [900, 'won', 1], // closed: no score
      ['', 'open', 1], // no amount: no score, and not one of the n
    ]);
    expect(scoresOf(g)).toEqual([3, 1, 5, 3, 2, NaN, NaN]);
  });

  it('weights each amount by its probability, 60 read as 60 %', () => {
    // Expected values: 1000 × 0.6 = 600; 2000 × 0.2 = 400; 500 × 1 = 500. n = 3.
    // 400: 0 smaller → 1; 500: 1 → 1 + ⌊5/3⌋ = 2; 600: 2 → 1 + ⌊10/3⌋ = 4.
    const g = grid(['Amount', 'Status', 'Probability'], [
      [1000, 'open', 60],
      [2000, 'open', 0.2],
      [500, 'open', 1],
    ]);
    expect(scoresOf(g)).toEqual([4, 1, 2]);
  });

  it('without probabilities uses the Laplace-smoothed win rate of the deal\'s source', () => {
    // Source A: 3 won, 1 lost → (3 + 1) / (4 + 2) = 2/3. Source B: 0 won, 2 lost → 1/4.
    // Blank source: no closed deals → (0 + 1) / (0 + 2) = 1/2 (its own group, not A's or B's).
    // Open: A 300 × 2/3 = 200; B 400 × 1/4 = 100; blank 300 × 1/2 = 150. n = 3.
    // 100 → 1; 150 → 1 + ⌊5/3⌋ = 2; 200 → 1 + ⌊10/3⌋ = 4.
    const g = grid(['Amount', 'Status', 'Source'], [
      [10, 'won', 'A'], [10, 'won', 'A'], [10, 'won', 'A'], [10, 'lost', 'A'],
      [10, 'lost', 'B'], [10, 'lost', 'B'],
      [300, 'open', 'A'],
      [400, 'open', 'B'],
      [300, 'open', ''],
    ]);
    expect(scoresOf(g).slice(6)).toEqual([4, 1, 2]);
  });

  it('falls back to the source\'s win rate for an open deal whose probability cell is blank', () => {
    // Source A: 1 won, 0 lost → (1 + 1) / (1 + 2) = 2/3. Open: 900 × 0.1 = 90; 300 × 2/3 = 200 (blank probability).
    // n = 2: 90 → 1; 200 → 1 + ⌊5/2⌋ = 3.
    const g = grid(['Amount', 'Status', 'Source', 'Probability'], [
      [10, 'won', 'A', ''],
      [900, 'open', 'A', 0.1],
      [300, 'open', 'A', ''],
    ]);
    expect(scoresOf(g)).toEqual([NaN, 1, 3]);
  });

  it('without a source column pools all closed deals', () => {
    // 1 won, 3 lost → (1 + 1) / (4 + 2) = 1/3 for every open deal. 300 → 100, 600 → 200; n = 2: 1 and 1 + ⌊5/2⌋ = 3.
    const g = grid(['Amount', 'Status'], [
      [10, 'won'], [10, 'lost'], [10, 'lost'], [10, 'lost'],
      [600, 'open'],
      [300, 'open'],
    ]);
    expect(scoresOf(g).slice(4)).toEqual([3, 1]);
  });

  it('returns a column to place beside the table, aligned with its rows, blank rows included', () => {
    // Range rows: header, open 100, won, blank, open 300, then two trailing blank rows (a whole-column range A1:C).
    // n = 2: 100 → 1; 300 → 1 + ⌊5/2⌋ = 3. The column stops at the last non-blank row.
    const g = grid(['Amount', 'Status', 'Closed'], [
      [100, 'open', ''],
      [200, 'won', d('2024-03-01')],
      ['', '', ''],
      [300, 'open', ''],
      ['', '', ''],
      ['', '', ''],
    ]);
    expect(scoreColumn(g)).toEqual([['DEAL_SCORE'], [1], [''], [''], [3]]);
  });

  it('is just the header for a table without rows', () => {
    expect(scoreColumn(grid(['Amount', 'Status'], []))).toEqual([['DEAL_SCORE']]);
  });

  it('needs a status column: a sales log has no open deals', () => {
    expect(() => scoreColumn(grid(['Amount', 'Closed'], [[100, d('2024-03-01')]]))).toThrow(
      'DEAL_SCORE: the deal table has no `status` column (looked for: status, state, outcome, result, статус, результат, состояние)',
    );
  });

  it('takes no period: a second argument is an error', () => {
    expect(() => callDealScore([grid(['Amount', 'Status'], [[1, 'open']]), '2024-03'], ENV)).toThrow(
      'DEAL_SCORE: takes one argument, the deal table',
    );
  });

  it('documents its one parameter', () => {
    expect(DEAL_SCORE_DOC.name).toBe('DEAL_SCORE');
    expect(DEAL_SCORE_DOC.params.map((p) => p.name)).toEqual(['deals']);
  });
});

describe('DEAL_SCORE and a probability that cannot be read', () => {
  it('gives that deal no score (§5): only a blank probability falls back to the source win rate', () => {
    // Open deals 100 × 0.5 = 50, 200 × "abc" (unreadable: no score), 300 × blank → (0 + 1) / (0 + 2) = 0.5 → 150.
    const g = grid(['Amount', 'Status', 'Probability'], [[100, 'open', 0.5], [200, 'open', 'abc'], [300, 'open', '']]);
    // Two scored deals: 50 has none below it → 1; 150 has one below → 1 + ⌊5 × 1 / 2⌋ = 3.
    expect(scoresOf(g)).toEqual([1, NaN, 3]);
  });
});
