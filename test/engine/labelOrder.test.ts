import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareLabels } from '../../src/engine/labelOrder';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

describe('compareLabels', () => {
  it('orders naturally and case-blind: Rep 2 before Rep 10, anna equal to Anna, C7 equal to C007', () => {
    expect(['Rep 10', 'rep 2', 'Rep 1', 'Anna', 'anna b'].sort(compareLabels)).toEqual(['Anna', 'anna b', 'Rep 1', 'rep 2', 'Rep 10']);
    expect(compareLabels('anna', 'Anna')).toBe(0);
    expect(compareLabels('C7', 'C007')).toBe(collator.compare('C7', 'C007'));
  });
  it('gives the collator\'s sign for any two labels of letters, digits and spaces', () => {
    const plain = fc.stringMatching(/^[A-Za-z0-9 ]{0,12}$/);
    fc.assert(fc.property(plain, plain, (a, b) => Math.sign(compareLabels(a, b)) === Math.sign(collator.compare(a, b))), { numRuns: 20000 });
  });
  it('gives the collator\'s sign on near misses: leading zeros, spaces against digits, long numbers', () => {
    const tricky = ['', ' ', '0', '00', '007', '7', 'a', 'A 1', 'a1', 'a 1', 'a01', 'a10', 'a9', 'Z', 'z1', '12345678901234567890', '12345678901234567891', '1 2', '12'];
    for (const a of tricky) for (const b of tricky) expect(Math.sign(compareLabels(a, b)), `${a} vs ${b}`).toBe(Math.sign(collator.compare(a, b)));
  });
  it('hands other labels (Cyrillic, accents, punctuation) to the collator', () => {
    for (const [a, b] of [['Ёлка', 'Ель'], ['Émile', 'Emma'], ['O\'Brien', 'Obrien'], ['ООО «Ромашка»', 'ООО Ромашка 2']]) {
      expect(compareLabels(a, b)).toBe(collator.compare(a, b));
    }
  });
});
