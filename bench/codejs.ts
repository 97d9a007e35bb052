/** Size of the built script files (`dist/Code.js`, and with it `dist/Server.js` and `dist/Models.js`) and the time Apps Script-like evaluation takes in a fresh `vm` context. */
import { existsSync, readFileSync } from 'node:fs';
import vm from 'node:vm';

/** What the benchmark reports about the bundle. */
export interface CodeJsFigures {
  readonly bytes: number;
  /** Evaluation time of the first run, in ms: the compile is cold. */
  readonly firstMs: number;
  /** Median over `runs` evaluations, each in a fresh context and with a source V8 has not compiled before. */
  readonly medianMs: number;
  readonly runs: number;
}

/** Globals an Apps Script V8 runtime offers; the stubs only have to exist, top-level code must not call them. */
function appsScriptGlobals(): Record<string, unknown> {
  const service = {};
  return {
    console, Logger: { log: () => undefined },
    SpreadsheetApp: service, HtmlService: service, PropertiesService: service, ScriptApp: service,
    Session: service, Utilities: service, CacheService: service, LockService: service,
  };
}

/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Measures `path`: its size, and `runs` evaluations each in a fresh `vm.createContext`. A trailing comment
 * makes every source unique so V8's in-process compilation cache cannot skip the parse: Apps Script loads
 * the file anew for each custom function call. Null when the file does not exist.
 */
export function measureCodeJs(path: string | readonly string[], runs = 20): CodeJsFigures | null {
  const paths = typeof path === 'string' ? [path] : path;
  if (!paths.every((p) => existsSync(p))) return null;
  // Apps Script evaluates every script file of the project, in order, for each call.
  const sources = paths.map((p) => readFileSync(p, 'utf8'));
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const context = vm.createContext(appsScriptGlobals());
    const t0 = performance.now();
    sources.forEach((source, k) => new vm.Script(`${source}\n//# run ${i}`, { filename: paths[k] }).runInContext(context));
    times.push(performance.now() - t0);
  }
  return { bytes: sources.reduce((n, s) => n + Buffer.byteLength(s), 0), firstMs: times[0], medianMs: median(times.slice(1)), runs };
}
