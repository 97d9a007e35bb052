/**
 * Live formulas: the interpreter of KPI definitions (definition.ts) as spreadsheet formulas. Each tally is a
 * SUMIFS or COUNTIFS over the deal sheet, each ratio an IFERROR division, so the numbers stay live without
 * the add-on; a definition with a part criteria cannot express has none (liveFormulaGap says why). English names, comma
 * separators, absolute references to the used rows, `">="&DATE(y,m,d)` date criteria; no array formulas,
 * no LET/FILTER/LAMBDA: what Google Sheets, Excel and LibreOffice all evaluate alike.
 *
 * Status criteria: one SUMIFS/COUNTIFS per distinct raw status text that maps to won, lost or open (the
 * criteria are case-insensitive in all three, so texts are deduplicated ignoring case). A text the
 * criteria could misread (surrounding spaces, wildcards, a leading operator, a number or a date) makes
 * the quantities that need it values instead: the formulas never count a row the engine does not.
 */
import { isBlank, isDate, parseDateText, parseNumberText } from '../coerce';
import { civilFromDay } from '../days';
import { findKpi } from '../catalog';
import { DEAL_SETS, tallyKey, type Definition, type Tally } from '../definition';
import { Kind, type Field } from '../fields';
import { definitionOf } from '../kpi';
import type { ColumnRef, DealTable } from '../table';
import { columnLetters } from './sheet';

/** The deal sheet the formulas read: its name and, for live formulas, its cells (header row first). */
export interface DealsSheetRef {
  readonly name: string;
  readonly values?: readonly (readonly unknown[])[];
  /** Where the sheet holds a field when not in the table's column (the typed copy's composed close dates). */
  readonly columns?: Readonly<Partial<Record<Field, ColumnRef>>>;
  /**
   * True when `values` are the user's own cells, not the typed copy: a column whose cells the criteria would
   * read otherwise than the engine is then left out of every formula (see unreadableForCriteria).
   */
  readonly source?: boolean;
}

/**
 * The first cell of a number or date column that SUMIFS and COUNTIFS would read otherwise than the engine, as
 * "header: text", or undefined when there is none: text the engine parsed ("1 234,50", "15.03.2024") is
 * skipped by criteria, and a number or date the engine rejected (a close date in the future) is not.
 */
function unreadableForCriteria(table: DealTable, field: 'amount' | 'closed' | 'created', values: readonly (readonly unknown[])[]): string | undefined {
  const col = table.columns[field];
  if (!col) return undefined;
  const engine = field === 'amount' ? table.numbers.amount : table.dates[field];
  for (let i = 0; i < table.n; i++) {
    const raw = values[table.rowNumbers[i] - table.headerRow]?.[col.index];
    if (isBlank(raw)) continue;
    const read = engine[i] === engine[i];
    const typed = typeof raw === 'number' || isDate(raw);
    if (read !== typed) return `${col.header}: "${isDate(raw) ? raw.toISOString().slice(0, 10) : String(raw)}"`;
  }
  return undefined;
}

/** A rep or source whose rows alone a quantity counts. */
export interface GroupFilter {
  readonly field: 'rep' | 'source';
  readonly label: string;
}

/** The rows a quantity counts: a window of days `[start, end)` of the quantity's date (null: open-ended), and a group. */
export interface Scope {
  readonly start: number | null;
  readonly end: number | null;
  readonly group?: GroupFilter;
}

/** Spreadsheet expressions (without `=`) of the quantities definitions are made of; null where none is safe. */
export interface Live {
  /** A tally (definition.ts) over the scope's window of its date, or null where criteria cannot select its deals. */
  tally(t: Tally, scope: Scope): string | null;
  /** Deals open at the scope's end (null end: open now), or Σ of their amounts (PIPELINE_COUNT, PIPELINE_VALUE). */
  open(what: 'count' | 'amount', scope: Scope): string | null;
  /** Texts that made some quantities values, as "column: text" examples for a note; empty when none. */
  readonly problems: readonly string[];
}

/** Excel's limit on a formula's length; a longer one is written as a value. */
const MAX_FORMULA = 8000;
/** Excel's limit on a criterion string. */
const MAX_CRITERION = 250;

