/** The user's language for the add-on's own texts (menu, dialogs, the sidebar's default). */
import type { Locale } from '../engine/locale';

/** Russian for a Russian user locale, else English; English where the locale cannot be read. */
export function userLocale(): Locale {
  try {
    return /^ru/i.test(Session.getActiveUserLocale()) ? 'ru' : 'en';
  } catch {
    // A simple trigger without authorization may not read the locale.
    return 'en';
  }
}
