import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';

export interface RedisServerHandle {
  /** `redis://:<password>@127.0.0.1:<port>`: a secret, never to be logged or printed whole. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartRedisServerOptions {
  /**
   * Redis keeps its AOF and dump files in `<dataDir>/redis`. With `memory://` (an in-memory
   * store) it runs without AOF in a temporary folder named after the working directory, removed
   * on stop.
   */
  dataDir: string;
  /** Port to listen on; default a free one. */
  port?: number;
  /** Append-only file on (default true): work in flight survives a restart of this Redis. */
  appendOnly?: boolean;
  /** How long to wait for it to answer PING; default 10 s. */
  startTimeoutMs?: number;
  /** Told the pid of a redis-server left running in the data dir by a process that died, once it is stopped. */
  onStaleStopped?: (pid: number) => void;
  /**
   * Told when the redis-server, once started, exits without being stopped (killed, out of
   * memory): it is started again on the same port and folder (its append-only file brings back
   * its data; the store re-drives the rest), up to {@link maxRedisRestartsPerMinute} times a
   * minute, after which `restarted` is false and it stays down.
   */
  onUnexpectedExit?: (exit: RedisServerExit) => void;
}

/** What {@link StartRedisServerOptions.onUnexpectedExit} is told. */
export interface RedisServerExit {
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether it was started again. */
  restarted: boolean;
  /** The last lines of its log. */
  logTail: string;
}

/** Restarts of a private redis-server that exits on its own, at most, within a minute. */
export const maxRedisRestartsPerMinute = 3;

/** Thrown when no `redis-server` can be started; the message says how to get one. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether a `redis-server` can be run from PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Mode 0700 on a folder made earlier with wider rights. One this process may not change (owned
 * by another user, as a volume provisioned for it) keeps the rights its owner gave it.
 */
