/** Writing output files safely: folders made one level at a time, files written aside and renamed into place. */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, resolve } from 'node:path';

/**
 * mkdir -p one level at a time: Node's recursive mkdir retries forever where a file system answers ENOENT
 * for a folder it will never create (such as under /proc).
 */
export async function ensureDir(folder: string): Promise<void> {
  try {
    if ((await stat(folder)).isDirectory()) return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const parent = dirname(folder);
    if (parent !== folder) await ensureDir(parent);
    await mkdir(folder).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'EEXIST') throw e; });
    return;
  }
  throw Object.assign(new Error(`${folder} is a file`), { code: 'ENOTDIR' });
}

/** A hidden temporary file beside `path`, in the same folder so a rename onto `path` cannot cross devices. */
export function tempPathBeside(path: string): string {
  return resolve(path, '..', `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes through a temporary file and a rename, so a failed write never leaves half a file at `path`. */
export async function writeFileSafely(path: string, bytes: Uint8Array): Promise<void> {
  const temp = tempPathBeside(path);
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Writes text given in pieces (UTF-8) through a temporary file and a rename, never holding it whole. */
export async function writeTextSafely(path: string, pieces: Iterable<string>): Promise<void> {
  const temp = tempPathBeside(path);
  const out = createWriteStream(temp);
  const failed = once(out, 'error').then(([error]) => { throw error; });
  failed.catch(() => undefined);
  try {
    for (const piece of pieces) {
      if (!out.write(piece)) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    await rename(temp, path);
  } catch (error) {
    out.destroy();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
