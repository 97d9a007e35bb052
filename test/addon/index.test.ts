import { describe, expect, it } from 'vitest';
import { SERVER_FUNCTIONS, functions } from '../../src/addon/index';
import { onInstall, onOpen } from '../../src/addon/menu';

describe('SERVER_FUNCTIONS', () => {
  it('are the two triggers, with their parameters (the menu items\' functions are in Server.js)', () => {
    expect(SERVER_FUNCTIONS.map((f) => [f.name, f.params])).toEqual([['onOpen', ['e']], ['onInstall', ['e']]]);
    expect(SERVER_FUNCTIONS.map((f) => f.run)).toEqual([onOpen, onInstall]);
  });
});

describe('functions: every public name Code.js declares', () => {
  it('holds the custom functions and the server functions, none of them twice', () => {
    const names = Object.keys(functions);
    expect(names).toHaveLength(36 + 4 + 2);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['WIN_RATE', 'KPI', 'KPI_TABLE', 'DEAL_SCORE', 'CLV_PARAMS', 'P_ALIVE', 'EXPECTED_PURCHASES', 'CLV_TABLE', 'onOpen', 'onInstall']));
    expect(functions.onOpen).toBe(onOpen);
  });
});
