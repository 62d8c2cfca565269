import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { TaskLinks } from '@vinh-danh/task-links';
import { cookieValue } from '../i18n/i18n.ts';

/**
 * CSRF tokens without a server session. A task page's token is an HMAC of the link token's
 * hash, so only a page served for that link can carry it. The public form uses a signed
 * double-submit cookie: a random nonce in an HttpOnly cookie, its HMAC in the form.
 */
export interface Csrf {
  forTask(tokenHash: string): string;
  verifyTask(tokenHash: string, given: string | undefined): boolean;
  /** The form token for this browser, setting its nonce cookie when it has none. */
  forForm(req: Request, res: Response): string;
  verifyForm(req: Request, given: string | undefined): boolean;
}

const nonceCookie = 'vd_csrf';
const noncePattern = /^[A-Za-z0-9_-]{43}$/;

function equal(expected: string, given: string | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createCsrf(taskLinks: TaskLinks, options: { secureCookies: boolean }): Csrf {
  // A key of its own, derived from the server secret for this purpose alone.
  const key = taskLinks.keyFor('gateway-csrf-key:v1');
  const sign = (purpose: string, value: string) => createHmac('sha256', key).update(`${purpose}:${value}`).digest('base64url');
  const nonceOf = (req: Request) => {
    const nonce = cookieValue(req.headers.cookie, nonceCookie);
    return nonce && noncePattern.test(nonce) ? nonce : undefined;
  };
  return {
    forTask: (tokenHash) => sign('task', tokenHash),
    verifyTask: (tokenHash, given) => equal(sign('task', tokenHash), given),
    forForm(req, res) {
      let nonce = nonceOf(req) ?? (res.locals.csrfNonce as string | undefined);
      if (!nonce) {
        nonce = randomBytes(32).toString('base64url');
        res.locals.csrfNonce = nonce;
        res.cookie(nonceCookie, nonce, { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/' });
      }
      return sign('form', nonce);
    },
    verifyForm(req, given) {
      const nonce = nonceOf(req);
      return nonce !== undefined && equal(sign('form', nonce), given);
    },
  };
}
