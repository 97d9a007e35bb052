/**
 * Each row's outcome (won, lost, open) from what the table has: its status (§1), else the Won / Closed
 * checkboxes of a CRM export, else its stage ("Closed Won", "Сделка успешна" …; any other stage is open).
 */
import { bad, formulaErrorRead, isBlank, type Failed } from './coerce';
import { readBooleanWord } from './columns';
import { STAGE_WORDS } from './crm';
import { Kind, normalizeHeader, STATUS_VALUES, type KindCode } from './fields';
import { NO_PARAMS } from './issueReasons';
import { rememberStrings } from './memo';
import type { StatusWords } from './settings';
import type { ColumnRef } from './table';

/** The columns an outcome can come from. */
export interface OutcomeColumns {
  readonly status?: ColumnRef;
  readonly stage?: ColumnRef;
  readonly wonFlag?: ColumnRef;
  readonly closedFlag?: ColumnRef;
  /**
   * True when the status column holds the CRM's stage names: a CRM whose export has no status of its own
   * (Kommo calls its pipeline stages statuses) is read by its stage words, any other stage open.
   */
  readonly statusNamesStages?: boolean;
}

/** Why a row has no outcome: the failed read and the column it is about. */
export interface OutcomeIssue {
  readonly column: ColumnRef;
  readonly cell: unknown;
  readonly why: Failed;
}

/**
 * Key of a status, stage or type word: case-, space- and punctuation-insensitive like headers, so that
 * "Closed-Won", "IN_PROGRESS" and "cross sell" read as the words §1 lists.
 */
export const valueKey = normalizeHeader;

const STATUS_CODE = new Map<string, KindCode>([
  ...STATUS_VALUES.won.map((v) => [valueKey(v), Kind.Won] as const),
  ...STATUS_VALUES.lost.map((v) => [valueKey(v), Kind.Lost] as const),
  ...STATUS_VALUES.open.map((v) => [valueKey(v), Kind.Open] as const),
]);
/** Stage words: §1's stage words and the status words of won and lost; any other stage is open. */
const STAGE_CODE = new Map<string, KindCode>([
  ...[...STAGE_WORDS.won, ...STATUS_VALUES.won].map((v) => [valueKey(v), Kind.Won] as const),
  ...[...STAGE_WORDS.lost, ...STATUS_VALUES.lost].map((v) => [valueKey(v), Kind.Lost] as const),
]);

/**
 * The status and stage maps with a team's own words added (the settings' statusWords): where the team gives a word
 * of the spec to another outcome, the team's word decides. Built once per read, only when there are words.
 */
function withWords(words: StatusWords): { status: Map<string, KindCode>; stage: Map<string, KindCode> } {
  const status = new Map(STATUS_CODE);
  const stage = new Map(STAGE_CODE);
  for (const [outcome, code] of [['won', Kind.Won], ['lost', Kind.Lost], ['open', Kind.Open]] as const) {
    for (const w of words[outcome] ?? []) {
      status.set(valueKey(w), code);
      stage.set(valueKey(w), code);
    }
  }
  return { status, stage };
}

const UNKNOWN_STATUS = bad('unknown_status', NO_PARAMS);
const NO_STATUS = bad('no_status', NO_PARAMS);
const NO_STAGE = bad('no_stage', NO_PARAMS);
const NOT_CHECKBOX = bad('not_checkbox', NO_PARAMS);

/** The outcome a status cell names, or why it names none. */
function statusOf(cell: unknown, words = STATUS_CODE): KindCode | Failed {
  const code = words.get(valueKey(String(cell)));
  if (code !== undefined) return code;
  return (typeof cell === 'string' ? formulaErrorRead(cell) : undefined) ?? UNKNOWN_STATUS;
}

/** The outcome a stage names: won, lost, or open for any other stage; a formula error names none. */
function stageOf(cell: unknown, words = STAGE_CODE): KindCode | Failed {
  const err = typeof cell === 'string' ? formulaErrorRead(cell) : undefined;
  if (err) return err;
  const text = String(cell);
  // "Closed Won (Sales Pipeline)": a CRM may name the pipeline after the stage.
  return words.get(valueKey(text)) ?? words.get(valueKey(text.replace(PIPELINE_SUFFIX, ''))) ?? Kind.Open;
}
const PIPELINE_SUFFIX = /\s*\([^)]*\)\s*$/;

