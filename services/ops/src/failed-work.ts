import type { FailedEffectSelection, FailedInboxEvent, FailedOutboxRow, Store } from '@vinh-danh/store';

/**
 * Work the workers gave up on: an event that could not apply within its attempts (or never
 * can, as one for a procedure version no worker has), an effect whose last attempt failed (a
 * mail the SMTP server refused, or an outage longer than its retries). The store keeps each
 * with its reason; `npm run store:failed` lists them and `npm run store:retry` puts them back to
 * pending, where the reconciler of any running worker re-drives them on its next pass.
 */
export interface FailedWorkReport {
  events: FailedInboxEvent[];
  effects: FailedOutboxRow[];
  /** Whether there are more of each than `limit`. */
  moreEvents: boolean;
  moreEffects: boolean;
}

export async function listFailedWork(store: Store, limit: number): Promise<FailedWorkReport> {
  const [events, effects] = await Promise.all([store.inbox.listFailed(limit + 1), store.outbox.listFailed(limit + 1)]);
  return { events: events.slice(0, limit), effects: effects.slice(0, limit), moreEvents: events.length > limit, moreEffects: effects.length > limit };
}

/** One reason on one line, whatever the error text held. */
const oneLine = (reason: string | null) => (reason ?? '(no reason kept)').replace(/\s+/g, ' ').trim();

export function formatFailedWork(report: FailedWorkReport, limit: number): string {
  const { events, effects } = report;
  if (events.length + effects.length === 0) return 'Nothing failed: no event or effect was given up on.\n';
  const lines: string[] = [];
  const more = (shown: number) => `  … and more: only the oldest ${shown} are shown (--limit N shows more)`;
  lines.push(`Failed events: ${events.length}${report.moreEvents ? '+' : ''}`);
  for (const event of events) {
    lines.push(`  ${event.createdAt.toISOString()}  instance ${event.instanceId}  event ${event.eventId} (${event.event.type})`);
    lines.push(`    ${oneLine(event.error)}`);
  }
  if (report.moreEvents) lines.push(more(limit));
  lines.push(`Failed effects: ${effects.length}${report.moreEffects ? '+' : ''}`);
  for (const effect of effects) {
    lines.push(`  ${effect.createdAt.toISOString()}  instance ${effect.instanceId}  effect ${effect.effectId} (${effect.type} on ${effect.queue})`);
    lines.push(`    ${oneLine(effect.error)}`);
  }
  if (report.moreEffects) lines.push(more(limit));
  lines.push('Once the cause is fixed: npm run store:retry -- --all | --instance ID [--instance ID …] | --effect ID [--effect ID …]');
  return `${lines.join('\n')}\n`;
}

/** What {@link retryFailedWork} put back, and which instance ids given matched nothing. */
export interface RetryOutcome {
  events: number;
  effects: number;
  /** Instance ids given that name no instance at all: typos an operator wants to hear about. */
  unknownInstanceIds: string[];
  /** Instance ids given that name an instance which held nothing failed (done already, or the wrong one). */
  idleInstanceIds: string[];
}

/**
 * Puts back what `selection` names (effect ids select effects only). Effects first, then events:
 * should it stop between the two, running it again puts back what is still failed. Instance ids
 * are put back one instance at a time, so the outcome can name each one that matched nothing.
 */
export async function retryFailedWork(store: Store, selection: FailedEffectSelection): Promise<RetryOutcome> {
  if (selection === 'all' || 'effectIds' in selection) {
    const effects = await store.outbox.retryFailed(selection);
    const events = selection !== 'all' ? 0 : await store.inbox.retryFailed(selection);
    return { events, effects, unknownInstanceIds: [], idleInstanceIds: [] };
  }
  const outcome: RetryOutcome = { events: 0, effects: 0, unknownInstanceIds: [], idleInstanceIds: [] };
  for (const instanceId of new Set(selection.instanceIds)) {
    const one = { instanceIds: [instanceId] };
    const effects = await store.outbox.retryFailed(one);
    const events = await store.inbox.retryFailed(one);
    outcome.effects += effects;
    outcome.events += events;
    if (effects + events > 0) continue;
    if ((await store.instances.get(instanceId)) === null) outcome.unknownInstanceIds.push(instanceId);
    else outcome.idleInstanceIds.push(instanceId);
  }
  return outcome;
}
