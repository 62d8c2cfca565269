import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface TaskLinksOptions {
  /** Server secret the tokens are derived with (≥ 32 characters). */
  secret: string;
  /** Public base URL of the gateway, without a trailing slash. */
  publicUrl: string;
}

export interface TaskLinks {
  /**
   * The link token of a task: 256 bits (HMAC-SHA256 of the task id under the server secret),
   * base64url. Unguessable without the secret, and the same every time it is derived, so a
   * retried mail carries the same link. It is never stored; only its hash is.
   */
  tokenFor(taskId: string): string;
  /** SHA-256 hex of a token: what the store keeps and looks tasks up by. */
  hashToken(token: string): string;
  /** The e-mailed URL of a task's page. */
  urlFor(taskId: string): string;
  /** Whether a string has the shape of a token (43 base64url characters), before any lookup. */
  isWellFormed(token: string): boolean;
  /** Constant-time check that `token` belongs to `taskId`. */
  verify(taskId: string, token: string): boolean;
}

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function createTaskLinks(options: TaskLinksOptions): TaskLinks {
  if (options.secret.length < 32) throw new Error('task link secret must be at least 32 characters');
  const base = options.publicUrl.replace(/\/+$/, '');
  const tokenFor = (taskId: string) => createHmac('sha256', options.secret).update(`task-link:v1:${taskId}`).digest('base64url');
  return {
    tokenFor,
    hashToken: (token) => createHash('sha256').update(token).digest('hex'),
    urlFor: (taskId) => `${base}/tasks/${tokenFor(taskId)}`,
    isWellFormed: (token) => tokenPattern.test(token),
    verify(taskId, token) {
      const expected = Buffer.from(tokenFor(taskId));
      const given = Buffer.from(token);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
