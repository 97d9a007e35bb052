/** The public custom functions as their docs describe them: autocomplete JSDoc, the help dialog and the README come from here. */
import { CATALOG } from './catalog';
import { DEAL_SCORE_DOC } from './dealScore';
import { CLV_FUNCTION_DOCS } from './clv/docs';
import type { KpiDef, KpiUnit, ParamDoc } from './kpi';
import { GRANULARITIES, isGranularity } from './period';
import { GROUP_BYS } from './slicing';

/** One public custom function: what autocomplete shows and what the README lists. */
export interface FunctionDoc {
  readonly name: string;
  /** One line for autocomplete: what it returns, and its calculator form if it has one. */
  readonly description: string;
  /** The declared arguments, in order, as autocomplete shows them (the deal-table form, with calculator notes). */
  readonly params: readonly ParamDoc[];
  /** The description without the calculator form: the README shows that form apart. */
  readonly summary: string;
  /** The declared arguments without calculator notes. */
  readonly plainParams: readonly ParamDoc[];
  /** The JSDoc type of the result. */
  readonly returnType: string;
  readonly returns: string;
  /** The calculator form's arguments, for KPIs that have one. */
  readonly calculator?: readonly ParamDoc[];
}

const TABLE = 'Array<Array<*>>';

const DEALS: ParamDoc = {
  name: 'deals', type: TABLE,
  description: 'The deal table range with its header row, such as Deals!A1:M.',
};

const PERIOD: ParamDoc = {
  name: 'period', type: 'string|number|Date|Array<Array<Date>>', optional: true,
  description:
    'Optional. "" or omitted for the whole table; "2024", "2024-Q1", "2024-03", "2024-W05" (ISO week), ' +
    '"2024-03-15" (one day), "FY2025-Q1" (fiscal), a date (its month), or a two-cell range of start and end dates (end inclusive).',
};

const CATEGORY_GROUPS = GROUP_BYS.filter((g) => g !== '' && !isGranularity(g));

const GROUP_BY: ParamDoc = {
  name: 'group_by', type: 'string', optional: true,
  description:
    `Optional. "" for one value; ${orList(CATEGORY_GROUPS)} for one row per value of that column; ` +
    `${orList(GRANULARITIES)} for one row per period. A group spills as a two-column table under a header row.`,
};

const SIDE: Readonly<Record<'plan' | 'spend', ParamDoc>> = {
  plan: {
    name: 'plan', type: `number|${TABLE}`,
    description:
      'The sales target: a number for the whole period, or a plan range with a header row: period, [rep], target. ' +
      'Over several plan rows it is Σ actual / Σ target.',
  },
  spend: {
    name: 'spend', type: `number|${TABLE}`,
    description:
      'Marketing spend: a number for the whole period, or a spend range with a header row: date or period, amount, [source].',
  },
};

const UNIT_RETURNS: Readonly<Record<KpiUnit, string>> = {
  money: 'Money, in the units of the table\'s amounts',
  count: 'A count',
  rate: 'A fraction (0.25 shows as 25 % in a percent format)',
  days: 'Days',
  months: 'Months',
  ratio: 'A ratio (3 means 3 : 1)',
  money_per_day: 'Money per day',
};

const GROUPED_RETURNS = '; with group_by, a two-column table: a header row, then one row per group.';

/** "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** `NAME(a, [b])`: a call as the docs write it, optional arguments in brackets. */
export function signature(name: string, params: readonly ParamDoc[]): string {
  return `${name}(${params.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')})`;
}

/** The deal-table form's arguments: deals, [plan|spend], [period], [group_by], [option]. */
function tableParams(def: KpiDef): ParamDoc[] {
  const params = [DEALS];
  if (def.side) params.push(SIDE[def.side]);
  params.push(PERIOD, GROUP_BY);
  if (def.option) params.push({ ...def.option.doc, optional: true });
  return params;
}

/**
 * The arguments as autocomplete shows them: each slot also says what it means in the calculator form,
 * and the first says that a number there selects that form.
 */
function withCalculatorNotes(def: KpiDef, params: ParamDoc[]): ParamDoc[] {
  const calc = def.calculator;
  if (!calc) return params;
  const form = signature(def.name, calc.params);
  return params.map((p, i) => {
    const c = calc.params[i];
    if (!c) return p;
    const type = p.type.split('|').includes('number') ? p.type : `${p.type}|number`;
    const note = i === 0
      ? ` A number here selects the calculator form ${form}; then ${c.name}: ${c.description}`
      : ` Calculator form: ${c.name}: ${c.description}`;
    return { ...p, type, description: p.description + note };
  });
}

