/** The sidebar's pure helpers: progress steps, formatting, the choices and the build's options, the typed call. */
import { describe, expect, it } from 'vitest';
import type { SidebarState } from '../../src/addon/api';
import { errorMessage, makeCall, type ScriptRun } from '../../sidebar/call';
import { columnLetters, firstColumn, formatCount, formatValue, sheetUrl, skippedRows } from '../../sidebar/format';
import {
  checkedKpis, initialChoices, missingFields, sameTable, sideChoices, tableChoices, tableKey, toBuildOptions, withField,
} from '../../sidebar/options';
import { STEPS, STEP_MS, currentStep, stepStates } from '../../sidebar/progress';

describe('progress steps', () => {
  it('are reading, computing, writing', () => {
    expect([...STEPS]).toEqual(['reading', 'computing', 'writing']);
  });

  it('advance on the timer while the call runs and wait on the last one', () => {
    expect(stepStates(0, 'running')).toEqual(['active', 'pending', 'pending']);
    expect(stepStates(STEP_MS - 1, 'running')).toEqual(['active', 'pending', 'pending']);
    expect(stepStates(STEP_MS, 'running')).toEqual(['done', 'active', 'pending']);
    expect(stepStates(2 * STEP_MS, 'running')).toEqual(['done', 'done', 'active']);
    expect(stepStates(60_000, 'running')).toEqual(['done', 'done', 'active']);
    expect(currentStep(-5)).toBe(0);
  });

  it('complete all when the call returns, however soon', () => {
    expect(stepStates(10, 'done')).toEqual(['done', 'done', 'done']);
    expect(stepStates(60_000, 'done')).toEqual(['done', 'done', 'done']);
  });

  it('fail the current step when the call fails', () => {
    expect(stepStates(10, 'failed')).toEqual(['failed', 'pending', 'pending']);
    expect(stepStates(STEP_MS * 1.5, 'failed')).toEqual(['done', 'failed', 'pending']);
    expect(stepStates(60_000, 'failed')).toEqual(['done', 'done', 'failed']);
  });

  it('take the step length as a parameter', () => {
    expect(stepStates(250, 'running', 100)).toEqual(['done', 'done', 'active']);
  });
});

describe('formatting', () => {
  it('links the summary sheet by its gid, replacing any fragment', () => {
    expect(sheetUrl('https://docs.google.com/spreadsheets/d/abc/edit', 42)).toBe('https://docs.google.com/spreadsheets/d/abc/edit#gid=42');
    expect(sheetUrl('https://docs.google.com/spreadsheets/d/abc/edit#gid=0', 7)).toBe('https://docs.google.com/spreadsheets/d/abc/edit#gid=7');
  });

  it('shows values by unit', () => {
    expect(formatValue(0.4567, 'rate', 'en')).toBe('45.7%');
    expect(formatValue(1234.5, 'money', 'en')).toBe('1,234.50');
    expect(formatValue(1234, 'money', 'en')).toBe('1,234');
    expect(formatValue(99.5, 'money_per_day', 'en')).toBe('99.50');
    expect(formatValue(12, 'count', 'en')).toBe('12');
    expect(formatValue(12.345, 'days', 'en')).toBe('12.3');
    expect(formatValue(1.23456, 'ratio', 'en')).toBe('1.23');
    expect(formatValue(null, 'rate', 'en')).toBe('—');
    expect(formatValue(Number.NaN, 'money', 'en')).toBe('—');
    expect(formatValue(1234.5, 'money', 'ru').replace(/\s/g, ' ')).toBe('1 234,50');
    expect(formatCount(1199, 'en')).toBe('1,199');
  });

  it('names columns by letters and reads a range\'s first column', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(firstColumn('A1:M100')).toBe(0);
    expect(firstColumn('C3:F10')).toBe(2);
    expect(firstColumn('$AB$2:$AC')).toBe(27);
    expect(firstColumn("'My sheet'!D1:E")).toBe(3);
    expect(firstColumn('B:H')).toBe(1);
    expect(firstColumn(undefined)).toBe(0);
    expect(firstColumn('3:10')).toBe(0);
    expect(firstColumn('MyNamedRange')).toBe(0);
  });

  it('counts skipped rows', () => {
    expect(skippedRows({ rowsRead: 100, rowsUsed: 93 })).toBe(7);
    expect(skippedRows({ rowsRead: 5, rowsUsed: 9 })).toBe(0);
  });
});

