import { Router, type Request, type Response } from 'express';
import { inboxPage, messagePage } from './dev-mail.pages.ts';
import type { MailCapture } from './mail-capture.ts';

/**
 * The development inbox over a {@link MailCapture}, to mount at `/dev/mail` in development only:
 * - `GET /`: the inbox, newest first; the messages as JSON with `?format=json` or to a client
 *   that asks for JSON before HTML (`Accept: application/json`);
 * - `GET /messages.json`: the messages as JSON, newest first: `{ seq, to, from, subject, date, receivedAt, messageId, text, html }`;
 * - `GET /messages/:seq`: one message, its HTML body in a sandboxed iframe.
 */
export function createDevMailRouter(capture: Pick<MailCapture, 'messages'>): Router {
  const router = Router();
  const newestFirst = () => capture.messages().reverse();
  // Mounted under any path: links are built from where the request came in.
  const baseOf = (req: Request) => req.baseUrl.replace(/\/+$/, '');
  const sendJson = (res: Response) => res.set('Cache-Control', 'no-store').json(newestFirst());

  router.get('/', (req, res) => {
    res.vary('Accept');
    if (req.query.format === 'json' || req.accepts(['html', 'json']) === 'json') return void sendJson(res);
    res.set('Cache-Control', 'no-store').type('html').send(inboxPage(capture.messages(), baseOf(req)));
  });
  router.get('/messages.json', (_req, res) => void sendJson(res));
  router.get('/messages/:seq', (req, res) => {
    const seq = Number(req.params.seq);
    const mail = capture.messages().find((message) => message.seq === seq);
    if (!mail) return void res.status(404).type('text').send('Không có thư này. / No such message.');
    res.set('Cache-Control', 'no-store').type('html').send(messagePage(mail, baseOf(req)));
  });
  return router;
}
