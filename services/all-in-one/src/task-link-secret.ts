import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Below this a secret is refused, as TASK_LINK_SECRET is (packages/config). */
const minimumLength = 32;

/**
 * The task-link secret of a data dir: read from `<dataDir>/task-link-secret`, or generated
 * (384 random bits) and written there with mode 0600 the first time. Persisting it keeps the
 * CSRF tokens of pages already open valid across restarts. Two processes starting at once agree: the
 * file is created exclusively and the loser reads the winner's.
 */
export function loadOrCreateTaskLinkSecret(dataDir: string): string {
  const file = path.join(dataDir, 'task-link-secret');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < minimumLength) {
    throw new Error(`${file} holds a task-link secret shorter than ${minimumLength} characters; delete the file to generate a new one`);
  }
  return secret;
}