const KPIS: SidebarState['kpis'] = [
  { id: 'sales_volume', name: 'SALES_VOLUME', title: 'Sales volume', unit: 'money', needs: ['amount', 'closed'] },
  { id: 'win_rate', name: 'WIN_RATE', title: 'Win rate', unit: 'rate', needs: ['status'] },
  { id: 'cac', name: 'CAC', title: 'CAC', unit: 'money', needs: ['customer', 'closed'] },
];

function state(over: Partial<SidebarState> = {}): SidebarState {
  return {
    locale: 'en',
    timeZone: 'Europe/Moscow',
    tables: [
      { sheet: 'Deals', range: 'A1:M1200', rows: 1199, fields: ['amount'] },
      { sheet: 'Old deals', range: 'A1:F50', rows: 49, fields: ['amount'] },
    ],
    sideTables: [
      { sheet: 'Plan', range: 'A1:C13', kind: 'plan' },
      { sheet: 'Spend', range: 'A1:C13', kind: 'spend' },
    ],
    selection: null,
    saved: null,
    kpis: KPIS,
    ...over,
  };
}

describe('the table picker', () => {
  it('keys tables as Sheet!range', () => {
    expect(tableKey({ sheet: 'Deals', range: 'A1:M10' })).toBe('Deals!A1:M10');
    expect(tableKey({ sheet: 'Deals' })).toBe('Deals');
  });

  it('takes a table that grew for the same table, but not one with another header corner', () => {
    expect(sameTable({ sheet: 'Deals', range: 'A1:M1200' }, { sheet: 'Deals', range: 'A1:M1300' })).toBe(true);
    expect(sameTable({ sheet: 'Deals', range: '$A$1:$M' }, { sheet: 'Deals', range: 'A1:M1300' })).toBe(true);
    expect(sameTable({ sheet: 'Deals' }, { sheet: 'Deals', range: 'A1:M1300' })).toBe(true);
    expect(sameTable({ sheet: 'Deals', range: 'A:M' }, { sheet: 'Deals', range: 'A1:M' })).toBe(true);
    expect(sameTable({ sheet: 'Deals', range: 'B2:M' }, { sheet: 'Deals', range: 'A1:M' })).toBe(false);
    expect(sameTable({ sheet: 'Deals', range: 'A1:M' }, { sheet: 'Other', range: 'A1:M' })).toBe(false);
    expect(sameTable(null, { sheet: 'Deals' })).toBe(false);
  });

  it('offers the detected tables, then the selection unless it is one of them', () => {
    expect(tableChoices(state()).map((c) => [c.key, c.kind])).toEqual([['Deals!A1:M1200', 'table'], ['Old deals!A1:F50', 'table']]);
    const sel = tableChoices(state({ selection: { sheet: 'Raw', range: 'B2:H40' } }));
    expect(sel.map((c) => [c.key, c.kind])).toEqual([['Deals!A1:M1200', 'table'], ['Old deals!A1:F50', 'table'], ['Raw!B2:H40', 'selection']]);
    expect(tableChoices(state({ selection: { sheet: 'Deals', range: 'A1:M1200' } }))).toHaveLength(2);
  });

  it('offers the last build\'s table when it is neither detected nor selected', () => {
    const saved = { table: { sheet: 'Raw', range: 'B2:H40' } };
    expect(tableChoices(state({ saved })).map((c) => [c.key, c.kind]).pop()).toEqual(['Raw!B2:H40', 'saved']);
    expect(tableChoices(state({ saved: { table: { sheet: 'Deals', range: 'A1:M900' } } }))).toHaveLength(2);
  });

  it('offers plan and spend tables by kind, and the saved one if missing', () => {
    expect(sideChoices(state(), 'plan').map((c) => c.key)).toEqual(['Plan!A1:C13']);
    expect(sideChoices(state(), 'spend').map((c) => c.key)).toEqual(['Spend!A1:C13']);
    expect(sideChoices(state({ saved: { table: { sheet: 'Deals' }, spend: { sheet: 'Ads', range: 'A1:B9' } } }), 'spend').map((c) => c.key))
      .toEqual(['Spend!A1:C13', 'Ads!A1:B9']);
  });
});

