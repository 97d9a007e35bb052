/**
 * The standard deal exports of six CRMs as data (§1 "CRM exports as they come"): the headers each one
 * writes, the stage words that mean won or lost, and the headers that tell one export from another.
 * The reader joins these headers to the §1 synonyms, so no layout needs a mapping by hand.
 */
import type { Field } from './fields';

/**
 * Columns of a CRM export that are not deal-table fields themselves but decide one: the close date split
 * into won and lost times (Pipedrive), the Won and Closed checkboxes (Salesforce, HubSpot, Bitrix24), the
 * expected close date (Bitrix24), and Bitrix24's repeat-deal flag.
 */
export type SourceField = 'won_time' | 'lost_time' | 'won_flag' | 'closed_flag' | 'expected_close' | 'repeat_flag';

/** Every source field, in the order the reader looks at them. */
export const SOURCE_FIELDS: readonly SourceField[] = ['won_time', 'lost_time', 'won_flag', 'closed_flag', 'expected_close', 'repeat_flag'];

/** Header synonyms of the source fields, from every layout below (compared like §1 headers). */
export const SOURCE_SYNONYMS: Readonly<Record<SourceField, readonly string[]>> = {
  won_time: ['won time', 'won date', 'date won', 'won on'],
  lost_time: ['lost time', 'lost date', 'date lost', 'lost on'],
  won_flag: ['won', 'is won', 'is closed won'],
  closed_flag: ['is closed', 'is deal closed', 'сделка закрыта'],
  expected_close: [
    'expected close date', 'expected close', 'expected closing date', 'assumed close date', 'estimated close date',
    'предполагаемая дата закрытия', 'планируемая дата закрытия', 'ожидаемая дата закрытия', 'дата завершения',
  ],
  repeat_flag: ['repeat deal', 'повторная сделка'],
};

/** A CRM's standard deal export. */
export interface CrmLayout {
  /** Short id, as `sales-kpi` and the README name it. */
  readonly id: 'hubspot' | 'salesforce' | 'pipedrive' | 'zoho' | 'amocrm' | 'bitrix24';
  /** The CRM's name as its users write it. */
  readonly name: string;
  /** The export this describes, in a few words. */
  readonly export: string;
  /** The headers it writes for each field it has (English and Russian interfaces). */
  readonly headers: Partial<Readonly<Record<Field | SourceField, readonly string[]>>>;
  /** Headers that only this CRM writes; two of them present name the layout. */
  readonly signature: readonly string[];
  /**
   * Headers that look like a field but hold something else in this CRM: Bitrix24's `Тип` / `Type` is the
   * kind of sale (Продажа, Services …), not new / repeat, which its repeat-deal flag gives instead.
   */
  readonly notFields?: Partial<Readonly<Record<Field, readonly string[]>>>;
}

