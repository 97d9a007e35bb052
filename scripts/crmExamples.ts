/**
 * Writes examples/crm/ (`npm run examples`; the output is committed): one made-up set of deals as the
 * canonical table (canonical.csv) and as each CRM's standard deal export, with that CRM's real header set,
 * stage names, date and number formats (see the README, "From your CRM"). test/crmExamples.test.ts reads
 * every export and checks that it gives the same KPIs as the canonical table. Deterministic: the same bytes
 * on every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { civilFromDay, dayFromCivil, formatDay } from '../src/engine/days';

/** Where the files go. */
export const CRM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'crm');

/** One deal of the sample, in canonical terms. */
export interface SampleDeal {
  readonly id: number;
  /** Day numbers; `closed` is NaN for an open deal, `expected` its expected close date. */
  readonly created: number;
  readonly closed: number;
  readonly expected: number;
  readonly status: 'won' | 'lost' | 'open';
  readonly amount: number;
  /** 0..1 */
  readonly probability: number;
  readonly rep: string;
  readonly customer: string;
  readonly source: string;
  readonly type: 'new' | 'repeat';
  /** Minutes after midnight of the creation and close times (CRMs export date-times). */
  readonly minute: number;
}

const REPS = ['Anna Smirnova', 'Boris Petrov', 'Vera Kim'];
const CUSTOMERS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell'];
const SOURCES = ['Website', 'Referral', 'Advertising', 'Exhibition'];
const OUTCOMES = ['won', 'lost', 'won', 'open', 'won', 'lost', 'won', 'won', 'open'] as const;

/** The day the CRM was exported: a deal that closes later is still open in the export. */
export const EXPORTED = dayFromCivil(2024, 7, 1);

/**
 * 45 deals created every 4 days from 2024-01-03 and closed 10–47 days later, as the CRM showed them on
 * 2024-07-01 (a deal that closes after that is open), so that months, quarters, reps, sources and repeat
 * customers all have something to add up and June is a whole month. One deal closes at 01:30 on
 * 2024-04-01: in the sheet's zone it is April's.
 */
export function sampleDeals(): SampleDeal[] {
  const start = dayFromCivil(2024, 1, 3);
  const deals: SampleDeal[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < 45; i++) {
    const created = start + 4 * i;
    const cycle = 10 + ((i * 7) % 38);
    const outcome = created + cycle >= EXPORTED ? 'open' : OUTCOMES[i % OUTCOMES.length];
    const customer = CUSTOMERS[(i * 3) % CUSTOMERS.length];
    const type = seen.has(customer) ? 'repeat' : 'new';
    if (outcome === 'won') seen.add(customer);
    const closed = outcome === 'open' ? NaN : i === 17 ? dayFromCivil(2024, 4, 1) : created + cycle;
    deals.push({
      id: 1001 + i, created, closed, expected: created + cycle + 5, status: outcome,
      amount: 1000 + 250 * ((i * 5) % 17) + (i % 4) * 0.5,
      probability: outcome === 'won' ? 1 : outcome === 'lost' ? 0 : [0.2, 0.4, 0.6, 0.8][i % 4],
      rep: REPS[i % REPS.length], customer, source: SOURCES[(i * 5) % SOURCES.length], type,
      minute: i === 17 ? 90 : 9 * 60 + ((i * 37) % 540),
    });
  }
  return deals;
}

/** A CSV file: header and rows, fields quoted where needed (always, with `quoteAll`). */
function csv(rows: readonly (readonly (string | number)[])[], delimiter = ',', quoteAll = false): string {
  const field = (v: string | number): string => {
    const s = String(v);
    return quoteAll || s.includes(delimiter) || s.includes('"') || s.includes('\n') ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(delimiter)).join('\r\n') + '\r\n';
}

