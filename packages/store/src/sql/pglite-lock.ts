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

/**
 * PGlite is one connection in one process: two processes on one folder would both write its files.
 * `<folder>.lock` holds the pid of the process that has it open; another process is refused while
 * that one runs. A lock left by a process that died (or whose pid now runs something else) is
 * taken over. Returns the release, which the store's close calls (and the process's exit, should
 * it come first).
 */
export function lockPgliteFolder(folder: string): () => void {
  const lockFile = `${folder}.lock`;
  const own = String(process.pid);
  const inUse = (holder: number | string) =>
    new StoreInUseError(
      `the embedded store in ${folder} is open in running process ${holder}, and PGlite serves one process at a time: ` +
        'stop that process first (npm run store:* commands too), or use PostgreSQL (DATABASE_URL)',
    );
  // Written aside and linked into place: the lock appears with its pid in it, never empty.
  const draft = `${lockFile}.${own}`;
  writeFileSync(draft, own);
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        linkSync(draft, lockFile);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
        // This process again (a second store on the folder, closed before or not): its own affair.
        if (holder === process.pid) return () => {};
        if (Number.isInteger(holder) && holder > 0 && alive(holder) && isNode(holder)) throw inUse(holder);
        // Left by a process gone: taken over. Another process taking it over at the same moment wins or loses the link.
        if (attempt > 0) throw inUse(`${holder} (or one taking over its lock)`);
        rmSync(lockFile, { force: true });
      }
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
