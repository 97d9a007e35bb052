import { describe, expect, it } from 'vitest';
import { callKpi } from '../../src/engine/call';
import { findKpi } from '../../src/engine/catalog';
import { dayFromCivil } from '../../src/engine/days';
import { FIELDS, HEADER_SYNONYMS, STATUS_VALUES, TYPE_VALUES, normalizeHeader } from '../../src/engine/fields';
import { detectColumns, readDeals } from '../../src/engine/read';
import { parsePeriodText } from '../../src/engine/period';
import { readPlan, readSpend, spendFor, targetFor } from '../../src/engine/sideTables';
import {
  BUILT_IN_FUNCTIONS, TEMPLATE_SHEETS, templateDate, templateGrid, templateSpec, type TemplateSheetKey, type TemplateSpec,
} from '../../src/engine/template';
import { dayOfInstantIn } from '../../src/engine/timezone';

/** Mid-June 2025: the sample's June deals on the 16th and later land on the 15th. */
const TODAY = dayFromCivil(2025, 6, 15);
const NOW = Date.UTC(2025, 5, 15, 12);
const ENV = { timeZone: 'UTC', now: NOW };

const sheet = (spec: TemplateSpec, key: TemplateSheetKey) => spec.sheets.find((s) => s.key === key)!;

/** A KPI called as its custom function would be, on a grid of the template. */
function kpi(name: string, ...args: unknown[]): unknown {
  return callKpi(findKpi(name)!, args, ENV);
}