describe('the choices the sidebar opens with', () => {
  it('default: the first detected table, month, every KPI, no side tables, values, the user\'s language', () => {
    expect(initialChoices(state({ locale: 'ru' }))).toEqual({
      table: 'Deals!A1:M1200', mapping: undefined, period: '', granularity: 'month', excluded: [],
      plan: '', spend: '', live: false, history: false, locale: 'ru',
    });
  });

  it('fall back to the selection, or to nothing', () => {
    expect(initialChoices(state({ tables: [], selection: { sheet: 'Raw', range: 'A1:D9' } })).table).toBe('Raw!A1:D9');
    expect(initialChoices(state({ tables: [] })).table).toBeNull();
  });

  it('restore the last build', () => {
    const saved = {
      table: { sheet: 'Old deals', range: 'A1:F40' },
      mapping: { amount: 3, closed: null },
      period: '2024-Q1',
      granularity: 'quarter' as const,
      kpis: ['win_rate'],
      plan: { sheet: 'Plan', range: 'A1:C12' },
      spend: { sheet: 'Spend', range: 'A1:C13' },
      live: true,
      history: true,
      locale: 'ru' as const,
    };
    expect(initialChoices(state({ saved }))).toEqual({
      table: 'Old deals!A1:F50', mapping: { amount: 3, closed: null }, period: '2024-Q1', granularity: 'quarter',
      excluded: ['sales_volume', 'cac'], plan: 'Plan!A1:C13', spend: 'Spend!A1:C13', live: true, history: true, locale: 'ru',
    });
  });

  it('ignore a saved mapping when the saved table is gone, and a broken granularity', () => {
    const saved = { table: { sheet: 'Gone', range: 'A1:B2' }, mapping: { amount: 1 }, granularity: 'fortnight' as never };
    const c = initialChoices(state({ saved, tables: [] }));
    expect(c.table).toBe('Gone!A1:B2'); // offered as the saved table…
    expect(c.mapping).toEqual({ amount: 1 }); // …so its mapping goes with it
    expect(c.granularity).toBe('month');
    const other = initialChoices(state({ saved: { table: { sheet: 'Deals', range: 'B5:C9' }, mapping: { amount: 1 } }, selection: null }));
    expect(other.table).toBe('Deals!B5:C9');
  });
});

