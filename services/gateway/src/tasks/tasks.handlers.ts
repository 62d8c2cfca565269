import type { TaskRecord, WorkflowEvent } from '@vinh-danh/store';
import { clusterEvaluationDefinition } from '@vinh-danh/workflows';
import type { NextFunction, Request, Response } from 'express';
import { clusterTaskPages } from '../clusters/cluster-task.handlers.ts';
import type { GatewayDeps } from '../gateway-deps.ts';
import { formOf } from '../http/form-body.ts';
import { forbidden, notFound, type FieldProblem } from '../http/http-errors.ts';
import { both, langOf } from '../i18n/i18n.ts';
import { loadProgress, type NominationProgress } from '../nominations/nomination-progress.ts';
import { filedObjectionText, isObjectionConfirmation, tallyForBallot, taskKindOf } from '../nominations/procedure-view.ts';
import { decisionEffect } from './decision-effect.ts';
import { personal, type ProcedureTaskPages } from './procedure-task-pages.ts';
import { recordRefusal, resolveTaskLink, type TaskAccess } from './task-access.ts';
import { eventFor, readDecision, type PageKind } from './task-actions.ts';
import { ballotRecordedPage, decisionNotCountedPage, decisionRecordedPage, objectionClosedPage, objectionConfirmedPage, objectionConfirmationPage, refusedLinkPage, taskPage } from './tasks.views.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where `admit` leaves the task a posted link opens, for `act`. */
const admittedTask = 'admittedTask';

function refuse(res: Response, access: Extract<TaskAccess, { ok: false }>): void {
  personal(res)
    .status(access.reason === 'forged' ? 404 : 410)
    .type('html')
    .send(refusedLinkPage(langOf(res), access.reason));
}

/** What the page of a task offers: by the commendation level it belongs to, or the legacy procedure's step. */
function pageKindOf(progress: NominationProgress, task: TaskRecord): PageKind | undefined {
  if (!progress.procedure) return task.step === 'resubmit' ? 'resubmit' : 'legacyReview';
  return taskKindOf(progress.procedure, task);
}