/** Function names a formula calls. */
function functionsOf(formula: string): string[] {
  return [...formula.replace(/"[^"]*"/g, '""').replace(/'[^']*'!/g, '').matchAll(/([A-Z][A-Z0-9_.]*)\s*\(/g)].map((m) => m[1]);
}

describe('templateSpec', () => {
  it('has the five sheets, named per locale, Deals first', () => {
    expect(templateSpec({ today: TODAY }).sheets.map((s) => [s.key, s.name])).toEqual([
      ['deals', 'Deals'], ['plan', 'Plan'], ['spend', 'Spend'], ['kpi', 'KPI'], ['lists', 'Lists'],
    ]);
    expect(templateSpec({ today: TODAY, locale: 'ru' }).sheets.map((s) => s.name)).toEqual(['Сделки', 'План', 'Расходы', 'KPI', 'Списки']);
    expect(TEMPLATE_SHEETS).toEqual(['deals', 'plan', 'spend', 'kpi', 'lists']);
  });

  for (const locale of ['en', 'ru'] as const) {
    it(`${locale}: the deal headers are synonyms the reader maps to every field, column by column`, () => {
      const header = sheet(templateSpec({ today: TODAY, locale }), 'deals').cells[0];
      const columns = detectColumns(header);
      expect(Object.fromEntries(FIELDS.map((f) => [f, columns[f]?.index]))).toEqual(Object.fromEntries(FIELDS.map((f, i) => [f, i])));
      // Each header is a listed synonym (§1), not only something the reader happens to accept.
      header.forEach((h, i) => expect(HEADER_SYNONYMS[FIELDS[i]].map(normalizeHeader)).toContain(normalizeHeader(h as string)));
    });

    it(`${locale}: the dropdowns offer §1's status and type words, and reps from the Lists sheet`, () => {
      const spec = templateSpec({ today: TODAY, locale });
      const [status, rep, type] = spec.validations;
      expect(status).toMatchObject({ sheet: 'deals', column: FIELDS.indexOf('status'), firstRow: 2, strict: true });
      const list = (v: typeof status) => ('list' in v.rule ? v.rule.list : []);
      expect(list(status)).toEqual(locale === 'en' ? ['won', 'lost', 'open'] : ['выиграна', 'проиграна', 'в работе']);
      list(status).forEach((w, i) => expect(STATUS_VALUES[(['won', 'lost', 'open'] as const)[i]]).toContain(w));
      expect(type).toMatchObject({ column: FIELDS.indexOf('type'), strict: true });
      list(type).forEach((w, i) => expect(TYPE_VALUES[(['new', 'repeat', 'upsell', 'cross-sell'] as const)[i]]).toContain(w));
      expect(rep).toMatchObject({ column: FIELDS.indexOf('rep'), strict: false, rule: { range: { sheet: 'lists', column: 0, firstRow: 2 } } });
      expect(sheet(spec, 'lists').cells.slice(1).map((r) => r[0])).toEqual(
        locale === 'en' ? ['Anna Petrova', 'Boris Ivanov', 'Carla Mendes'] : ['Анна Петрова', 'Борис Иванов', 'Карла Мендес'],
      );
    });

    it(`${locale}: the sample deals read with no row issue, every rep on the Lists sheet`, () => {
      const spec = templateSpec({ today: TODAY, locale, sample: true });
      const deals = templateGrid(sheet(spec, 'deals'));
      expect(deals).toHaveLength(29);
      const table = readDeals(deals, ENV);
      expect(table.issues).toEqual([]);
      expect(table.n).toBe(28);
      expect(spec.sampleDeals).toBe(28);
      const reps = sheet(spec, 'lists').cells.slice(1).map((r) => r[0]);
      for (const row of deals.slice(1)) expect(reps).toContain(row[FIELDS.indexOf('rep')]);
    });
  }

  it('formats the deal columns by meaning and freezes the header', () => {
    const spec = templateSpec({ today: TODAY, sample: true });
    const deals = sheet(spec, 'deals');
    expect(deals.columnFormats).toEqual(['text', 'date', 'date', 'date', 'money', 'money', 'text', 'text', 'percent', 'text', 'text', 'text', 'text']);
    expect(deals.formats[1]).toEqual(deals.columnFormats);
    expect(deals.formats[0].every((f) => f === 'text')).toBe(true);
    expect(deals.frozenRows).toBe(1);
    expect(deals.widths).toHaveLength(13);
    expect(spec.formats).toMatchObject({ date: 'yyyy-mm-dd', money: '#,##0.00', month: 'yyyy-mm', text: '@' });
    expect(templateSpec({ today: TODAY, locale: 'ru' }).formats.date).toBe('dd.mm.yyyy');
    for (const s of spec.sheets) {
      expect(s.formats.map((r) => r.length)).toEqual(s.cells.map((r) => r.length));
      expect(s.cells.every((r) => r.length === s.widths.length)).toBe(true);
    }
  });

  it('names a range over whole columns A:M of the deal sheet', () => {
    expect(templateSpec({ today: TODAY }).namedRange).toEqual({ name: 'Deals', sheet: 'deals', firstColumn: 0, lastColumn: 12 });
    expect(templateSpec({ today: TODAY, rangeName: 'Deals_2' }).namedRange.name).toBe('Deals_2');
  });

  it('this month: 6 won totalling 68 000, 2 lost, 5 open worth 66 500, 3 new customers; plan 75 000, spend 5 000', () => {
    const spec = templateSpec({ today: TODAY, sample: true });
    const deals = templateGrid(sheet(spec, 'deals'));
    const plan = templateGrid(sheet(spec, 'plan'));
    const spend = templateGrid(sheet(spec, 'spend'));
    expect(spec.monthStart).toBe('2025-06-01');
    expect(spec.nextMonthStart).toBe('2025-07-01');
    expect(kpi('SALES_VOLUME', deals, '2025-06')).toBe(68000);
    expect(kpi('DEALS_WON', deals, '2025-06')).toBe(6);
    expect(kpi('DEALS_LOST', deals, '2025-06')).toBe(2);
    expect(kpi('WIN_RATE', deals, '2025-06')).toBe(0.75);
    expect(kpi('AVG_DEAL', deals, '2025-06')).toBeCloseTo(68000 / 6, 9);
    expect(kpi('PIPELINE_COUNT', deals, '2025-06')).toBe(5);
    expect(kpi('PIPELINE_VALUE', deals, '2025-06')).toBe(66500);
    expect(kpi('NEW_CUSTOMERS', deals, '2025-06')).toBe(3);
    expect(kpi('PLAN_ATTAINMENT', deals, plan, '2025-06')).toBeCloseTo(68000 / 75000, 12);
    expect(kpi('CAC', deals, spend, '2025-06')).toBeCloseTo(5000 / 3, 9);
    // Plan and spend rows are this month's, as the engine reads their dates.
    const dayOf = dayOfInstantIn('UTC');
    const june = parsePeriodText('2025-06');
    expect(targetFor(readPlan(plan, dayOf), june)).toBe(75000);
    expect(spendFor(readSpend(spend, dayOf), june)).toBe(5000);
    expect(spendFor(readSpend(spend, dayOf), parsePeriodText('2025-05'))).toBe(0);
  });

  it('the add-on rows work on the sample, over whole columns and with the month as a Date (B2)', () => {
    const spec = templateSpec({ today: TODAY, sample: true });
    // A:M of a fresh sheet: the sample, then blank rows down to the sheet's end.
    const blanks = (g: unknown[][], width: number) => [...g, ...Array.from({ length: 50 }, () => new Array(width).fill(''))];
    const deals = blanks(templateGrid(sheet(spec, 'deals')), 13);
    const spend = blanks(templateGrid(sheet(spec, 'spend')), 3);
    const month = templateDate({ date: spec.monthStart });
    expect(kpi('SALES_GROWTH', deals, month)).toBeCloseTo(68000 / (11000 + 7500 + 4500 + 18000) - 1, 12);
    expect(kpi('NEW_CUSTOMERS', deals, month)).toBe(3);
    expect(kpi('CAC', deals, spend, month)).toBeCloseTo(5000 / 3, 9);
    expect(typeof kpi('LTV', deals, month)).toBe('number');
    expect(typeof kpi('SALES_CYCLE', deals, month)).toBe('number');
  });

  it('keeps every date of the sample at or before today, also on the 1st of a month and across a new year', () => {
    for (const today of [dayFromCivil(2025, 3, 1), dayFromCivil(2025, 1, 31), dayFromCivil(2024, 2, 29), dayFromCivil(2025, 12, 31)]) {
      const spec = templateSpec({ today, sample: true });
      const iso = spec.today;
      const deals = templateGrid(sheet(spec, 'deals'));
      const now = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)), 23);
      expect(readDeals(deals, { timeZone: 'UTC', now }).issues).toEqual([]);
      const month = iso.slice(0, 7);
      expect(callKpi(findKpi('SALES_VOLUME')!, [deals, month], { timeZone: 'UTC', now })).toBe(68000);
      expect(callKpi(findKpi('PIPELINE_COUNT')!, [deals, month], { timeZone: 'UTC', now })).toBe(5);
    }
  });

  it('without the sample, the deal sheet is its header alone; plan and spend keep their example rows', () => {
    const spec = templateSpec({ today: TODAY });
    expect(sheet(spec, 'deals').cells).toHaveLength(1);
    expect(spec.sampleDeals).toBe(0);
    expect(sheet(spec, 'plan').cells).toEqual([
      ['Period', 'Rep', 'Target'],
      [{ date: '2025-06-01' }, 'Anna Petrova', 25000],
      [{ date: '2025-06-01' }, 'Boris Ivanov', 30000],
      [{ date: '2025-06-01' }, 'Carla Mendes', 20000],
    ]);
    expect(sheet(spec, 'spend').cells.slice(1).map((r) => r[2])).toEqual([1500, 800, 2700]);
  });
});

