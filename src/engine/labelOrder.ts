/**
 * The order of group labels in every spilled result: natural ("Rep 2" before "Rep 10") and case-blind, as
 * `Intl.Collator('en', { numeric: true, sensitivity: 'base' })` orders them. Sorting hundreds of thousands of customer
 * labels with the collator takes seconds, so labels of plain letters, digits and spaces — most of them — are
 * compared by a fast path that gives the collator's sign (checked against it by a property test); any other label
 * goes to the collator.
 */

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const PLAIN = /^[A-Za-z0-9 ]*$/;

/** The collation class of a character code in a plain label: space < digit < letter (the collator's order). */
function classOf(c: number): number {
  return c === 32 ? 0 : c < 58 ? 1 : 2;
}

/** Lower-case of an ASCII letter code. */
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** The collator's order of two plain labels, without the collator. */
function comparePlain(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    const ka = classOf(ca);
    const kb = classOf(cb);
    if (ka !== kb) return ka - kb;
    if (ka === 1) {
      // Digit runs compare by value: skip leading zeros, then the longer run is larger, else the first differing digit.
      let ea = i;
      while (ea < a.length && classOf(a.charCodeAt(ea)) === 1) ea++;
      let eb = j;
      while (eb < b.length && classOf(b.charCodeAt(eb)) === 1) eb++;
      let sa = i;
      while (sa < ea - 1 && a.charCodeAt(sa) === 48) sa++;
      let sb = j;
      while (sb < eb - 1 && b.charCodeAt(sb) === 48) sb++;
      if (ea - sa !== eb - sb) return ea - sa - (eb - sb);
      for (let k = 0; k < ea - sa; k++) {
        const d = a.charCodeAt(sa + k) - b.charCodeAt(sb + k);
        if (d !== 0) return d;
      }
      i = ea;
      j = eb;
      continue;
    }
    const d = lower(ca) - lower(cb);
    if (d !== 0) return d;
    i++;
    j++;
  }
  return (a.length - i) - (b.length - j);
}

/** Negative, zero or positive as label `a` sorts before, with or after `b`. */
export function compareLabels(a: string, b: string): number {
  if (PLAIN.test(a) && PLAIN.test(b)) return Math.sign(comparePlain(a, b));
  return collator.compare(a, b);
}
