/**
 * A small spreadsheet evaluator for the live formulas' subset (SUMIFS, COUNTIFS, IFERROR, IF, OR, ISNUMBER, ABS, DATE,
 * arithmetic, & and comparisons), with Excel's rules for criteria, blanks and errors. It lets the tests
 * recalculate every live formula over the typed deal sheet and compare it with the engine, before the
 * LibreOffice test does the same in a real client.
 */
import { dayFromCivil } from '../../../src/engine/days';
import type { LayoutCell, SheetLayout } from '../../../src/engine/summary/layout';

/** A formula error value. */
export class FormulaError {
  constructor(readonly code: string) {}
}

type Scalar = number | string | boolean | null | FormulaError;
type Value = Scalar | { range: Scalar[] };

type Token = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 'op'; v: string } | { t: 'ref'; v: string } | { t: 'fn'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ') { i++; continue; }
    if (c === '"') {
      let s = '';
      i++;
      for (;;) {
        if (src[i] === '"' && src[i + 1] === '"') { s += '"'; i += 2; continue; }
        if (src[i] === '"') { i++; break; }
        if (i >= src.length) throw new Error(`unterminated string in ${src}`);
        s += src[i++];
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    const sheetRef = /^'((?:[^']|'')+)'!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?/.exec(src.slice(i));
    if (sheetRef) { out.push({ t: 'ref', v: sheetRef[0] }); i += sheetRef[0].length; continue; }
    const fn = /^[A-Z]+(?=\()/.exec(src.slice(i));
    if (fn) { out.push({ t: 'fn', v: fn[0] }); i += fn[0].length; continue; }
    const cell = /^\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?/.exec(src.slice(i));
    if (cell) { out.push({ t: 'ref', v: cell[0] }); i += cell[0].length; continue; }
    const num = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: Number(num[0]) }); i += num[0].length; continue; }
    const op = /^(<=|>=|<>|[-+*/&=<>(),])/.exec(src.slice(i));
    if (op) { out.push({ t: 'op', v: op[0] }); i += op[0].length; continue; }
    throw new Error(`cannot read "${src.slice(i, i + 10)}" in ${src}`);
  }
  return out;
}

type Node =
  | { k: 'lit'; v: Scalar }
  | { k: 'ref'; v: string }
  | { k: 'un'; op: string; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'call'; fn: string; args: Node[] };

