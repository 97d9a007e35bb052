/** The overview block (§4.1): every KPI the table allows, for the period, against the previous period, the plan and benchmarks. */
import { CATALOG } from '../catalog';
import { relativeChange } from '../change';
import type { KpiDef, KpiUnit, KpiValue } from '../kpi';
import { definitionOf, noValue } from '../kpi';
import { previousPeriod } from '../period';
import { targetFor } from '../sideTables';
import { makeSlicing } from '../slicing';
import type { FormatName, LayoutCell, StatusColour, TextMark, Threshold } from './layout';
import { percentText } from './labels';
import { kpiFormula, numberLiteral, prevKey, refKeyOf, type FormulaEnv } from './liveFormulas';
import {
  allowedKpi, computeKpi, descriptionNote, headerRow, kpiTitle, periodText, scopeOf, sideArgs, t, withSection, type SummaryContext,
} from './context';
import { a1, cellAt, formatOfUnit, numberOf, text, valueCell, EMPTY } from './sheet';
import {
  benchmarkThresholds, conditionalRule, statusByThresholds, statusWordFormula, targetThresholds, textRule, trendMarks,
} from './status';

/** Columns of the overview. */
const COL = { kpi: 0, value: 1, previous: 2, change: 3, trend: 4, target: 5, status: 6 } as const;

/** The KPIs of the overview, in catalog order: those the columns allow, with the side tables given. */
export function overviewKpis(ctx: SummaryContext): KpiDef[] {
  return CATALOG.filter((d) => allowedKpi(ctx, d.name) !== undefined);
}

/**
 * The change from `prev` to `value`: for rates the difference in percentage points (0.25 → 0.24 is −1, shown
 * "-1.0 pp"), else relativeChange, the rule SALES_GROWTH follows too: relative to the previous value's size as a
 * fraction (100 → 90 is −0.1, shown "-10.0%"), so a loss shrinking from −100 to −50 reads as +50 %. Undefined
 * without both, or for a relative change from 0.
 */
export function changeOf(unit: KpiUnit, value: number | undefined, prev: number | undefined): number | undefined {
  if (value === undefined || prev === undefined) return undefined;
  if (unit === 'rate') return (value - prev) * 100;
  return relativeChange(value, prev);
}

/** The number format of a change (see changeOf): points for rates, a percentage otherwise. */
export function changeFormatOf(unit: KpiUnit): FormatName {
  return unit === 'rate' ? 'points' : 'percent';
}

/** ▲, ▼ or — from `prev` to `value`; undefined without both. */
export function trendOf(value: number | undefined, prev: number | undefined): string | undefined {
  if (value === undefined || prev === undefined) return undefined;
  return value > prev ? '▲' : value < prev ? '▼' : '—';
}

/** The change formula over a value cell and a previous cell, as changeOf computes it, yielding "" where either is empty. */
export function changeFormula(unit: KpiUnit, v: string, p: string): string {
  return unit === 'rate'
    ? `=IF(OR(${v}="",${p}=""),"",(${v}-${p})*100)`
    : `=IF(OR(${v}="",${p}=""),"",IF(${p}=0,"",(${v}-${p})/ABS(${p})))`;
}

/** The trend formula over a value cell and a previous cell, as trendOf gives the mark. */
export function trendFormula(v: string, p: string): string {
  return `=IF(OR(${v}="",${p}=""),"",IF(${v}>${p},"▲",IF(${v}<${p},"▼","—")))`;
}

/**
 * The change and trend cells of a row whose value and previous value sit in `valueCol` and `valueCol + 1`;
 * with `marks` (trendMarks of the KPI) the trend cell is coloured by the mark it shows.
 */
