/** The sidebar's source: text only through the DOM, server types only from src/, the engine's fields and units. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/engine/catalog';
import { FIELDS as ENGINE_FIELDS } from '../../src/engine/fields';
import { UNITS } from '../../sidebar/format';
import { FIELDS } from '../../sidebar/options';

const SIDEBAR = join(dirname(fileURLToPath(import.meta.url)), '../../sidebar');
const sources = readdirSync(SIDEBAR).filter((f) => f.endsWith('.ts')).map((f) => ({ file: f, text: readFileSync(join(SIDEBAR, f), 'utf8') }));

describe('the sidebar source', () => {
  it('never writes HTML from a string', () => {
    for (const { file, text } of sources) {
      expect(text, file).not.toMatch(/\.(?:innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/);
    }
  });

  it('imports from src/ only types', () => {
    for (const { file, text } of sources) {
      for (const m of text.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s*['"]([^'"]+)['"]/gm)) {
        if (m[2].includes('/src/')) expect(m[1], `${file}: ${m[0]}`).toBeTruthy();
      }
      expect(text, file).not.toMatch(/import\s*\(\s*['"][^'"]*\/src\//);
    }
  });

  it('knows the engine\'s fields, in its order', () => {
    expect([...FIELDS]).toEqual([...ENGINE_FIELDS]);
  });

  it('formats every unit the catalog uses', () => {
    const units = new Set(CATALOG.map((k) => k.unit as string));
    for (const u of units) expect(UNITS as readonly string[], u).toContain(u);
  });
});
