import { createHash, createHmac, randomBytes } from 'node:crypto';

export interface TaskLinksOptions {
  /**
   * Server secret (≥ 32 characters): the key the gateway's CSRF tokens are signed with. Links
   * need none: a worker makes them without it.
   */
  secret?: string | undefined;
  /** Public base URL of the gateway, without a trailing slash. */
  publicUrl: string;
}

/** A new task link: the token goes into one mail and nowhere else; the store keeps only its hash. */
export interface NewTaskLink {
  token: string;
  tokenHash: string;
  url: string;
}

export interface TaskLinks {
  /**
   * A new link token: 256 random bits, base64url (43 characters). Each mail that carries a task's
   * link gets a token of its own; the store binds the token's hash to the task (and so to its
   * approver), and the link works while the task is open and not past its deadline.
   */
  newLink(): NewTaskLink;
  /** SHA-256 hex of a token: what the store keeps and looks tasks up by. */
  hashToken(token: string): string;
  /** The page a token opens. */
  urlOf(token: string): string;
  /** Whether a string has the shape of a token (43 base64url characters), before any lookup. */
  isWellFormed(token: string): boolean;
  /** A key derived from the server secret for one purpose (e.g. signing CSRF tokens); throws without a secret. */
  keyFor(purpose: string): Buffer;
}

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function createTaskLinks(options: TaskLinksOptions): TaskLinks {
  const { secret } = options;
  if (secret !== undefined && secret.length < 32) throw new Error('task link secret must be at least 32 characters');
  const base = options.publicUrl.replace(/\/+$/, '');
  const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
  const urlOf = (token: string) => `${base}/tasks/${token}`;
  return {
    newLink() {
      const token = randomBytes(32).toString('base64url');
      return { token, tokenHash: hashToken(token), url: urlOf(token) };
    },
    hashToken,
    urlOf,
    isWellFormed: (token) => tokenPattern.test(token),
    keyFor(purpose) {
      if (secret === undefined) throw new Error('no server secret (TASK_LINK_SECRET) to derive a key from');
      return createHmac('sha256', secret).update(`vinh-danh:${purpose}`).digest();
    },
  };
}
