/**
 * The entry of Server.js: the sidebar's server API and the menu items that build or explain a summary. Kept
 * out of Code.js, which every custom function call loads: Server.js holds this bundle in a function that runs
 * only when one of these is called.
 */
import type { ServerFunction } from './index';
import { buildSummary, explainCell, explainSelected, inspectTable, openSidebar, rebuildSummary, selectRow, sidebarState } from './server';
import { readSchedule, scheduledRebuild, setSchedule } from './schedule';
import { saveSettings, settings } from './settingsApi';
import { insertTemplate, insertTemplateFromMenu } from './template';
import { showHelp } from './help';
import { fitCustomerValue } from './customerValue';
import { bigQuerySql } from './sqlExport';
import { russianMessage } from '../engine/messagesRu';

/** The server's top-level functions, in the order Server.js declares them. */
export const SIDEBAR_FUNCTIONS: readonly ServerFunction[] = [
  { name: 'openSidebar', params: [], description: 'Menu → Open KPI sidebar.', run: openSidebar },
  { name: 'rebuildSummary', params: [], description: 'Menu → Rebuild summary, with the document\'s last build options.', run: rebuildSummary },
  { name: 'explainSelected', params: [], description: 'Menu → Explain selected KPI: the active summary cell in a dialog.', run: explainSelected },
  { name: 'showHelp', params: [], description: 'Menu → Help: lists the custom functions.', run: showHelp },
  { name: 'sidebarState', params: [], description: 'Sidebar: the tables, the saved options and the catalog.', run: sidebarState },
  { name: 'inspectTable', params: ['table', 'mapping'], description: 'Sidebar: a deal table as the engine reads it.', run: inspectTable },
  { name: 'buildSummary', params: ['options'], description: 'Sidebar: builds the summary sheet.', run: buildSummary },
  { name: 'explainCell', params: ['ref'], description: 'Sidebar: explains a summary cell.', run: explainCell },
  { name: 'selectRow', params: ['sheet', 'row'], description: 'Sidebar: selects a deal row.', run: selectRow },
  { name: 'insertTemplate', params: ['options'], description: 'Sidebar: adds the template\'s sheets (Deals, Plan, Spend, KPI, Lists), never touching an existing one.', run: insertTemplate },
  { name: 'insertTemplateFromMenu', params: [], description: 'Menu → Insert template, with the sample deals.', run: insertTemplateFromMenu },
  { name: 'settings', params: [], description: 'Sidebar: the document\'s settings, validated, with what was broken.', run: settings },
  { name: 'saveSettings', params: ['settings'], description: 'Sidebar: validates and stores the document\'s settings.', run: saveSettings },
  { name: 'readSchedule', params: [], description: 'Sidebar: the document\'s schedule (frequency, alert rules, last run), validated.', run: () => readSchedule(SpreadsheetApp.getActiveSpreadsheet()) },
  { name: 'setSchedule', params: ['schedule'], description: 'Sidebar: turns the scheduled rebuild (daily or weekly) on or off, with its alert rules.', run: setSchedule },
  { name: 'scheduledRebuild', params: ['e'], description: 'Trigger: the scheduled rebuild; emails the alerts that fired.', run: scheduledRebuild },
  { name: 'fitCustomerValue', params: ['options'], description: 'Sidebar: Customer value → Fit and save: fits the customer-value models to a deal table and stores the fit in the document.', run: fitCustomerValue },
  { name: 'bigQuerySql', params: ['options'], description: 'Sidebar: Copy as BigQuery SQL.', run: bigQuerySql },
];

/**
 * What Code.js asks Server.js for besides the sidebar's functions, on the object its loader returns. A name ending in
 * `_` is private: declared nowhere, not callable from a menu, the sidebar or a cell.
 */
export interface ServerHelpers {
  /** A custom function's error message in Russian, or undefined (src/engine/messagesRu.ts): Code.js does not carry the table. */
  readonly russianMessage_: (message: string) => string | undefined;
}

/** The helpers, as Server.js's loader returns them beside the sidebar's functions. */
export const SERVER_HELPERS: ServerHelpers = { russianMessage_: russianMessage };

/** Every name Server.js declares → its implementation, and the private helpers Code.js uses. */
export const serverFunctions: Record<string, ServerFunction['run']> = {
  ...Object.fromEntries(SIDEBAR_FUNCTIONS.map((f) => [f.name, f.run])),
  ...SERVER_HELPERS,
};
