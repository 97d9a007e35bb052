/**
 * A small strict stand-in for the Apps Script services the add-on face touches: every method counts its
 * calls, checks its arguments the way the real service does, and any member the fake lacks throws
 * instead of quietly returning undefined.
 */

/** Call counts by "Service.method". */
export type Calls = Map<string, number>;

/** A menu as the fake Ui recorded it. */
export interface RecordedMenu {
  readonly kind: 'addon' | 'menu';
  readonly title: string;
  readonly items: { caption: string; functionName: string }[];
  added: boolean;
}

/** A dialog the fake Ui showed. */
export interface RecordedDialog {
  readonly title: string;
  readonly html: string;
  readonly width: number;
  readonly height: number;
}

/** The fake services and what they recorded. */
export interface FakeAppsScript {
  /** The globals to install: SpreadsheetApp, Session, HtmlService, Logger, Utilities. */
  readonly globals: Record<string, unknown>;
  readonly calls: Calls;
  readonly menus: RecordedMenu[];
  readonly dialogs: RecordedDialog[];
}

/** How the fake answers time-zone questions: a zone, or an Error to throw (a service a custom function may not use). */
export interface FakeOptions {
  readonly spreadsheetTimeZone?: string | Error;
  readonly scriptTimeZone?: string | Error;
  /** What Session.getActiveUserLocale answers (default "en"), or an Error to throw. */
  readonly userLocale?: string | Error;
  /** What Spreadsheet.getSpreadsheetLocale answers (default "en_US", as Sheets writes it), or an Error to throw. */
  readonly spreadsheetLocale?: string | Error;
}

/** Wraps `target` so that reading a member it lacks throws, naming the member. */
function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(t, p, receiver) {
      if (typeof p === 'symbol' || p in t) return Reflect.get(t, p, receiver);
      // Promise resolution and printing probe these; they are not calls into the service.
      if (p === 'then' || p === 'toJSON' || p === 'constructor') return undefined;
      throw new Error(`fake ${name}: ${p} is not part of the fake`);
    },
  });
}

function requireText(where: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${where}: expected a non-empty string, got ${String(value)}`);
  return value;
}

/** A fresh set of fake services. */
export function fakeAppsScript(options: FakeOptions = {}): FakeAppsScript {
  const calls: Calls = new Map();
  const menus: RecordedMenu[] = [];
  const dialogs: RecordedDialog[] = [];
  const count = (key: string): void => {
    calls.set(key, (calls.get(key) ?? 0) + 1);
  };
  const answer = (v: string | Error | undefined, fallback: string): string => {
    if (v instanceof Error) throw v;
    return v ?? fallback;
  };

  const menu = (kind: RecordedMenu['kind'], title: string) => {
    const rec: RecordedMenu = { kind, title, items: [], added: false };
    menus.push(rec);
    const m = strict('Menu', {
      addItem(caption: unknown, functionName: unknown) {
        count('Menu.addItem');
        if (rec.added) throw new Error('Menu.addItem: the menu is already in the UI');
        rec.items.push({ caption: requireText('Menu.addItem caption', caption), functionName: requireText('Menu.addItem functionName', functionName) });
        return m;
      },
      addSeparator() {
        count('Menu.addSeparator');
        return m;
      },
      addToUi() {
        count('Menu.addToUi');
        if (rec.added) throw new Error('Menu.addToUi: called twice');
        rec.added = true;
      },
    });
    return m;
  };

  class HtmlOutput {
    width = 400;
    height = 300;
    constructor(readonly html: string) {}
  }
  const htmlOutput = (html: string) => {
    const out = new HtmlOutput(html);
    const o = strict('HtmlOutput', {
      setWidth(w: unknown) {
        count('HtmlOutput.setWidth');
        if (typeof w !== 'number' || !(w > 0)) throw new Error(`HtmlOutput.setWidth: ${String(w)}`);
        out.width = w;
        return o;
      },
      setHeight(h: unknown) {
        count('HtmlOutput.setHeight');
        if (typeof h !== 'number' || !(h > 0)) throw new Error(`HtmlOutput.setHeight: ${String(h)}`);
        out.height = h;
        return o;
      },
      getContent() {
        return out.html;
      },
      output: out,
    });
    return o;
  };

  const ui = strict('Ui', {
    createAddonMenu() {
      count('Ui.createAddonMenu');
      return menu('addon', '');
    },
    createMenu(title: unknown) {
      count('Ui.createMenu');
      return menu('menu', requireText('Ui.createMenu', title));
    },
    showModalDialog(userInterface: { output?: unknown }, title: unknown) {
      count('Ui.showModalDialog');
      const out = userInterface?.output;
      if (!(out instanceof HtmlOutput)) throw new Error('Ui.showModalDialog: the first argument must be an HtmlOutput');
      dialogs.push({ title: requireText('Ui.showModalDialog title', title), html: out.html, width: out.width, height: out.height });
    },
  });

  const globals: Record<string, unknown> = {
    SpreadsheetApp: strict('SpreadsheetApp', {
      getUi() {
        count('SpreadsheetApp.getUi');
        return ui;
      },
      getActiveSpreadsheet() {
        count('SpreadsheetApp.getActiveSpreadsheet');
        const zone = answer(options.spreadsheetTimeZone, 'UTC');
        return strict('Spreadsheet', {
          getSpreadsheetTimeZone() {
            count('Spreadsheet.getSpreadsheetTimeZone');
            return zone;
          },
          getSpreadsheetLocale(...args: unknown[]) {
            count('Spreadsheet.getSpreadsheetLocale');
            if (args.length !== 0) throw new Error(`Spreadsheet.getSpreadsheetLocale takes no arguments, got ${args.length}`);
            return answer(options.spreadsheetLocale, 'en_US');
          },
        });
      },
    }),
    Session: strict('Session', {
      getScriptTimeZone() {
        count('Session.getScriptTimeZone');
        return answer(options.scriptTimeZone, 'Etc/UTC');
      },
      getActiveUserLocale() {
        count('Session.getActiveUserLocale');
        return answer(options.userLocale, 'en');
      },
    }),
    HtmlService: strict('HtmlService', {
      createHtmlOutput(html: unknown) {
        count('HtmlService.createHtmlOutput');
        if (typeof html !== 'string') throw new Error('HtmlService.createHtmlOutput: expected the HTML as a string');
        return htmlOutput(html);
      },
    }),
    Logger: strict('Logger', {
      log(..._args: unknown[]) {
        count('Logger.log');
      },
    }),
    Utilities: strict('Utilities', {
      formatDate() {
        throw new Error('Utilities.formatDate: the engine should bucket dates itself, not call the service');
      },
    }),
  };
  return { globals, calls, menus, dialogs };
}
