/**
 * Builds the Apps Script project in dist/: Code.js (an esbuild IIFE of src/addon plus the top-level
 * declarations Apps Script needs to see) and appsscript.json.
 */
import { parse } from 'acorn';
import { build as esbuild, type Plugin } from 'esbuild';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SERVER_FUNCTIONS, functions } from '../src/addon/index';
import { SIDEBAR_FUNCTIONS, serverFunctions } from '../src/addon/serverIndex';
import { buildSidebar } from './buildSidebar';
import { functionDocs, type FunctionDoc } from '../src/engine/docs';

/** The one global the bundle defines; the trailing `_` keeps it private to the server. */
export const BUNDLE_GLOBAL = 'SalesKpiBundle_';
/** Server.js's function that evaluates its bundle on first use, and the global that keeps it. */
export const SERVER_LOADER = 'salesKpiServer_';
const SERVER_GLOBAL = 'SalesKpiServer_';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the pushed project is written. */
export const DIST = join(ROOT, 'dist');
const IDENTIFIER = /^[A-Za-z$][\w$]*$/;

/** A doc text safe inside a block comment, on one line. */
function commentText(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/\s+/g, ' ').trim();
}

/** A top-level declaration that forwards every argument Sheets passes into the bundle. */
function forwarder(name: string, params: readonly string[]): string {
  return `function ${name}(${params.join(', ')}) {\n  return ${BUNDLE_GLOBAL}.functions.${name}.apply(null, arguments);\n}\n`;
}

/** A custom function's declaration, with the JSDoc the Sheets autocomplete reads. */
export function customFunctionDeclaration(doc: FunctionDoc): string {
  const lines = [
    commentText(doc.description),
    '',
    ...doc.params.map((p) => `@param {${p.type}} ${p.name} ${commentText(p.description)}`),
    `@return {${doc.returnType}} ${commentText(doc.returns)}`,
    '@customfunction',
  ];
  const jsdoc = `/**\n${lines.map((l) => (l ? ` * ${l}` : ' *')).join('\n')}\n */\n`;
  return jsdoc + forwarder(doc.name, doc.params.map((p) => p.name));
}

/** Every public name the build declares: custom functions, triggers and Help (Code.js), then the sidebar's server (Server.js). */
export function publicNames(): string[] {
  return [...functionDocs().map((d) => d.name), ...SERVER_FUNCTIONS.map((f) => f.name), ...SIDEBAR_FUNCTIONS.map((f) => f.name)];
}

/** Fails when the docs, the server list and the bundle's function object disagree, or a name cannot be published. */
function checkNames(): void {
  const declared = publicNames();
  // Server.js's private helpers (a name ending in `_`, src/addon/serverIndex.ts SERVER_HELPERS) are for Code.js only.
  const implemented = [...Object.keys(functions), ...Object.keys(serverFunctions).filter((n) => !n.endsWith('_'))];
  const missing = declared.filter((n) => !implemented.includes(n));
  const undeclared = implemented.filter((n) => !declared.includes(n));
  if (missing.length || undeclared.length) {
    throw new Error(`public names disagree: no implementation for [${missing.join(', ')}], no declaration for [${undeclared.join(', ')}]`);
  }
  if (new Set(declared).size !== declared.length) throw new Error(`a public name is declared twice: ${declared.join(', ')}`);
  for (const n of declared) {
    if (!IDENTIFIER.test(n) || n.endsWith('_')) throw new Error(`"${n}" cannot be a public Apps Script function name`);
  }
  for (const d of functionDocs()) {
    for (const p of d.params) if (!IDENTIFIER.test(p.name)) throw new Error(`${d.name}: parameter "${p.name}" is not an identifier`);
  }
}

/** Models.js's loader function and the global that keeps its bundle. */
export const MODELS_LOADER = 'salesKpiModels_';
const MODELS_GLOBAL = 'SalesKpiModels_';

/**
 * In Code.js the customer-value models' module is replaced by src/addon/clvLazy.ts, which calls into Models.js: the
 * models would otherwise add some 15 KB to every custom function call.
 */
const lazyModels: Plugin = {
  name: 'lazy-models',
  setup(b) {
    const models = join(ROOT, 'src/engine/clv/index.ts');
    b.onResolve({ filter: /clv\/index$/ }, (args) =>
      (join(args.resolveDir, `${args.path}.ts`) === models ? { path: join(ROOT, 'src/addon/clvLazy.ts') } : undefined));
  },
};

/** A bundle alone: an IIFE assigning one global, no module syntax. */
async function bundle(entry = 'src/addon/index.ts', globalName = BUNDLE_GLOBAL, plugins: Plugin[] = []): Promise<string> {
  const result = await esbuild({
    plugins,
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    format: 'iife',
    globalName,
    target: 'es2019',
    platform: 'neutral',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    // Russian titles and synonyms stay readable and half the size of \u escapes.
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  });
  for (const w of result.warnings) console.warn(`esbuild: ${w.text}`);
  return result.outputFiles[0].text;
}

