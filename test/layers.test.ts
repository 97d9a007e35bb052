/**
 * The layers of DESIGN.md, checked on the source's imports: faces reach the summary only through its index, the
 * engine never reaches a face, and only the Apps Script face calls into call.ts (the engine's own modules build
 * on callEnv.ts instead), so the sidebar's job and the command line's stay one job.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** An import of one module by another, both as repository paths without extension ("src/local/run"). */
interface Edge {
  readonly from: string;
  readonly to: string;
}

/** Static imports and re-exports (`import … from`, `export … from`, `import '…'`) and dynamic `import('…')`. */
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+)\s+from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The relative module specifiers a source text imports. */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec.startsWith('.')) out.push(spec);
  }
  return out;
}

/** A module's repository path: no extension, and a folder's index as the folder's own file ("src/engine/summary/index"). */
function moduleOf(path: string): string {
  return path.replace(/\.(ts|tsx|js|mjs)$/, '');
}

/** The import edges of the given files (repository paths); a specifier naming a folder means its index. */
function edgesOf(files: readonly { path: string; source: string }[], isFolder: (path: string) => boolean): Edge[] {
  const edges: Edge[] = [];
  for (const { path, source } of files) {
    for (const spec of specifiers(source)) {
      let to = moduleOf(posix.normalize(posix.join(posix.dirname(path), spec)));
      if (isFolder(to)) to = `${to}/index`;
      edges.push({ from: moduleOf(path), to });
    }
  }
  return edges;
}

/** Every .ts file under a folder of the repository, as repository paths. */
function sourcesUnder(folder: string): { path: string; source: string }[] {
  const out: { path: string; source: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) out.push({ path, source: readFileSync(join(ROOT, path), 'utf8') });
    }
  };
  walk(folder);
  return out;
}

/** True when the repository has a folder at `path`. */
function isRepoFolder(path: string): boolean {
  try {
    readdirSync(join(ROOT, path));
    return true;
  } catch {
    return false;
  }
}

/** The broken rules among the edges, as "from → to: rule" lines. */
function violations(edges: readonly Edge[]): string[] {
  const out: string[] = [];
  const inside = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);
  for (const { from, to } of edges) {
    const face = inside(from, 'src/local') || inside(from, 'src/addon');
    if (face && inside(to, 'src/engine/summary') && to !== 'src/engine/summary/index') {
      out.push(`${from} → ${to}: faces import the summary only through src/engine/summary/index.ts`);
    }
    if (inside(from, 'src/engine') && (inside(to, 'src/local') || inside(to, 'src/addon') || inside(to, 'sidebar'))) {
      out.push(`${from} → ${to}: the engine imports no face`);
    }
    if (inside(from, 'src/engine') && to === 'src/engine/call') {
      out.push(`${from} → ${to}: the engine imports nothing from call.ts (shared call pieces live in callEnv.ts)`);
    }
    if (inside(from, 'src/engine') && !inside(from, 'src/engine/summary') && inside(to, 'src/engine/summary')) {
      out.push(`${from} → ${to}: the engine's core does not depend on the summary`);
    }
  }
  return out;
}

describe('layers', () => {
  const files = [...sourcesUnder('src'), ...(isRepoFolder('sidebar') ? sourcesUnder('sidebar') : [])];
  const edges = edgesOf(files, isRepoFolder);

  it('the source keeps them', () => {
    expect(violations(edges)).toEqual([]);
  });

  it('only the Apps Script face calls into call.ts', () => {
    const callers = [...new Set(edges.filter((e) => e.to === 'src/engine/call').map((e) => e.from))];
    expect(callers.length).toBeGreaterThan(0);
    expect(callers.filter((from) => !from.startsWith('src/addon/'))).toEqual([]);
  });

  it('sees the imports that are there (so an empty list of violations means something)', () => {
    expect(edges).toContainEqual({ from: 'src/local/run', to: 'src/engine/summary/index' });
    expect(edges).toContainEqual({ from: 'src/local/writeXlsx', to: 'src/engine/summary/index' });
    expect(edges).toContainEqual({ from: 'src/engine/dealScore', to: 'src/engine/callEnv' });
    expect(edges).toContainEqual({ from: 'src/engine/issueReasons', to: 'src/engine/locale' });
  });

  it('flags each kind of broken rule', () => {
    const source = [
      "import { a1 } from '../engine/summary/sheet';",
      "import type {\n  SheetLayout,\n} from '../engine/summary/layout';",
      "export { x } from '../engine/summary';",
      "const lazy = () => import('../engine/summary/job');",
    ].join('\n');
    const faceEdges = edgesOf([{ path: 'src/local/fake.ts', source }], (p) => p === 'src/engine/summary');
    expect(violations(faceEdges)).toEqual([
      'src/local/fake → src/engine/summary/sheet: faces import the summary only through src/engine/summary/index.ts',
      'src/local/fake → src/engine/summary/layout: faces import the summary only through src/engine/summary/index.ts',
      'src/local/fake → src/engine/summary/job: faces import the summary only through src/engine/summary/index.ts',
    ]);
    const engineEdges = edgesOf([
      { path: 'src/engine/fake.ts', source: "import { named } from './call';\nimport { run } from '../local/run';\nimport type { Locale } from './summary/labels';" },
      { path: 'src/engine/summary/fake.ts', source: "import { tableFor } from '../call';\nimport { x } from '../../../sidebar/main';" },
    ], () => false);
    expect(violations(engineEdges)).toEqual([
      'src/engine/fake → src/engine/call: the engine imports nothing from call.ts (shared call pieces live in callEnv.ts)',
      'src/engine/fake → src/local/run: the engine imports no face',
      "src/engine/fake → src/engine/summary/labels: the engine's core does not depend on the summary",
      'src/engine/summary/fake → src/engine/call: the engine imports nothing from call.ts (shared call pieces live in callEnv.ts)',
      'src/engine/summary/fake → sidebar/main: the engine imports no face',
    ]);
  });
});
