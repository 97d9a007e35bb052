import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CRM_REFERENCE, DEFINITIONS_REFERENCE, END, README, START, referenceIn, renderCrmReference, renderDefinitionsReference, renderReference, typeInWords,
  withReference,
} from '../scripts/docs';

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

describe('docs/kpi-definitions.md', () => {
  it('is what `npm run docs` writes from the catalog', () => {
    expect(readFileSync(DEFINITIONS_REFERENCE, 'utf8')).toBe(renderDefinitionsReference());
  });
  it('gives each KPI its definition or why it is computed by hand, and whether it is live', () => {
    const text = renderDefinitionsReference();
    expect(text).toContain('| [`WIN_RATE`](../README.md#win_rate) | `COUNT (won; closed in the period) / COUNT (won, lost; closed in the period)` | yes |');
    expect(text).toContain('| [`SALES_CYCLE`](../README.md#sales_cycle) | `MEAN or MEDIAN cycle_days (won; closed in the period)` | no: a mean or median per deal needs an array formula |');
    expect(text).toMatch(/\| \[`LTV`\]\(\.\.\/README\.md#ltv\) \| computed by hand: the 12-month window/);
  });
});