/** The text of Code.js. */
export async function buildCode(): Promise<string> {
  checkNames();
  const declarations = [
    ...functionDocs().map(customFunctionDeclaration),
    ...SERVER_FUNCTIONS.map((f) => `/** ${commentText(f.description)} */\n${forwarder(f.name, f.params)}`),
    // The sidebar's server is declared here too, so every public name is in Code.js; its code is in Server.js.
    ...SIDEBAR_FUNCTIONS.map((f) => `/** ${commentText(f.description)} */\n${serverForwarder(f.name, f.params)}`),
  ];
  const code = [
    '// Sales KPI add-on for Google Sheets. Generated by scripts/build.ts: edit src/, not this file.',
    await bundle('src/addon/index.ts', BUNDLE_GLOBAL, [lazyModels]),
    ...declarations,
  ].join('\n');
  // Apps Script loads Code.js as a classic script: refuse anything its parser could reject.
  parse(code, { ecmaVersion: 2019, sourceType: 'script' });
  return code;
}

/** A server function's declaration: it loads Server.js's bundle on first use, then forwards its arguments. */
function serverForwarder(name: string, params: readonly string[]): string {
  return `function ${name}(${params.join(', ')}) {\n  return ${SERVER_LOADER}().${name}.apply(null, arguments);\n}\n`;
}

/** What a lazily evaluated script file holds: its bundle's entry, loader function, global and what the loader returns. */
interface LazyFile {
  readonly entry: string;
  readonly loader: string;
  readonly global: string;
  /** The file's first line, after "Sales KPI add-on for Google Sheets: ". */
  readonly what: string;
  /** A property of the bundle's exports to return instead of all of them. */
  readonly exportName?: string;
}

/**
 * A script file holding a bundle inside a loader function, evaluated the first time the loader is called. Apps Script
 * evaluates every file of the project on every call, custom functions included, and a function's body costs only a
 * quick pre-parse until it runs.
 */
async function buildLazy(file: LazyFile): Promise<string> {
  const temporary = `__${file.global}`;
  const body = await bundle(file.entry, temporary);
  // esbuild starts an IIFE with "use strict" when a module asks for it; it stays the first statement of the function.
  const prefix = new RegExp(`^("use strict";)?var ${temporary}=`);
  if (!prefix.test(body)) throw new Error(`the bundle of ${file.entry} does not start with its global`);
  const code = [
    `// Sales KPI add-on for Google Sheets: ${file.what}. Generated by scripts/build.ts: edit src/, not this file.`,
    `var ${file.global} = null;`,
    '/** The bundle\'s exports, evaluated on first use. */',
    `function ${file.loader}() {`,
    `  if (${file.global} === null) ${file.global} = (function () {\n${body.replace(prefix, (_m: string, strict: string | undefined) => `${strict ?? ''}return `)}\n  })()${file.exportName ? `.${file.exportName}` : ''};`,
    `  return ${file.global};`,
    '}',
  ].join('\n');
  parse(code, { ecmaVersion: 2019, sourceType: 'script' });
  return code;
}

/**
 * The text of Server.js: the sidebar's server, evaluated the first time a server function (declared in Code.js) runs.
 * It keeps its own copy of the models: the summary's customer-value block and the sidebar's fit use them.
 */
export function buildServer(): Promise<string> {
  return buildLazy({ entry: 'src/addon/serverIndex.ts', loader: SERVER_LOADER, global: SERVER_GLOBAL, what: 'the sidebar\'s server', exportName: 'serverFunctions' });
}

/** The text of Models.js: the customer-value models, evaluated the first time Code.js's CLV functions or LTV(…, "bgnbd") call them. */
export function buildModels(): Promise<string> {
  return buildLazy({ entry: 'src/engine/clv/index.ts', loader: MODELS_LOADER, global: MODELS_GLOBAL, what: 'the customer-value models' });
}

/** Writes `text` to dist/`name`, aside then renamed, so that a test reading it never sees half a file. */
function writeDist(name: string, text: string): void {
  const tmp = join(DIST, `${name}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(DIST, name));
}

/** Writes dist/Code.js, dist/Server.js, dist/Models.js, dist/Sidebar.html and dist/appsscript.json; returns Code.js's size in bytes. */
export async function build(): Promise<number> {
  const [code, server, models] = await Promise.all([buildCode(), buildServer(), buildModels(), buildSidebar()]);
  mkdirSync(DIST, { recursive: true });
  writeDist('Code.js', code);
  writeDist('Server.js', server);
  writeDist('Models.js', models);
  copyFileSync(join(ROOT, 'appsscript.json'), join(DIST, 'appsscript.json'));
  return Buffer.byteLength(code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  build().then(
    (size) => console.log(`dist/Code.js: ${size} bytes (${(size / 1024).toFixed(1)} KiB)`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