describe('the build\'s options', () => {
  const base = {
    table: { sheet: 'Deals', range: 'A1:M1200' },
    mapping: { amount: 3, closed: 2, status: null },
    period: ' 2024-03 ',
    granularity: 'month' as const,
    kpis: ['sales_volume', 'win_rate'],
    allowed: ['sales_volume', 'win_rate'],
    live: false,
    locale: 'en' as const,
  };

  it('leave kpis out when every allowed KPI is checked', () => {
    expect(toBuildOptions(base)).toEqual({
      table: { sheet: 'Deals', range: 'A1:M1200' }, mapping: { amount: 3, closed: 2, status: null },
      period: '2024-03', granularity: 'month', live: false, locale: 'en',
    });
  });

  it('list the KPIs when some are left out, and take plan and spend tables', () => {
    const o = toBuildOptions({ ...base, kpis: ['win_rate'], plan: { sheet: 'Plan', range: 'A1:C13' }, spend: null, live: true, locale: 'ru' });
    expect(o.kpis).toEqual(['win_rate']);
    expect(o.plan).toEqual({ sheet: 'Plan', range: 'A1:C13' });
    expect('spend' in o).toBe(false);
    expect(o.live).toBe(true);
    expect(o.locale).toBe('ru');
  });

  it('send history: true only when Keep history is checked', () => {
    expect(toBuildOptions({ ...base, history: true }).history).toBe(true);
    expect('history' in toBuildOptions({ ...base, history: false })).toBe(false);
    expect('history' in toBuildOptions(base)).toBe(false);
  });

  it('are plain JSON (google.script.run carries nothing else)', () => {
    const o = toBuildOptions(base);
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
  });

  it('check the allowed KPIs the user did not leave out, in catalog order', () => {
    expect(checkedKpis(['a', 'b', 'c', 'd'], ['d', 'b', 'a'], ['b'])).toEqual(['a', 'd']);
    expect(checkedKpis(['a', 'b'], [], [])).toEqual([]);
  });

  it('set a field from a picker value', () => {
    expect(withField({ amount: 3 }, 'amount', '')).toEqual({ amount: null });
    expect(withField({ amount: 3 }, 'cost', '0')).toEqual({ amount: 3, cost: 0 });
  });

  it('name the columns a KPI still needs', () => {
    expect(missingFields(['customer', 'closed'], { customer: null, closed: 2 })).toEqual(['customer']);
    expect(missingFields(['amount'], undefined)).toEqual(['amount']);
  });
});

/** A stand-in for google.script.run that answers asynchronously, the way Apps Script does. */
function fakeRun(api: Record<string, (...args: unknown[]) => unknown>, log: unknown[][]): ScriptRun {
  const runner = (ok?: (v: unknown) => void, fail?: (e: unknown) => void): ScriptRun => {
    const r: Record<string, unknown> = {
      withSuccessHandler: (h: (v: unknown) => void) => runner(h, fail),
      withFailureHandler: (h: (e: unknown) => void) => runner(ok, h),
    };
    for (const name of Object.keys(api)) {
      r[name] = function (this: unknown, ...args: unknown[]) {
        if (this !== r) throw new Error('called without its runner');
        log.push([name, ...args]);
        setTimeout(() => {
          try {
            ok?.(api[name](...args));
          } catch (e) {
            fail?.(e);
          }
        }, 0);
      };
    }
    return r as unknown as ScriptRun;
  };
  return runner();
}

describe('the typed call', () => {
  it('resolves with the server\'s answer and passes the arguments, leaving off trailing undefined ones', async () => {
    const log: unknown[][] = [];
    const call = makeCall(() => fakeRun({
      inspectTable: (table) => ({ headers: [], mapping: {}, rows: 0, issues: 0, preview: [], kpis: [], table }),
      selectRow: () => undefined,
    }, log));
    const insp = await call('inspectTable', { sheet: 'Deals' }, undefined);
    expect(insp.rows).toBe(0);
    await call('selectRow', 'Deals', 7);
    expect(log).toEqual([['inspectTable', { sheet: 'Deals' }], ['selectRow', 'Deals', 7]]);
  });

  it('rejects with the failure handler\'s error message', async () => {
    const call = makeCall(() => fakeRun({ buildSummary: () => { throw new Error('No deal table on "X"'); } }, []));
    await expect(call('buildSummary', { table: { sheet: 'X' } })).rejects.toThrow('No deal table on "X"');
    const strings = makeCall(() => fakeRun({ explainCell: () => { throw 'plain text'; } }, []));
    await expect(strings('explainCell')).rejects.toThrow('plain text');
  });

  it('rejects outside Apps Script instead of throwing', async () => {
    await expect(makeCall(() => undefined)('sidebarState')).rejects.toThrow(/google\.script\.run/);
  });

  it('reads the message of whatever failed', () => {
    expect(errorMessage(new Error('x'))).toBe('x');
    expect(errorMessage({ message: 'y', name: 'ScriptError' })).toBe('y');
    expect(errorMessage('z')).toBe('z');
  });
});
