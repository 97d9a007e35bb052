/**
 * Explaining one KPI value (the sidebar's "Explain"): its definition in words with the catalog's titles, the
 * tallies it was computed from with their values, and the deal rows behind it.
 */
import { describeTally, tallyKey, type Definition, type Tally } from './definition';
import { tally, tallyRows } from './evaluate';
import { Kind } from './fields';
import { definitionOf, hasValue, type KpiArgs, type KpiDef } from './kpi';
import type { Locale } from './locale';
import type { Period } from './period';
import { forEachOpenAt, makeSlicing, rowSlots, type GroupBy } from './slicing';
import type { DealTable } from './table';
import { CATALOG } from './catalog';

/** Where a value sits: a KPI over a period, for one rep or source or for all. */
export interface ExplainTarget {
  readonly def: KpiDef;
  readonly period: Period;
  readonly group?: { readonly field: 'rep' | 'source'; readonly label: string };
}

/** A value explained. */
export interface Explanation {
  readonly value: number | null;
  /** Why there is no value, when there is none. */
  readonly reason?: string;
  readonly formula: string;
  readonly parts: { readonly label: string; readonly value: number }[];
  /** Sheet row numbers of the deals behind the value, ascending (the first `maxRows`). */
  readonly rows: number[];
}

/** Russian nouns of the deal sets, for a tally no KPI is exactly. */
const RU_NOUNS: Readonly<Record<Tally['deals'], string>> = {
  won: 'выигранные сделки', lost: 'проигранные сделки', decided: 'выигранные и проигранные сделки', revenue: 'выигранные сделки', leads: 'лиды',
};

/** A tally in Russian words: "Выигранные сделки с суммой, закрытые в периоде". */
function tallyWordsRu(t: Tally): string {
  const readable = t.readable ?? [];
  const withs = t.value === 'cycle_days' ? ' с датой создания'
    : t.value === 'profit' || readable.includes('cost') ? ' с суммой и себестоимостью'
      : t.value === 'amount' || readable.includes('amount') ? ' с суммой' : '';
  const where = t.where ? ('type' in t.where ? ` типа ${t.where.type}` : ', квалифицированные') : '';
  const noun = RU_NOUNS[t.deals];
  return `${noun[0].toUpperCase()}${noun.slice(1)}${where}${withs}, ${t.date === 'closed' ? 'закрытые' : 'созданные'} в периоде`;
}

/** The catalog's title of a tally, when a KPI is exactly that tally ("Sales volume"), else the tally in words. */
function tallyLabel(t: Tally, locale: Locale): string {
  const key = tallyKey(t);
  const def = CATALOG.find((k) => {
    const d = definitionOf(k);
    return d !== undefined && 'sum' in d && tallyKey(d.sum) === key;
  });
  if (def) return def.title[locale];
  if (locale === 'ru') return tallyWordsRu(t);
  const words = describeTally(t);
  return `${words[0].toUpperCase()}${words.slice(1)} in the period`;
}

/** The fixed words of a definition, in each language. */
const WORDS = {
  en: { previous: 'the previous period', baseline: 'the baseline period', of: 'of', open: "Deals open at the period's end", openAmount: "Amounts of the deals open at the period's end", mean: 'Mean (or median) of', target: "The plan's target" },
  ru: { previous: 'предыдущего периода', baseline: 'базового периода', of: '', open: 'Открытые сделки на конец периода', openAmount: 'Суммы открытых сделок на конец периода', mean: 'Среднее (или медиана):', target: 'План' },
} as const;