function parse(tokens: Token[]): Node {
  let p = 0;
  const peek = (): Token | undefined => tokens[p];
  const isOp = (...ops: string[]): boolean => peek()?.t === 'op' && ops.includes(peek()!.v as string);
  const expect = (v: string): void => {
    if (!isOp(v)) throw new Error(`expected ${v} at token ${p}`);
    p++;
  };
  const level = (ops: string[], next: () => Node) => (): Node => {
    let a = next();
    while (isOp(...ops)) {
      const op = tokens[p++].v as string;
      a = { k: 'bin', op, a, b: next() };
    }
    return a;
  };
  const primary = (): Node => {
    const tok = tokens[p++];
    if (!tok) throw new Error('unexpected end');
    if (tok.t === 'num') return { k: 'lit', v: tok.v };
    if (tok.t === 'str') return { k: 'lit', v: tok.v };
    if (tok.t === 'ref') return { k: 'ref', v: tok.v };
    if (tok.t === 'fn') {
      expect('(');
      const args: Node[] = [];
      if (!isOp(')')) {
        args.push(comparison());
        while (isOp(',')) { p++; args.push(comparison()); }
      }
      expect(')');
      return { k: 'call', fn: tok.v, args };
    }
    if (tok.v === '(') {
      const e = comparison();
      expect(')');
      return e;
    }
    if (tok.v === '-' || tok.v === '+') return { k: 'un', op: tok.v, a: primary() };
    throw new Error(`unexpected ${tok.v}`);
  };
  const mul = level(['*', '/'], primary);
  const add = level(['+', '-'], mul);
  const concat = level(['&'], add);
  const comparison = level(['=', '<>', '<', '>', '<=', '>='], concat);
  const e = comparison();
  if (p !== tokens.length) throw new Error(`trailing tokens at ${p}`);
  return e;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A deal-sheet cell as a spreadsheet holds it: Dates become serial numbers, blanks null. */
function sheetScalar(cell: unknown): Scalar {
  if (cell instanceof Date) return cell.getTime() / 86400000 + 25569;
  if (cell === undefined || cell === null || cell === '') return null;
  if (typeof cell === 'number' || typeof cell === 'string' || typeof cell === 'boolean') return cell;
  return String(cell);
}

/** Excel's criteria: an operator prefix, then a number (matches numbers only) or text (case-insensitive, = and <> only). */
function matches(cell: Scalar, criterion: Scalar): boolean {
  const c = typeof criterion === 'number' ? `=${criterion}` : String(criterion);
  const m = /^(<=|>=|<>|<|>|=)?(.*)$/s.exec(c) as RegExpExecArray;
  const op = m[1] ?? '=';
  const rest = m[2];
  const n = rest.trim() !== '' && Number.isFinite(Number(rest)) ? Number(rest) : NaN;
  if (!Number.isNaN(n)) {
    if (typeof cell !== 'number') return false;
    switch (op) {
      case '=': return cell === n;
      case '<>': return cell !== n;
      case '<': return cell < n;
      case '>': return cell > n;
      case '<=': return cell <= n;
      case '>=': return cell >= n;
    }
  }
  if (/[*?~]/.test(rest)) throw new Error(`wildcards are not supported by this evaluator: ${rest}`);
  if (op === '=') return typeof cell === 'string' && cell.toLowerCase() === rest.toLowerCase();
  if (op === '<>') return !(typeof cell === 'string' && cell.toLowerCase() === rest.toLowerCase());
  throw new Error(`text comparison criteria are not supported: ${c}`);
}

/** Evaluates the formulas of a layout against deal sheets given by name. */
export class Evaluator {
  constructor(
    private readonly layout: SheetLayout,
    private readonly sheets: Readonly<Record<string, readonly (readonly unknown[])[]>>,
  ) {}

  /** The result of a layout cell: its formula's result, or its value. */
  cell(row: number, col: number): Scalar {
    const c: LayoutCell | undefined = this.layout.rows[row]?.[col];
    if (!c) return null;
    if (c.f) return this.formula(c.f);
    return c.v === undefined ? null : c.v;
  }

  /** The result of a formula (with its leading `=`). */
  formula(f: string): Scalar {
    const v = this.eval(parse(tokenize(f.slice(1))));
    if (typeof v === 'object' && v !== null && 'range' in v) throw new Error('a formula returned a range');
    return v;
  }

  private range(ref: string): Scalar[] {
    const m = /^'((?:[^']|'')+)'!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/.exec(ref);
    if (!m) throw new Error(`not a sheet range: ${ref}`);
    const grid = this.sheets[m[1].replace(/''/g, "'")];
    if (!grid) throw new Error(`no sheet ${m[1]}`);
    const col = colIndex(m[2]);
    if (col !== colIndex(m[4])) throw new Error('only one-column ranges');
    const out: Scalar[] = [];
    for (let r = Number(m[3]); r <= Number(m[5]); r++) out.push(sheetScalar(grid[r - 1]?.[col]));
    return out;
  }

  private scalar(n: Node): Scalar {
    const v = this.eval(n);
    if (typeof v === 'object' && v !== null && 'range' in v) throw new Error('a range where a value was expected');
    return v;
  }

  private eval(n: Node): Value {
    switch (n.k) {
      case 'lit':
        return n.v;
      case 'ref': {
        if (n.v.startsWith("'")) return { range: this.range(n.v) };
        const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(n.v) as RegExpExecArray;
        return this.cell(Number(m[2]) - 1, colIndex(m[1]));
      }
      case 'un': {
        const a = toNumber(this.scalar(n.a));
        return a instanceof FormulaError ? a : n.op === '-' ? -a : a;
      }
      case 'bin':
        return this.binary(n.op, this.scalar(n.a), this.scalar(n.b));
      case 'call':
        return this.call(n.fn, n.args);
    }
  }

  private binary(op: string, a: Scalar, b: Scalar): Scalar {
    if (a instanceof FormulaError) return a;
    if (b instanceof FormulaError) return b;
    if (op === '&') return text(a) + text(b);
    if (['=', '<>', '<', '>', '<=', '>='].includes(op)) return compare(op, a, b);
    const x = toNumber(a);
    const y = toNumber(b);
    if (x instanceof FormulaError) return x;
    if (y instanceof FormulaError) return y;
    switch (op) {
      case '+': return x + y;
      case '-': return x - y;
      case '*': return x * y;
      case '/': return y === 0 ? new FormulaError('#DIV/0!') : x / y;
    }
    throw new Error(`operator ${op}`);
  }

  private call(fn: string, args: Node[]): Scalar {
    switch (fn) {
      case 'DATE': {
        const [y, m, d] = args.map((a) => this.scalar(a) as number);
        return dayFromCivil(y, m, d) + 25569;
      }
      case 'IFERROR': {
        const v = this.scalar(args[0]);
        return v instanceof FormulaError ? this.scalar(args[1]) : v;
      }
      case 'IF': {
        const c = this.scalar(args[0]);
        if (c instanceof FormulaError) return c;
        return c ? this.scalar(args[1]) : this.scalar(args[2]);
      }
      case 'OR':
        return args.some((a) => this.scalar(a) === true);
      case 'ISNUMBER':
        return typeof this.scalar(args[0]) === 'number';
      case 'ABS': {
        const v = toNumber(this.scalar(args[0]));
        return v instanceof FormulaError ? v : Math.abs(v);
      }
      case 'SUMIFS':
      case 'COUNTIFS': {
        const vals = args.map((a) => this.eval(a));
        const sum = fn === 'SUMIFS' ? (vals.shift() as { range: Scalar[] }).range : null;
        const pairs: [Scalar[], Scalar][] = [];
        for (let k = 0; k < vals.length; k += 2) pairs.push([(vals[k] as { range: Scalar[] }).range, vals[k + 1] as Scalar]);
        const len = pairs[0][0].length;
        let total = 0;
        for (let r = 0; r < len; r++) {
          if (!pairs.every(([range, crit]) => matches(range[r], crit))) continue;
          if (sum === null) total++;
          else if (typeof sum[r] === 'number') total += sum[r] as number;
        }
        return total;
      }
    }
    throw new Error(`function ${fn} is not in the live subset`);
  }
}

function text(v: Scalar): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

function toNumber(v: Scalar): number | FormulaError {
  if (v instanceof FormulaError) return v;
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = v.trim() === '' ? NaN : Number(v);
  return Number.isNaN(n) ? new FormulaError('#VALUE!') : n;
}

function compare(op: string, a: Scalar, b: Scalar): boolean {
  // Excel: a blank equals "" and 0; numbers sort before text; text compares ignoring case.
  const norm = (x: Scalar, other: Scalar): Scalar => (x === null ? (typeof other === 'string' ? '' : typeof other === 'number' ? 0 : x) : x);
  const x = norm(a, b);
  const y = norm(b, a);
  let c: number;
  if (typeof x === 'number' && typeof y === 'number') c = x - y;
  else if (typeof x === 'string' && typeof y === 'string') c = x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0;
  else c = typeof x === 'number' ? -1 : 1;
  switch (op) {
    case '=': return c === 0;
    case '<>': return c !== 0;
    case '<': return c < 0;
    case '>': return c > 0;
    case '<=': return c <= 0;
    case '>=': return c >= 0;
  }
  throw new Error(op);
}