/** A checkbox cell: true, false, undefined for blank, or the failed read. */
function checkboxOf(cell: unknown): boolean | undefined | Failed {
  if (isBlank(cell)) return undefined;
  const b = readBooleanWord(cell);
  if (b !== undefined) return b;
  return (typeof cell === 'string' ? formulaErrorRead(cell) : undefined) ?? NOT_CHECKBOX;
}

/**
 * Reads every row's outcome (`Kind`; unknown where it cannot be told, with the reason given to `report`).
 * `cell(i, ref)` is row i's cell in a column. A status cell decides when it is not blank; then a Won /
 * Closed pair (won when Won, lost when Closed and not Won, open when not Closed); then the stage, which
 * also tells a closed deal's won from lost when only `Closed` is there (Bitrix24). `words` are a team's own status
 * words, added to the spec's.
 */
export function readOutcomes(
  n: number, cols: OutcomeColumns, cell: (i: number, ref: ColumnRef) => unknown, report: (i: number, issue: OutcomeIssue) => void,
  words?: StatusWords,
): Uint8Array {
  const kind = new Uint8Array(n);
  const { status, stage, wonFlag, closedFlag } = cols;
  const maps = words && withWords(words);
  const stageRead = maps ? (c: unknown) => stageOf(c, maps.stage) : stageOf;
  // A million status cells hold a handful of texts: each is looked up once.
  const statusOfCell = rememberStrings(cols.statusNamesStages ? stageRead : maps ? (c: unknown) => statusOf(c, maps.status) : statusOf);
  const stageOfCell = rememberStrings(stageRead);
  for (let i = 0; i < n; i++) {
    if (status) {
      const c = cell(i, status);
      if (!isBlank(c)) {
        const k = statusOfCell(c);
        if (typeof k === 'number') kind[i] = k;
        else report(i, { column: status, cell: c, why: k });
        continue;
      }
    }
    const won = wonFlag ? checkboxOf(cell(i, wonFlag)) : undefined;
    const closed = closedFlag ? checkboxOf(cell(i, closedFlag)) : undefined;
    if (typeof won === 'object') { report(i, { column: wonFlag as ColumnRef, cell: cell(i, wonFlag as ColumnRef), why: won }); continue; }
    if (typeof closed === 'object') { report(i, { column: closedFlag as ColumnRef, cell: cell(i, closedFlag as ColumnRef), why: closed }); continue; }
    if (won === true) { kind[i] = Kind.Won; continue; }
    if (closed === false) { kind[i] = Kind.Open; continue; }
    if (closed === true && won === false) { kind[i] = Kind.Lost; continue; }
    const s = stage ? cell(i, stage) : '';
    if (stage && !isBlank(s)) {
      const k = stageOfCell(s);
      // A formula error in the stage leaves the outcome unknown; the stage's own read lists that cell once.
      if (typeof k !== 'number') continue;
      // Closed, yet the stage names neither won nor lost: a renamed final stage the words do not know.
      if (closed === true && k === Kind.Open) {
        report(i, { column: stage, cell: s, why: bad('closed_stage_unknown', { stage: String(s).trim() }) });
        continue;
      }
      kind[i] = k;
      continue;
    }
    // Nothing tells this row's outcome: a blank status on a non-blank row is an issue, not "open" (§6 Skipping).
    const where = status ?? stage ?? closedFlag ?? wonFlag;
    if (where) report(i, { column: where, cell: '', why: where === status ? NO_STATUS : NO_STAGE });
  }
  return kind;
}

/** True when no column gives an outcome (no status, stage or Won / Closed checkbox): the table is a sales log (§1). */
export function isSalesLogOf(cols: OutcomeColumns): boolean {
  return !cols.status && !cols.stage && !cols.wonFlag && !cols.closedFlag;
}

/**
 * The outcomes that take the amount as well: in a sales log every row with an amount is a won sale (§1), and a
 * won row with a negative amount is a refund (§6). `kind` is changed in place.
 */
export function settleOutcomes(kind: Uint8Array, amount: Float64Array, isSalesLog: boolean): void {
  const n = kind.length;
  if (isSalesLog) {
    for (let i = 0; i < n; i++) if (!Number.isNaN(amount[i])) kind[i] = Kind.Won;
  }
  for (let i = 0; i < n; i++) if (kind[i] === Kind.Won && amount[i] < 0) kind[i] = Kind.Refund;
}
