import { describe, expect, it } from 'vitest';
import { CATALOG, findKpi } from '../../src/engine/catalog';
import { functionDocs, kpiFunctionDoc, signature } from '../../src/engine/docs';

const byName = (name: string) => {
  const doc = functionDocs().find((f) => f.name === name);
  if (!doc) throw new Error(`no doc for ${name}`);
  return doc;
};

describe('functionDocs', () => {
  it('lists every catalog KPI in the spec\'s order, then KPI, KPI_TABLE, DEAL_SCORE and the customer-value functions of §8, each once', () => {
    expect(functionDocs().map((f) => f.name)).toEqual([
      ...CATALOG.map((k) => k.name), 'KPI', 'KPI_TABLE', 'DEAL_SCORE', 'CLV_PARAMS', 'P_ALIVE', 'EXPECTED_PURCHASES', 'CLV_TABLE',
    ]);
  });

  it('gives a deal-table KPI the arguments deals, [period], [group_by]', () => {
    expect(signature('WIN_RATE', byName('WIN_RATE').params)).toBe('WIN_RATE(deals, [period], [group_by])');
  });

  it('puts the plan or spend table right after deals, and the option last', () => {
    const pairs: [string, string][] = [
      ['PLAN_ATTAINMENT', 'PLAN_ATTAINMENT(deals, plan, [period], [group_by])'],
      ['CAC', 'CAC(deals, spend, [period], [group_by])'],
      ['SALES_CYCLE', 'SALES_CYCLE(deals, [period], [group_by], [stat])'],
      ['PIPELINE_VALUE', 'PIPELINE_VALUE(deals, [period], [group_by], [weighted])'],
      ['INCREMENTAL_SALES', 'INCREMENTAL_SALES(deals, [period], [group_by], [baseline_period])'],
      ['KPI', 'KPI(name, deals, [period], [group_by])'],
      ['KPI_TABLE', 'KPI_TABLE(deals, [granularity], [kpis])'],
      ['DEAL_SCORE', 'DEAL_SCORE(deals)'],
    ];
    for (const [name, sig] of pairs) expect(signature(name, byName(name).params)).toBe(sig);
  });

  it('explains every form period accepts', () => {
    const period = byName('SALES_VOLUME').params.find((p) => p.name === 'period');
    for (const form of ['""', '"2024"', '"2024-Q1"', '"2024-03"', '"2024-W05"', '"2024-03-15"', 'a date', 'two-cell range']) {
      expect(period?.description).toContain(form);
    }
  });

  it('lists every group_by value', () => {
    const groupBy = byName('SALES_VOLUME').params.find((p) => p.name === 'group_by');
    expect(groupBy?.description).toBe(
      'Optional. "" for one value; rep, source, customer, stage or type for one row per value of that column; ' +
        'day, week, month, quarter or year for one row per period. A group spills as a two-column table under a header row.',
    );
  });

  it('says in the description and the first argument that a number selects the calculator form', () => {
    const doc = byName('WIN_RATE');
    expect(doc.description).toContain('Calculator form, when the first argument is a number: WIN_RATE(won, lost).');
    expect(doc.params[0].description).toContain('A number here selects the calculator form WIN_RATE(won, lost); then won:');
    expect(doc.params[0].type).toBe('Array<Array<*>>|number');
    expect(doc.params[1].description).toContain('Calculator form: lost:');
    expect(doc.calculator?.map((p) => p.name)).toEqual(['won', 'lost']);
    // The README shows the two forms apart.
    expect(doc.summary).not.toContain('Calculator');
    expect(doc.plainParams[0].description).toBe('The deal table range with its header row, such as Deals!A1:M.');
  });

  it('names calculator arguments that have no slot of their own in the description', () => {
    for (const def of CATALOG.filter((k) => k.calculator)) {
      const doc = byName(def.name);
      for (const p of def.calculator!.params.slice(doc.params.length)) expect(doc.description).toContain(`${p.name}: `);
    }
  });

  it('marks every argument after the required ones optional', () => {
    for (const doc of functionDocs()) {
      const required = doc.params.filter((p) => !p.optional).length;
      expect(doc.params.slice(required).every((p) => p.optional), doc.name).toBe(true);
    }
  });

  it('has no argument without a type or a description, and no name used twice in one function', () => {
    for (const doc of functionDocs()) {
      for (const p of doc.params) expect(p.type && p.description, `${doc.name} ${p.name}`).toBeTruthy();
      expect(new Set(doc.params.map((p) => p.name)).size).toBe(doc.params.length);
      expect(doc.returns).not.toBe('');
    }
  });
});

describe('kpiFunctionDoc', () => {
  const doc = (name: string) => kpiFunctionDoc(findKpi(name)!);
  it('says what a KPI returns by its unit, and that a group_by spills', () => {
    const grouped = '; with group_by, a two-column table: a header row, then one row per group.';
    expect(doc('SALES_VOLUME').returns).toBe(`Money, in the units of the table's amounts${grouped}`);
    expect(doc('DEALS_WON').returns).toBe(`A count${grouped}`);
    expect(doc('WIN_RATE').returns).toBe(`A fraction (0.25 shows as 25 % in a percent format)${grouped}`);
    expect(doc('SALES_CYCLE').returns).toBe(`Days${grouped}`);
    expect(doc('CAC_PAYBACK').returns).toBe(`Months${grouped}`);
    expect(doc('LTV_CAC').returns).toBe(`A ratio (3 means 3 : 1)${grouped}`);
    expect(doc('PIPELINE_VELOCITY').returns).toBe(`Money per day${grouped}`);
  });
  it('gives a KPI without a calculator form its own description and no calculator', () => {
    expect(doc('DEALS_LOST').description).toBe('Number of lost deals closed in the period. (RU: Проигранные сделки)');
    expect(doc('DEALS_LOST').calculator).toBeUndefined();
    expect(doc('DEALS_LOST').params.map((p) => p.type)).toEqual(['Array<Array<*>>', 'string|number|Date|Array<Array<Date>>', 'string']);
  });
  it('names every KPI in Russian too, right after its own line: autocomplete shows one description to everyone', () => {
    expect(doc('WIN_RATE').description).toMatch(/^Opportunity-to-win rate: won \/ \(won \+ lost\) among deals closed in the period\. \(RU: Доля выигранных сделок\) Calculator form, /);
    for (const def of CATALOG) {
      const own = `${def.description} (RU: ${def.title.ru})`;
      expect(kpiFunctionDoc(def).summary, def.name).toBe(own);
      expect(kpiFunctionDoc(def).description.startsWith(own), def.name).toBe(true);
    }
  });
  it('LTV: five calculator arguments over four slots, the fifth named in the description', () => {
    // LTV(deals, [period], [group_by], [method]) has 4 slots; LTV(arpa, churn_rate, [gross_margin], [discount_rate], [cac]) 5 arguments.
    const description = doc('LTV').description;
    expect(description).toMatch(/^ARPA × margin \/ monthly churn over the 12 months ending with the period’s last month\./);
    expect(description).toContain(
      'Calculator form, when the first argument is a number: LTV(arpa, churn_rate, [gross_margin], [discount_rate], [cac]). ' +
        'Its further arguments: cac: Acquisition cost to subtract, default 0.',
    );
    expect(doc('LTV').params.map((p) => p.name)).toEqual(['deals', 'period', 'group_by', 'method']);
    expect(doc('LTV').params[3].description).toContain('Calculator form: discount_rate: Discount rate per period, default 0.');
  });
});
