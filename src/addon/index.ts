/** The bundle's entry: every top-level name Code.js publishes, and what it runs. */
import { customFunctions, type CustomFunction } from './functions';
import { onInstall, onOpen } from './menu';

/** A top-level function that is not a custom function: a trigger or something a menu or the sidebar calls. */
export interface ServerFunction {
  readonly name: string;
  /** Declared parameter names. */
  readonly params: readonly string[];
  /** Its one-line doc comment in Code.js. */
  readonly description: string;
  readonly run: (...args: never[]) => unknown;
}

/** The triggers, in the order Code.js declares them; the menu items' functions and the sidebar's server are in serverIndex.ts (Server.js). */
export const SERVER_FUNCTIONS: readonly ServerFunction[] = [
  { name: 'onOpen', params: ['e'], description: 'Trigger: adds the add-on menu.', run: onOpen },
  { name: 'onInstall', params: ['e'], description: 'Trigger: adds the add-on menu right after installation.', run: onInstall },
];

/** Every public name → its implementation; Code.js's top-level declarations call into this object. */
export const functions: Record<string, CustomFunction | ServerFunction['run']> = {
  ...customFunctions(),
  ...Object.fromEntries(SERVER_FUNCTIONS.map((f) => [f.name, f.run])),
};
