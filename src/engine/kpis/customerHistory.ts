/**
 * Per-customer history and distinct-customer counting: the shared blocks of the customer KPIs (and LTV).
 * A customer's history always comes from the whole table (§6 Groups and history); a slice only
 * chooses which deals or customers are counted.
 */
import { Kind } from '../fields';
import { inSpan, type Period } from '../period';
import { rowSlots, type Slicing } from '../slicing';
import type { DealTable } from '../table';

/**
 * What the customer KPIs need to know of each customer code (`table.labels.customer.codes`), over the
 * won deals (Kind.Won, not refunds) with a readable close date, ordered by close date and then by row.
 */
export interface CustomerHistory {
  /** Number of customer codes (the length of every array below). */
  readonly nCustomers: number;
  /** Row of the customer's first won deal (earliest close date, ties → the earliest row), -1 if none. */
  readonly firstWon: Int32Array;
  /** Close day of that deal, Infinity if none. */
  readonly firstWonDay: Float64Array;
  /** Row of the next won deal after the first in that order (may share its day), -1 if none. */
  readonly secondWon: Int32Array;
  /** Close day of that deal, Infinity if none: the customer has ≥ 2 won deals closed before `end` iff it is < end. */
  readonly secondWonDay: Float64Array;
}

const historyCache = new WeakMap<DealTable, CustomerHistory>();

/** The history of every customer of `table`, computed once per table in one pass over the rows. */
export function customerHistory(table: DealTable): CustomerHistory {
  const hit = historyCache.get(table);
  if (hit) return hit;
  const nCustomers = table.labels.customer.labels.length;
  const firstWon = new Int32Array(nCustomers).fill(-1);
  const secondWon = new Int32Array(nCustomers).fill(-1);
  const firstWonDay = new Float64Array(nCustomers).fill(Infinity);
  const secondWonDay = new Float64Array(nCustomers).fill(Infinity);
  const cust = table.labels.customer.codes;
  const { kind } = table;
  const closed = table.dates.closed;
  // Rows come in order, so replacing only on a strictly earlier day keeps the earliest row of a tie.
  for (let i = 0; i < table.n; i++) {
    const c = cust[i];
    const d = closed[i];
    if (c < 0 || kind[i] !== Kind.Won || !(d === d)) continue;
    if (d < firstWonDay[c]) {
      secondWon[c] = firstWon[c];
      secondWonDay[c] = firstWonDay[c];
      firstWon[c] = i;
      firstWonDay[c] = d;
    } else if (d < secondWonDay[c]) {
      secondWon[c] = i;
      secondWonDay[c] = d;
    }
  }
  const h: CustomerHistory = { nCustomers, firstWon, firstWonDay, secondWon, secondWonDay };
  historyCache.set(table, h);
  return h;
}

/** Keyed by table, then slicing: a slicing may be reused on another table. */
const wonSlotCache = new WeakMap<DealTable, WeakMap<Slicing, Int32Array>>();

/**
 * Slice of each won deal (Kind.Won) with a customer by its close date, -1 for every other row:
 * the rows that make a customer active (§6 Refunds: a refund is not activity). Cached per table and slicing.
 */
export function wonCustomerSlots(table: DealTable, s: Slicing): Int32Array {
  let bySlicing = wonSlotCache.get(table);
  if (!bySlicing) wonSlotCache.set(table, (bySlicing = new WeakMap()));
  const hit = bySlicing.get(s);
  if (hit) return hit;
  const slots = rowSlots(table, s, 'closed');
  const cust = table.labels.customer.codes;
  const { kind } = table;
  const out = new Int32Array(table.n);
  for (let i = 0; i < table.n; i++) out[i] = kind[i] === Kind.Won && cust[i] >= 0 ? slots[i] : -1;
  bySlicing.set(s, out);
  return out;
}

/** Items grouped by slot: those of slot k are `order[start[k]]` … `order[start[k + 1] - 1]`, in item order. */
interface SlotGroups {
  readonly start: Int32Array;
  readonly order: Int32Array;
}

/** Counting sort of item indices by slot, dropping slot < 0: O(items + slots). */
function groupBySlot(slots: Int32Array, nSlots: number): SlotGroups {
  const start = new Int32Array(nSlots + 1);
  const n = slots.length;
  for (let i = 0; i < n; i++) {
    const k = slots[i];
    if (k >= 0) start[k + 1]++;
  }
  for (let k = 0; k < nSlots; k++) start[k + 1] += start[k];
  const next = start.slice(0, nSlots);
  const order = new Int32Array(start[nSlots]);
  for (let i = 0; i < n; i++) {
    const k = slots[i];
    if (k >= 0) order[next[k]++] = i;
  }
  return { start, order };
}

/**
 * Number of distinct keys in each slot, over items with slot ≥ 0 and key ≥ 0 (keys < nKeys): e.g.
 * distinct customers per month among won deals. O(items + slots + keys), no sort.
 */
