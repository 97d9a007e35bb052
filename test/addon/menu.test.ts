import { afterEach, describe, expect, it, vi } from 'vitest';
import { SERVER_FUNCTIONS, functions } from '../../src/addon/index';
import { MENU_ITEMS, onInstall, onOpen } from '../../src/addon/menu';
import { showHelp } from '../../src/addon/help';
import { functionDocs } from '../../src/engine/docs';
import { fakeAppsScript, type FakeAppsScript, type FakeOptions } from './fakeAppsScript';
import { SIDEBAR_FUNCTIONS } from '../../src/addon/serverIndex';

/** Installs a fresh fake of the services as globals, the way Apps Script provides them. */
function install(options: FakeOptions = {}): FakeAppsScript {
  const fake = fakeAppsScript(options);
  for (const [name, value] of Object.entries(fake.globals)) vi.stubGlobal(name, value);
  return fake;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const NONE = { authMode: 'NONE' } as unknown as GoogleAppsScript.Events.SheetsOnOpen;

describe('onOpen', () => {
  it('adds one add-on menu: sidebar, rebuild, explain, template and help, in the user\'s language', () => {
    const fake = install();
    onOpen(NONE);
    expect(fake.menus).toEqual([{
      kind: 'addon', title: '', added: true,
      items: [
        { caption: 'Open KPI sidebar', functionName: 'openSidebar' },
        { caption: 'Rebuild summary', functionName: 'rebuildSummary' },
        { caption: 'Explain selected KPI', functionName: 'explainSelected' },
        { caption: 'Insert template', functionName: 'insertTemplateFromMenu' },
        { caption: 'Help', functionName: 'showHelp' },
      ],
    }]);
    expect(Object.fromEntries(fake.calls)).toEqual({
      'Session.getActiveUserLocale': 1, 'SpreadsheetApp.getUi': 1, 'Ui.createAddonMenu': 1, 'Menu.addItem': 5, 'Menu.addToUi': 1,
    });
  });
  it('in Russian for a Russian user', () => {
    const fake = install({ userLocale: 'ru_RU' });
    onOpen(NONE);
    expect(fake.menus[0].items.map((i) => i.caption)).toEqual(['Открыть панель KPI', 'Пересобрать сводку', 'Пояснить выбранный показатель', 'Вставить шаблон', 'Справка']);
  });
  it('in English when the locale cannot be read', () => {
    const fake = install({ userLocale: new Error('no authorization') });
    onOpen(NONE);
    expect(fake.menus[0].items[0].caption).toBe('Open KPI sidebar');
  });
  it('touches no service but the Ui and the user\'s locale, as a document where the add-on is not enabled yet (AuthMode.NONE) requires', () => {
    const fake = install();
    onOpen(NONE);
    expect([...fake.calls.keys()].filter((k) => !/^(SpreadsheetApp\.getUi|Session\.getActiveUserLocale|Ui\.|Menu\.)/.test(k))).toEqual([]);
  });
  it('runs without an event object, as when called from the editor', () => {
    const fake = install();
    onOpen();
    expect(fake.menus).toHaveLength(1);
  });
  it('only names functions Code.js declares at top level, and none that are custom functions', () => {
    const published = [...SERVER_FUNCTIONS, ...SIDEBAR_FUNCTIONS].map((f) => f.name);
    const custom = functionDocs().map((d) => d.name);
    for (const item of MENU_ITEMS) {
      expect(published).toContain(item.functionName);
      expect(custom).not.toContain(item.functionName);
      expect(functions[item.functionName] ?? SIDEBAR_FUNCTIONS.find((f) => f.name === item.functionName)?.run).toBeTypeOf('function');
    }
  });
});

describe('onInstall', () => {
  it('builds the same menu at once, since the open document got no onOpen for the add-on', () => {
    const fake = install();
    onInstall({ authMode: 'FULL' } as unknown as GoogleAppsScript.Events.AddonOnInstall);
    expect(fake.menus.map((m) => m.items.map((i) => i.functionName))).toEqual([['openSidebar', 'rebuildSummary', 'explainSelected', 'insertTemplateFromMenu', 'showHelp']]);
    expect(fake.calls.get('Menu.addToUi')).toBe(1);
  });
});

describe('showHelp', () => {
  it('shows one modal dialog that lists every custom function with its arguments', () => {
    const fake = install();
    showHelp();
    expect(fake.calls.get('Ui.showModalDialog')).toBe(1);
    expect(fake.calls.get('HtmlService.createHtmlOutput')).toBe(1);
    const [dialog] = fake.dialogs;
    expect(dialog.title).toBe('Sales KPI functions');
    expect(dialog.width).toBe(640);
    expect(dialog.html).toContain('<code>=WIN_RATE(deals, [period], [group_by])</code>');
    expect(dialog.html).toContain('<code>=KPI(name, deals, [period], [group_by])</code>');
    for (const doc of functionDocs()) expect(dialog.html).toContain(`<code>=${doc.name}(`);
  });
  it('escapes the descriptions as HTML text', () => {
    const fake = install();
    showHelp();
    // The only markup is the dialog's own: every "<" opens a known tag.
    const tags = new Set([...fake.dialogs[0].html.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(['code', 'dd', 'dl', 'dt', 'p', 'style']);
  });
});
