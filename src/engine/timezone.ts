/** Turns a `Date` into the civil day it falls on in a given IANA time zone. */
import { dayFromCivil } from './days';

/** A function from an instant (ms since epoch) to its local day number. */
export type DayOfInstant = (epochMs: number) => number;

/**
 * A day-of-instant function for `timeZone`; results are memoised per instant because a sheet's
 * dates are mostly a few hundred distinct midnights, and Intl formatting is the slow part.
 */
export function dayOfInstantIn(timeZone: string): DayOfInstant {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC' || timeZone === 'GMT') {
    return (ms) => Math.floor(ms / 86400000);
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
  } catch {
    throw new Error(`unknown time zone "${timeZone}"`);
  }
  const cache = new Map<number, number>();
  return (ms) => {
    const hit = cache.get(ms);
    if (hit !== undefined) return hit;
    let y = 0, m = 0, d = 0;
    for (const p of fmt.formatToParts(new Date(ms))) {
      if (p.type === 'year') y = +p.value;
      else if (p.type === 'month') m = +p.value;
      else if (p.type === 'day') d = +p.value;
    }
    const day = dayFromCivil(y, m, d);
    if (cache.size > 100000) cache.clear();
    cache.set(ms, day);
    return day;
  };
}