/** The sheet name as a formula writes it: always quoted, quotes doubled. */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** A formula string literal. */
function literal(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** `DATE(y,m,d)` of a day number. */
function dateExpr(day: number): string {
  const c = civilFromDay(day);
  return `DATE(${c.year},${c.month},${c.day})`;
}

/**
 * True when a text cannot serve as an exact-match criterion in all three spreadsheets: criteria trim
 * or not, treat `* ? ~` as wildcards, read a leading `< > =` as an operator, and match "2024", "12%",
 * "TRUE" or "2024-03-15" against numbers, booleans and dates too.
 */
export function unsafeCriterion(t: unknown): boolean {
  if (typeof t !== 'string') return true;
  if (t === '' || t.length > MAX_CRITERION || t !== t.trim() || /\s\s|[\t\r\n\u00a0\u202f]/.test(t)) return true;
  if (/[*?~]/.test(t) || /^[<>=]/.test(t)) return true;
  if (/^[\d\s.,/:%+\-−]+$/.test(t) || !Number.isNaN(parseNumberText(t)) || !Number.isNaN(parseDateText(t))) return true;
  return /^(true|false|истина|ложь)$/i.test(t);
}

/** The exact-match criterion of a safe text: `"=Won"`. */
function exact(t: string): string {
  return literal(`=${t}`);
}

/** Outcome classes a status criterion selects. */
type StatusClass = 'won' | 'lost' | 'open';

/** Distinct status texts per outcome (lower-cased, as criteria ignore case), or why they are not safe. */
function statusTexts(table: DealTable, values: readonly (readonly unknown[])[]): Record<StatusClass, string[]> | string {
  const col = table.columns.status;
  if (!col) return { won: [], lost: [], open: [] };
  const seen = new Map<string, StatusClass>();
  const { kind } = table;
  for (let i = 0; i < table.n; i++) {
    const k = kind[i];
    if (k === Kind.Unknown) continue;
    const raw = values[table.rowNumbers[i] - table.headerRow]?.[col.index];
    // A blank status whose outcome the stage or a checkbox gave (§1): no status criterion selects that row.
    if (isBlank(raw)) return `${col.header}: ""`;
    if (typeof raw === 'string' && seen.has(raw.toLowerCase())) continue;
    if (unsafeCriterion(raw)) return `${col.header}: "${String(raw)}"`;
    seen.set((raw as string).toLowerCase(), k === Kind.Lost ? 'lost' : k === Kind.Open ? 'open' : 'won');
  }
  const out: Record<StatusClass, string[]> = { won: [], lost: [], open: [] };
  for (const [t, c] of seen) out[c].push(t);
  return out;
}

/**
 * The labels of a rep or source column that criteria can select exactly: every cell of the label is the
 * label itself (no trimming needed), it is a safe criterion, and no other label equals it ignoring case.
 */
function safeLabels(table: DealTable, field: 'rep' | 'source', values: readonly (readonly unknown[])[]): { ok: Set<string>; problems: string[] } {
  const col = table.columns[field];
  const { codes, labels } = table.labels[field];
  const ok = new Set<string>();
  if (!col) return { ok, problems: [] };
  const bad = new Uint8Array(labels.length);
  const problems: string[] = [];
  for (let i = 0; i < table.n; i++) {
    const c = codes[i];
    if (c < 0 || bad[c]) continue;
    const raw = values[table.rowNumbers[i] - table.headerRow]?.[col.index];
    if (raw !== labels[c]) {
      bad[c] = 1;
      problems.push(`${col.header}: "${String(raw)}"`);
    }
  }
  const byLower = new Map<string, number>();
  for (const l of labels) byLower.set(l.toLowerCase(), (byLower.get(l.toLowerCase()) ?? 0) + 1);
  labels.forEach((l, c) => {
    if (bad[c]) return;
    if (unsafeCriterion(l) || (byLower.get(l.toLowerCase()) ?? 0) > 1) problems.push(`${col.header}: "${l}"`);
    else ok.add(l);
  });
  return { ok, problems };
}

/**
 * Why no SUMIFS/COUNTIFS selects a tally's deals, or undefined when criteria can: per-row arithmetic (profit,
 * cycle days) needs array formulas, and type, qualified and cost cells are read in ways criteria cannot match.
 */
function tallyGap(t: Tally): string | undefined {
  if (t.value === 'profit') return 'amount − cost per deal needs an array formula';
  if (t.value === 'cycle_days') return 'days from creation to close per deal need an array formula';
  if (t.where && 'type' in t.where) return 'deal types are read from many words ("Upsell", "допродажа") that criteria cannot list';
  if (t.where || t.known?.includes('qualified')) return 'qualified cells may hold dates or checkboxes that criteria cannot tell apart';
  if (t.known?.includes('type')) return 'an unreadable type has no criterion';
  if (t.readable?.includes('cost')) return 'a readable cost has no criterion';
  const outcomes = DEAL_SETS[t.deals].outcomes;
  // Won texts select won deals and refunds alike: a sum of one without the other needs a sign criterion on its own amounts.
  if (t.value === 'amount' && outcomes.includes('won') !== outcomes.includes('refund')) return 'the sum of won deals without refunds needs a sign criterion';
  return undefined;
}

/**
 * Why a definition has no live formula in the summary, or undefined when it has one (written as a value
 * only where the sheet's own texts are unsafe as criteria, with a note). A hand-written KPI has none.
 */
export function liveFormulaGap(d: Definition | undefined): string | undefined {
  if (!d) return 'computed by hand from customer history or the spend, which built-in functions cannot follow';
  if ('sum' in d) return tallyGap(d.sum);
  if ('typical' in d) return 'a mean or median per deal needs an array formula';
  if ('ratio' in d) return liveFormulaGap(d.ratio[0]) ?? liveFormulaGap(d.ratio[1]);
  if ('change' in d) return liveFormulaGap(d.change);
  if ('product' in d) return d.product.map(liveFormulaGap).find((x) => x !== undefined);
  if ('kpi' in d) {
    const def = findKpi(d.kpi);
    return liveFormulaGap(def && definitionOf(def));
  }
  return undefined;
}

/**
 * The live quantities over a deal sheet, or null without its cells (the raw status and label texts the
 * criteria must match come from them). `values` must be the range the table was read from, header row
 * first, starting in column A; the formulas reference its used rows, from the one under the header to
 * the last non-blank one.
 */
export function createLive(table: DealTable, sheet: DealsSheetRef): Live | null {
  const values = sheet.values;
  if (!values || values.length === 0) return null;
  const first = table.headerRow + 1;
  const last = Math.max(first, table.n > 0 ? table.rowNumbers[table.n - 1] : first);
  const prefix = quoteSheet(sheet.name);
  const misread = new Map<Field, string>();
  if (sheet.source) {
    for (const f of ['amount', 'closed', 'created'] as const) {
      const example = unreadableForCriteria(table, f, values);
      if (example !== undefined) misread.set(f, example);
    }
    // Close dates put together from several columns (Pipedrive's won and lost times) are in no one column.
    if (table.closedComposed) misread.set('closed', `${table.columns.closed?.header ?? 'closed'}: put together from several columns`);
  }
  const range = (f: Field): string | null => {
    if (misread.has(f)) return null;
    const c = sheet.columns?.[f] ?? table.columns[f];
    if (!c) return null;
    const L = columnLetters(c.index);
    return `${prefix}!$${L}$${first}:$${L}$${last}`;
  };
  const status = range('status');
  const amount = range('amount');
  const closed = range('closed');
  const created = range('created');
  const texts = table.isSalesLog ? { won: [], lost: [], open: [] } : statusTexts(table, values);
  const groups = { rep: safeLabels(table, 'rep', values), source: safeLabels(table, 'source', values) };
  const problems = [...misread.values(), ...(typeof texts === 'string' ? [texts] : []), ...groups.rep.problems, ...groups.source.problems];

  /** Criteria alternatives selecting the outcome classes: one list of pieces per status text (one empty list in a sales log). */
  const alts = (classes: readonly StatusClass[]): string[][] | null => {
    if (table.isSalesLog) return [[]];
    if (typeof texts === 'string' || !status) return null;
    return classes.flatMap((c) => texts[c].map((t) => [`${status},${exact(t)}`]));
  };
  const window = (r: string | null, s: Scope): string[] | null => {
    if (!r) return null;
    if (s.start === null && s.end === null) return [`${r},">0"`];
    const out: string[] = [];
    if (s.start !== null) out.push(`${r},">="&${dateExpr(s.start)}`);
    if (s.end !== null) out.push(`${r},"<"&${dateExpr(s.end)}`);
    return out;
  };
  const group = (s: Scope): string[] | null => {
    if (!s.group) return [];
    const r = range(s.group.field);
    return r && groups[s.group.field].ok.has(s.group.label) ? [`${r},${exact(s.group.label)}`] : null;
  };
  /** Σ over the alternatives of FN([sum,] alternative…, fixed…); "0" when no text selects anything. */
  const terms = (fn: 'SUMIFS' | 'COUNTIFS', sum: string | null, a: string[][] | null, fixed: (string[] | null)[]): string | null => {
    if (!a || fixed.some((f) => f === null)) return null;
    if (a.length === 0) return '0';
    const rest = ([] as string[]).concat(...(fixed as string[][]));
    return a.map((alt) => `${fn}(${[...(sum ? [sum] : []), ...alt, ...rest].join(',')})`).join('+');
  };
  const minus = (x: string | null, y: string | null): string | null => (x === null || y === null ? null : y === '0' ? x : `${x}-(${y})`);
  const plus = (...xs: (string | null)[]): string | null => (xs.some((x) => x === null) ? null : xs.filter((x) => x !== '0').join('+') || '0');
  const neg = amount ? [`${amount},"<0"`] : null;
  const nonNeg = amount ? [`${amount},">=0"`] : null;
  const need = (...rs: (string | null)[]): boolean => rs.every((r) => r !== null);
  const snapshot = (s: Scope): { before: string[] | null; after: string[] | null } => ({
    before: s.end === null ? [] : created === null ? null : [`${created},"<"&${dateExpr(s.end)}`],
    after: s.end === null || closed === null ? null : [`${closed},">="&${dateExpr(s.end)}`],
  });
  const cap = (x: string | null): string | null => (x !== null && x.length > MAX_FORMULA ? null : x);

  /**
   * COUNTIFS (or SUMIFS of amounts) over the status classes of a deal set: won texts select won deals and
   * refunds alike (a refund is a won row with a negative amount), so a set with won deals but not refunds
   * subtracts the negative rows, and "with an amount" is the amount's `>=0`.
   */
  const tallyOf = (tl: Tally, s: Scope): string | null => {
    if (tallyGap(tl) !== undefined) return null;
    const outcomes = DEAL_SETS[tl.deals].outcomes;
    const won = outcomes.includes('won');
    const refund = outcomes.includes('refund');
    const r = range(tl.date);
    const sum = tl.value === 'amount' ? amount : null;
    if (!r || (tl.value === 'amount' && !sum)) return null;
    const base = [window(r, s), group(s)];
    const classes: StatusClass[] = [...(won || refund ? ['won' as const] : []), ...outcomes.filter((o): o is 'lost' | 'open' => o === 'lost' || o === 'open')];
    if (tl.value === 'amount') return cap(terms('SUMIFS', sum, alts(classes), base));
    if (refund && !won) return amount ? cap(terms('COUNTIFS', null, alts(['won']), [...base, neg])) : null;
    if (won && !refund && tl.readable?.includes('amount')) return cap(terms('COUNTIFS', null, alts(classes), [...base, nonNeg]));
    if (won && !refund) {
      // A sales log's won rows are its rows with an amount that is not negative; elsewhere, won texts less refunds.
      if (table.isSalesLog && classes.length === 1) return amount ? cap(terms('COUNTIFS', null, [[]], [...base, nonNeg])) : null;
      const all = terms('COUNTIFS', null, alts(classes), base);
      return cap(amount ? minus(all, terms('COUNTIFS', null, alts(['won']), [...base, neg])) : all);
    }
    return cap(terms('COUNTIFS', null, alts(classes), base));
  };

  return {
    problems,
    tally: tallyOf,
    open: (what, s) => {
      if (!need(status, created) || (what === 'amount' && !amount)) return null;
      const { before, after } = snapshot(s);
      const fn = what === 'count' ? 'COUNTIFS' : 'SUMIFS';
      const sum = what === 'count' ? null : amount;
      const open = terms(fn, sum, alts(['open']), [before, group(s)]);
      if (s.end === null || !closed) return cap(open);
      // Open at the end: open now, or won or lost on or after it; a refund was never an open deal.
      if (what === 'count') {
        const closedLater = terms('COUNTIFS', null, alts(['won', 'lost']), [before, after, group(s)]);
        const refunds = amount ? terms('COUNTIFS', null, alts(['won']), [before, after, neg, group(s)]) : '0';
        return cap(minus(plus(open, closedLater), refunds));
      }
      const lost = terms('SUMIFS', amount, alts(['lost']), [before, after, group(s)]);
      const won = terms('SUMIFS', amount, alts(['won']), [before, after, nonNeg, group(s)]);
      return cap(plus(open, lost, won));
    },
  };
}

/** Where a KPI cell's formula reads from. */
export interface FormulaEnv {
  readonly scope: Scope;
  /** The previous period's scope, for growth and incremental sales. */
  readonly prev?: Scope | null;
  /**
   * The summary cell holding a tally of the same scope (by refKeyOf; `prevKey` of it for the previous
   * period's), if there is one: formulas point at it instead of repeating it.
   */
  readonly ref?: (key: string) => string | undefined;
  /** The plan target: a summary cell or a number. */
  readonly target?: string;
}

/** The key a summary cell holding `d`'s value is found by, when `d` is a plain tally; undefined otherwise. */
export function refKeyOf(d: Definition | undefined): string | undefined {
  return d && 'sum' in d ? tallyKey(d.sum) : undefined;
}

/** The key of the same tally over the previous period. */
export function prevKey(key: string): string {
  return `${key}:prev`;
}

/** A formula piece, and whether it can stand beside an operator without parentheses. */
interface Piece {
  readonly text: string;
  readonly atom: boolean;
}

/** A piece as an operand. */
const operand = (p: Piece): string => (p.atom ? p.text : `(${p.text})`);

/**
 * The formula of a definition over one scope: tallies as SUMIFS/COUNTIFS (or the summary cell holding them),
 * ratios as IFERROR divisions that are "" where the engine has no value, changes against the previous scope.
 * Null where any part has no formula: a mean or median, a snapshot weighted by probability, a tally criteria
 * cannot select, or a KPI computed by hand.
 */
function pieceOf(live: Live, d: Definition, env: FormulaEnv, previous: boolean): Piece | null {
  const scope = previous ? env.prev : env.scope;
  if (!scope) return null;
  if ('sum' in d) {
    const key = tallyKey(d.sum);
    const cell = env.ref?.(previous ? prevKey(key) : key);
    if (cell) return { text: cell, atom: true };
    const parts = DEAL_SETS[d.sum.deals].parts;
    if (parts && d.sum.value === 'count' && !d.sum.readable && !d.sum.known && !d.sum.where) {
      const ps = parts.map((deals) => pieceOf(live, { sum: { ...d.sum, deals } }, env, previous));
      return ps.every((p): p is Piece => p !== null) ? { text: ps.map((p) => p.text).join('+'), atom: false } : null;
    }
    const text = live.tally(d.sum, scope);
    return text === null ? null : { text, atom: false };
  }
  if ('ratio' in d) {
    const n = pieceOf(live, d.ratio[0], env, previous);
    const m = pieceOf(live, d.ratio[1], env, previous);
    return n && m ? { text: `IFERROR(${operand(n)}/${operand(m)},"")`, atom: true } : null;
  }
  if ('change' in d) {
    // The summary compares with the previous period; a baseline_period of a call has no summary cell.
    if (previous || !env.prev) return null;
    const v = pieceOf(live, d.change, env, false);
    const p = pieceOf(live, d.change, env, true);
    if (!v || !p) return null;
    // relativeChange: against the size of a negative volume.
    return d.as === 'difference'
      ? { text: `${operand(v)}-${operand(p)}`, atom: false }
      : { text: `IFERROR((${operand(v)}-${operand(p)})/ABS(${operand(p)}),"")`, atom: true };
  }
  if ('open' in d) {
    const text = live.open(d.open, scope);
    return text === null ? null : { text, atom: false };
  }
  if ('product' in d) {
    const ps = d.product.map((x) => pieceOf(live, x, env, previous));
    return ps.every((p): p is Piece => p !== null) ? { text: ps.map(operand).join('*'), atom: false } : null;
  }
  if ('kpi' in d) {
    const def = findKpi(d.kpi);
    const inner = def && definitionOf(def);
    return inner ? pieceOf(live, inner, env, previous) : null;
  }
  if ('target' in d) return env.target !== undefined && !previous ? { text: env.target, atom: /^[\w$.]+$/.test(env.target) } : null;
  return null;
}

/**
 * The live formula (with `=`) of a KPI or a summary measure's definition, or null when it has none: it is not
 * one that built-in functions express, or a quantity it needs is not safe here.
 */
export function kpiFormula(live: Live, d: Definition | undefined, env: FormulaEnv): string | null {
  // A tally's own cell is the one being written: it may not point at itself.
  const p = d ? pieceOf(live, d, 'sum' in d ? { ...env, ref: undefined } : env, false) : null;
  return p === null || p.text.length > MAX_FORMULA ? null : `=${p.text}`;
}

/** A number as a formula literal (English decimal point). */
export function numberLiteral(n: number): string {
  return String(n);
}
