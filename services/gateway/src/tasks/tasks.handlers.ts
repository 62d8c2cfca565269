import type { Request, Response } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';
import { isCleanText } from '../http/body-safety.ts';
import { formOf } from '../http/form-body.ts';
import { forbidden, notFound, type FieldProblem } from '../http/http-errors.ts';
import { both, langOf } from '../i18n/i18n.ts';
import { loadProgress } from '../nominations/nomination-progress.ts';
import { recordRefusal, resolveTaskLink, type TaskAccess } from './task-access.ts';
import { commentLimit, decisionRecordedPage, decisionsFor, refusedLinkPage, taskPage } from './tasks.views.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Task pages are personal: never cached, never indexed. */
function personal(res: Response): Response {
  return res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
}

function refuse(res: Response, access: Extract<TaskAccess, { ok: false }>): void {
  personal(res)
    .status(access.reason === 'forged' ? 404 : 410)
    .type('html')
    .send(refusedLinkPage(langOf(res), access.reason));
}

/** Checks a posted decision; a request for changes must say what to change. */
function readDecision(task: Parameters<typeof decisionsFor>[0], decision: string, rawComment: string) {
  const problems: FieldProblem[] = [];
  const comment = rawComment.normalize('NFC').trim();
  const allowed = decisionsFor(task) as readonly string[];
  if (!allowed.includes(decision)) problems.push({ field: 'decision', message: both('error.decisionRequired') });
  if (comment.length > commentLimit) problems.push({ field: 'comment', message: both('error.tooLong', { max: commentLimit }) });
  else if (!isCleanText(comment)) problems.push({ field: 'comment', message: both('error.badCharacters') });
  else if (decision === 'requestChanges' && !comment) problems.push({ field: 'comment', message: both('error.commentRequired') });
  return { decision, comment, problems };
}

export function taskHandlers(deps: GatewayDeps) {
  async function renderTask(req: Request, res: Response, access: Extract<TaskAccess, { ok: true }>, values = { decision: '', comment: '' }, problems: FieldProblem[] = []) {
    const nomination = access.task.nominationId ? await deps.runtime.store.nominations.get(access.task.nominationId) : null;
    if (!nomination) throw notFound();
    const progress = await loadProgress(deps.runtime.store, nomination);
    personal(res)
      .type('html')
      .send(
        taskPage({
          lang: langOf(res),
          token: String(req.params.token),
          task: access.task,
          progress,
          csrfToken: deps.csrf.forTask(access.tokenHash),
          values,
          problems,
        }),
      );
  }

  return {
    /** `GET /tasks/:token`: shows; never acts, however often it is fetched (mail scanners do). */
    async view(req: Request, res: Response) {
      const access = await resolveTaskLink(deps, String(req.params.token));
      if (!access.ok) {
        await recordRefusal(deps, req.log, access, 'view');
        return refuse(res, access);
      }
      await renderTask(req, res, access);
    },

    /** `POST /tasks/:token`: with a valid CSRF token, dispatches the decision once per task. */
    async act(req: Request, res: Response) {
      const access = await resolveTaskLink(deps, String(req.params.token));
      if (!access.ok) {
        await recordRefusal(deps, req.log, access, 'act');
        return refuse(res, access);
      }
      const form = formOf(req);
      if (!deps.csrf.verifyTask(access.tokenHash, form.fields.get('_csrf'))) throw forbidden('csrf_invalid', both('csrf.message'));
      const { task } = access;
      const { decision, comment, problems } = readDecision(task, form.fields.get('decision') ?? '', form.fields.get('comment') ?? '');
      if (problems.length) {
        res.status(400);
        return renderTask(req, res, access, { decision, comment: form.fields.get('comment') ?? '' }, problems);
      }
      const outcome = await deps.runtime.engine.dispatch({
        instanceId: task.instanceId,
        // One decision per task: a double submit, or a second decision, is the same event and applies once.
        eventId: `decision-${task.taskId}`,
        event: { type: decision, by: task.assignee, ...(comment ? { comment } : {}) },
        meta: { actor: task.assignee, source: 'task-link', via: task.taskId },
      });
      const nomination = task.nominationId ? await deps.runtime.store.nominations.get(task.nominationId) : null;
      personal(res)
        .type('html')
        .send(decisionRecordedPage({ lang: langOf(res), decision, duplicate: outcome === 'duplicate', trackingCode: nomination?.trackingCode ?? null }));
    },

    /** `GET /tasks/:token/attachments/:attachmentId`: a file of this task's nomination, while the link is usable. */
    async download(req: Request, res: Response) {
      const access = await resolveTaskLink(deps, String(req.params.token));
      if (!access.ok) return refuse(res, access);
      const attachmentId = String(req.params.attachmentId);
      const attachment = uuidPattern.test(attachmentId) ? await deps.runtime.store.attachments.get(attachmentId) : null;
      if (!attachment || attachment.nominationId !== access.task.nominationId) throw notFound();
      personal(res).set({
        'Content-Type': attachment.contentType,
        'Content-Length': String(attachment.content.length),
        'Content-Disposition': `attachment; filename="${attachment.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        // Served as a download only: even opened directly it runs nothing.
        'Content-Security-Policy': "default-src 'none'; sandbox",
      });
      res.end(Buffer.from(attachment.content));
    },
  };
}