export function changeCells(
  ctx: SummaryContext, unit: KpiUnit, row: number, valueCol: number, v: number | undefined, p: number | undefined, hasPrev: boolean,
  marks?: readonly TextMark[],
): [LayoutCell, LayoutCell] {
  const change = changeOf(unit, v, p);
  const fmt = changeFormatOf(unit);
  const trend = trendOf(v, p);
  const status = marks?.find((m) => m.text === trend)?.status;
  const note = v !== undefined && p === 0 && unit !== 'rate' ? t(ctx, 'previousIsZero') : undefined;
  if (ctx.live && hasPrev) {
    const vr = a1(row, valueCol);
    const pr = a1(row, valueCol + 1);
    return [
      { f: changeFormula(unit, vr, pr), v: change ?? '', fmt, style: 'value', ...(note ? { note } : {}) },
      { f: trendFormula(vr, pr), v: trend ?? '', style: 'value', ...(status ? { status } : {}) },
    ];
  }
  const changeCell = valueCell(change, fmt, {});
  const trendCell: LayoutCell = trend === undefined ? EMPTY : status ? { v: trend, style: 'value', status } : text(trend, 'value');
  return [note ? { ...changeCell, note } : changeCell, trendCell];
}

/** The status scale of a KPI's value: against the plan's target where there is one, else the benchmarks. */
function thresholdsOf(ctx: SummaryContext, def: KpiDef, target: number | undefined): Threshold[] | undefined {
  if (def.name === 'SALES_VOLUME' && target !== undefined) return targetThresholds(target, ctx.benchmarks);
  return benchmarkThresholds(def, ctx.benchmarks);
}

/**
 * The status word cell of a colour; in a live summary a formula over the value cell (`valueRef`), so the
 * word changes with the value as its colour does.
 */
function statusCell(ctx: SummaryContext, s: StatusColour | undefined, live?: { valueRef: string; scale: readonly Threshold[] }): LayoutCell {
  if (live) {
    const f = statusWordFormula(live.valueRef, live.scale, (w) => t(ctx, w));
    return s === undefined ? { v: '', f, style: 'value' } : { v: t(ctx, s), f, style: 'value', status: s };
  }
  if (s === undefined) return EMPTY;
  return { v: t(ctx, s), style: 'value', status: s };
}

