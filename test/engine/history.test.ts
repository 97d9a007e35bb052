/** The KPI history's rows: one per overview value of a build, appended once per build and period. Hand-valued. */
import { describe, expect, it } from 'vitest';
import { buildStamp, HISTORY_HEADER, historyRows, newHistoryRows } from '../../src/engine/history';

const T1 = Date.UTC(2025, 5, 10, 7, 0, 0);
const T2 = Date.UTC(2025, 5, 11, 7, 0, 0);

describe('historyRows', () => {
  it('gives [build time, period, KPI id, value] for each overview value, in order', () => {
    expect(historyRows(T1, '2025-05', { sales_volume: 3500, win_rate: 0.6 })).toEqual([
      ['2025-06-10T07:00:00.000Z', '2025-05', 'sales_volume', 3500],
      ['2025-06-10T07:00:00.000Z', '2025-05', 'win_rate', 0.6],
    ]);
    expect(historyRows(new Date(T1), '', { deals_won: 3, bad: Number.NaN })).toEqual([['2025-06-10T07:00:00.000Z', '', 'deals_won', 3]]);
    expect(buildStamp('build-7')).toBe('build-7');
    expect(HISTORY_HEADER).toEqual(['Built at', 'Period', 'KPI', 'Value']);
  });
});

describe('newHistoryRows', () => {
  const first = historyRows(T1, '2025-05', { sales_volume: 3500, win_rate: 0.6 });

  it('appends a build once: the same build and period again adds nothing', () => {
    const sheet: unknown[][] = [[...HISTORY_HEADER]];
    const added = newHistoryRows(sheet, first);
    expect(added).toEqual(first);
    sheet.push(...added);
    expect(newHistoryRows(sheet, first)).toEqual([]);
    // A rebuild in the same build with other figures adds nothing either: the build and period are there.
    expect(newHistoryRows(sheet, historyRows(T1, '2025-05', { sales_volume: 9999 }))).toEqual([]);
  });

  it('appends the next build, and another period of the same build', () => {
    const sheet: unknown[][] = [[...HISTORY_HEADER], ...first];
    const next = historyRows(T2, '2025-05', { sales_volume: 3600 });
    expect(newHistoryRows(sheet, next)).toEqual([['2025-06-11T07:00:00.000Z', '2025-05', 'sales_volume', 3600]]);
    const april = historyRows(T1, '2025-04', { sales_volume: 400 });
    expect(newHistoryRows(sheet, april)).toEqual([['2025-06-10T07:00:00.000Z', '2025-04', 'sales_volume', 400]]);
  });

  it('counts each (build, period, KPI) once within a batch, and reads cells Sheets turned into dates', () => {
    const twice = [...first, ...first];
    expect(newHistoryRows([], twice)).toEqual(first);
    const asDates: unknown[][] = [['Built at', 'Period', 'KPI', 'Value'], [new Date(T1), '2025-05', 'sales_volume', 3500], ['', '', '', '']];
    expect(newHistoryRows(asDates, first)).toEqual([]);
  });
});
