/** Puts the Spreadsheet stand-in in place of the Apps Script globals for one test, at a fixed "now", and takes it away. */
import { vi } from 'vitest';
import { fakeSheets, type FakeSheets, type FakeSheetsOptions } from './fakeSheets';

/** A stand-in made from `options`, installed as the globals (SpreadsheetApp, LockService …), with Date at `now`. */
export function installFake(options: FakeSheetsOptions, now: Date | number): FakeSheets {
  const fake = fakeSheets(options);
  for (const [name, value] of Object.entries(fake.globals)) vi.stubGlobal(name, value);
  vi.useFakeTimers({ now, toFake: ['Date'] });
  return fake;
}

/** Takes the stand-in and the fixed clock away again: every file that installs one passes this to afterEach. */
export function restoreGlobals(): void {
  vi.unstubAllGlobals();
  vi.useRealTimers();
}
