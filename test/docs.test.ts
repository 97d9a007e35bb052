import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CRM_REFERENCE, END, README, START, referenceIn, renderCrmReference, renderReference, typeInWords, withReference } from '../scripts/docs';
import { CATALOG } from '../src/engine/catalog';
import { functionDocs, signature } from '../src/engine/docs';

const byName = (name: string) => {
  const doc = functionDocs().find((f) => f.name === name);
  if (!doc) throw new Error(`no doc for ${name}`);
  return doc;
};

describe('functionDocs', () => {
  it('lists every catalog KPI in the spec\'s order, then KPI, KPI_TABLE and DEAL_SCORE, each once', () => {
    expect(functionDocs().map((f) => f.name)).toEqual([...CATALOG.map((k) => k.name), 'KPI', 'KPI_TABLE', 'DEAL_SCORE']);
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

describe('the README\'s function reference', () => {
  it('is what `npm run docs` writes from the catalog now', () => {
    if (!existsSync(README)) expect.fail('README.md is missing: create it with the markers, then run `npm run docs`');
    const section = referenceIn(readFileSync(README, 'utf8'));
    if (section === undefined) expect.fail(`README.md lacks the markers ${START} … ${END}: add them, then run \`npm run docs\``);
    expect(section, 'the README\'s function reference is out of date: run `npm run docs`').toBe(renderReference());
  });

  it('replaces only the text between the markers', () => {
    const readme = `# Title\n\n${START}\nold\n${END}\n\nMore.\n`;
    expect(withReference(readme, '\nnew\n')).toBe(`# Title\n\n${START}\nnew\n${END}\n\nMore.\n`);
    expect(() => withReference('# no markers')).toThrow('README.md needs the markers');
  });

  it('shows a section per function with its signature, and the calculator form apart', () => {
    const text = renderReference();
    expect(text).toContain('### WIN_RATE\n\n`=WIN_RATE(deals, [period], [group_by])`');
    expect(text).toContain('**Calculator form**, when the first argument is a number: `=WIN_RATE(won, lost)`');
    expect(text).toContain('| [`DEAL_SCORE`](#deal_score) |');
  });

  it('writes types in words', () => {
    expect(typeInWords('Array<Array<*>>|number')).toBe('range or number');
    expect(typeInWords('string|number|Date|Array<Array<Date>>')).toBe('text, number, date or range');
  });
});

describe('docs/crm-exports.md', () => {
  it('is what `npm run docs` writes from src/engine/crm.ts', () => {
    expect(readFileSync(CRM_REFERENCE, 'utf8')).toBe(renderCrmReference());
  });
  it('lists every CRM of the issue, with the headers a person looks for', () => {
    const text = renderCrmReference();
    for (const crm of ['HubSpot', 'Salesforce', 'Pipedrive', 'Zoho CRM', 'amoCRM / Kommo', 'Bitrix24']) expect(text).toContain(`## ${crm}`);
    for (const header of ['`Deal Stage`', '`Opportunity Owner`', '`Deal - Won time`', '`Closing Date`', '`Бюджет`', '`Предполагаемая дата закрытия`']) {
      expect(text).toContain(header);
    }
  });
});
