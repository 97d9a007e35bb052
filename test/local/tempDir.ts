/**
 * Temporary directories for the local-runtime tests. Each lives under a folder named after the test process's
 * pid, removed when the process exits; vitest may end its workers without an 'exit' event, so a new process
 * also removes the folders of processes that are gone.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(tmpdir(), 'kpi-local-tests');
let mine: string | undefined;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process's folder, created (and the dead processes' folders removed) on first use. */
function processDir(): string {
  if (mine) return mine;
  mkdirSync(ROOT, { recursive: true });
  for (const name of readdirSync(ROOT)) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) rmSync(join(ROOT, name), { recursive: true, force: true });
  }
  const dir = join(ROOT, String(process.pid));
  mkdirSync(dir, { recursive: true });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  mine = dir;
  return dir;
}

/** A fresh directory for one test. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(processDir(), prefix));
}
