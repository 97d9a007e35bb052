import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/local/progress';

describe('Progress', () => {
  /** A clock the test moves by hand. */
  function clocked(eager = false) {
    let t = 0;
    const lines: string[] = [];
    const p = new Progress({ write: (l) => lines.push(l), clock: () => t, eager });
    return { p, lines, at: (ms: number) => { t = ms; } };
  }

  it('prints nothing for a job that stays under a second', () => {
    const { p, lines, at } = clocked();
    p.step('reading');
    at(400);
    p.step('computing');
    at(900);
    p.step('writing');
    p.done();
    expect(lines).toEqual([]);
  });

  it('prints every step that starts after the first second, with the elapsed time, and the end', () => {
    const { p, lines, at } = clocked();
    p.step('reading');
    at(1500);
    p.step('computing');
    at(2250);
    p.step('writing');
    at(4000);
    p.done();
    expect(lines).toEqual(['[1.5 s] computing…', '[2.3 s] writing…', '[4.0 s] done']);
  });

  it('prints from the first step on when the job is known to be big', () => {
    const { p, lines, at } = clocked(true);
    p.step('reading big.csv');
    at(100);
    p.done();
    expect(lines).toEqual(['[0.0 s] reading big.csv…', '[0.1 s] done']);
  });

  it('prints every step from expectSlow on, once the job turns out to be big', () => {
    const { p, lines, at } = clocked();
    p.step('reading');
    p.expectSlow();
    at(250);
    p.step('computing');
    p.done('written');
    expect(lines).toEqual(['[0.3 s] computing…', '[0.3 s] written']);
  });

  it('takes another threshold than a second: slowMs 200', () => {
    let t = 0;
    const lines: string[] = [];
    const p = new Progress({ write: (l) => lines.push(l), clock: () => t, slowMs: 200 });
    t = 199;
    p.step('reading');
    t = 200;
    p.step('computing');
    expect(lines).toEqual(['[0.2 s] computing…']);
    expect(p.elapsed()).toBe('0.2 s');
  });
});
