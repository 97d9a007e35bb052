/** One writer at a time per document: the server functions that change the spreadsheet run under its document lock. */

/** Runs `run` holding the document lock, waiting up to `waitMs` for it; throws an Error saying `busy` when it stays taken. */
export function underDocumentLock<T>(busy: string, run: () => T, waitMs = 30000): T {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(waitMs)) throw new Error(busy);
  try {
    return run();
  } finally {
    lock.releaseLock();
  }
}
