import { describe, expect, it } from 'vitest';
import { COL, DEAL_HEADER, OPEN_STAGES, REPS, SAMPLE_NOW, SOURCES, generateDeals, mulberry32 } from '../../bench/generate';
import { readDeals } from '../../src/engine/read';
import { Kind } from '../../src/engine/fields';

const DAY = 86400000;
const isUtcMidnight = (v: unknown): boolean => v instanceof Date && v.getTime() % DAY === 0;
const isBlankCell = (v: unknown): boolean => v === '';
const dayOf = (v: unknown): number => (v as Date).getTime() / DAY;

/** One generated table shared by the shape tests: big enough to hold refunds and repeat customers. */
const TABLE = generateDeals({ rows: 5000, seed: 7 });
const ROWS = TABLE.slice(1);

describe('mulberry32', () => {
  it('is a seeded PRNG in [0, 1): the same seed gives the same sequence, another seed another', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const c = mulberry32(2);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('generateDeals', () => {
  it('gives the same table for the same seed and another for another seed', () => {
    expect(generateDeals({ rows: 800, seed: 3 })).toEqual(generateDeals({ rows: 800, seed: 3 }));
    expect(generateDeals({ rows: 800, seed: 4 })).not.toEqual(generateDeals({ rows: 800, seed: 3 }));
  });

  it('has the header row, then exactly `rows` rows of 13 cells', () => {
    expect(TABLE[0]).toEqual([...DEAL_HEADER]);
    expect(TABLE[0]).toEqual(['Deal ID', 'Created', 'Qualified', 'Closed', 'Amount', 'Cost', 'Status', 'Stage', 'Probability', 'Rep', 'Customer', 'Source', 'Type']);
    expect(ROWS).toHaveLength(5000);
    expect(ROWS.every((r) => r.length === 13)).toBe(true);
    expect(generateDeals({ rows: 0, seed: 1 })).toEqual([[...DEAL_HEADER]]);
  });

  it('hands cells over as getValues() does: Dates at UTC midnight, numbers, strings, "" for blanks', () => {
    const dateOrBlank = (v: unknown): boolean => isUtcMidnight(v) || isBlankCell(v);
    const numberOrBlank = (v: unknown): boolean => typeof v === 'number' || isBlankCell(v);
    const text = (v: unknown): boolean => typeof v === 'string' && v !== '';
    const bad = ROWS.filter((r) =>
      !isUtcMidnight(r[COL.created]) || !dateOrBlank(r[COL.qualified]) || !dateOrBlank(r[COL.closed])
      || typeof r[COL.amount] !== 'number' || !numberOrBlank(r[COL.cost]) || !numberOrBlank(r[COL.probability])
      || ![COL.id, COL.status, COL.stage, COL.rep, COL.customer, COL.source, COL.type].every((c) => text(r[c])));
    expect(bad).toEqual([]);
  });

  it('spans 24 months from 2023-01-01, every date before "now" = 2025-06-01', () => {
    const days = ROWS.flatMap((r) => [r[COL.created], r[COL.qualified], r[COL.closed]].filter((v) => v !== '').map(dayOf));
    const first = Date.UTC(2023, 0, 1) / DAY;
    const end = Date.UTC(2025, 0, 1) / DAY; // 2023-01-01 + 24 months, exclusive
    expect(Math.min(...days)).toBe(first);
    expect(Math.max(...days)).toBeLessThan(end);
    expect(end).toBeLessThan(SAMPLE_NOW / DAY);
    const months = new Set(ROWS.map((r) => (r[COL.created] as Date).toISOString().slice(0, 7)));
    expect(months.size).toBe(24);
  });

  it('starts where it is asked to and lasts the months asked for', () => {
    const t = generateDeals({ rows: 300, seed: 1, start: new Date(Date.UTC(2024, 2, 1)), months: 3 });
    const days = t.slice(1).flatMap((r) => [r[COL.created], r[COL.closed]].filter((v) => v !== '').map(dayOf));
    expect(Math.min(...days)).toBeGreaterThanOrEqual(Date.UTC(2024, 2, 1) / DAY);
    expect(Math.max(...days)).toBeLessThan(Date.UTC(2024, 5, 1) / DAY);
  });

  it('closes won and lost deals on a date, after creation; open deals have no close date but a stage probability', () => {
    const probabilities = new Map(OPEN_STAGES.map((s) => [s.name, s.probability]));
    expect(new Set(ROWS.map((r) => r[COL.status]))).toEqual(new Set(['won', 'lost', 'open']));
    const bad = ROWS.filter((r) => {
      const afterCreation = (c: number): boolean => r[c] === '' || dayOf(r[c]) >= dayOf(r[COL.created]);
      if (!afterCreation(COL.qualified)) return true;
      if (r[COL.status] === 'open') return r[COL.closed] !== '' || r[COL.probability] !== probabilities.get(r[COL.stage] as string);
      return !isUtcMidnight(r[COL.closed]) || !afterCreation(COL.closed) || r[COL.probability] !== '';
    });
    expect(bad).toEqual([]);
  });

  it('gives won deals an amount and a cost below it; lost and open deals have no cost', () => {
    const sales = ROWS.filter((r) => r[COL.status] === 'won' && (r[COL.amount] as number) >= 0);
    expect(sales.length).toBeGreaterThan(1000);
    const sound = (r: unknown[]): boolean => {
      const [amount, cost] = [r[COL.amount] as number, r[COL.cost] as number];
      return amount > 0 && cost > 0 && cost < amount;
    };
    expect(sales.filter((r) => !sound(r))).toEqual([]);
    expect(ROWS.filter((r) => r[COL.status] !== 'won' && r[COL.cost] !== '')).toEqual([]);
  });

  it('has a small share of refunds: won rows with negative amount and cost, of a customer who bought before', () => {
    const refunds = ROWS.filter((r) => r[COL.status] === 'won' && (r[COL.amount] as number) < 0);
    expect(refunds.length).toBeGreaterThan(5);
    expect(refunds.length / ROWS.length).toBeLessThan(0.02);
    for (const r of refunds) {
      expect(r[COL.cost] as number).toBeLessThan(0);
      const bought = ROWS.some((s) => s[COL.customer] === r[COL.customer] && s[COL.status] === 'won'
        && (s[COL.amount] as number) > 0 && dayOf(s[COL.closed]) < dayOf(r[COL.closed]));
      expect(bought).toBe(true);
    }
  });

  it('uses 8 reps, 6 sources and the 4 canonical deal types', () => {
    expect(new Set(ROWS.map((r) => r[COL.rep]))).toEqual(new Set(REPS.map((r) => r.name)));
    expect(new Set(ROWS.map((r) => r[COL.source]))).toEqual(new Set(SOURCES.map((s) => s.name)));
    expect(new Set(ROWS.map((r) => r[COL.type]))).toEqual(new Set(['new', 'repeat', 'upsell', 'cross-sell']));
    expect(REPS).toHaveLength(8);
    expect(SOURCES).toHaveLength(6);
  });

  it('has customers who buy again, a few of them very often (Zipf-like)', () => {
    const wins = new Map<unknown, number>();
    for (const r of ROWS) if (r[COL.status] === 'won' && (r[COL.amount] as number) > 0) wins.set(r[COL.customer], (wins.get(r[COL.customer]) ?? 0) + 1);
    const counts = [...wins.values()].sort((a, b) => b - a);
    const once = counts.filter((c) => c === 1).length;
    expect(counts.filter((c) => c >= 2).length).toBeGreaterThan(50);
    expect(once).toBeGreaterThan(counts.length / 2); // most buyers buy once …
    expect(counts[0]).toBeGreaterThan(10 * (counts.reduce((a, b) => a + b, 0) / counts.length)); // … the top one far more
  });

  it('types a deal `new` until its customer has bought, and never `new` after', () => {
    const firstWon = new Map<unknown, number>();
    for (const r of ROWS) {
      if (r[COL.status] === 'won' && (r[COL.amount] as number) > 0) {
        const d = dayOf(r[COL.closed]);
        if (!(d >= (firstWon.get(r[COL.customer]) ?? Infinity))) firstWon.set(r[COL.customer], d);
      }
    }
    const firstDeals = new Set<unknown>();
    for (const r of ROWS) {
      if ((r[COL.amount] as number) < 0) continue;
      if (!firstDeals.has(r[COL.customer])) {
        firstDeals.add(r[COL.customer]);
        expect(r[COL.type]).toBe('new');
      }
      if (r[COL.type] !== 'new') expect(firstWon.get(r[COL.customer])).toBeLessThan(dayOf(r[COL.created]));
    }
  });

  it('is read by the engine with zero row issues, every row a deal', () => {
    const table = readDeals(TABLE, { timeZone: 'UTC', now: SAMPLE_NOW });
    expect(table.issues).toEqual([]);
    expect(table.n).toBe(5000);
    expect(table.isSalesLog).toBe(false);
    expect(Object.keys(table.columns).sort()).toEqual([
      'amount', 'closed', 'cost', 'created', 'customer', 'id', 'probability', 'qualified', 'rep', 'source', 'stage', 'status', 'type',
    ]);
    const kinds = new Set(table.kind);
    expect(kinds).toEqual(new Set([Kind.Won, Kind.Lost, Kind.Open, Kind.Refund]));
  });
});