function tightenOwnFolder(dir: string): void {
  try {
    chmodSync(dir, 0o700);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}

/** The last lines redis-server wrote to its log file, to say why it stopped. */
function logTail(logFile: string, lines = 8): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function waitForPing(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const tail = logTail(logFile);
      throw new RedisUnavailableError(`redis-server exited with code ${child.exitCode}; its log (${logFile}) ends:\n${tail || '(empty)'}`);
    }
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // Refused connections are expected while the server starts; the loop handles them.
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      lastError = error;
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new RedisUnavailableError(`redis-server did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Past this size at start, redis.log is moved to redis.log.1 (replacing the one before) and begun afresh. */
export const redisLogRotateBytes = 10 * 1024 * 1024;

/** redis-server appends to its log on every start: one earlier log is kept, so the folder stays bounded. */
function keepLogSmall(logFile: string) {
  let size: number;
  try {
    size = statSync(logFile).size;
  } catch {
    return;
  }
  if (size > redisLogRotateBytes) renameSync(logFile, `${logFile}.1`);
}

/** Whether `pid` runs redis-server: /proc says where there is one; elsewhere a live pid from our pid file is taken for it. */
function isRedisServer(pid: number): boolean {
  if (!alive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').startsWith('redis-server');
  } catch {
    return !existsSync('/proc/self');
  }
}

/** The Node.js process that started redis-server `pid` and still runs, where /proc tells; else undefined. */
function liveNodeParent(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid <= 1 || !alive(ppid)) return undefined;
    const command = readFileSync(`/proc/${ppid}/cmdline`, 'latin1').split('\0')[0] ?? '';
    return path.basename(command).startsWith('node') ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A private redis-server outlives a process killed without its chance to stop it (SIGKILL, out
 * of memory): it would keep its port and, worse, write the same append-only file as the one
 * started next. Its pid file says who it is; it is asked to stop as Redis stops on SIGTERM —
 * the AOF flushed, so the next one loads what it held — and, if it will not, killed.
 * Returns the pid it stopped, if any. If the process that started it still runs, the data dir
 * is in use, and nothing is stopped: a {@link RedisUnavailableError} says so.
 */
export async function stopStaleRedisServer(dir: string, timeoutMs = 10_000): Promise<number | undefined> {
  const pidFile = path.join(dir, 'redis.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid || !isRedisServer(pid)) {
    rmSync(pidFile, { force: true });
    return undefined;
  }
  const owner = liveNodeParent(pid);
  if (owner !== undefined) {
    throw new RedisUnavailableError(
      `the data dir ${path.dirname(dir)} is in use: its redis-server (pid ${pid}) belongs to running process ${owner}. ` +
        'Stop that process, or give this one another DATA_DIR (or REDIS_URL).',
    );
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(pidFile, { force: true });
  return pid;
}

/** Stops the redis-server of, and removes, each in-memory folder (see startRedisServer) whose process is gone. */
async function clearOrphanedMemoryFolders(prefix: string): Promise<void> {
  // `<prefix>` without its trailing "-" is the one folder per working directory of earlier versions.
  const legacy = prefix.slice(0, -1);
  for (const name of readdirSync(os.tmpdir())) {
    if (name !== legacy && !name.startsWith(prefix)) continue;
    const owner = name === legacy ? undefined : Number(name.slice(prefix.length));
    if (owner !== undefined && (!Number.isInteger(owner) || owner === process.pid || alive(owner))) continue;
    const dir = path.join(os.tmpdir(), name);
    try {
      // Refuses (throws) while the process that started its redis-server still runs: left alone then.
      await stopStaleRedisServer(dir);
    } catch {
      continue;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts a private `redis-server` from PATH on 127.0.0.1, configured as production wants it
 * (noeviction, AOF, a password), for a machine where `REDIS_URL` is not set. One left running in the same
 * data dir by a process that died without stopping it is stopped first.
 */
export async function startRedisServer(options: StartRedisServerOptions): Promise<RedisServerHandle> {
  if (!hasRedisServer()) {
    throw new RedisUnavailableError(
      'REDIS_URL is not set and there is no redis-server on PATH. Install one (Debian/Ubuntu: ' +
        '`apt-get install -y redis-server`; macOS: `brew install redis`) or set REDIS_URL=redis://host:6379.',
    );
  }
  // An in-memory store (`memory://`) keeps nothing after exit, and neither does its Redis: no AOF,
  // in a temporary folder of this process's own, removed on stop. Folders named after the working
  // directory and a process gone (killed outright) are cleared first, with their redis-servers.
  const inMemory = options.dataDir.startsWith('memory://');
  const memoryPrefix = `vinhdanh-redis-memory-${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 16)}-`;
  if (inMemory) await clearOrphanedMemoryFolders(memoryPrefix);
  const dir = inMemory ? path.join(os.tmpdir(), `${memoryPrefix}${process.pid}`) : path.resolve(options.dataDir, 'redis');
  const appendOnly = inMemory ? false : options.appendOnly !== false;
  const removeTemporary = () => {
    if (inMemory) rmSync(dir, { recursive: true, force: true });
  };
  // The owner's alone: the append-only file holds jobs' payloads (secret ballots until Redis
  // rewrites it). A folder made earlier is tightened too.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tightenOwnFolder(dir);
  const stale = await stopStaleRedisServer(dir);
  if (stale !== undefined) options.onStaleStopped?.(stale);
  const port = options.port ?? (await freePort());
  // A password of its own each start, so another local user who can reach the port cannot read
  // or change the queues. It is in a config file in the owner's folder, not on the command line
  // (which every local user can read).
  const password = randomBytes(32).toString('base64url');
  const configFile = path.join(dir, 'redis.conf');
  rmSync(configFile, { force: true });
  writeFileSync(configFile, `requirepass ${password}\n`, { mode: 0o600 });
  const logFile = path.join(dir, 'redis.log');
  keepLogSmall(logFile);
  // Its own process group: a Ctrl+C in the terminal (SIGINT to the foreground group) reaches this
  // process alone, which stops redis-server itself once the work in flight is finished.
  const spawnServer = () =>
    spawn(
      'redis-server',
      [
        configFile,
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--dir', dir,
        '--appendonly', appendOnly ? 'yes' : 'no',
        '--save', '',
        '--maxmemory-policy', 'noeviction',
        '--protected-mode', 'yes',
        '--pidfile', path.join(dir, 'redis.pid'),
        '--logfile', logFile,
      ],
      { stdio: 'ignore', detached: true },
      // A start that fails (the binary gone since) emits `error`, then `close` without `exit`:
      // the watch below takes `close`, so it counts as a death too.
    ).on('error', () => {});
  let child = spawnServer();
  let stopping = false;
  // Should this process exit without stopping it (a second Ctrl+C, a fatal error), it goes too.
  const running = () => child.exitCode === null && child.signalCode === null;
  const stopOnExit = () => {
    if (running()) child.kill('SIGTERM');
  };
  process.on('exit', stopOnExit);
  const url = `redis://:${password}@127.0.0.1:${port}`;
  try {
    await waitForPing(url, child, logFile, options.startTimeoutMs ?? 10_000);
  } catch (error) {
    process.off('exit', stopOnExit);
    child.kill('SIGKILL');
    removeTemporary();
    throw error;
  }
  // Started: an exit nobody asked for is reported, and the server started again while that is rare.
  let recentRestarts: number[] = [];
  const watch = (watched: ChildProcess) =>
    watched.once('close', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      recentRestarts = recentRestarts.filter((at) => now - at < 60_000);
      const restarted = recentRestarts.length < maxRedisRestartsPerMinute;
      if (restarted) {
        recentRestarts.push(now);
        child = spawnServer();
        watch(child);
      }
      options.onUnexpectedExit?.({ pid: watched.pid, code, signal, restarted, logTail: logTail(logFile) });
    });
  watch(child);
  return {
    url,
    port,
    async stop() {
      stopping = true;
      process.off('exit', stopOnExit);
      if (running()) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      removeTemporary();
    },
  };
}
