/**
 * examples/crm/: each CRM's standard deal export, as it comes, gives the same KPIs as the same deals in the
 * canonical table, with no mapping and no row issue (§1 "CRM exports as they come").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callKpi, kpiTable, kpisAllowedBy, type CallEnv, type SheetResult } from '../src/engine/call';
import { CATALOG } from '../src/engine/catalog';
import { callDealScore } from '../src/engine/dealScore';
import { parsePeriodText } from '../src/engine/period';
import { readDeals } from '../src/engine/read';
import { buildSummary } from '../src/engine/summary';
import { readCsvTable } from '../src/local/readCsv';
import { readHtmlTable } from '../src/local/readHtmlTable';
import { CRM_DIR, crmExamples } from '../scripts/crmExamples';

/** The sample's deals run to mid-2024; "now" is after them. */
const ENV: CallEnv = { timeZone: 'Europe/Moscow', now: Date.UTC(2024, 8, 1) };
const grid = (name: string): unknown[][] =>
  (name.endsWith('.xls') ? readHtmlTable(join(CRM_DIR, name)).values : readCsvTable(join(CRM_DIR, name)));
const canonical = grid('canonical.csv');

/** File, the CRM layout it must be recognised as, and the fields it must map. */
const EXPORTS: [string, string, string[]][] = [
  ['hubspot-deals.csv', 'HubSpot', ['id', 'created', 'closed', 'amount', 'stage', 'probability', 'rep', 'customer', 'source', 'type']],
  ['salesforce-opportunities.csv', 'Salesforce', ['created', 'closed', 'amount', 'stage', 'probability', 'rep', 'customer', 'source', 'type']],
  ['pipedrive-deals.csv', 'Pipedrive', ['id', 'created', 'closed', 'amount', 'status', 'stage', 'probability', 'rep', 'customer', 'source']],
  ['zoho-deals.csv', 'Zoho CRM', ['id', 'created', 'closed', 'amount', 'stage', 'probability', 'rep', 'customer', 'source', 'type']],
  ['amocrm-leads.csv', 'amoCRM / Kommo', ['id', 'created', 'closed', 'amount', 'stage', 'rep', 'customer', 'source']],
  ['bitrix24-deals.csv', 'Bitrix24', ['id', 'created', 'closed', 'amount', 'stage', 'probability', 'rep', 'customer', 'source']],
  ['bitrix24-deals-en.xls', 'Bitrix24', ['id', 'created', 'closed', 'amount', 'stage', 'probability', 'rep', 'customer', 'source']],
];

/** Periods and groups every KPI is compared over. */
const PERIODS = ['', '2024-02', '2024-Q1', '2024-Q2', '2024-04'];
const GROUPS = ['', 'rep', 'source', 'customer', 'type', 'month'];

/** A call's result, or its error message: both must agree. */
function attempt(fn: () => SheetResult): SheetResult | string {
  try {
    return fn();
  } catch (e) {
    return (e as Error).message;
  }
}

describe('examples/crm', () => {
  it('is what scripts/crmExamples.ts writes, byte for byte', () => {
    for (const [name, content] of Object.entries(crmExamples())) expect(readFileSync(join(CRM_DIR, name), 'utf8'), name).toBe(content);
  });
  it('has a canonical table the reader takes without issues: 45 deals, 22 won, 8 lost, 15 open', () => {
    // The Status column of canonical.csv, counted: deals cycle through won, lost, won, open, won, lost, won,
    // won, open, and those that would close after the export day (2024-07-01) are still open.
    const t = readDeals(canonical, ENV);
    expect(t.issues).toEqual([]);
    expect(t.n).toBe(45);
    expect(callKpi(findDef('DEALS_WON'), [canonical], ENV)).toBe(22);
    expect(callKpi(findDef('DEALS_LOST'), [canonical], ENV)).toBe(8);
    expect(callKpi(findDef('PIPELINE_COUNT'), [canonical], ENV)).toBe(15);
  });
});

function findDef(name: string) {
  const def = CATALOG.find((k) => k.name === name);
  if (!def) throw new Error(name);
  return def;
}

describe.each(EXPORTS)('%s', (file, crm, fields) => {
  const g = grid(file);
  const t = readDeals(g, ENV);
  it(`is recognised as ${crm} and read with no mapping and no issue`, () => {
    expect(t.layout?.name).toBe(crm);
    expect(Object.keys(t.columns).sort()).toEqual([...fields].sort());
    expect(t.issues).toEqual([]);
    expect(t.isSalesLog).toBe(false);
    expect(t.n).toBe(45);
  });
  it('gives every KPI its columns allow the canonical table\'s value, for every period and group', () => {
    const defs = kpisAllowedBy(t);
    expect(defs.length).toBeGreaterThan(15);
    const diffs: string[] = [];
    for (const def of defs) {
      for (const p of PERIODS) {
        for (const gb of GROUPS) {
          if (gb === 'type' && !t.columns.type) continue;
          const a = attempt(() => callKpi(def, [g, p, gb], ENV));
          const b = attempt(() => callKpi(def, [canonical, p, gb], ENV));
          if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${def.name}("${p}", "${gb}"): ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
        }
      }
    }
    expect(diffs).toEqual([]);
  });
  it('gives the canonical KPI_TABLE by month and by quarter', () => {
    const defs = kpisAllowedBy(t);
    const c = readDeals(canonical, ENV);
    for (const g2 of ['month', 'quarter'] as const) expect(kpiTable(t, g2, defs)).toEqual(kpiTable(c, g2, defs));
  });
  it('gives the canonical summary sheet for 2024-Q2: the same blocks and figures, the pipeline block included', () => {
    const summary = (table: ReturnType<typeof readDeals>) => buildSummary({
      table, dealsSheet: { name: 'Deals' }, period: parsePeriodText('2024-Q2'), locale: 'en', live: false, generatedAt: new Date(ENV.now as number),
    });
    const a = summary(t);
    const b = summary(readDeals(canonical, ENV));
    expect(a.blocks.map((blk) => blk.id)).toEqual(['overview', 'byPeriod', 'byRep', 'bySource', 'pipeline', 'customerValue', 'dataQuality']);
    expect(a.blocks.map((blk) => blk.id)).toEqual(b.blocks.map((blk) => blk.id));
    // Block by block, the cells' values, but for the open-deal list (an export shows its own ids and stages).
    const cells = (l: typeof a, id: string) => {
      const blk = l.blocks.find((x) => x.id === id)!;
      return l.rows.slice(blk.firstRow, blk.lastRow + 1).map((r) => r.map((c) => c?.v));
    };
    const same = t.columns.type && t.columns.probability
      ? ['overview', 'byPeriod', 'byRep', 'bySource', 'customerValue', 'dataQuality'] : ['byPeriod', 'customerValue', 'dataQuality'];
    for (const id of same) expect(cells(a, id), id).toEqual(cells(b, id));
  });
  it('weights and scores the open deals as the canonical table does, where the export has probabilities', () => {
    if (!t.columns.probability) {
      expect(file).toBe('amocrm-leads.csv'); // amoCRM keeps no probability
      return;
    }
    const pipeline = findDef('PIPELINE_VALUE');
    for (const p of ['', '2024-03']) {
      expect(callKpi(pipeline, [g, p, 'rep', true], ENV)).toEqual(callKpi(pipeline, [canonical, p, 'rep', true], ENV));
    }
    expect(callDealScore([g], ENV)).toEqual(callDealScore([canonical], ENV));
  });
});
