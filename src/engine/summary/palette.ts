/**
 * How each cell style and status colour looks, in neutral terms (sizes in points, colours as `#rrggbb`), so the
 * XLSX writer and the Sheets writer draw the same summary.
 */
import type { StatusColour, StyleName } from './layout';

/** The look of a style: font, fill, a bottom border, alignment. */
export interface Look {
  readonly size: number;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly color: string;
  readonly fill?: string;
  readonly borderBottom?: string;
  readonly align?: 'left' | 'center' | 'right';
  readonly wrap?: boolean;
}

/** Every style's look. */
export const LOOKS: Readonly<Record<StyleName, Look>> = {
  title: { size: 16, bold: true, color: '#1f2937' },
  subtitle: { size: 10, italic: true, color: '#4b5563' },
  section: { size: 12, bold: true, color: '#1f3864', fill: '#dce6f1', borderBottom: '#8ea9db' },
  header: { size: 10, bold: true, color: '#1f2937', fill: '#f2f2f2', borderBottom: '#bfbfbf', align: 'center', wrap: true },
  label: { size: 10, color: '#1f2937' },
  value: { size: 10, color: '#1f2937', align: 'right' },
  muted: { size: 10, color: '#808080' },
  note: { size: 9, italic: true, color: '#6b7280' },
};

/** Excel's own Good / Neutral / Bad cell styles: pale fills with dark text of the same hue, readable in print. */
export const STATUS_LOOKS: Readonly<Record<StatusColour, { readonly fill: string; readonly text: string }>> = {
  good: { fill: '#c6efce', text: '#006100' },
  warn: { fill: '#ffeb9c', text: '#9c5700' },
  bad: { fill: '#ffc7ce', text: '#9c0006' },
};
