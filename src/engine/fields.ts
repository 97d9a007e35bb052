/** The fields of a deal table, their header synonyms (§1) and the canonical status and type values. */

/** Every field a deal table column can map to. */
export const FIELDS = [
  'id', 'created', 'qualified', 'closed', 'amount', 'cost', 'status',
  'stage', 'probability', 'rep', 'customer', 'source', 'type',
] as const;

/** A deal table field. */
export type Field = (typeof FIELDS)[number];

/** Fields read as dates. */
export type DateField = 'created' | 'qualified' | 'closed';
/** Fields read as numbers. */
export type NumberField = 'amount' | 'cost' | 'probability';
/** Fields read as free text labels (dictionary-coded). */
export type TextField = 'id' | 'stage' | 'rep' | 'customer' | 'source';
/** Fields a `group_by` can name that are not time buckets. */
export type CategoryField = 'rep' | 'source' | 'customer' | 'stage' | 'type';

/** Header synonyms per field, in the order they are listed to the user. */
export const HEADER_SYNONYMS: Readonly<Record<Field, readonly string[]>> = {
  id: ['id', 'deal id', 'deal', '№', 'номер', 'сделка', 'id сделки'],
  created: ['created', 'created at', 'created date', 'date created', 'lead date', 'дата создания', 'создана', 'дата лида', 'дата обращения'],
  qualified: ['qualified', 'qualified at', 'opportunity date', 'sql date', 'квалифицирован', 'дата квалификации'],
  closed: ['closed', 'closed at', 'close date', 'date closed', 'date', 'дата закрытия', 'закрыта', 'дата', 'дата продажи', 'дата оплаты'],
  amount: ['amount', 'value', 'revenue', 'deal value', 'sum', 'total', 'сумма', 'выручка', 'стоимость', 'сумма сделки'],
  cost: ['cost', 'cogs', 'cost of sale', 'себестоимость', 'затраты', 'издержки'],
  status: ['status', 'state', 'outcome', 'result', 'статус', 'результат', 'состояние'],
  stage: ['stage', 'pipeline stage', 'этап', 'стадия', 'этап воронки'],
  probability: ['probability', 'win probability', 'вероятность'],
  rep: ['rep', 'owner', 'manager', 'sales rep', 'salesperson', 'seller', 'менеджер', 'ответственный', 'продавец', 'сотрудник'],
  customer: ['customer', 'client', 'account', 'company', 'клиент', 'покупатель', 'компания', 'контрагент'],
  source: ['source', 'lead source', 'channel', 'campaign', 'источник', 'канал', 'кампания', 'рекламная кампания'],
  type: ['type', 'deal type', 'тип', 'тип сделки'],
};

/** Generic date headers that yield to a specific `closed` synonym (§6 Headers). */
export const GENERIC_DATE_HEADERS: readonly string[] = ['date', 'дата'];

/** Outcome of a deal row, as stored in `DealTable.kind`. Refunds are won rows with a negative amount (§6). */
export const Kind = { Unknown: 0, Won: 1, Lost: 2, Open: 3, Refund: 4 } as const;
/** A value of `Kind`. */
export type KindCode = (typeof Kind)[keyof typeof Kind];

/** Status words per outcome (§1), compared like headers (`normalizeHeader`: case, spaces and punctuation ignored). */
export const STATUS_VALUES: Readonly<Record<'won' | 'lost' | 'open', readonly string[]>> = {
  won: ['won', 'closed won', 'success', 'paid', 'выиграна', 'успешно', 'успешна', 'оплачено', 'продажа'],
  lost: ['lost', 'closed lost', 'rejected', 'refused', 'проиграна', 'отказ', 'потеряна', 'провал'],
  open: ['open', 'in progress', 'new', 'в работе', 'открыта', 'новая'],
};

/** Canonical deal types, in `DealTable.type` code order (code = index + 1; 0 = blank). */
export const DEAL_TYPES = ['new', 'repeat', 'upsell', 'cross-sell'] as const;
/** A canonical deal type. */
export type DealType = (typeof DEAL_TYPES)[number];

/** Type words per canonical type (§1), compared like status words. */
export const TYPE_VALUES: Readonly<Record<DealType, readonly string[]>> = {
  new: ['new', 'новая', 'новый клиент'],
  repeat: ['repeat', 'повторная'],
  upsell: ['upsell', 'up-sell', 'допродажа', 'апсейл'],
  'cross-sell': ['cross-sell', 'cross sell', 'кросс-продажа', 'перекрестная'],
};

/** Lower-cases, folds ё to е and collapses white space: how reps, sources and TRUE/FALSE words are compared. */
export function normalizeValue(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** Case-, space- and punctuation-insensitive key of a header (keeps letters, digits and №). */
export function normalizeHeader(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}№]+/gu, '');
}

/**
 * "the deal table has no `customer` column (looked for: customer, client, …)": how a missing column is
 * named to the user; `purpose` says what it was wanted for ("to group by").
 */
export function describeMissingColumn(field: Field, purpose?: string): string {
  const what = purpose ? `column ${purpose}` : 'column';
  return `the deal table has no \`${field}\` ${what} (looked for: ${HEADER_SYNONYMS[field].join(', ')})`;
}
