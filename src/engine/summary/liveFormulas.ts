/**
 * Live formulas (issue #3, point 2): the KPIs that built-in functions can express, written as SUMIFS and
 * COUNTIFS over the deal sheet so the numbers stay live without the add-on. English names, comma
 * separators, absolute references to the used rows, `">="&DATE(y,m,d)` date criteria; no array formulas,
 * no LET/FILTER/LAMBDA: what Google Sheets, Excel and LibreOffice all evaluate alike.
 *
 * Status criteria: one SUMIFS/COUNTIFS per distinct raw status text that maps to won, lost or open (the
 * criteria are case-insensitive in all three, so texts are deduplicated ignoring case). A text the
 * criteria could misread (surrounding spaces, wildcards, a leading operator, a number or a date) makes
 * the quantities that need it values instead: the formulas never count a row the engine does not.
 */
import { isBlank, parseDateText, parseNumberText } from '../coerce';
import { civilFromDay } from '../days';
import { Kind, type Field } from '../fields';
import type { ColumnRef, DealTable } from '../table';
import { columnLetters } from './sheet';

/** The deal sheet the formulas read: its name and, for live formulas, its cells (header row first). */
export interface DealsSheetRef {
  readonly name: string;
  readonly values?: readonly (readonly unknown[])[];
  /** Where the sheet holds a field when not in the table's column (the typed copy's composed close dates). */
  readonly columns?: Readonly<Partial<Record<Field, ColumnRef>>>;
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

/** Spreadsheet expressions (without `=`) of the quantities the live KPIs are made of; null where none is safe. */
export interface Live {
  /** Σ amount of won deals and refunds closed in the scope (SALES_VOLUME). */
  salesVolume(scope: Scope): string | null;
  /** Won deals closed in the scope, refunds not counted (DEALS_WON). */
  dealsWon(scope: Scope): string | null;
  /** Won deals with a readable amount closed in the scope: AVG_DEAL's denominator. */
  wonWithAmount(scope: Scope): string | null;
  /** Lost deals closed in the scope (DEALS_LOST). */
  dealsLost(scope: Scope): string | null;
  /** Deals open at the scope's end (null end: open now) (PIPELINE_COUNT). */
  pipelineCount(scope: Scope): string | null;
  /** Σ amount of the deals open at the scope's end (PIPELINE_VALUE, unweighted). */
  pipelineValue(scope: Scope): string | null;
  /** Leads created in the scope: won, lost or open rows, refunds not (the cohort of LEAD_CONVERSION). */
  leads(scope: Scope): string | null;
  /** Leads created in the scope that are now won (LEAD_CONVERSION's numerator). */
  cohortWon(scope: Scope): string | null;
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
  const range = (f: Field): string | null => {
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
  const problems = [...(typeof texts === 'string' ? [texts] : []), ...groups.rep.problems, ...groups.source.problems];

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
  /** Won rows minus refunds among them (won rows with a negative amount); a sales log's won rows need an amount. */
  const wonCount = (r: string | null, s: Scope, extra: (string[] | null)[]): string | null => {
    const base = [window(r, s), group(s), ...extra];
    if (table.isSalesLog) return terms('COUNTIFS', null, [[]], [...base, nonNeg]);
    const all = terms('COUNTIFS', null, alts(['won']), base);
    return amount ? minus(all, terms('COUNTIFS', null, alts(['won']), [...base, neg])) : all;
  };
  const need = (...rs: (string | null)[]): boolean => rs.every((r) => r !== null);
  const snapshot = (s: Scope): { before: string[] | null; after: string[] | null } => ({
    before: s.end === null ? [] : created === null ? null : [`${created},"<"&${dateExpr(s.end)}`],
    after: s.end === null || closed === null ? null : [`${closed},">="&${dateExpr(s.end)}`],
  });
  const cap = (x: string | null): string | null => (x !== null && x.length > MAX_FORMULA ? null : x);

  return {
    problems,
    salesVolume: (s) => (need(amount, closed) ? cap(terms('SUMIFS', amount, alts(['won']), [window(closed, s), group(s)])) : null),
    dealsWon: (s) => (need(closed) && (!table.isSalesLog || amount) ? cap(wonCount(closed, s, [])) : null),
    wonWithAmount: (s) => (need(amount, closed) ? cap(terms('COUNTIFS', null, alts(['won']), [window(closed, s), group(s), nonNeg])) : null),
    dealsLost: (s) => (need(status, closed) ? cap(terms('COUNTIFS', null, alts(['lost']), [window(closed, s), group(s)])) : null),
    pipelineCount: (s) => {
      if (!need(status, created)) return null;
      const { before, after } = snapshot(s);
      const open = terms('COUNTIFS', null, alts(['open']), [before, group(s)]);
      if (s.end === null || !closed) return cap(open);
      const closedLater = terms('COUNTIFS', null, alts(['won', 'lost']), [before, after, group(s)]);
      const refunds = amount ? terms('COUNTIFS', null, alts(['won']), [before, after, neg, group(s)]) : '0';
      return cap(minus(plus(open, closedLater), refunds));
    },
    pipelineValue: (s) => {
      if (!need(status, created, amount)) return null;
      const { before, after } = snapshot(s);
      const open = terms('SUMIFS', amount, alts(['open']), [before, group(s)]);
      if (s.end === null || !closed) return cap(open);
      const lost = terms('SUMIFS', amount, alts(['lost']), [before, after, group(s)]);
      const won = terms('SUMIFS', amount, alts(['won']), [before, after, nonNeg, group(s)]);
      return cap(plus(open, lost, won));
    },
    leads: (s) => {
      if (!need(created)) return null;
      const base = [window(created, s), group(s)];
      const all = terms('COUNTIFS', null, alts(['won', 'lost', 'open']), base);
      const refunds = amount ? terms('COUNTIFS', null, alts(['won']), [...base, neg]) : '0';
      return cap(minus(all, refunds));
    },
    cohortWon: (s) => (need(status, created) ? cap(wonCount(created, s, [])) : null),
  };
}

/** Cells of the summary a KPI formula may point at instead of repeating a quantity. */
export type RefKey = 'SALES_VOLUME' | 'SALES_VOLUME:prev' | 'DEALS_WON' | 'DEALS_LOST' | 'LEADS';

/** Where a KPI cell's formula reads from. */
export interface FormulaEnv {
  readonly scope: Scope;
  /** The previous period's scope, for growth and incremental sales. */
  readonly prev?: Scope | null;
  /** The summary cell holding a quantity of the same scope, if there is one. */
  readonly ref?: (key: RefKey) => string | undefined;
  /** The plan target: a summary cell or a number. */
  readonly target?: string;
}

/** The summary-only measure "leads" (not a catalog KPI) as a formula name. */
export const LEADS = 'LEADS';

/**
 * The live formula (with `=`) of a KPI by function name, or null when it has none: the KPI is not one
 * built-in functions express, or a quantity it needs is not safe here. Ratios yield "" where the engine
 * has no value (IFERROR over a division by 0).
 */
export function kpiFormula(live: Live, name: string, env: FormulaEnv): string | null {
  const { scope } = env;
  const ref = (key: RefKey, inline: () => string | null): string | null => {
    const r = env.ref?.(key);
    if (r) return r;
    const x = inline();
    return x === null ? null : `(${x})`;
  };
  const sv = (): string | null => ref('SALES_VOLUME', () => live.salesVolume(scope));
  const prevSv = (): string | null => (env.prev ? ref('SALES_VOLUME:prev', () => live.salesVolume(env.prev as Scope)) : null);
  let body: string | null = null;
  switch (name) {
    case 'SALES_VOLUME': body = live.salesVolume(scope); break;
    case 'DEALS_WON': body = live.dealsWon(scope); break;
    case 'DEALS_LOST': body = live.dealsLost(scope); break;
    case 'PIPELINE_COUNT': body = live.pipelineCount(scope); break;
    case 'PIPELINE_VALUE': body = live.pipelineValue(scope); break;
    case LEADS: body = live.leads(scope); break;
    case 'AVG_DEAL': {
      const s = sv();
      const n = live.wonWithAmount(scope);
      if (s !== null && n !== null) body = `IFERROR(${s}/(${n}),"")`;
      break;
    }
    case 'WIN_RATE': {
      const w = ref('DEALS_WON', () => live.dealsWon(scope));
      const l = ref('DEALS_LOST', () => live.dealsLost(scope));
      if (w !== null && l !== null) body = `IFERROR(${w}/(${w}+${l}),"")`;
      break;
    }
    case 'SALES_GROWTH': {
      const s = sv();
      const p = prevSv();
      if (s !== null && p !== null) body = `IFERROR((${s}-${p})/ABS(${p}),"")`; // relativeChange: against the size of a negative volume
      break;
    }
    case 'INCREMENTAL_SALES': {
      const s = sv();
      const p = prevSv();
      if (s !== null && p !== null) body = `${s}-${p}`;
      break;
    }
    case 'PLAN_ATTAINMENT': {
      const s = sv();
      if (s !== null && env.target !== undefined) body = `IFERROR(${s}/${env.target},"")`;
      break;
    }
    case 'LEAD_CONVERSION': {
      const w = live.cohortWon(scope);
      const l = ref('LEADS', () => live.leads(scope));
      if (w !== null && l !== null) body = `IFERROR((${w})/${l},"")`;
      break;
    }
    default:
      body = null;
  }
  return body === null || body.length > MAX_FORMULA ? null : `=${body}`;
}

/** A number as a formula literal (English decimal point). */
export function numberLiteral(n: number): string {
  return String(n);
}