/** A definition in words, with the catalog's titles: "Sales volume / Won deals with an amount closed in the period". */
export function definitionWords(d: Definition, locale: Locale): string {
  const w = WORDS[locale];
  const title = (name: string): string => CATALOG.find((k) => k.name === name)?.title[locale] ?? name;
  if ('sum' in d) return tallyLabel(d.sum, locale);
  if ('ratio' in d) {
    const part = (x: Definition): string => ('ratio' in x || 'product' in x ? `(${definitionWords(x, locale)})` : definitionWords(x, locale));
    return `${part(d.ratio[0])} / ${part(d.ratio[1])}`;
  }
  if ('change' in d) {
    const v = definitionWords(d.change, locale);
    const then = `${v} ${w.of ? `${w.of} ` : ''}${d.against === 'previous' ? w.previous : w.baseline}`;
    return d.as === 'relative' ? `(${v} − ${then}) / |${then}|` : `${v} − ${then}`;
  }
  if ('open' in d) return d.open === 'count' ? w.open : w.openAmount;
  if ('typical' in d) return `${w.mean} ${tallyLabel(d.typical, locale).toLowerCase()}`;
  if ('product' in d) return d.product.map((x) => definitionWords(x, locale)).join(' × ');
  if ('kpi' in d) return title(d.kpi);
  return w.target;
}

/** Every tally a definition reads, once each, in order. */
function talliesOf(d: Definition, out: Tally[] = []): Tally[] {
  const add = (t: Tally): void => { if (!out.some((x) => tallyKey(x) === tallyKey(t))) out.push(t); };
  if ('sum' in d) add(d.sum);
  else if ('typical' in d) add(d.typical);
  else if ('ratio' in d) d.ratio.forEach((x) => talliesOf(x, out));
  else if ('change' in d) talliesOf(d.change, out);
  else if ('product' in d) d.product.forEach((x) => talliesOf(x, out));
  else if ('kpi' in d) {
    const inner = CATALOG.find((k) => k.name === d.kpi);
    const def = inner && definitionOf(inner);
    if (def) talliesOf(def, out);
  }
  return out;
}

/** True when a definition reads the deals open at the period's end (a snapshot). */
function readsOpenDeals(d: Definition): boolean {
  if ('open' in d) return true;
  if ('ratio' in d) return d.ratio.some(readsOpenDeals);
  if ('change' in d) return readsOpenDeals(d.change);
  if ('product' in d) return d.product.some(readsOpenDeals);
  return false;
}

/**
 * Explains `target.def` over `table`: its value, its formula in words, the tallies behind it and their deal rows.
 * A hand-written KPI gives its description as the formula, and the won deals closed in the period as its rows.
 */
export function explainValue(table: DealTable, target: ExplainTarget, args: KpiArgs, locale: Locale, maxRows = 1000): Explanation {
  const groupBy: GroupBy = target.group?.field ?? '';
  const slicing = makeSlicing(table, target.period, groupBy);
  const slot = target.group ? (slicing.labels as readonly string[]).indexOf(target.group.label) : 0;
  const values = slot >= 0 ? target.def.compute(table, slicing, args) : [];
  const v = values[slot];
  const d = definitionOf(target.def);
  const tallies = d ? talliesOf(d) : [];
  const parts = tallies.map((t) => ({ label: tallyLabel(t, locale), value: slot >= 0 ? tally(table, slicing, t).total[slot] : 0 }));
  const rows = new Set<number>();
  if (slot >= 0) {
    for (const t of tallies) for (const i of tallyRows(table, slicing, t, slot)) rows.add(i);
    if (d && readsOpenDeals(d)) {
      forEachOpenAt(table, slicing, (i, k) => { if (k === slot) rows.add(i); });
    }
    if (!d) {
      const won = rowSlots(table, slicing, 'closed');
      for (let i = 0; i < table.n; i++) if (won[i] === slot && table.kind[i] === Kind.Won) rows.add(i);
    }
  }
  const sorted = [...rows].sort((a, b) => a - b).slice(0, maxRows).map((i) => table.rowNumbers[i]);
  return {
    value: v !== undefined && hasValue(v) ? v : null,
    ...(v !== undefined && !hasValue(v) ? { reason: v.reason } : slot < 0 ? { reason: `no ${groupBy} "${target.group?.label}" in the table` } : {}),
    formula: d ? definitionWords(d, locale) : target.def.description,
    parts,
    rows: sorted,
  };
}