/** The six layouts, each from the CRM's own documentation and exports (see the README, "From your CRM"). */
export const CRM_LAYOUTS: readonly CrmLayout[] = [
  {
    id: 'hubspot', name: 'HubSpot', export: 'Deals → Export (CSV or XLSX)',
    headers: {
      id: ['Record ID'], created: ['Create Date'], closed: ['Close Date'], amount: ['Amount', 'Amount in company currency'],
      stage: ['Deal Stage'], probability: ['Deal probability'], rep: ['Deal owner'],
      customer: ['Associated Company (Primary)', 'Associated Company'], source: ['Original Source Type', 'Original Traffic Source'],
      type: ['Deal Type'], won_flag: ['Is Closed Won'], closed_flag: ['Is Deal Closed?'],
    },
    signature: ['Record ID', 'Deal Name', 'Deal Stage', 'Create Date', 'Deal owner', 'Associated Company (Primary)', 'Associated Company', 'Is Closed Won'],
  },
  {
    id: 'salesforce', name: 'Salesforce', export: 'Opportunities report → Export, Details only (CSV or XLSX)',
    headers: {
      id: ['Opportunity ID'], created: ['Created Date'], closed: ['Close Date'], amount: ['Amount'], stage: ['Stage'],
      probability: ['Probability (%)'], rep: ['Opportunity Owner'], customer: ['Account Name'], source: ['Lead Source'],
      type: ['Type'], won_flag: ['Won'], closed_flag: ['Closed'],
    },
    signature: ['Opportunity Name', 'Opportunity Owner', 'Opportunity ID', 'Fiscal Period', 'Forecast Category', 'Next Step', 'Won', 'Closed'],
  },
  {
    id: 'pipedrive', name: 'Pipedrive', export: 'Deals → Export (CSV or XLSX), every header prefixed "Deal - "',
    headers: {
      id: ['Deal - ID'], created: ['Deal - Deal created', 'Deal - Add time'], closed: ['Deal - Deal closed on', 'Deal - Close time'],
      amount: ['Deal - Value'], status: ['Deal - Status'], stage: ['Deal - Stage'], probability: ['Deal - Probability'],
      rep: ['Deal - Owner'], customer: ['Deal - Organization', 'Organization - Name'],
      source: ['Deal - Source channel', 'Deal - Lead source'], won_time: ['Deal - Won time'], lost_time: ['Deal - Lost time'],
      expected_close: ['Deal - Expected close date'],
    },
    signature: ['Deal - Title', 'Deal - Value', 'Deal - Status', 'Deal - Stage', 'Deal - Won time', 'Deal - Lost time', 'Deal - Deal created', 'Deal - Owner'],
  },
  {
    id: 'zoho', name: 'Zoho CRM', export: 'Deals → Export (CSV)',
    headers: {
      id: ['Record Id'], created: ['Created Time'], closed: ['Closing Date'], amount: ['Amount'], stage: ['Stage'],
      probability: ['Probability (%)'], rep: ['Deal Owner'], customer: ['Account Name'], source: ['Lead Source', 'Campaign Source'],
      type: ['Type'],
    },
    signature: ['Record Id', 'Deal Owner', 'Deal Name', 'Closing Date', 'Created Time', 'Modified Time', 'Expected Revenue', 'Contact Name'],
  },
  {
    id: 'amocrm', name: 'amoCRM / Kommo', export: 'Сделки → Экспорт / Leads → Export (CSV or XLSX)',
    headers: {
      id: ['ID'], created: ['Дата создания', 'Date created', 'Created date'], closed: ['Дата закрытия', 'Closing date', 'Closed date'],
      amount: ['Бюджет', 'Budget', 'Sale'], stage: ['Этап сделки', 'Lead status', 'Stage'], rep: ['Ответственный', 'Responsible user', 'Lead owner'],
      customer: ['Компания', 'Company'], source: ['Источник', 'utm_source'],
    },
    signature: ['Название сделки', 'Бюджет', 'Этап сделки', 'Основной контакт', 'Кем создана', 'Воронка', 'Lead title', 'Lead name', 'Budget', 'Responsible user', 'Main contact', 'Primary contact'],
  },
  {
    id: 'bitrix24', name: 'Bitrix24', export: 'CRM → Сделки → Экспорт в CSV / Excel',
    headers: {
      id: ['ID'], created: ['Дата создания', 'Created'], amount: ['Сумма', 'Income'], stage: ['Стадия сделки', 'Stage'],
      probability: ['Вероятность', 'Probability, %'], rep: ['Ответственный', 'Responsible'], customer: ['Компания', 'Company'],
      source: ['Источник', 'Source'], closed_flag: ['Сделка закрыта', 'Closed'],
      expected_close: ['Предполагаемая дата закрытия', 'Assumed close date'], repeat_flag: ['Повторная сделка', 'Repeat deal'],
    },
    signature: [
      'Стадия сделки', 'Предполагаемая дата закрытия', 'Сделка закрыта', 'Повторная сделка', 'Группа стадий', 'Направление',
      'Assumed close date', 'Repeat deal', 'Repeat inquiry', 'Income',
    ],
    notFields: { type: ['Тип', 'Type'] },
  },
];

/**
 * Header variants seen in these exports beyond each layout's defaults (renamed columns, older exports,
 * other interface languages). With the layouts' own headers they join §1's synonyms.
 */
const COMMON_VARIANTS: Partial<Readonly<Record<Field, readonly string[]>>> = {
  created: ['created on', 'deal created'],
  closed: ['closed date', 'closed on', 'deal closed on'],
  amount: ['deal amount', 'budget', 'income'],
  stage: ['opportunity stage'],
  rep: ['account owner', 'responsible', 'assigned to'],
  customer: ['company name', 'organization', 'organisation', 'organization name', 'название компании'],
  source: ['source channel', 'original source', 'utm source'],
  type: ['opportunity type'],
};

