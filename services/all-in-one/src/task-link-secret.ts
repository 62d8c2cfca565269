import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Below this a secret is refused, as TASK_LINK_SECRET is (packages/config). */
const minimumLength = 32;

/**
 * The task-link secret of a data dir: read from `<dataDir>/task-link-secret`, or generated
 * (384 random bits) and written there with mode 0600 the first time. Persisting it keeps the
 * CSRF tokens of pages already open valid across restarts. Two processes starting at once agree: the
 * secret is written whole to a file of its own, then linked into place only if none is there yet,
 * so the loser reads the winner's, never a file still being written (where the file system has no
 * hard links, it is created exclusively in place instead, and a reader finding it short waits a
 * moment for the rest).
 */
export function loadOrCreateTaskLinkSecret(dataDir: string): string {
  const file = path.join(dataDir, 'task-link-secret');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) create(file);
  let secret = readFileSync(file, 'utf8').trim();
  // Created in place (no hard links) by a process starting at the same moment: it is being written.
  for (let wait = 0; secret.length < minimumLength && wait < 20; wait += 1) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    secret = readFileSync(file, 'utf8').trim();
  }
  if (secret.length < minimumLength) {
    throw new Error(`${file} holds a task-link secret shorter than ${minimumLength} characters; delete the file to generate a new one`);
  }
  return secret;
}

/** Errors of a file system that has no hard links. */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

function create(file: string): void {
  const secret = `${randomBytes(48).toString('base64url')}\n`;
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    writeFileSync(draft, secret, { flag: 'wx', mode: 0o600 });
    linkSync(draft, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return;
    if (!noHardLinks.has(code)) throw error;
    try {
      writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
    } catch (inPlace) {
      if ((inPlace as NodeJS.ErrnoException).code !== 'EEXIST') throw inPlace;
    }
  } finally {
    rmSync(draft, { force: true });
  }
}