export function taskHandlers(deps: GatewayDeps) {
  /** Procedures with task pages of their own, by definition id; the commendation pages (below) serve the others. */
  const procedurePages: Record<string, ProcedureTaskPages> = { [clusterEvaluationDefinition.id]: clusterTaskPages(deps) };

  async function procedureOf(task: TaskRecord) {
    const instance = await deps.runtime.store.instances.get(task.instanceId);
    const pages = instance ? procedurePages[instance.definitionId] : undefined;
    return pages && instance ? { pages, instance } : undefined;
  }

  async function progressOf(task: TaskRecord) {
    const nomination = task.nominationId ? await deps.runtime.store.nominations.get(task.nominationId) : null;
    if (!nomination) throw notFound();
    const progress = await loadProgress(deps.runtime.store, nomination);
    const kind = pageKindOf(progress, task);
    if (!kind) throw notFound();
    return { progress, kind };
  }

  async function renderTask(req: Request, res: Response, access: Extract<TaskAccess, { ok: true }>, values = { decision: '', comment: '' }, problems: FieldProblem[] = []) {
    const { progress, kind } = await progressOf(access.task);
    if (kind === 'objection') {
      const page = objectionConfirmationPage({ lang: langOf(res), token: String(req.params.token), task: access.task, progress, csrfToken: deps.csrf.forTask(access.tokenHash) });
      personal(res).type('html').send(page);
      return;
    }
    personal(res)
      .type('html')
      .send(
        taskPage({
          lang: langOf(res),
          token: String(req.params.token),
          task: access.task,
          kind,
          progress,
          csrfToken: deps.csrf.forTask(access.tokenHash),
          values,
          problems,
        }),
      );
  }

  /**
   * A member's own ballot link after they voted or stood aside: the ballot is recorded, and the
   * tally shows once the vote has closed. Never another member's ballot: only counts exist.
   */
  async function ballotAfterUse(res: Response, task: TaskRecord): Promise<boolean> {
    if (task.status !== 'done' || (task.outcome !== 'vote' && task.outcome !== 'recuse')) return false;
    const { progress, kind } = await progressOf(task);
    if (kind !== 'ballot' || !progress.procedure) return false;
    const tally = tallyForBallot(progress.procedure, progress.tasks, task);
    personal(res)
      .type('html')
      .send(ballotRecordedPage({ lang: langOf(res), recused: task.outcome === 'recuse', tally, trackingCode: progress.nomination.trackingCode }));
    return true;
  }

  /**
   * An objection's link once its task is done: confirmed, or closed because another objection
   * sent the dossier back to review first (its writer is told it no longer counts, not that the
   * link was used).
   */
  function objectionAfterUse(res: Response, task: TaskRecord): boolean {
    if (task.status !== 'done' || !isObjectionConfirmation(task)) return false;
    const page = task.outcome === 'confirmObjection' ? objectionConfirmedPage(langOf(res), true) : objectionClosedPage(langOf(res));
    personal(res).type('html').send(page);
    return true;
  }

  /** A used link's own page, where its procedure shows one (a counted ballot, an objection). */
  async function afterUse(req: Request, res: Response, task: TaskRecord): Promise<boolean> {
    if (objectionAfterUse(res, task)) return true;
    const procedure = await procedureOf(task);
    if (!procedure) return ballotAfterUse(res, task);
    return (await procedure.pages.afterUse?.(req, res, task, procedure.instance)) ?? false;
  }

  /** Whether the task's one decision changed the procedure once applied (see decisionEffect). */
  function decisionChanged(res: Response, task: TaskRecord): Promise<boolean | undefined> {
    return decisionEffect(deps.runtime.store.history, task.instanceId, `decision-${task.taskId}`, { res });
  }

  /** The task's one event, as its assignee: a double submit, or a second decision, is the same event and applies once. */
  function dispatchAsAssignee(task: TaskRecord, event: WorkflowEvent) {
    return deps.runtime.engine.dispatch({
      instanceId: task.instanceId,
      eventId: `decision-${task.taskId}`,
      event,
      meta: { actor: task.assignee, source: 'task-link', via: task.taskId },
    });
  }

  /**
   * `POST` of an objection's confirmation page: confirms it as its writer, once per task, with
   * the text the history holds for it (the procedure keeps only who waits).
   */
  async function confirmObjection(res: Response, task: TaskRecord, progress: NominationProgress): Promise<void> {
    const objection = filedObjectionText(progress.history, task);
    if (!objection) throw notFound();
    const outcome = await dispatchAsAssignee(task, { type: 'confirmObjection', by: task.assignee, objection });
    // Its window ran out, or another objection sent the dossier back, in the instant before.
    if ((await decisionChanged(res, task)) === false) {
      personal(res).status(409).type('html').send(objectionClosedPage(langOf(res), 'notCounted'));
      return;
    }
    personal(res).type('html').send(objectionConfirmedPage(langOf(res), outcome === 'duplicate'));
  }

  return {
    /** `GET /tasks/:token`: shows; never acts, however often it is fetched (mail scanners do). */
    async view(req: Request, res: Response) {
      const access = await resolveTaskLink(deps, String(req.params.token));
      if (!access.ok) {
        if ((access.reason === 'used' || access.reason === 'closed') && access.task && (await afterUse(req, res, access.task))) return;
        await recordRefusal(deps, req.log, access, 'view');
        return refuse(res, access);
      }
      const procedure = await procedureOf(access.task);
      if (procedure) return procedure.pages.show(req, res, { token: String(req.params.token), task: access.task, tokenHash: access.tokenHash, instance: procedure.instance });
      await renderTask(req, res, access);
    },

    /**
     * Before a task's form is read: a link that opens no open task is refused here, so a post to
     * it costs no reading or parsing of what it carries. `act` takes the task found.
     */
    async admit(req: Request, res: Response, next: NextFunction) {
      const access = await resolveTaskLink(deps, String(req.params.token));
      if (!access.ok) {
        await recordRefusal(deps, req.log, access, 'act');
        return refuse(res, access);
      }
      res.locals[admittedTask] = access;
      next();
    },

    /** `POST /tasks/:token`, after `admit`: with a valid CSRF token, dispatches the task's event once per task, as its assignee. */
    async act(req: Request, res: Response) {
      const access = res.locals[admittedTask] as Extract<TaskAccess, { ok: true }> | undefined;
      if (!access) throw new Error('POST /tasks/:token is routed through admit, which finds its task before its form is read');
      const form = formOf(req);
      if (!deps.csrf.verifyTask(access.tokenHash, form.fields.get('_csrf'))) throw forbidden('csrf_invalid', both('csrf.message'));
      const { task } = access;
      const procedure = await procedureOf(task);
      if (procedure) return procedure.pages.act(req, res, { token: String(req.params.token), task, tokenHash: access.tokenHash, instance: procedure.instance }, form.fields);
      const { progress, kind } = await progressOf(task);
      if (kind === 'objection') return confirmObjection(res, task, progress);
      const { decision, comment, problems } = readDecision(kind, form.fields.get('decision') ?? '', form.fields.get('comment') ?? '');
      if (problems.length) {
        res.status(400);
        return renderTask(req, res, access, { decision, comment: form.fields.get('comment') ?? '' }, problems);
      }
      const outcome = await dispatchAsAssignee(task, eventFor(kind, decision, comment, task.assignee));
      // Said only once it is known: a decision the procedure no longer takes is not "recorded".
      if ((await decisionChanged(res, task)) === false) {
        return personal(res).status(409).type('html').send(decisionNotCountedPage(langOf(res), progress.nomination.trackingCode));
      }
      personal(res)
        .type('html')
        .send(
          decisionRecordedPage({
            lang: langOf(res),
            kind,
            decision,
            duplicate: outcome === 'duplicate',
            trackingCode: progress.nomination.trackingCode,
            taskPath: `/tasks/${String(req.params.token)}`,
          }),
        );
    },

    /** `GET /tasks/:token/attachments/:attachmentId`: a file of this task's nomination, while the link is usable. */
    async download(req: Request, res: Response) {
      const access = await resolveTaskLink(deps, String(req.params.token));
      if (!access.ok) {
        await recordRefusal(deps, req.log, access, 'download');
        return refuse(res, access);
      }
      // The writer of an objection sees what was posted, never the dossier's files.
      if (isObjectionConfirmation(access.task)) throw notFound();
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
