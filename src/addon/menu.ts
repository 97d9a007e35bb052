/** The add-on menu and its Help dialog. */
import { functionDocs, signature } from '../engine/docs';
import { userLocale } from './userLocale';
import { escapeHtml } from './html';

/** The items of the add-on menu: captions in English and Russian, and the top-level function each runs (declared in Code.js). */
export const MENU_ITEMS: readonly { readonly caption: { readonly en: string; readonly ru: string }; readonly functionName: string }[] = [
  { caption: { en: 'Open KPI sidebar', ru: 'Открыть панель KPI' }, functionName: 'openSidebar' },
  { caption: { en: 'Rebuild summary', ru: 'Пересобрать сводку' }, functionName: 'rebuildSummary' },
  { caption: { en: 'Explain selected KPI', ru: 'Пояснить выбранный показатель' }, functionName: 'explainSelected' },
  { caption: { en: 'Insert template', ru: 'Вставить шаблон' }, functionName: 'insertTemplateFromMenu' },
  { caption: { en: 'Help', ru: 'Справка' }, functionName: 'showHelp' },
];

/**
 * Adds the add-on menu in the user's language. While the add-on is not yet enabled in the document
 * (AuthMode.NONE) only the Ui and the user's locale may be read.
 */
export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const locale = userLocale();
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU_ITEMS) menu.addItem(item.caption[locale], item.functionName);
  menu.addToUi();
}

/** An install runs in the open document, which got no onOpen for the add-on: build the menu now. */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as GoogleAppsScript.Events.SheetsOnOpen | undefined);
}

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
