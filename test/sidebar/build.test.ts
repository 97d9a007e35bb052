/** The built dist/Sidebar.html: one self-contained page that Apps Script serves as it is. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_BYTES, SIDEBAR_HTML, buildSidebar, inlineScript, inlineStyle, sidebarProblems } from '../../scripts/buildSidebar';

let html = '';
beforeAll(async () => {
  html = await buildSidebar();
});

/** The text between an element's opening and closing tags. */
function inner(tag: string): string {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'i').exec(html);
  if (!m) throw new Error(`no <${tag}>`);
  return m[1];
}

describe('dist/Sidebar.html', () => {
  it('is the text buildSidebar returns', () => {
    expect(readFileSync(SIDEBAR_HTML, 'utf8')).toBe(html);
  });

  it('holds no "<?" (Apps Script would read a template scriptlet)', () => {
    expect(html.indexOf('<?')).toBe(-1);
  });

  it('loads nothing from the network', () => {
    expect(html.match(/\b(?:src|href|action|srcset|poster)\s*=\s*["']?\s*(?:https?:|\/\/)/i)?.[0]).toBeUndefined();
    expect(html.match(/@import|url\(\s*["']?\s*(?:https?:|\/\/)/i)?.[0]).toBeUndefined();
    expect(html.match(/<link\b/i)?.[0]).toBeUndefined();
    expect(html.match(/<(?:img|iframe|object|embed|audio|video|source)\b/i)?.[0]).toBeUndefined();
    // Not even a literal URL in the script: the only link (the summary sheet's) comes from the server.
    expect(html.match(/https?:\/\//i)?.[0]).toBeUndefined();
  });

  it('inlines one script and one style sheet', () => {
    expect(html.match(/<script\b/gi)).toHaveLength(1);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(/<script>[^<]/.test(html)).toBe(true);
    expect(html.match(/<style\b/gi)).toHaveLength(1);
    expect(html.match(/<\/style/gi)).toHaveLength(1);
    expect(inner('script').length).toBeGreaterThan(5000);
    expect(inner('style')).toContain('.scroll{');
    expect(html.includes('<!--STYLE-->')).toBe(false);
    expect(html.includes('<!--SCRIPT-->')).toBe(false);
  });

  it('is a UTF-8 page with the shell the script mounts into, and small', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.includes('<meta charset="utf-8">')).toBe(true);
    expect(/<div id="error" role="alert"/.test(html)).toBe(true);
    expect(html.includes('<main id="app"')).toBe(true);
    expect(Buffer.byteLength(html)).toBeLessThan(MAX_BYTES);
  });

  it('script is an IIFE without module syntax, parsed as a classic ES2019 script', async () => {
    const { parse } = await import('acorn');
    const js = inner('script');
    expect(() => parse(js, { ecmaVersion: 2019, sourceType: 'script' })).not.toThrow();
    expect(js).not.toMatch(/\bexport\s*\{/);
  });

  it('carries the ids the browser tests select by', () => {
    for (const id of [
      'table-picker', 'use-selection', 'mapping-', 'data-field', 'period', 'granularity', 'live', 'locale', 'plan', 'spend',
      'kpi-list', 'data-kpi', 'build', 'progress', 'result', 'result-link', 'issues', 'explain', 'explain-panel', 'preview-table',
      'history', 'insert-template', 'template-sample', 'template-status', 'settings-panel', 'settings-problems', 'save-settings',
      'fiscal-year-start', 'currency', 'schedule-panel', 'schedule-frequency', 'schedule-now', 'alert-rules', 'add-rule', 'save-schedule',
      'copy-sql',
    ]) {
      expect(html.includes(`"${id}`) || html.includes(`\`${id}`), id).toBe(true);
    }
    expect(html.includes('data-testid="error"')).toBe(true);
  });

  it('script never writes HTML from data', () => {
    expect(inner('script').match(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/)?.[0]).toBeUndefined();
  });

  it('Russian labels stay readable UTF-8, not \\u escapes', () => {
    expect(html.includes('Построить сводку')).toBe(true);
  });
});

describe('the build checks', () => {
  const ok = '<!DOCTYPE html><html><head><style>a{}</style></head><body><script>1</script></body></html>';

  it('pass a clean page', () => {
    expect(sidebarProblems(ok)).toEqual([]);
  });

  it('refuse a "<?" anywhere', () => {
    expect(sidebarProblems(ok.replace('1', 'var s="<?= x ?>"'))).toEqual([expect.stringContaining('"<?"')]);
  });

  it('refuse network resources', () => {
    for (const bad of [
      '<img src="https://example.com/a.png">',
      '<link rel="stylesheet" href="//fonts.example.com/x.css">',
      '<iframe src=http://example.com></iframe>',
    ]) {
      expect(sidebarProblems(ok.replace('<body>', `<body>${bad}`)).length, bad).toBeGreaterThan(0);
    }
    expect(sidebarProblems(ok.replace('a{}', '@import "x.css";'))).not.toEqual([]);
    expect(sidebarProblems(ok.replace('a{}', 'a{background:url(https://example.com/x.png)}'))).not.toEqual([]);
    expect(sidebarProblems(ok.replace('<script>1', '<script src="https://example.com/x.js">'))).not.toEqual([]);
  });

  it('refuse a second script or an early </script>', () => {
    expect(sidebarProblems(ok.replace('1</script>', '"</script><script>"</script>'))).not.toEqual([]);
  });

  it('refuse a page past the size limit', () => {
    expect(sidebarProblems(ok.replace('1', `"${'x'.repeat(MAX_BYTES)}"`))).toEqual([expect.stringContaining('bytes')]);
  });

  it('escape </script and <!-- in the inlined script so that it means the same', () => {
    const js = 'var a="</script><!-- x",b=/<\\/SCRIPT>/;';
    const safe = inlineScript(js);
    expect(safe).not.toMatch(/<\/script/i);
    expect(safe).not.toContain('<!--');
    const run = (code: string) => new Function(`${code}return [a, String(b)];`)();
    expect(run(safe)).toEqual(run(js));
  });

  it('escape </style in the inlined style sheet', () => {
    expect(inlineStyle('a::after{content:"</style>"}')).not.toMatch(/<\/style/i);
  });
});
