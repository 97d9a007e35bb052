/**
 * The one transport to the server: `google.script.run`, wrapped in a promise and typed from the server API
 * (`ServerApi`, a type only: nothing of src/ ends up in the sidebar's bundle).
 */
import type { ServerApi } from '../src/addon/api';

/** `google.script.run` as far as the sidebar uses it: handlers, then one server function by name. */
export type ScriptRun = {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRun;
  withFailureHandler(handler: (error: unknown) => void): ScriptRun;
} & { [K in keyof ServerApi]: (...args: Parameters<ServerApi[K]>) => void };

/** The minimal `google` global that Apps Script's HtmlService provides to the sidebar. */
export interface GoogleGlobal {
  script: { run: ScriptRun };
}

// Module-scoped: it names the page's global without declaring one for the whole project.
declare const google: GoogleGlobal | undefined;

/** A typed server call: resolves with the function's result, rejects with an Error carrying the server's message. */
export type Call = <K extends keyof ServerApi>(name: K, ...args: Parameters<ServerApi[K]>) => Promise<ReturnType<ServerApi[K]>>;

/** The message of whatever a failure handler or a throw delivered. */
export function errorMessage(error: unknown): string {
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

/** A call through the runner `getRun` returns (undefined: not inside Apps Script). */
export function makeCall(getRun: () => ScriptRun | undefined): Call {
  return <K extends keyof ServerApi>(name: K, ...args: Parameters<ServerApi[K]>) =>
    new Promise<ReturnType<ServerApi[K]>>((resolve, reject) => {
      const run = getRun();
      if (!run) throw new Error('google.script.run is not available: open this page from the add-on.');
      // Trailing undefined arguments are left off, so that the server sees an absent optional, not null.
      const list: unknown[] = args.slice();
      while (list.length && list[list.length - 1] === undefined) list.pop();
      const runner = run
        .withSuccessHandler((value) => resolve(value as ReturnType<ServerApi[K]>))
        .withFailureHandler((error) => reject(error instanceof Error ? error : new Error(errorMessage(error))));
      (runner[name] as unknown as (...a: unknown[]) => void).apply(runner, list);
    });
}

/** The sidebar's calls to the server. */
export const call: Call = makeCall(() =>
  typeof google !== 'undefined' && google && google.script ? google.script.run : undefined);