describe('the KPI sheet', () => {
  it('uses only built-in functions, except the rows marked as needing the add-on', () => {
    for (const locale of ['en', 'ru'] as const) {
      const spec = templateSpec({ today: TODAY, locale });
      const kpiSheet = sheet(spec, 'kpi');
      expect(spec.kpiRows.filter((r) => r.addOn).map((r) => r.id)).toEqual(['sales_growth', 'new_customers', 'cac', 'ltv', 'sales_cycle']);
      for (const row of spec.kpiRows) {
        const used = functionsOf(row.formula);
        expect(used.length, row.formula).toBeGreaterThan(0);
        if (row.addOn) {
          expect(used.every((f) => findKpi(f)?.name === f), row.formula).toBe(true);
          expect(kpiSheet.cells[row.row - 1][2]).toBe(locale === 'en' ? 'needs the Sales KPI add-on' : 'нужно дополнение Sales KPI');
        } else {
          expect(used.filter((f) => !BUILT_IN_FUNCTIONS.includes(f)), row.formula).toEqual([]);
          expect(kpiSheet.cells[row.row - 1][2]).toBeNull();
        }
        expect(kpiSheet.cells[row.row - 1][0]).toBe(row.label);
        expect(kpiSheet.cells[row.row - 1][1]).toEqual({ formula: row.formula });
      }
      // The month cells: built-in too.
      expect(kpiSheet.cells[1][1]).toEqual({ formula: '=EOMONTH(TODAY(),-1)+1' });
      expect(kpiSheet.cells[2][1]).toEqual({ formula: '=EOMONTH(B2,0)+1' });
      expect(kpiSheet.formats[1][1]).toBe('date');
    }
  });

  it('counts the locale\'s status words over the deal columns by letter, within B2 ≤ closed < B3', () => {
    const rows = Object.fromEntries(templateSpec({ today: TODAY }).kpiRows.map((r) => [r.id, r]));
    expect(rows.sales_volume.formula).toBe(`=SUMIFS('Deals'!$E:$E,'Deals'!$G:$G,"won",'Deals'!$D:$D,">="&$B$2,'Deals'!$D:$D,"<"&$B$3)`);
    expect(rows.sales_volume.row).toBe(6);
    expect(rows.win_rate.formula).toBe('=IFERROR(B7/(B7+B8),"")');
    expect(rows.plan_attainment.formula).toBe('=IFERROR(B6/B13,"")');
    expect(rows.cac.formula).toBe(`=CAC('Deals'!A:M,'Spend'!A:C,$B$2)`);
    const ru = Object.fromEntries(templateSpec({ today: TODAY, locale: 'ru' }).kpiRows.map((r) => [r.id, r]));
    expect(ru.deals_lost.formula).toBe(`=COUNTIFS('Сделки'!$G:$G,"проиграна",'Сделки'!$D:$D,">="&$B$2,'Сделки'!$D:$D,"<"&$B$3)`);
    expect(ru.sales_volume.label).toBe('Объём продаж');
  });

  it('points every formula at the sheet names it is given', () => {
    const spec = templateSpec({ today: TODAY, names: { deals: 'Deals (2)', plan: "Bob's plan", spend: 'Spend (3)' } });
    const text = spec.kpiRows.map((r) => r.formula).join('\n');
    expect(text).not.toMatch(/'Deals'!|'Plan'!|'Spend'!/);
    expect(text).toContain("'Deals (2)'!$E:$E");
    expect(text).toContain("'Bob''s plan'!$C:$C");
    expect(text).toContain("'Spend (3)'!A:C");
    expect(spec.sheets.map((s) => s.name)).toEqual(['Deals (2)', "Bob's plan", 'Spend (3)', 'KPI', 'Lists']);
  });
});
