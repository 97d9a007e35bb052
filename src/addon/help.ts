/** Menu → Help: the dialog listing every custom function, in Server.js since only the menu item needs the docs. */
import { functionDocs, signature } from '../engine/docs';
import { escapeHtml } from './html';

/** The Help dialog's HTML: every custom function's signature and description. */
export function helpHtml(): string {
  const rows = functionDocs()
    .map((f) => `<dt><code>=${escapeHtml(signature(f.name, f.params))}</code></dt><dd>${escapeHtml(f.description)}</dd>`)
    .join('');
  return (
    '<style>body{font:13px Arial,sans-serif;margin:0 8px}dt{margin-top:10px;font-weight:bold}dd{margin:2px 0 0 12px;color:#333}</style>' +
    '<p>Type these in a cell. <code>deals</code> is the deal table range with its header row, such as <code>Deals!A1:M</code>; ' +
    'arguments in brackets are optional.</p>' +
    `<dl>${rows}</dl>`
  );
}

/** Menu → Help: a dialog listing the custom functions. */
export function showHelp(): void {
  const html = HtmlService.createHtmlOutput(helpHtml()).setWidth(640).setHeight(480);
  SpreadsheetApp.getUi().showModalDialog(html, 'Sales KPI functions');
}
