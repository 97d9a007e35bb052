/** The add-on menu (its Help dialog is in help.ts, loaded with the sidebar's server). */
import { userLocale } from './userLocale';

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
