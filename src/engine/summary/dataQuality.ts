/** The data-quality block (§4.6, §5): rows read, used, blank and with issues, then every issue with its row, column, value and reason. */
import { issueReason } from '../issueReasons';
import type { DealTable, RowIssue } from '../table';
import { headerRow, t, withSection, type SummaryContext } from './context';
import type { Locale } from './labels';
import { text } from './sheet';

/** At most this many issues are listed (a sheet holds 10 million cells); a note says how many more there are. */
export const MAX_ISSUES = 10000;

/** The row counts of the block: read = used + blank + with issues. */
export function rowCounts(table: DealTable): { read: number; used: number; blank: number; withIssues: number } {
  const rows = new Set<number>();
  for (const issue of table.issues) rows.add(issue.row);
  return { read: table.n + table.blankRows, used: table.n - rows.size, blank: table.blankRows, withIssues: rows.size };
}

/** Lays out the data-quality block. */
export function dataQualityBlock(ctx: SummaryContext): void {
  const { table, sheet } = ctx;
  const counts = rowCounts(table);
  withSection(ctx, 'dataQuality', t(ctx, 'dataQuality'), () => {
    headerRow(ctx, [t(ctx, 'measure'), t(ctx, 'rows')]);
    sheet.push([text(t(ctx, 'rowsRead'), 'label', t(ctx, 'rowsReadNote')), { v: counts.read, fmt: 'integer', style: 'value' }]);
    sheet.push([text(t(ctx, 'rowsUsed'), 'label'), { v: counts.used, fmt: 'integer', style: 'value' }]);
    sheet.push([text(t(ctx, 'blankRows'), 'label'), { v: counts.blank, fmt: 'integer', style: 'value' }]);
    sheet.push([text(t(ctx, 'rowsWithIssues'), 'label', t(ctx, 'rowsWithIssuesNote')), { v: counts.withIssues, fmt: 'integer', style: 'value' }]);
    sheet.push([]);
    if (table.issues.length === 0) {
      sheet.push([text(t(ctx, 'noIssues'), 'note')]);
      return;
    }
    headerRow(ctx, [t(ctx, 'row'), t(ctx, 'column'), t(ctx, 'value'), t(ctx, 'reason')]);
    const shown = Math.min(table.issues.length, MAX_ISSUES);
    for (let k = 0; k < shown; k++) {
      const issue = table.issues[k];
      // The value is the user's text: written as text even when it starts with = + - @ (§5).
      sheet.push([
        { v: issue.row, style: 'value' },
        { v: issue.column, style: 'value', fmt: 'text' },
        { v: issue.value, style: 'value', fmt: 'text' },
        { v: reasonIn(ctx.locale, issue), style: 'value' },
      ]);
    }
    if (table.issues.length > shown) sheet.push([text(t(ctx, 'moreIssues', { n: table.issues.length - shown }), 'note')]);
  });
}

/** An issue's reason in the summary's language; English is the reader's own text. */
export function reasonIn(locale: Locale, issue: RowIssue): string {
  return locale === 'en' ? issue.reason : issueReason(issue.code, issue.params, locale);
}
