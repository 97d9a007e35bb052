/** Turns a `Date` into the civil day it falls on in a given IANA time zone. */
import { dayFromCivil } from './days';

/** A function from an instant (ms since epoch) to its local day number. */
export type DayOfInstant = (epochMs: number) => number;

const DAY_MS = 86400000;
/** Offsets change at whole quarter-hours of UTC in practice; a block that holds a change is read exactly. */
const BLOCK_MS = 900000;

/**
 * A day-of-instant function for `timeZone`. Intl formatting is the slow part (microseconds a call),
 * and a sheet of date-times has a distinct instant per row, so the zone's UTC offset is cached per
 * UTC day (per quarter-hour on the days it changes): a day is then a lookup, an addition and a division.
 */
export function dayOfInstantIn(timeZone: string): DayOfInstant {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC' || timeZone === 'GMT') {
    return (ms) => Math.floor(ms / DAY_MS);
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    throw new Error(`unknown time zone "${timeZone}"`);
  }
  const offsetAt = (ms: number): number => {
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    for (const p of fmt.formatToParts(new Date(ms))) {
      switch (p.type) {
        case 'year': y = +p.value; break;
        case 'month': mo = +p.value; break;
        case 'day': d = +p.value; break;
        case 'hour': h = +p.value; break;
        case 'minute': mi = +p.value; break;
        case 'second': s = +p.value; break;
        default: break;
      }
    }
    const local = dayFromCivil(y, mo, d) * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000;
    return local - (ms - (((ms % 1000) + 1000) % 1000));
  };
  // Offset of each span of `size` ms that holds no change of offset, NaN for one that holds a change.
  const spanOffset = (cache: Map<number, number>, size: number, ms: number): number => {
    const span = Math.floor(ms / size);
    let offset = cache.get(span);
    if (offset === undefined) {
      const first = offsetAt(span * size);
      offset = first === offsetAt(span * size + size - 1) ? first : NaN;
      if (cache.size > 100000) cache.clear();
      cache.set(span, offset);
    }
    return offset;
  };
  // Whole UTC days first (a table spans a few thousand), quarter-hours only on the days the offset changes.
  const days = new Map<number, number>();
  const blocks = new Map<number, number>();
  return (ms) => {
    // An Invalid Date's NaN has no day, as in UTC; Intl would throw on it, and a reader would crash instead of naming the cell.
    if (ms !== ms) return NaN;
    let offset = spanOffset(days, DAY_MS, ms);
    if (offset !== offset) offset = spanOffset(blocks, BLOCK_MS, ms);
    return Math.floor((ms + (offset === offset ? offset : offsetAt(ms))) / DAY_MS);
  };
}
