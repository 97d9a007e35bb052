/** Text for the HTML of the add-on's dialogs and emails. */

/** `text` with the characters HTML gives a meaning escaped, so user values show as text. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
