/**
 * A tiny DOM builder. Text goes in as text nodes and attributes through setAttribute, never as HTML, so a
 * value from the sheet (a rep named `<img src=x onerror=alert(1)>`) always shows as the text it is.
 */

/** What an element can hold: nodes, and text (numbers shown as text); null, undefined and false are skipped. */
export type Child = Node | string | number | null | undefined | false;
/** Attributes: true sets an empty attribute, false, null and undefined leave it out. */
export type Attrs = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Appends children to an element. */
export function append(el: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

/** A new element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const name of Object.keys(attrs)) {
    const v = attrs[name];
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(name, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** Removes every child of an element. */
export function clear(el: Node): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Replaces an element's children. */
export function fillWith(el: Node, ...children: Child[]): void {
  clear(el);
  append(el, children);
}
