/** The row issues of a table as the reader finds them, listed in sheet order: by row, then left to right. */
import { bad, isBlank, isDate, type Failed } from './coerce';
import type { Field } from './fields';
import { withCode, type IssueCode, type IssueParamsByCode } from './issueReasons';
import type { ColumnRef, RowIssue } from './table';

/** Collects the issues of the data rows `rowNumbers` (their sheet row numbers); `formatDate` shows a Date cell. */
export class RowIssueList {
  /** Issues with the index of their column, so that a row's issues are listed left to right. */
  private readonly found: { issue: RowIssue; col: number }[] = [];
  constructor(private readonly rowNumbers: Int32Array, private readonly formatDate: (ms: number) => string) {}

  /** Records why data row `i`'s `field` is unusable, found in column `ref`: a failed read, as-is. */
  add(i: number, field: Field, ref: ColumnRef, cell: unknown, why: Failed): void {
    const it = { row: this.rowNumbers[i], column: ref.header, field, value: cellText(cell, this.formatDate), reason: why.reason };
    this.found.push({ issue: withCode(it, why.code, why.params), col: ref.index });
  }

  /** Records a value data row `i` needs but lacks, or one that cannot be true, for the reason `code`. */
  flag<C extends IssueCode>(i: number, field: Field, ref: ColumnRef, cell: unknown, code: C, params: IssueParamsByCode[C]): void {
    this.add(i, field, ref, cell, bad(code, params));
  }

  /** Every issue recorded, by sheet row, then by column; issues of one cell in the order they were found. */
  sorted(): RowIssue[] {
    this.found.sort((a, b) => a.issue.row - b.issue.row || a.col - b.col);
    return this.found.map((f) => f.issue);
  }
}

/** A cell as an issue quotes it: a Date as its day in the sheet's zone (`formatDate`), a blank as "", the rest as text. */
export function cellText(cell: unknown, formatDate: (ms: number) => string): string {
  if (isDate(cell)) return Number.isNaN(cell.getTime()) ? 'Invalid Date' : formatDate(cell.getTime());
  return isBlank(cell) ? '' : String(cell);
}
