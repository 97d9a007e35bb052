/**
 * Reads the "Excel" export of CRMs that write an HTML table under an .xls name (Bitrix24's "Экспорт в Excel")
 * into the grid the engine reads: header row first, every cell its text, as a CSV is read.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'node-html-parser';
import { decode } from './readCsv';

/** An HTML table as read: the grid and what the reader had to guess. */
export interface HtmlTable {
  /** Header row first; rectangular, cells are strings ("" for blanks). */
  readonly values: string[][];
  readonly warnings: string[];
}

/** True when the bytes are an HTML document (an .xls that is really a web page), not a binary workbook. */
export function isHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).replace(/^\uFEFF|^ï»¿/, '').trimStart().toLowerCase();
  return head.startsWith('<');
}

/** Reads the first table of an HTML file (path or bytes) that has a row of at least two cells. */
export function readHtmlTable(source: string | Uint8Array): HtmlTable {
  const bytes = typeof source === 'string' ? readFileSync(source) : source;
  const warnings: string[] = [];
  const declared = /charset\s*=\s*["']?([\w-]+)/i.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 2048)))?.[1]?.toLowerCase();
  // A page says its charset; Bitrix24 writes windows-1251 pages on Russian installations.
  const text = declared === 'windows-1251' || declared === 'cp1251' ? new TextDecoder('windows-1251').decode(bytes) : decode(bytes).text;
  const root = parse(text);
  for (const table of root.querySelectorAll('table')) {
    const rows = table.querySelectorAll('tr')
      .map((tr) => tr.childNodes.filter((n) => 'tagName' in n && /^(td|th)$/i.test((n as { tagName: string }).tagName)))
      .map((cells) => cells.map((c) => c.text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim()));
    if (!rows.some((r) => r.length >= 2)) continue;
    const width = Math.max(...rows.map((r) => r.length));
    return { values: rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]), warnings };
  }
  throw new Error('the file is a web page without a table of deals');
}