/**
 * Header synonyms that the CRM layouts add to §1's, per field. Kept apart from HEADER_SYNONYMS so that
 * messages list the spec's words ("looked for: customer, client, …") and not every CRM's.
 */
export const CRM_FIELD_SYNONYMS: Partial<Readonly<Record<Field, readonly string[]>>> = (() => {
  const out: Partial<Record<Field, string[]>> = {};
  const add = (f: Field, words: readonly string[] | undefined): void => { if (words) (out[f] ??= []).push(...words); };
  for (const layout of CRM_LAYOUTS) for (const [f, words] of Object.entries(layout.headers)) {
    if (!(SOURCE_FIELDS as readonly string[]).includes(f)) add(f as Field, words);
  }
  for (const [f, words] of Object.entries(COMMON_VARIANTS)) add(f as Field, words);
  return out;
})();

/** Deal type words the CRMs write, per canonical type (joined to §1's). */
export const CRM_TYPE_WORDS: Readonly<Record<'new' | 'repeat' | 'upsell' | 'cross-sell', readonly string[]>> = {
  new: ['new business', 'new customer', 'new deal', 'новая сделка'],
  repeat: ['existing business', 'existing customer', 'existing customer - replacement', 'existing customer - downgrade', 'renewal'],
  upsell: ['existing customer - upgrade', 'upgrade'],
  'cross-sell': [],
};

/** Type cells that mean "no type" in a CRM export (Zoho's `-None-`), read as blank rather than as an unknown type. */
export const NO_TYPE_WORDS: readonly string[] = ['none', '-none-'];

/** Stage words per outcome (§1: where there is no status, or it is blank, the stage says); any other stage is open. */
export const STAGE_WORDS: Readonly<Record<'won' | 'lost', readonly string[]>> = {
  won: [
    'closed won', 'won', 'успешно реализовано', 'сделка успешна', 'успешно', 'выиграна',
    'closed - won', 'closed & won', 'deal won', 'successfully realized', 'successfully realised',
  ],
  lost: [
    'closed lost', 'lost', 'закрыто и не реализовано', 'сделка провалена', 'провал', 'отказ',
    'closed - lost', 'closed-lost to competition', 'deal lost', 'analyze failure', 'анализ причины провала', 'closed and not realized',
    'closed - not realized', 'not realized', 'не реализовано',
  ],
};

/** The first line of the footer a Salesforce report export ends with ("Copyright (c) 2000-2024 salesforce.com, inc. …"). */
const REPORT_FOOTER = /^\s*copyright\s*\(c\).*salesforce\.com/i;

const isBlankCell = (c: unknown): boolean => c === '' || c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

/** The one non-blank cell of a row, or undefined when it has none or several. */
function onlyCell(row: readonly unknown[]): unknown {
  let only: unknown;
  for (const c of row) {
    if (isBlankCell(c)) continue;
    if (only !== undefined) return undefined;
    only = c;
  }
  return only;
}

/**
 * Where a report's footer starts, or `used` when there is none: Salesforce ends a report export with a
 * copyright line, "Confidential Information", "Generated By: …" and the company's name, each in a row of
 * one cell, after the grand totals. Those rows are not deals.
 */
export function reportFooterStart(grid: readonly (readonly unknown[])[], used: number): number {
  let r = used - 1;
  while (r > 0 && !(typeof onlyCell(grid[r]) === 'string' && REPORT_FOOTER.test(onlyCell(grid[r]) as string))) {
    if (onlyCell(grid[r]) === undefined && !grid[r].every(isBlankCell)) return used; // a row of several cells: data
    r--;
  }
  if (r <= 0) return used;
  // The blank and grand-total rows above it belong to the footer too.
  const above = (row: readonly unknown[]): boolean => {
    const only = onlyCell(row);
    return only === undefined ? row.every(isBlankCell) : typeof only === 'string' && /^\s*(grand totals?|итого)/i.test(only);
  };
  while (r > 1 && above(grid[r - 1])) r--;
  return r;
}
