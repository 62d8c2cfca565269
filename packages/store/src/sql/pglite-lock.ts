import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Thrown when another running process has the embedded store open. */
export class StoreInUseError extends Error {
  override readonly name = 'StoreInUseError';
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Whether `pid` runs Node.js: /proc says where there is one; elsewhere a live pid is taken for it. */
function isNode(pid: number): boolean {
  try {
    return (readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0')[0] ?? '').split('/').pop()!.startsWith('node');
  } catch {
    return !existsSync('/proc/self');
  }
}

/** The pid a lock file holds; NaN when it holds none (gone, or not a number). */
function holderOf(file: string): number {
  try {
    return Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
  } catch {
    return Number.NaN;
  }
}

/**
 * PGlite is one connection in one process: two processes on one folder would both write its files.
 * `<folder>.lock` holds the pid of the process that has it open; another process is refused while
 * that one runs. A lock left by a process that died (or whose pid now runs something else) is
 * taken over. Returns the release, which the store's close calls (and the process's exit, should
 * it come first).
 *
 * A lock is only ever taken by linking a file into place, which one process alone can do while it
 * is missing; and a stale lock is only ever removed by the one process holding `<folder>.lock.takeover`
 * (taken the same way), after reading it again under that: so two processes finding the same stale
 * lock at once cannot both end up holding the store (one would remove the other's fresh lock).
 */
export function lockPgliteFolder(folder: string): () => void {
  const lockFile = `${folder}.lock`;
  const takeoverFile = `${lockFile}.takeover`;
  const own = String(process.pid);
  const inUse = (holder: number | string) =>
    new StoreInUseError(
      `the embedded store in ${folder} is open in running process ${holder}, and PGlite serves one process at a time: ` +
        'stop that process first (npm run store:* commands too), or use PostgreSQL (DATABASE_URL)',
    );
  const stale = (holder: number) => !(Number.isInteger(holder) && holder > 0 && alive(holder) && isNode(holder));
  const link = (from: string, to: string) => {
    try {
      linkSync(from, to);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return false;
    }
  };

  /** Removes `lockFile` if it still holds the stale `holder`, as the only process doing so. */
  const removeStale = (holder: number) => {
    if (!link(draft, takeoverFile)) {
      const taker = holderOf(takeoverFile);
      if (Number.isInteger(taker) && alive(taker)) throw inUse(`${holder}, or process ${taker}, which is taking its lock over`);
      throw new StoreInUseError(
        `the embedded store in ${folder} has a lock left by process ${holder}, which is gone, and ${takeoverFile} was left by process ${taker || '?'}, ` +
          'which died while taking it over: with no process using the store, remove that file and start again',
      );
    }
    try {
      const now = holderOf(lockFile);
      if (now === holder || Number.isNaN(now)) rmSync(lockFile, { force: true });
    } finally {
      rmSync(takeoverFile, { force: true });
    }
  };

  // Written aside and linked into place: the lock appears with its pid in it, never empty.
  const draft = `${lockFile}.${own}`;
  writeFileSync(draft, own);
  try {
    for (let attempt = 0; !link(draft, lockFile); attempt += 1) {
      const holder = holderOf(lockFile);
      // This process again (a second store on the folder, closed before or not): its own affair.
      if (holder === process.pid) return () => {};
      if (!stale(holder)) throw inUse(holder);
      // Left by a process gone (or unreadable): taken over. Another process doing so at this moment may link first.
      if (attempt > 0) {
        throw new StoreInUseError(
          `the embedded store in ${folder} was just opened by another process starting at the same moment, and PGlite serves one process at a time: ` +
            'stop that process first (npm run store:* commands too), or use PostgreSQL (DATABASE_URL)',
        );
      }
      removeStale(holder);
    }
  } finally {
    rmSync(draft, { force: true });
  }
  const release = () => {
    process.off('exit', release);
    try {
      if (readFileSync(lockFile, 'utf8').trim() === own) rmSync(lockFile, { force: true });
    } catch {
      // Already gone.
    }
  };
  process.on('exit', release);
  return release;
}
