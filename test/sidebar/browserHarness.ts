/**
 * The sidebar page in a real Chromium, talking to the REAL server functions (src/addon/server.ts) that run in
 * this Node process over the strict Spreadsheet stand-in (test/addon/fakeSheets.ts).
 *
 * The page gets a `google.script.run` shim (an init script) that chains like Apps Script's — each
 * `withSuccessHandler` / `withFailureHandler` / `withUserObject` returns a new runner — and sends every call,
 * its arguments as JSON text, to an exposed function. In Node the call runs with the stand-in's globals
 * installed and "today" fixed; its result goes back as JSON text too (so dates arrive as ISO text, as they do
 * from Apps Script), and the page calls the success handler with it, or the failure handler with an Error
 * carrying the server's message, always asynchronously.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { vi } from 'vitest';
import { SIDEBAR_HTML, buildSidebar } from '../../scripts/buildSidebar';
import type { ServerApi } from '../../src/addon/api';
import { fitCustomerValue } from '../../src/addon/customerValue';
import { setSchedule } from '../../src/addon/schedule';
import { bigQuerySql } from '../../src/addon/sqlExport';
import { buildSummary, explainCell, inspectTable, selectRow, sidebarState } from '../../src/addon/server';
import { serverFunctions } from '../../src/addon/serverIndex';
import { saveSettings, settings } from '../../src/addon/settingsApi';
import { insertTemplate } from '../../src/addon/template';
import type { FakeSheets } from '../addon/fakeSheets';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the browser is looked for: CHROMIUM_PATH, else Debian's Chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags without which Chromium waits on connections this machine's closed network never answers. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The sidebar's width in Sheets. */
export const SIDEBAR_WIDTH = 300;
export const VIEWPORT = { width: SIDEBAR_WIDTH, height: 900 };

/** The server functions the page may call, by their Apps Script names. */
const SERVER: { [K in keyof ServerApi]: (...args: never[]) => unknown } = {
  sidebarState, inspectTable, buildSummary, explainCell, selectRow, settings, saveSettings, insertTemplate, setSchedule, fitCustomerValue, bigQuerySql,
  // As Server.js publishes it: the document's schedule, with no argument from the page.
  readSchedule: serverFunctions.readSchedule,
};
export type ServerName = keyof ServerApi;

/** The newest modification time under a folder (files only, recursively). */
function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** dist/Sidebar.html, built first when it is missing or older than its sources (sidebar/ and the build script). */
export async function sidebarHtmlFile(): Promise<string> {
  const sources = Math.max(newest(join(ROOT, 'sidebar')), newest(join(ROOT, 'scripts', 'buildSidebar.ts')));
  if (!existsSync(SIDEBAR_HTML) || statSync(SIDEBAR_HTML).mtimeMs < sources) await buildSidebar();
  return SIDEBAR_HTML;
}

/** One server call as the page made it and as the server answered. */
export interface ServerCall {
  name: string;
  args: unknown[];
  ok: boolean;
  /** The result after its JSON round trip (ok), or the error's message. */
  value?: unknown;
  message?: string;
}

/** The Node side of `google.script.run`: the real server functions over one stand-in. */
export class ServerBridge {
  readonly calls: ServerCall[] = [];
  /** Calls of these functions wait until the test releases them (to watch what the page shows meanwhile). */
  private readonly gates = new Map<string, Promise<void>>();

  /**
   * `services`: more globals installed over the stand-in's for each call, such as fakeTriggers' ScriptApp, MailApp
   * and Session (test/addon/fakeTriggers.ts) for the schedule.
   */
  constructor(readonly fake: FakeSheets, readonly now: Date, readonly services: object = {}) {}

  /** Holds the next calls of `name` until the returned function is called. */
  hold(name: ServerName): () => void {
    let release = (): void => undefined;
    this.gates.set(name, new Promise<void>((resolve) => {
      release = resolve;
    }));
    return () => {
      this.gates.delete(name);
      release();
    };
  }

  /** The calls of one function, in order. */
  callsOf(name: ServerName): ServerCall[] {
    return this.calls.filter((c) => c.name === name);
  }

  /**
   * Runs a server function as Apps Script would for the page: arguments and result through JSON, the
   * stand-in's services as globals, today fixed. Never throws: the answer says ok or the error's message.
   */
  async handle(name: string, argsJson: string): Promise<string> {
    const args = JSON.parse(argsJson) as unknown[];
    const gate = this.gates.get(name);
    if (gate) await gate;
    const record: ServerCall = { name, args, ok: false };
    this.calls.push(record);
    try {
      const value = JSON.parse(JSON.stringify({ v: this.run(name as ServerName, ...args) })).v as unknown;
      record.ok = true;
      record.value = value;
      return JSON.stringify({ ok: true, value });
    } catch (error) {
      record.message = error instanceof Error ? error.message : String(error);
      return JSON.stringify({ ok: false, message: record.message });
    }
  }

