import { describe, expect, it } from 'vitest';
import { rememberStrings } from '../../src/engine/memo';

describe('rememberStrings', () => {
  it('reads each distinct text once, and every other cell each time', () => {
    const seen: unknown[] = [];
    const read = rememberStrings((c: unknown) => { seen.push(c); return String(c).length; });
    expect(['won', 'lost', 'won', 'won', 5, 5].map(read)).toEqual([3, 4, 3, 3, 1, 1]);
    expect(seen).toEqual(['won', 'lost', 5, 5]);
  });
  it('stops remembering after 10 000 texts, still answering right', () => {
    let calls = 0;
    const read = rememberStrings((c: unknown) => { calls++; return c; });
    for (let i = 0; i < 10001; i++) read(`id${i}`);
    expect(calls).toBe(10001);
    read('id0');
    read('id10000');
    expect(calls).toBe(10002); // id0 was remembered, the 10 001st text was not
    expect(read('id10000')).toBe('id10000');
  });
});
