/** Remembering a cell reader's results for the texts of a column, which repeat: a million cells hold a few hundred. */

/** Distinct strings remembered per column: enough for reps, statuses and dates, bounded for unique ids. */
const MEMO_LIMIT = 10000;

/**
 * `fn` with its results for string cells remembered (up to 10 000 distinct texts): a column of a million cells
 * holds a few hundred distinct texts ("won", "15.03.2024", a rep's name), and reading each again is most of
 * reading's time.
 */
export function rememberStrings<T>(fn: (cell: unknown) => T): (cell: unknown) => T {
  const memo = new Map<string, T>();
  return (cell) => {
    if (typeof cell !== 'string') return fn(cell);
    let r = memo.get(cell);
    if (r === undefined) {
      r = fn(cell);
      if (memo.size < MEMO_LIMIT) memo.set(cell, r);
    }
    return r;
  };
}