/**
 * A KPI's own line with its Russian title: Apps Script shows one description to every user, whatever their language,
 * so a Russian-speaking user finds the KPI by its name in the autocomplete.
 */
function ownLine(def: KpiDef): string {
  return `${def.description} (RU: ${def.title.ru})`;
}

/** The description line: the KPI's own, then its calculator form and any arguments the slots cannot show. */
function kpiDescription(def: KpiDef, declared: number): string {
  const calc = def.calculator;
  if (!calc) return ownLine(def);
  const extra = calc.params.slice(declared);
  const more = extra.length === 0 ? '' : ` Its further arguments: ${extra.map((p) => `${p.name}: ${p.description}`).join(' ')}`;
  return `${ownLine(def)} Calculator form, when the first argument is a number: ${signature(def.name, calc.params)}.${more}`;
}

/** The doc of a catalog KPI's custom function. */
export function kpiFunctionDoc(def: KpiDef): FunctionDoc {
  const plainParams = tableParams(def);
  const params = withCalculatorNotes(def, plainParams);
  return {
    name: def.name,
    description: kpiDescription(def, params.length),
    params,
    summary: ownLine(def),
    plainParams,
    returnType: 'number|Array<Array<*>>',
    returns: `${UNIT_RETURNS[def.unit]}${GROUPED_RETURNS}`,
    ...(def.calculator ? { calculator: def.calculator.params } : {}),
  };
}

/** A function without a calculator form: the plain docs are the autocomplete ones. */
function plain(doc: Omit<FunctionDoc, 'summary' | 'plainParams'>): FunctionDoc {
  return { ...doc, summary: doc.description, plainParams: doc.params };
}

/** KPI(name, deals, [period], [group_by]). */
function kpiByNameDoc(): FunctionDoc {
  const ids = CATALOG.filter((k) => !k.side).map((k) => k.id);
  return plain({
    name: 'KPI',
    description:
      'Any KPI without a plan or spend argument, by name: KPI("win_rate", Deals!A1:M, "2024-Q1") = WIN_RATE(Deals!A1:M, "2024-Q1"). ' +
      '(RU: любой KPI по имени)',
    params: [
      { name: 'name', type: 'string', description: `The KPI's name, in any case: ${ids.join(', ')}.` },
      DEALS, PERIOD, GROUP_BY,
    ],
    returnType: 'number|Array<Array<*>>',
    returns: `The KPI's value${GROUPED_RETURNS}`,
  });
}

/** KPI_TABLE(deals, [granularity], [kpis]). */
function kpiTableDoc(): FunctionDoc {
  return plain({
    name: 'KPI_TABLE',
    description:
      'A table to spill: one row per period of the deal table\'s date span, one column per KPI (every KPI the table\'s columns allow, or those named). ' +
      '(RU: таблица KPI по периодам)',
    params: [
      DEALS,
      {
        name: 'granularity', type: 'string', optional: true,
        description: `Optional. The length of a row's period: ${orList(GRANULARITIES)}; month when omitted.`,
      },
      {
        name: 'kpis', type: `string|${TABLE}`, optional: true,
        description:
          'Optional. The KPIs to show, comma-separated ("sales_volume, win_rate") or a range of names; ' +
          'omitted: every KPI without a plan or spend argument that the table\'s columns allow.',
      },
    ],
    returnType: TABLE,
    returns: 'A header row (the granularity, then KPI titles), then one row per period; undefined values are empty cells.',
  });
}

/** DEAL_SCORE(deals). */
function dealScoreDoc(): FunctionDoc {
  return plain({
    name: DEAL_SCORE_DOC.name,
    description: `${DEAL_SCORE_DOC.description} (RU: оценка открытых сделок)`,
    params: DEAL_SCORE_DOC.params,
    returnType: TABLE,
    returns: 'One column: the header DEAL_SCORE, then a score 1–5 for each open deal and an empty cell for every other row.',
  });
}

/** The customer-value functions of §8. */
function clvDocs(): FunctionDoc[] {
  return CLV_FUNCTION_DOCS.map((d) => plain({ name: d.name, description: `${d.description} (RU: ${d.ru})`, params: d.params, returnType: TABLE, returns: d.returns }));
}

/** Every public custom function, catalog KPIs first in the spec's order, then KPI, KPI_TABLE, DEAL_SCORE and the customer-value ones. */
export function functionDocs(): FunctionDoc[] {
  return [...CATALOG.map(kpiFunctionDoc), kpiByNameDoc(), kpiTableDoc(), dealScoreDoc(), ...clvDocs()];
}
