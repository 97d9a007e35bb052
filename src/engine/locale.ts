/**
 * The languages of the summary and of the row-issue reasons. A module of its own so that the engine's core
 * (issueReasons.ts) and the summary can both name it without the core depending on the summary.
 */

/** A language the summary's labels and the issue reasons are written in. */
export type Locale = 'en' | 'ru';

/** True for a value that names a language (the sidebar's options arrive as unchecked JSON). */
export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'ru';
}