  /** Calls a server function directly (from the test), with the stand-in installed and today fixed. */
  run(name: ServerName, ...args: unknown[]): unknown {
    const fn = SERVER[name] as ((...a: unknown[]) => unknown) | undefined;
    if (!fn) throw new Error(`Script function not found: ${name}`);
    for (const [global, value] of Object.entries({ ...this.fake.globals, ...this.services })) vi.stubGlobal(global, value);
    // Only Date is faked, and only while the (synchronous) server function runs: Playwright keeps real time.
    vi.useFakeTimers({ now: this.now, toFake: ['Date'] });
    try {
      return fn(...args);
    } finally {
      vi.useRealTimers();
      vi.unstubAllGlobals();
    }
  }
}

/**
 * The page's `google.script.run`, as plain JS (an init script runs in the page as it is). `names` are the
 * server functions a runner offers; an unknown name is undefined on it, as in Apps Script.
 */
export function scriptRunShim(names: readonly string[]): string {
  return `(() => {
  const names = ${JSON.stringify(names)};
  const send = (name, args) => window.__serverCall(name, args);
  function runner(handlers) {
    const r = {
      withSuccessHandler(f) { return runner(Object.assign({}, handlers, { success: f })); },
      withFailureHandler(g) { return runner(Object.assign({}, handlers, { failure: g })); },
      withUserObject(u) { return runner(Object.assign({}, handlers, { user: u })); },
    };
    for (const name of names) {
      r[name] = function () {
        const json = JSON.stringify(Array.prototype.slice.call(arguments));
        send(name, json).then((text) => {
          const answer = JSON.parse(text);
          // Handlers run on a later task, never inside the call: an exception in one is an uncaught page error.
          setTimeout(() => {
            if (answer.ok) {
              if (handlers.success) handlers.success(answer.value, handlers.user);
            } else if (handlers.failure) {
              const error = new Error(answer.message);
              error.name = 'ScriptError';
              handlers.failure(error, handlers.user);
            } else {
              console.error('Uncaught ScriptError: ' + answer.message);
            }
          }, 0);
        });
      };
    }
    return r;
  }
  Object.defineProperty(window, 'google', { value: { script: { run: runner({}) } }, writable: false });
})();`;
}

/** A sidebar page and what it did besides its server calls. */
export interface SidebarSession {
  context: BrowserContext;
  page: Page;
  bridge: ServerBridge;
  /** Messages of dialogs (alert, confirm …) the page opened; each is dismissed. */
  dialogs: string[];
  /** Uncaught exceptions and console errors in the page. */
  pageErrors: string[];
}

/**
 * Opens dist/Sidebar.html in a fresh context at the sidebar's size, with `google.script.run` wired to the
 * bridge, and waits until the sidebar has read its table (`#rows-summary`) unless told not to wait.
 */
export async function openSidebar(browser: Browser, htmlFile: string, bridge: ServerBridge, options: { waitFor?: string | null } = {}): Promise<SidebarSession> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'en-US' });
  const page = await context.newPage();
  const session: SidebarSession = { context, page, bridge, dialogs: [], pageErrors: [] };
  page.on('dialog', (dialog) => {
    session.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => session.pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') session.pageErrors.push(`console: ${message.text()}`);
  });
  await page.exposeFunction('__serverCall', (name: string, argsJson: string) => bridge.handle(name, argsJson));
  await page.addInitScript({ content: scriptRunShim(Object.keys(SERVER)) });
  await page.goto(pathToFileURL(htmlFile).href);
  const waitFor = options.waitFor === undefined ? '#rows-summary' : options.waitFor;
  if (waitFor) await page.locator(waitFor).waitFor();
  return session;
}

/** The text of every cell of a table's body, row by row. */
export async function bodyCells(page: Page, table: string): Promise<string[][]> {
  return page.locator(`${table} tbody tr`).evaluateAll((rows) =>
    rows.map((r) => Array.from((r as HTMLTableRowElement).cells, (c) => (c.textContent ?? '').trim())));
}

/** The header texts of a table. */
export async function headerCells(page: Page, table: string): Promise<string[]> {
  return page.locator(`${table} thead th`).evaluateAll((ths) => ths.map((th) => (th.textContent ?? '').trim()));
}

/** How wide the page is against its viewport: scrolling sideways means scrollWidth > clientWidth. */
export async function pageWidths(page: Page): Promise<{ scrollWidth: number; clientWidth: number; bodyScrollWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    bodyScrollWidth: document.body.scrollWidth,
  }));
}
