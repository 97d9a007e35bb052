/**
 * Test harness for LibreOffice, the real client the XLSX output is checked against: finds `soffice`, converts
 * files headless with a profile of this test process's own, and decides whether a test may skip without it.
 *
 * LibreOffice does not recalculate an XLSX on load by default: it shows the saved results. The profile here sets
 * /org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode to 0 ("always recalculate"), so a converted file
 * holds LibreOffice's own results, never the writer's (see /work/shared/DESIGN.md, "Testing without Google").
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, delimiter, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from './tempDir';

/** What convertWithRecalc can produce. */
export type Target = 'xlsx' | 'csv' | 'pdf' | 'png';

/** Conversion options. */
export interface ConvertOptions {
  /** CSV only: which sheet (1-based) to write; default the first. */
  readonly sheet?: number;
  readonly timeoutMs?: number;
}

const FILTERS: Record<Target, string> = {
  xlsx: 'xlsx:Calc MS Excel 2007 XML',
  // Comma, double quote, UTF-8 (76), from line 1; raw values rather than "as shown", formulas as results.
  csv: 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false',
  pdf: 'pdf:calc_pdf_Export',
  png: 'png:calc_png_Export',
};
/** OOXMLRecalcMode: 0 always recalculate, 1 never (LibreOffice's default), 2 ask. */
type RecalcMode = 0 | 1;

/** The path of soffice (or libreoffice) on PATH, or undefined. */
export function findSoffice(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['soffice', 'libreoffice']) {
      const path = join(dir, name);
      if (dir && existsSync(path)) return path;
    }
  }
  return undefined;
}

/** Why a LibreOffice test cannot run here, or undefined when it can. */
export function missingReason(): string | undefined {
  return findSoffice() ? undefined : 'LibreOffice (soffice) is not on PATH: install Debian\'s libreoffice-calc to run the client tests';
}

/**
 * soffice's path for a test that needs it. Without it the test fails under CI=true (CI installs it, so its
 * absence is a broken machine) and skips locally, with the reason shown by the reporter.
 */
export function requireOrSkip(ctx: { skip: (note?: string) => never }): string {
  const soffice = findSoffice();
  if (soffice) return soffice;
  const reason = missingReason() as string;
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: the client tests must run)`);
  return ctx.skip(reason);
}

const profiles = new Map<RecalcMode, string>();
let queue: Promise<unknown> = Promise.resolve();

/** A LibreOffice user profile of this process's own, with the recalculation mode set. */
function profile(mode: RecalcMode): string {
  const known = profiles.get(mode);
  if (known) return known;
  // Under the test process's temp folder, so it goes when the process does.
  const dir = tempDir(`soffice-profile-${mode}-`);
  mkdirSync(join(dir, 'user'), { recursive: true });
  writeFileSync(
    join(dir, 'user', 'registrymodifications.xcu'),
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
      `<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>${mode}</value></prop></item>\n` +
      `<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>${mode}</value></prop></item>\n` +
      '</oor:items>\n',
  );
  profiles.set(mode, dir);
  return dir;
}

/** Converts `input` with LibreOffice headless, recalculating every formula on load; resolves to the output path. */
export function convertWithRecalc(input: string, target: Target, outDir: string, options: ConvertOptions = {}): Promise<string> {
  return convert(input, target, outDir, 0, options);
}

/** The same conversion with LibreOffice's default of keeping saved results: the control of the recalculation test. */
export function convertWithoutRecalc(input: string, target: Target, outDir: string, options: ConvertOptions = {}): Promise<string> {
  return convert(input, target, outDir, 1, options);
}

/** One soffice at a time per process: two instances on one profile would fight over its lock. */
function convert(input: string, target: Target, outDir: string, mode: RecalcMode, options: ConvertOptions): Promise<string> {
  const run = queue.then(() => runSoffice(input, target, outDir, mode, options));
  queue = run.catch(() => undefined);
  return run;
}

function runSoffice(input: string, target: Target, outDir: string, mode: RecalcMode, options: ConvertOptions): Promise<string> {
  const soffice = findSoffice();
  if (!soffice) return Promise.reject(new Error(missingReason()));
  mkdirSync(outDir, { recursive: true });
  const filter = target === 'csv' ? `${FILTERS.csv},${options.sheet ?? 1}` : FILTERS[target];
  const expected = join(outDir, `${basename(input, extname(input))}.${target}`);
  // A file left by an earlier run must not pass for this run's output.
  if (existsSync(expected)) rmSync(expected);
  const before = new Set(readdirSync(outDir));
  const args = [
    `-env:UserInstallation=${pathToFileURL(profile(mode)).href}`,
    '--headless', '--invisible', '--nologo', '--norestore', '--nodefault', '--nolockcheck',
    '--convert-to', filter, '--outdir', outDir, input,
  ];
  return new Promise((resolvePath, reject) => {
    execFile(soffice, args, { timeout: options.timeoutMs ?? 120000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`soffice failed converting ${input} to ${target}: ${error.message}\n${stderr}`));
      if (target === 'png' && /no export filter|verify input parameters/i.test(stderr)) {
        return reject(new Error(`this LibreOffice cannot export PNG (calc_png_Export is in libreoffice-draw's graphic filters): install libreoffice-draw, or convert to pdf\n${stderr}`));
      }
      if (existsSync(expected)) return resolvePath(expected);
      const made = readdirSync(outDir).filter((f) => !before.has(f) && f.endsWith(`.${target}`));
      if (made.length === 1) return resolvePath(join(outDir, made[0]));
      return reject(new Error(`soffice wrote no ${target} for ${input}\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}