export function distinctPerSlot(slots: Int32Array, keys: Int32Array, nSlots: number, nKeys: number): Float64Array {
  const out = new Float64Array(nSlots);
  if (nSlots <= 32) {
    // Up to 32 slots (two years by month, a team's reps), a bit per slot per key: one pass in row order, no sort.
    const seen = new Uint32Array(nKeys);
    for (let i = 0; i < slots.length; i++) {
      const k = slots[i];
      const key = keys[i];
      if (k < 0 || key < 0) continue;
      const bit = 1 << k;
      if ((seen[key] & bit) === 0) {
        seen[key] |= bit;
        out[k]++;
      }
    }
    return out;
  }
  const { start, order } = groupBySlot(slots, nSlots);
  // A key's stamp is the last slot it was counted in; slots are visited one after another.
  const stamp = new Int32Array(nKeys).fill(-1);
  for (let k = 0; k < nSlots; k++) {
    let count = 0;
    for (let j = start[k], e = start[k + 1]; j < e; j++) {
      const key = keys[order[j]];
      if (key >= 0 && stamp[key] !== k) {
        stamp[key] = k;
        count++;
      }
    }
    out[k] = count;
  }
  return out;
}

/**
 * Number of distinct keys in each slot when item i covers the slots lo[i] … hi[i] − 1 (lo[i] < 0 or
 * key < 0: none), e.g. customers per month-end over the months their deals were open. O(items + Σ spans).
 */
export function distinctOverSpans(
  lo: Int32Array, hi: Int32Array, keys: Int32Array, nSlots: number, nKeys: number,
): Float64Array {
  const out = new Float64Array(nSlots);
  const keyOf = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) keyOf[i] = lo[i] >= 0 ? keys[i] : -1;
  const { start, order } = groupBySlot(keyOf, nKeys);
  // Items of one key are visited together, so a slot's stamp tells whether that key is counted there yet.
  const stamp = new Int32Array(nSlots).fill(-1);
  for (let key = 0; key < nKeys; key++) {
    for (let j = start[key], e = start[key + 1]; j < e; j++) {
      const i = order[j];
      for (let k = lo[i], end = hi[i]; k < end; k++) {
        if (stamp[k] !== key) {
          stamp[k] = key;
          out[k]++;
        }
      }
    }
  }
  return out;
}

/** ACTIVE_CUSTOMERS per slice: distinct customers with a won deal (not a refund) closed in the slice. */
export function activeCustomers(table: DealTable, s: Slicing): Float64Array {
  const h = customerHistory(table);
  return distinctPerSlot(wonCustomerSlots(table, s), table.labels.customer.codes, s.labels.length, h.nCustomers);
}

/** 1 for each customer with a won deal closed in `period`. */
function activeIn(table: DealTable, period: Period, nCustomers: number): Uint8Array {
  const out = new Uint8Array(nCustomers);
  const lo = period.kind === 'all' ? -Infinity : period.start;
  const hi = period.kind === 'all' ? Infinity : period.end;
  const cust = table.labels.customer.codes;
  const { kind } = table;
  const closed = table.dates.closed;
  for (let i = 0; i < table.n; i++) {
    const c = cust[i];
    const d = closed[i];
    if (c >= 0 && kind[i] === Kind.Won && inSpan(d, lo, hi)) out[c] = 1;
  }
  return out;
}

/** Per slice: customers active in the slice's previous period, and how many of them are active in the slice. */
export interface Retention {
  readonly atStart: Float64Array;
  readonly retained: Float64Array;
}

/**
 * Retention counts of each slice of `s` against `prev` = previousSlicing(s). Time and whole slices
 * compare a period with its previous one; a category slice takes the customers active in the previous
 * period with a won deal in that group, retained if active in this period in any group.
 */
export function retention(table: DealTable, s: Slicing, prev: Slicing): Retention {
  const nSlots = s.labels.length;
  const h = customerHistory(table);
  const cust = table.labels.customer.codes;
  const atStart = new Float64Array(nSlots);
  const retained = new Float64Array(nSlots);
  const before = groupBySlot(wonCustomerSlots(table, prev), nSlots);
  const now = s.by === 'category' ? activeIn(table, s.period, h.nCustomers) : null;
  const after = now ? null : groupBySlot(wonCustomerSlots(table, s), nSlots);
  const seenBefore = new Int32Array(h.nCustomers).fill(-1);
  const seenAfter = new Int32Array(h.nCustomers).fill(-1);
  for (let k = 0; k < nSlots; k++) {
    if (after) for (let j = after.start[k], e = after.start[k + 1]; j < e; j++) seenAfter[cust[after.order[j]]] = k;
    for (let j = before.start[k], e = before.start[k + 1]; j < e; j++) {
      const c = cust[before.order[j]];
      if (seenBefore[c] === k) continue;
      seenBefore[c] = k;
      atStart[k]++;
      if (now ? now[c] === 1 : seenAfter[c] === k) retained[k]++;
    }
  }
  return { atStart, retained };
}

/** NEW_CUSTOMERS per slice: customers whose first won deal in the whole table falls in the slice (its group, its date). */
export function newCustomers(table: DealTable, s: Slicing): Float64Array {
  const h = customerHistory(table);
  const slots = rowSlots(table, s, 'closed');
  const out = new Float64Array(s.labels.length);
  for (let c = 0; c < h.nCustomers; c++) {
    const r = h.firstWon[c];
    if (r >= 0 && slots[r] >= 0) out[slots[r]]++;
  }
  return out;
}
