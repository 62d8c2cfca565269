import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

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

/** Who holds a lock file: a pid, and where written by this version, its host and its process's token. */
interface Holder {
  /** The file's whole text, to tell whether it changed since it was read. */
  text: string;
  /** NaN when the file holds none (gone, or not a number). */
  pid: number;
  host: string | null;
  token: string | null;
}

/** The holder a lock file names; a pid of NaN when it is gone or holds none. */
function holderOf(file: string): Holder {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // Gone.
  }
  const [pid, host, token] = text.trim().split('\n');
  return { text, pid: Number.parseInt(pid ?? '', 10), host: host || null, token: token || null };
}

/**
 * This process, told from any other: a pid is only unique within one host's (one container's)
 * process table, and a store's folder on a shared volume is seen from several, where process 1,
 * say, is a different process in each.
 */
const processToken = randomUUID();
const thisHost = hostname();

/**
 * PGlite is one connection in one process: two processes on one folder would both write its files.
 * `<folder>.lock` holds the pid, host name and a random token of the process that has it open;
 * another process is refused while that one runs. A lock left by a process that died (or whose
 * pid now runs something else) is taken over. A lock written on another host (another container
 * on a shared volume) is never taken over: whether its process runs cannot be told from here, so
 * the refusal names the file to remove once it is known to be gone. Returns the release, which
 * the store's close calls (and the process's exit, should it come first).
 *
 * A lock is only ever taken by linking a file into place, which one process alone can do while it
 * is missing; and a stale lock is only ever removed by the one process holding `<folder>.lock.takeover`
 * (taken the same way), after reading it again under that: so two processes finding the same stale
 * lock at once cannot both end up holding the store (one would remove the other's fresh lock).
 */
export function lockPgliteFolder(folder: string): () => void {
  const lockFile = `${folder}.lock`;
  const takeoverFile = `${lockFile}.takeover`;
  const own = `${process.pid}\n${thisHost}\n${processToken}\n`;
  const inUse = (holder: number | string) =>
    new StoreInUseError(
      `the embedded store in ${folder} is open in running process ${holder}, and PGlite serves one process at a time: ` +
        'stop that process first (npm run store:* commands too), or use PostgreSQL (DATABASE_URL)',
    );
  const elsewhere = (holder: Holder) =>
    new StoreInUseError(
      `the embedded store in ${folder} is open in process ${holder.pid} on host ${holder.host} (another container on the same volume, say), ` +
        `and PGlite serves one process at a time. Whether that process still runs cannot be told from host ${thisHost}: ` +
        `stop it first; if it is gone, remove ${lockFile} and start again. Or use PostgreSQL (DATABASE_URL)`,
    );
  const onOtherHost = (holder: Holder) => holder.host !== null && holder.host !== thisHost;
  /** Gone: no pid, this process's pid (not this process: it was checked first), or a pid no Node.js process runs under. */
  const stale = (holder: Holder) =>
    !(Number.isInteger(holder.pid) && holder.pid > 0 && holder.pid !== process.pid && alive(holder.pid) && isNode(holder.pid));
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
  const removeStale = (holder: Holder) => {
    if (!link(draft, takeoverFile)) {
      const taker = holderOf(takeoverFile);
      // Under this process's own pid, a takeover file is a former process's (this one removes its own).
      const takerRuns = onOtherHost(taker) || (taker.pid !== process.pid && alive(taker.pid));
      if (Number.isInteger(taker.pid) && takerRuns) throw inUse(`${holder.pid}, or process ${taker.pid}, which is taking its lock over`);
      throw new StoreInUseError(
        `the embedded store in ${folder} has a lock left by process ${holder.pid}, which is gone, and ${takeoverFile} was left by process ${taker.pid || '?'}, ` +
          'which died while taking it over: with no process using the store, remove that file and start again',
      );
    }
    try {
      const now = holderOf(lockFile);
      if (now.text === holder.text || Number.isNaN(now.pid)) rmSync(lockFile, { force: true });
    } finally {
      rmSync(takeoverFile, { force: true });
    }
  };

  // Written aside and linked into place: the lock appears with its pid in it, never empty.
  const draft = `${lockFile}.${process.pid}.${processToken}`;
  writeFileSync(draft, own);
  try {
    for (let attempt = 0; !link(draft, lockFile); attempt += 1) {
      const holder = holderOf(lockFile);
      // This process again (a second store on the folder, closed before or not): its own affair.
      if (holder.token === processToken) return () => {};
      if (onOtherHost(holder)) throw elsewhere(holder);
      if (!stale(holder)) throw inUse(holder.pid);
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
      if (readFileSync(lockFile, 'utf8') === own) rmSync(lockFile, { force: true });
    } catch {
      // Already gone.
    }
  };
  process.on('exit', release);
  return release;
}
