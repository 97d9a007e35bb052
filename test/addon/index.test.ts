import { describe, expect, it } from 'vitest';
import { SERVER_FUNCTIONS, functions } from '../../src/addon/index';
import { onInstall, onOpen, showHelp } from '../../src/addon/menu';

describe('SERVER_FUNCTIONS', () => {
  it('are the two triggers and the Help item\'s function, with their parameters', () => {
    expect(SERVER_FUNCTIONS.map((f) => [f.name, f.params])).toEqual([['onOpen', ['e']], ['onInstall', ['e']], ['showHelp', []]]);
    expect(SERVER_FUNCTIONS.map((f) => f.run)).toEqual([onOpen, onInstall, showHelp]);
  });
});

describe('functions: every public name Code.js declares', () => {
  it('holds the custom functions and the server functions, none of them twice', () => {
    const names = Object.keys(functions);
    expect(names).toHaveLength(36 + 3);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['WIN_RATE', 'KPI', 'KPI_TABLE', 'DEAL_SCORE', 'onOpen', 'onInstall', 'showHelp']));
    expect(functions.onOpen).toBe(onOpen);
  });
});