/** Lays out the overview block. */
export function overviewBlock(ctx: SummaryContext): void {
  const { table, sheet, prev } = ctx;
  const defs = overviewKpis(ctx);
  const args = sideArgs(ctx);
  const b = ctx.benchmarks;
  withSection(ctx, 'overview', t(ctx, 'overview'), (values) => {
    headerRow(ctx, [
      t(ctx, 'kpi'),
      `${t(ctx, 'value')}: ${periodText(ctx, ctx.period)}`,
      prev ? `${t(ctx, 'previous')}: ${periodText(ctx, prev)}` : t(ctx, 'previous'),
      { v: t(ctx, 'change'), style: 'header', note: t(ctx, 'changeRule') },
      { v: t(ctx, 'trend'), style: 'header', note: t(ctx, 'trendRule') },
      t(ctx, 'target'),
      {
        v: t(ctx, 'status'), style: 'header',
        note: t(ctx, 'statusRule', {
          green: percentText(b.planGreen), amber: percentText(b.planAmber), winRed: percentText(b.winRateRed),
          ltvGreen: b.ltvCacGreen, ltvRed: b.ltvCacRed, payback: b.cacPaybackGreen,
        }),
      },
    ]);
    const top = sheet.next;
    const rowOf = new Map(defs.map((d, i) => [d.name, top + i]));
    const cur = makeSlicing(table, ctx.period, '');
    const before = prev ? makeSlicing(table, prev, '') : null;
    const plan = ctx.plan;
    const target = plan ? targetFor(plan, ctx.period) : undefined;
    const prevTarget = plan && prev ? targetFor(plan, prev) : undefined;
    /** The overview's cells holding a quantity in column `col`, for formulas that point at them. */
    const rowOfKey = new Map<string, number>();
    defs.forEach((d, i) => {
      const key = refKeyOf(definitionOf(d));
      if (key !== undefined && !rowOfKey.has(key)) rowOfKey.set(key, top + i);
    });
    /** The overview's cells holding a tally in column `col` (and, `withPrev`, its previous period's in the next column). */
    const refsIn = (col: number, withPrev: boolean) => (key: string): string | undefined => {
      for (const [k, r] of rowOfKey) {
        if (k === key) return a1(r, col);
        if (withPrev && prevKey(k) === key) return a1(r, col + 1);
      }
      return undefined;
    };
    const svTargetCell = rowOf.has('SALES_VOLUME') ? a1(rowOf.get('SALES_VOLUME') as number, COL.target) : undefined;
    defs.forEach((def, i) => {
      const row = top + i;
      const fmt = formatOfUnit(def.unit);
      const v: KpiValue = computeKpi(def, table, cur, args)[0];
      const p: KpiValue = before ? computeKpi(def, table, before, args)[0] : noValue(t(ctx, 'noPrevious'));
      const rowTarget = def.name === 'SALES_VOLUME' ? target : def.name === 'PLAN_ATTAINMENT' ? 1 : undefined;
      const scale = thresholdsOf(ctx, def, rowTarget);
      const status = statusByThresholds(numberOf(v), scale);
      let fValue: string | null = null;
      let fPrev: string | null = null;
      if (ctx.live) {
        const env: FormulaEnv = {
          scope: scopeOf(ctx.period), prev: prev ? scopeOf(prev) : null, ref: refsIn(COL.value, prev !== null),
          target: svTargetCell ?? (target !== undefined ? numberLiteral(target) : undefined),
        };
        fValue = kpiFormula(ctx.live, definitionOf(def), env);
        if (prev) {
          const prevPrev = previousPeriod(prev);
          fPrev = kpiFormula(ctx.live, definitionOf(def), {
            scope: scopeOf(prev), prev: prevPrev ? scopeOf(prevPrev) : null, ref: refsIn(COL.previous, false),
            target: prevTarget !== undefined ? numberLiteral(prevTarget) : undefined,
          });
        }
        if (!fValue || (prev && !fPrev)) values.add(kpiTitle(ctx, def));
      }
      if (scale && (numberOf(v) !== undefined || fValue)) {
        // The value cell and its status word, coloured by the value as it is now (live) or was computed.
        sheet.conditional.push(conditionalRule(cellAt(row, COL.value), scale), conditionalRule(cellAt(row, COL.status), scale, COL.value));
      }
      // The trend mark coloured by whether its direction is good for the KPI; the rule keeps a live mark coloured.
      const marks = trendMarks(def.higherIsBetter);
      if (prev) sheet.conditional.push(textRule(cellAt(row, COL.trend), marks));
      const [change, trend] = changeCells(ctx, def.unit, row, COL.value, numberOf(v), numberOf(p), prev !== null, marks);
      let targetCell: LayoutCell = EMPTY;
      if (rowTarget !== undefined) {
        targetCell = { ...valueCell(rowTarget, def.name === 'PLAN_ATTAINMENT' ? 'percent' : fmt), note: t(ctx, def.name === 'PLAN_ATTAINMENT' ? 'targetIsFull' : 'targetIsPlan') };
      }
      sheet.sources.push({ row, col: COL.value, kpi: def.name, period: ctx.period.label });
      if (prev) sheet.sources.push({ row, col: COL.previous, kpi: def.name, period: prev.label });
      sheet.push([
        text(kpiTitle(ctx, def), 'label', descriptionNote(ctx, def)),
        valueCell(v, fmt, { status, f: fValue }),
        before ? valueCell(p, fmt, { style: 'muted', f: fPrev }) : { style: 'muted', note: t(ctx, 'noPrevious') },
        change,
        trend,
        targetCell,
        statusCell(ctx, status, fValue && scale ? { valueRef: a1(row, COL.value), scale } : undefined),
      ]);
    });
  });
}
