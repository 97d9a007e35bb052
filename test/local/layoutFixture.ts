/**
 * A hand-made summary layout and the deal sheet its formulas read, small enough to check by hand.
 *
 * Deals: Feb — one won deal of 100 and one lost; March — won 200 and 150, one lost.
 * So March: sales volume 200 + 150 = 350, deals won 2, win rate 2 / (2 + 1) = 0.6667;
 * February: sales volume 100, deals won 1; change in sales volume 350 / 100 − 1 = 2.5.
 */
import { SUMMARY_MARKER, type ChartSpec, type LayoutCell, type SheetLayout } from '../../src/engine/summary/layout';
import { d } from '../helpers';

/** The deal sheet the fixture's formulas point at. */
export const DEALS = {
  name: 'Deals',
  values: [
    ['Closed', 'Amount', 'Status'],
    [d('2024-02-10'), 100, 'won'],
    [d('2024-02-20'), 40, 'lost'],
    [d('2024-03-01'), 200, 'won'],
    [d('2024-03-15'), 150, 'won'],
    [d('2024-03-20'), 80, 'lost'],
  ],
};

const MARCH = '$A:$A,">="&DATE(2024,3,1),Deals!$A:$A,"<"&DATE(2024,4,1)';
const FEB = '$A:$A,">="&DATE(2024,2,1),Deals!$A:$A,"<"&DATE(2024,3,1)';
const sumWon = (period: string): string => `=SUMIFS(Deals!$B:$B,Deals!$C:$C,"won",Deals!${period})`;
const countStatus = (status: string, period: string): string => `=COUNTIFS(Deals!$C:$C,"${status}",Deals!${period})`;

const header = (...titles: string[]): LayoutCell[] => titles.map((v) => ({ v, style: 'header' }));

/** The charts: sales volume (columns) and deals won (a line) by month; sales by month as bars. */
export const CHARTS: readonly ChartSpec[] = [
  {
    kind: 'combo',
    title: 'Sales volume and deals won',
    anchor: { row: 8, col: 6 },
    width: 480,
    height: 240,
    categories: { row: 10, col: 0, lastRow: 11, lastCol: 0 },
    series: [
      { name: 'Sales volume', values: { row: 10, col: 1, lastRow: 11, lastCol: 1 } },
      { name: 'Deals won', values: { row: 10, col: 2, lastRow: 11, lastCol: 2 }, as: 'line' },
    ],
  },
  {
    kind: 'bar',
    title: "Sales by month (rep's view)",
    anchor: { row: 22, col: 6 },
    width: 400,
    height: 200,
    categories: { row: 10, col: 0, lastRow: 11, lastCol: 0 },
    series: [{ name: 'Sales volume', values: { row: 10, col: 1, lastRow: 11, lastCol: 1 } }],
  },
];

/** A summary with every feature a writer must carry: formulas, formats, styles, statuses, merges, notes, charts. */
export function fixtureLayout(overrides: Partial<SheetLayout> = {}): SheetLayout {
  return {
    name: 'KPI summary',
    marker: SUMMARY_MARKER,
    rows: [
      [{ v: 'Sales KPI summary', style: 'title', note: 'Built from Deals, March 2024' }],
      [{ v: 'Period: 2024-03 · previous: 2024-02', style: 'subtitle' }],
      header('KPI', '2024-03', '2024-02', 'Change', 'Trend'),
      [
        { v: 'Sales volume', style: 'label' },
        { f: sumWon(MARCH), v: 350, fmt: 'money', style: 'value', status: 'good' },
        { f: sumWon(FEB), v: 100, fmt: 'money', style: 'value' },
        { f: '=IF(C4=0,"",B4/C4-1)', v: 2.5, fmt: 'percent', style: 'value' },
        { v: '▲', style: 'value' },
      ],
      [
        { v: 'Deals won', style: 'label' },
        { f: countStatus('won', MARCH), v: 2, fmt: 'integer', style: 'value', status: 'warn' },
        { f: countStatus('won', FEB), v: 1, fmt: 'integer', style: 'value' },
        { v: 1, fmt: 'percent', style: 'value', note: 'a value, not a formula: the add-on computed it' },
        { v: '▲', style: 'value' },
      ],
      [
        { v: 'Win rate', style: 'label' },
        { f: `=B5/(B5+${countStatus('lost', MARCH).slice(1)})`, v: 2 / 3, fmt: 'percent', style: 'value', status: 'bad' },
        { v: null },
        { v: 'n/a', style: 'muted' },
      ],
      [
        { v: '=SUM(A1:A2)', style: 'note' },
        { v: '+7 (999) 123-45-67' },
        { v: '-not a number' },
        { v: '@mention' },
        { v: true },
      ],
      [],
      [{ v: 'By period', style: 'section' }],
      header('Month', 'Sales volume', 'Deals won'),
      [{ v: '2024-02', style: 'label' }, { v: 100, fmt: 'money' }, { v: 1, fmt: 'integer' }],
      [{ v: '2024-03', style: 'label' }, { v: 350, fmt: 'money' }, { v: 2, fmt: 'integer' }],
      [{ v: 'Data quality', style: 'section' }],
      [{ v: 'Row 7, Amount: "abc" is not a number', style: 'muted', note: 'skipped for money KPIs' }, { v: 45366, fmt: 'date' }, { v: 12.5, fmt: 'days' }],
    ],
    formats: {
      money: '#,##0 "₽"',
      moneyPerDay: '#,##0 "₽/d"',
      percent: '0.0%',
      days: '0.0 "d"',
      months: '0.0 "mo"',
      integer: '#,##0',
      decimal: '#,##0.00',
      ratio: '0.00"×"',
      date: 'yyyy-mm-dd',
      text: '@',
    },
    columnWidths: [220, 110, 110, 90, 60],
    frozenRows: 3,
    merges: [
      { row: 0, col: 0, rows: 1, cols: 5 },
      { row: 1, col: 0, rows: 1, cols: 5 },
      { row: 8, col: 0, rows: 1, cols: 3 },
    ],
    charts: CHARTS,
    blocks: [
      { id: 'overview', title: 'Overview', firstRow: 2, lastRow: 6 },
      { id: 'byPeriod', title: 'By period', firstRow: 8, lastRow: 11 },
      { id: 'dataQuality', title: 'Data quality', firstRow: 12, lastRow: 13 },
    ],
    ...overrides,
  };
}
