/**
 * Builds dist/Sidebar.html: one self-contained page (served by HtmlService.createHtmlOutputFromFile) with the
 * sidebar's TypeScript bundled by esbuild into an inline <script> and its CSS into an inline <style>.
 * Fails when the page could load anything from the network, holds a `<?` (Apps Script would read it as
 * a template scriptlet), or bundles anything of src/ (the server API is imported as types only).
 */
import { build as esbuild, type Metafile } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIDEBAR = join(ROOT, 'sidebar');
const DIST = join(ROOT, 'dist');
/** Where the page is written. */
export const SIDEBAR_HTML = join(DIST, 'Sidebar.html');

/** What the page may weigh: a sidebar opens on every click of the menu (40 KB until the settings, schedule and template panels of issue 9). */
export const MAX_BYTES = 48 * 1024;

/** JS safe inside <script>…</script>: no `</script` or `<!--` (escapes that mean the same inside strings and regexps). */
export function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** CSS safe inside <style>…</style>: no `</style` (a CSS escape of the slash reads the same). */
export function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

/** The reasons a page is not fit to ship; empty when it is. */
export function sidebarProblems(html: string): string[] {
  const problems: string[] = [];
  const at = html.indexOf('<?');
  if (at >= 0) problems.push(`"<?" at offset ${at} (Apps Script would read it as a scriptlet): ${JSON.stringify(html.slice(Math.max(0, at - 40), at + 40))}`);
  const network = /\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:|\/\/)/gi;
  for (const m of html.matchAll(network)) problems.push(`a network resource: ${JSON.stringify(m[0])}`);
  if (/@import\b/i.test(html)) problems.push('a CSS @import');
  if (/url\(\s*["']?\s*(?:https?:|\/\/)/i.test(html)) problems.push('a CSS url() to the network');
  if (/<link\b/i.test(html)) problems.push('a <link> element (styles must be inline)');
  if (/<script\b[^>]*\bsrc\s*=/i.test(html)) problems.push('a <script src> (scripts must be inline)');
  const scripts = html.match(/<script\b/gi)?.length ?? 0;
  const closings = html.match(/<\/script/gi)?.length ?? 0;
  if (scripts !== 1 || closings !== 1) problems.push(`expected one inline <script>, found ${scripts} opening and ${closings} closing tags`);
  const bytes = Buffer.byteLength(html);
  if (bytes > MAX_BYTES) problems.push(`${bytes} bytes, more than ${MAX_BYTES}`);
  return problems;
}

/** Bundled inputs from outside sidebar/ (a type-only import of src/ bundles nothing). */
function foreignInputs(metafile: Metafile): string[] {
  return Object.keys(metafile.inputs).filter((p) => !p.replace(/\\/g, '/').startsWith('sidebar/'));
}

const common = {
  bundle: true,
  minify: true,
  target: 'es2019',
  charset: 'utf8',
  legalComments: 'none',
  write: false,
  logLevel: 'silent',
  absWorkingDir: ROOT,
} as const;

/** The sidebar's script, minified. */
async function script(): Promise<string> {
  const result = await esbuild({
    ...common,
    entryPoints: [join(SIDEBAR, 'main.ts')],
    format: 'iife',
    platform: 'browser',
    metafile: true,
  });
  for (const w of result.warnings) console.warn(`esbuild: ${w.text}`);
  const foreign = foreignInputs(result.metafile);
  if (foreign.length) throw new Error(`the sidebar bundles code from outside sidebar/: ${foreign.join(', ')} (import server types with "import type")`);
  return result.outputFiles[0].text.trim();
}

/** The sidebar's style sheet, minified. */
async function style(): Promise<string> {
  const result = await esbuild({ ...common, entryPoints: [join(SIDEBAR, 'style.css')], metafile: true });
  for (const w of result.warnings) console.warn(`esbuild: ${w.text}`);
  return result.outputFiles[0].text.trim();
}

/** The page's text: the shell (sidebar/index.html) with the style and the script put in. */
export async function sidebarHtml(): Promise<string> {
  const [js, css] = await Promise.all([script(), style()]);
  const shell = readFileSync(join(SIDEBAR, 'index.html'), 'utf8');
  if (!shell.includes('<!--STYLE-->') || !shell.includes('<!--SCRIPT-->')) throw new Error('sidebar/index.html lacks <!--STYLE--> or <!--SCRIPT-->');
  // One pass, with a function: the inserted text is never searched again, and `$` in it stays as it is.
  const html = shell.replace(/<!--(STYLE|SCRIPT)-->/g, (_, which: string) => (which === 'STYLE' ? inlineStyle(css) : inlineScript(js)));
  const problems = sidebarProblems(html);
  if (problems.length) throw new Error(`dist/Sidebar.html is not fit to ship:\n- ${problems.join('\n- ')}`);
  return html;
}

/** Builds the page, writes dist/Sidebar.html and returns its text. */
export async function buildSidebar(): Promise<string> {
  const html = await sidebarHtml();
  mkdirSync(DIST, { recursive: true });
  // Written aside and renamed, so that a reader never sees half a file.
  const tmp = join(DIST, `Sidebar.html.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  writeFileSync(tmp, html);
  renameSync(tmp, SIDEBAR_HTML);
  return html;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildSidebar().then(
    (html) => {
      const size = Buffer.byteLength(html);
      console.log(`dist/Sidebar.html: ${size} bytes (${(size / 1024).toFixed(1)} KiB)`);
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