const pad = (n: number): string => String(n).padStart(2, '0');
const ymd = (day: number): string => formatDay(day);
const dmy = (day: number): string => { const c = civilFromDay(day); return `${pad(c.day)}.${pad(c.month)}.${c.year}`; };
const mdy = (day: number): string => { const c = civilFromDay(day); return `${c.month}/${c.day}/${c.year}`; };
const hm = (minute: number): string => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
const or = (day: number, text: (d: number) => string, blank = ''): string => (day === day ? text(day) : blank);
/** Open stages by how far the deal has got, from its probability. */
const openStage = (stages: readonly string[], p: number): string => stages[Math.min(stages.length - 1, Math.floor(p * stages.length))];
/** 1234.5 as "1,234.50". */
const grouped = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** 1234.5 as "1 234,5" (a Russian export's spaces and comma). */
const russian = (x: number): string => x.toLocaleString('ru-RU', { maximumFractionDigits: 2 }).replace(/\u00a0/g, ' ');

/** The canonical deal table of §1. */
function canonical(deals: readonly SampleDeal[]): string {
  return csv([
    ['ID', 'Created', 'Closed', 'Amount', 'Status', 'Probability', 'Rep', 'Customer', 'Source', 'Type'],
    ...deals.map((d) => [d.id, ymd(d.created), or(d.closed, ymd), d.amount, d.status, d.probability, d.rep, d.customer, d.source, d.type]),
  ]);
}

/** HubSpot: Deals → Export. Outcome in the stage, date-times `2024-03-15 14:05`, an open deal's close date is its expected one. */
function hubspot(deals: readonly SampleDeal[]): string {
  const stages = ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Decision Maker Bought-In', 'Contract Sent'];
  return csv([
    ['Record ID', 'Deal Name', 'Deal Stage', 'Pipeline', 'Amount', 'Close Date', 'Create Date', 'Deal owner', 'Associated Company (Primary)', 'Deal Type', 'Original Source Type', 'Deal probability', 'Last Activity Date'],
    ...deals.map((d) => [
      18400000 + d.id, `${d.customer} – deal ${d.id}`,
      d.status === 'won' ? 'Closed Won' : d.status === 'lost' ? 'Closed Lost' : openStage(stages, d.probability), 'Sales Pipeline',
      d.amount, `${ymd(d.status === 'open' ? d.expected : d.closed)} ${hm(d.minute)}`, `${ymd(d.created)} ${hm(d.minute)}`, d.rep, d.customer,
      d.type === 'new' ? 'New Business' : 'Existing Business', d.source, d.probability, `${ymd(d.created + 2)} 10:00`,
    ]),
  ]);
}

/** Salesforce: an Opportunities report exported "Details only", US locale: `3/15/2024`, `$1,234.50`, Won and Closed as 1/0. */
function salesforce(deals: readonly SampleDeal[]): string {
  const stages = ['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review'];
  return csv([
    ['Opportunity Owner', 'Account Name', 'Opportunity Name', 'Stage', 'Fiscal Period', 'Amount', 'Probability (%)', 'Age', 'Close Date', 'Created Date', 'Next Step', 'Lead Source', 'Type', 'Won', 'Closed'],
    ...deals.map((d) => {
      const close = d.status === 'open' ? d.expected : d.closed;
      const c = civilFromDay(close);
      return [
        d.rep, d.customer, `${d.customer} renewal ${d.id}`,
        d.status === 'won' ? 'Closed Won' : d.status === 'lost' ? 'Closed Lost' : openStage(stages, d.probability),
        `Q${Math.ceil(c.month / 3)}-${c.year}`, `$${grouped(d.amount)}`, Math.round(d.probability * 100), close - d.created,
        mdy(close), mdy(d.created), '', d.source, d.type === 'new' ? 'New Customer' : 'Existing Customer - Replacement',
        d.status === 'won' ? 1 : 0, d.status === 'open' ? 0 : 1,
      ];
    }),
  ]);
}

/** Pipedrive: Deals → Export, "Deal - " headers, a status column, the close date split into won and lost times. */
function pipedrive(deals: readonly SampleDeal[]): string {
  const stages = ['Qualified', 'Contact Made', 'Demo Scheduled', 'Proposal Made', 'Negotiations Started'];
  const time = (day: number, minute: number): string => `${ymd(day)} ${hm(minute)}:00`;
  return csv([
    ['Deal - ID', 'Deal - Title', 'Deal - Value', 'Deal - Currency', 'Deal - Organization', 'Deal - Contact person', 'Deal - Owner', 'Deal - Pipeline', 'Deal - Stage', 'Deal - Status', 'Deal - Deal created', 'Deal - Won time', 'Deal - Lost time', 'Deal - Expected close date', 'Deal - Probability', 'Deal - Source channel'],
    ...deals.map((d) => [
      d.id, `${d.customer} deal`, d.amount, 'USD', d.customer, `Contact ${d.id}`, d.rep, 'Sales', openStage(stages, d.status === 'open' ? d.probability : 0.99),
      d.status === 'won' ? 'Won' : d.status === 'lost' ? 'Lost' : 'Open', time(d.created, d.minute),
      d.status === 'won' ? time(d.closed, d.minute) : '', d.status === 'lost' ? time(d.closed, d.minute) : '', ymd(d.expected),
      Math.round(d.probability * 100), d.source,
    ]),
  ]);
}

/** Zoho CRM: Deals → Export. `Closing Date` is expected for open deals; "Closed-Lost to Competition" is a lost stage. */
function zoho(deals: readonly SampleDeal[]): string {
  const stages = ['Qualification', 'Needs Analysis', 'Value Proposition', 'Proposal/Price Quote', 'Negotiation/Review'];
  return csv([
    ['Record Id', 'Deal Owner', 'Deal Name', 'Amount', 'Closing Date', 'Account Name', 'Stage', 'Type', 'Probability (%)', 'Expected Revenue', 'Lead Source', 'Contact Name', 'Created Time', 'Modified Time'],
    ...deals.map((d, i) => [
      `zcrm_${4876000000 + d.id}`, d.rep, `${d.customer} ${d.id}`, d.amount, ymd(d.status === 'open' ? d.expected : d.closed), d.customer,
      d.status === 'won' ? 'Closed Won' : d.status === 'lost' ? (i % 2 ? 'Closed Lost' : 'Closed-Lost to Competition') : openStage(stages, d.probability),
      d.type === 'new' ? 'New Business' : 'Existing Business', Math.round(d.probability * 100), Math.round(d.amount * d.probability * 100) / 100,
      d.source, `Contact ${d.id}`, `${ymd(d.created)} ${hm(d.minute)}:00`, `${ymd(d.created + 1)} 12:00:00`,
    ]),
  ]);
}

/** amoCRM (Russian interface): Сделки → Экспорт, semicolons, `15.03.2024 14:05:33`, `1 250`, "не закрыта" for an open deal. */
function amocrm(deals: readonly SampleDeal[]): string {
  const stages = ['Неразобранное', 'Первичный контакт', 'Переговоры', 'Принимают решение', 'Согласование договора'];
  return csv([
    ['ID', 'Название сделки', 'Бюджет', 'Ответственный', 'Дата создания', 'Кем создана', 'Дата закрытия', 'Теги', 'Этап сделки', 'Воронка', 'Компания', 'Основной контакт', 'utm_source'],
    ...deals.map((d) => [
      d.id, `Сделка #${d.id}`, russian(d.amount), d.rep, `${dmy(d.created)} ${hm(d.minute)}:00`, d.rep,
      d.status === 'open' ? 'не закрыта' : `${dmy(d.closed)} ${hm(d.minute)}:00`, '',
      d.status === 'won' ? 'Успешно реализовано' : d.status === 'lost' ? 'Закрыто и не реализовано' : openStage(stages, d.probability),
      'Воронка', d.customer, `Контакт ${d.id}`, d.source,
    ]),
  ], ';');
}

/**
 * Bitrix24 (Russian interface): CRM → Сделки → Экспорт в CSV, semicolons, every field quoted. No close
 * date but the expected one; `Сделка закрыта` Да/Нет; `Тип` is the kind of sale, the repeat-deal flag says new or repeat.
 */
function bitrix24(deals: readonly SampleDeal[]): string {
  const stages = ['Новая', 'Подготовка документов', 'Счёт на предоплату', 'В работе', 'Финальный счёт'];
  return csv([
    ['ID', 'Название сделки', 'Стадия сделки', 'Сумма', 'Валюта', 'Ответственный', 'Компания', 'Контакт', 'Дата создания', 'Предполагаемая дата закрытия', 'Сделка закрыта', 'Вероятность', 'Тип', 'Источник', 'Повторная сделка'],
    ...deals.map((d) => [
      d.id, `Сделка #${d.id}`,
      d.status === 'won' ? 'Сделка успешна' : d.status === 'lost' ? 'Сделка провалена' : openStage(stages, d.probability),
      d.amount.toFixed(2), 'RUB', d.rep, d.customer, `Контакт ${d.id}`, `${dmy(d.created)} ${hm(d.minute)}:00`,
      dmy(d.status === 'open' ? d.expected : d.closed), d.status === 'open' ? 'Нет' : 'Да', Math.round(d.probability * 100), 'Продажа', d.source,
      d.type === 'repeat' ? 'Да' : 'Нет',
    ]),
  ], ';', true);
}

/** Text safe inside an HTML cell. */
const html = (v: string | number): string => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Bitrix24 in English, exported "to Excel": an HTML table in a file named .xls, US dates (`03/15/2024 02:05:33 pm`),
 * Closed as Yes/No, no close date but the assumed one.
 */
function bitrix24Excel(deals: readonly SampleDeal[]): string {
  const stages = ['New', 'Create papers', 'Invoice', 'In progress', 'Final invoice'];
  const us = (day: number): string => { const c = civilFromDay(day); return `${pad(c.month)}/${pad(c.day)}/${c.year}`; };
  const time = (minute: number): string => {
    const h = Math.floor(minute / 60);
    return `${pad(((h + 11) % 12) + 1)}:${pad(minute % 60)}:00 ${h < 12 ? 'am' : 'pm'}`;
  };
  const header = ['ID', 'Deal Name', 'Stage', 'Income', 'Currency', 'Responsible', 'Company', 'Contact', 'Created', 'Assumed close date', 'Closed', 'Probability, %', 'Type', 'Source', 'Repeat deal'];
  const rows = deals.map((d) => [
    d.id, `Deal #${d.id}`, d.status === 'won' ? 'Deal won' : d.status === 'lost' ? 'Deal lost' : openStage(stages, d.probability),
    d.amount.toFixed(2), 'USD', d.rep, d.customer, `Contact ${d.id}`, `${us(d.created)} ${time(d.minute)}`,
    us(d.status === 'open' ? d.expected : d.closed), d.status === 'open' ? 'No' : 'Yes', Math.round(d.probability * 100), 'Sales', d.source,
    d.type === 'repeat' ? 'Yes' : 'No',
  ]);
  return [
    '<meta http-equiv="Content-type" content="text/html;charset=UTF-8" />',
    '<table border="1">',
    `<thead><tr>${header.map((h) => `<th>${html(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr>${r.map((v) => `<td>${html(v)}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table>',
    '',
  ].join('\r\n');
}

/** Every CRM sample: file name → content. */
export function crmExamples(): Record<string, string> {
  const deals = sampleDeals();
  return {
    'canonical.csv': canonical(deals),
    'hubspot-deals.csv': hubspot(deals),
    'salesforce-opportunities.csv': salesforce(deals),
    'pipedrive-deals.csv': pipedrive(deals),
    'zoho-deals.csv': zoho(deals),
    'amocrm-leads.csv': amocrm(deals),
    'bitrix24-deals.csv': bitrix24(deals),
    'bitrix24-deals-en.xls': bitrix24Excel(deals),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  mkdirSync(CRM_DIR, { recursive: true });
  for (const [name, content] of Object.entries(crmExamples())) writeFileSync(join(CRM_DIR, name), content);
  console.log(`wrote ${Object.keys(crmExamples()).length} files to ${CRM_DIR}`);
}
