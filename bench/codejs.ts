/** Size of the built `dist/Code.js` and the time Apps Script-like evaluation of it takes in a fresh `vm` context. */
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
export function measureCodeJs(path: string, runs = 20): CodeJsFigures | null {
  if (!existsSync(path)) return null;
  const source = readFileSync(path, 'utf8');
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const context = vm.createContext(appsScriptGlobals());
    const t0 = performance.now();
    new vm.Script(`${source}\n//# run ${i}`, { filename: 'Code.js' }).runInContext(context);
    times.push(performance.now() - t0);
  }
  return { bytes: Buffer.byteLength(source), firstMs: times[0], medianMs: median(times.slice(1)), runs };
}
