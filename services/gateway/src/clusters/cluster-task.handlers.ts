/**
 * The task pages of the cluster-evaluation procedure, behind the task routes (which checked the
 * link and the CSRF token). A post becomes the step's event with `by` = the task's assignee, under
 * an event id derived from the task — and, for cross-scoring, from the member scored — so a double
 * post applies once. A ballot's choice goes to the engine, which stores the event without it.
 */
import { ballotRoundOf } from '@vinh-danh/workflows';
import type { HistoryEntry, InstanceRecord, TaskRecord } from '@vinh-danh/store';
import type { Request, Response } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';
import type { FormFields } from '../http/form-body.ts';
import { langOf } from '../i18n/i18n.ts';
import { personal, type OpenTaskVisit, type ProcedureTaskPages } from '../tasks/procedure-task-pages.ts';
import { decisionEntries } from '../tasks/decision-effect.ts';
import { refusedLinkPage } from '../tasks/tasks.views.ts';
import { ct } from './cluster-messages.ts';
import { isClusterStep, readClusterSubmission, type ClusterFieldProblem, type ClusterTaskSubject } from './cluster-task-forms.ts';
import { ballotCountedPage, clusterNotCountedPage, clusterRecordedPage, clusterTaskPage } from './cluster-task.views.ts';
import { evaluationOf } from './cluster-evaluation.repository.ts';
import { yearPath } from './cluster-year.views.ts';

/** The task's step and member, from the instance's open tasks; null when the instance no longer holds it open. */
function subjectOf(instance: InstanceRecord, task: TaskRecord): ClusterTaskSubject | null {
  const record = evaluationOf(instance);
  if (!record || !isClusterStep(task.step)) return null;
  const taskKey = task.taskId.slice(task.instanceId.length + 1);
  const open = record.context.openTasks.find((candidate) => candidate.taskKey === taskKey);
  return open ? { step: task.step, memberId: open.memberId, kind: open.kind, context: record.context } : null;
}

/** The stage a member's submission counts in; the procedure records one arriving after it as late. */
const stageOfSubmission: Record<string, string> = { sign: 'signing', selfAssess: 'selfAssessment', crossScore: 'crossScoring' };

/**
 * Whether the event a history entry holds counted: it changed the procedure, and a member's
 * submission arrived while its stage was open (after it, the procedure records it as late, a
 * change of its own).
 */
function counted(entry: HistoryEntry): boolean {
  if (!entry.changed) return false;
  const stage = stageOfSubmission[entry.eventType];
  return stage === undefined || entry.fromState?.split('.')[0] === stage;
}

export function clusterTaskPages(deps: Pick<GatewayDeps, 'runtime' | 'csrf'>): ProcedureTaskPages {
  function render(res: Response, visit: OpenTaskVisit, subject: ClusterTaskSubject, form: FormFields | null, problems: ClusterFieldProblem[]) {
    personal(res)
      .type('html')
      .send(clusterTaskPage({ lang: langOf(res), token: visit.token, task: visit.task, subject, csrfToken: deps.csrf.forTask(visit.tokenHash), form, problems }));
  }

  /** The store still has the task open but the procedure has moved past it (a commit in flight): nothing to act on. */
  function gone(res: Response) {
    personal(res).status(410).type('html').send(refusedLinkPage(langOf(res), 'used'));
  }

  return {
    async show(_req: Request, res: Response, visit: OpenTaskVisit) {
      const subject = subjectOf(visit.instance, visit.task);
      if (!subject) return gone(res);
      render(res, visit, subject, null, []);
    },

    async act(_req: Request, res: Response, visit: OpenTaskVisit, form: FormFields) {
      const subject = subjectOf(visit.instance, visit.task);
      if (!subject) return gone(res);
      const read = readClusterSubmission(subject, form);
      if (!read.ok) {
        res.status(read.status);
        return render(res, visit, subject, form, read.problems);
      }
      const { task } = visit;
      // A ballot counts in the round its task was for, whenever the event is applied.
      const round = ballotRoundOf(task.taskId.slice(task.instanceId.length + 1));
      const outcomes: Array<'accepted' | 'duplicate'> = [];
      const eventIds = read.submissions.map((submission) => (submission.key ? `decision-${task.taskId}-${submission.key}` : `decision-${task.taskId}`));
      // In order, one event per sheet: each its own id, so a repeated post adds nothing.
      for (const [index, submission] of read.submissions.entries()) {
        outcomes.push(
          await deps.runtime.engine.dispatch({
            instanceId: task.instanceId,
            eventId: eventIds[index]!,
            event: { ...submission.event, by: task.assignee, ...(submission.event.type === 'vote' && round !== undefined ? { round } : {}) },
            meta: { actor: task.assignee, source: 'task-link', via: task.taskId },
          }),
        );
      }
      // Said only once it is known: a stage or round that closed in the instant before takes
      // nothing (a ballot, a chair's step: the event changes nothing) or holds it as late.
      const entries = await decisionEntries(deps.runtime.store.history, task.instanceId, eventIds, { res });
      const notCounted = entries.filter((entry) => entry !== null && !counted(entry)).length;
      if (notCounted === read.submissions.length) {
        personal(res).status(409).type('html').send(clusterNotCountedPage(langOf(res), subject));
        return;
      }
      // New this post and counted (or not yet known: queued, as good as recorded).
      const accepted = outcomes.filter((outcome, index) => outcome === 'accepted' && (entries[index] === null || counted(entries[index]!))).length;
      personal(res)
        .type('html')
        .send(clusterRecordedPage({ lang: langOf(res), subject, accepted, notCounted, duplicate: accepted === 0 && notCounted === 0, taskPath: `/tasks/${visit.token}` }));
    },

    /** A voter's ballot link once the ballot is in: counted, and nothing else (not even for the voter). */
    async afterUse(_req: Request, res: Response, task: TaskRecord, instance: InstanceRecord) {
      const record = evaluationOf(instance);
      if (!record || task.step !== 'voting' || task.status !== 'done' || task.outcome !== 'vote') return false;
      const lang = langOf(res);
      personal(res)
        .type('html')
        .send(ballotCountedPage(lang, { href: yearPath(record.context), text: ct(lang, 'task.yearLink', { year: record.context.year }) }));
      return true;
    },
  };
}
