import { findAwardType } from '@vinh-danh/domain';
import { taskIdFor, type MailRenderer } from '@vinh-danh/engine';
import type { NominationRecord, Store } from '@vinh-danh/store';
import type { TaskLinks } from '@vinh-danh/task-links';
import { renderMailContent, type Bilingual } from './mail-content.ts';
import { mailContentFor, type NominationSummary } from './mail-templates.ts';

export interface CreateMailRendererOptions {
  /** Makes the personal task links; without it, mails carry no link (the worker has no secret). */
  taskLinks?: TaskLinks | undefined;
  /** Public base URL of the gateway, for tracking links; a trailing slash is ignored. */
  publicUrl: string;
  /** Nominations (nominee, award, tracking code) and tasks (deadline) are read; each mailed task link is bound to its task. */
  store: { nominations: Pick<Store['nominations'], 'get'>; tasks: Pick<Store['tasks'], 'get' | 'addLink'> };
  /** Display name of an award type; default the catalogue of @vinh-danh/domain (the id when it has none). */
  awardTypeName?: (awardTypeId: string) => Bilingual | null | undefined;
}

// Field names the nomination form may use for who is nominated (a person or a collective).
const nomineeNameFields = ['fullName', 'name', 'displayName', 'unitName', 'collectiveName'] as const;

function nomineeNameOf(nominee: Record<string, unknown>): string | null {
  for (const field of nomineeNameFields) {
    const value = nominee[field];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

function catalogueName(awardTypeId: string): Bilingual | null {
  const awardType = findAwardType(awardTypeId);
  return awardType ? { vi: awardType.nameVi, en: awardType.nameEn } : null;
}

const asDate = (value: unknown): Date | null => {
  if (value instanceof Date) return value;
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/**
 * The templates of `mail-templates.ts` as the engine's {@link MailRenderer}: looks up the
 * nomination and the task's deadline in the store, builds the task and tracking links, and
 * renders a bilingual subject, text and HTML body.
 *
 * A mail that names a task carries a link of its own: a new random token, whose hash is bound
 * to the task before the mail is rendered (the token is in the mail alone). A retried mail gets
 * another link; one that went out before keeps working. A missing nomination or task is not an
 * error; the mail says less.
 *
 * A mail that names a task which has closed is moot (null: not sent). Each such mail is its
 * recipient's call to act on that task (a task, a reminder, an escalation, a request for
 * changes), and its link would open a closed task: this is a mail retried after an outage, or
 * put back by `store:retry`, after the task was done or expired.
 */
export function createMailRenderer(options: CreateMailRendererOptions): MailRenderer {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const awardTypeName = options.awardTypeName ?? catalogueName;
  const summarise = (nomination: NominationRecord): NominationSummary => ({
    trackingCode: nomination.trackingCode,
    nomineeName: nomineeNameOf(nomination.nominee),
    awardType: awardTypeName(nomination.awardTypeId) ?? { vi: nomination.awardTypeId, en: nomination.awardTypeId },
    period: nomination.period || null,
  });

  return async (params, context) => {
    const taskId = params.taskKey ? taskIdFor(context.instanceId, params.taskKey) : null;
    const nomination = params.nominationId ? await options.store.nominations.get(params.nominationId) : null;
    // A task opened by an earlier version's createTask effect may not be stored yet, so its
    // deadline is "when known"; a task the commit opened is always there.
    let deadline = asDate(params.dueAt) ?? asDate(params.data?.dueAt);
    let taskUrl: string | null = null;
    if (taskId) {
      // Binding the link says whether the task is still open; without links, reading it does.
      const task = !deadline || !options.taskLinks ? await options.store.tasks.get(taskId) : null;
      if (task && task.status !== 'open') return null;
      deadline ??= task?.dueAt ?? null;
      if (options.taskLinks) {
        const link = options.taskLinks.newLink();
        if (!(await options.store.tasks.addLink(taskId, link.tokenHash))) return null;
        taskUrl = link.url;
      }
    }
    const content = mailContentFor({
      template: params.template,
      taskUrl,
      trackingUrl: nomination ? `${publicUrl}/track/${encodeURIComponent(nomination.trackingCode)}` : null,
      nomination: nomination ? summarise(nomination) : null,
      deadline,
      data: params.data ?? {},
    });
    return renderMailContent(content);
  };
}
