/**
 * What the procedure makes public on a nomination, for the tracking pages:
 * - a posting for comment (công khai, lấy ý kiến) → `details.disclosures` of the nomination;
 * - a council's closed vote, counts and outcome only (bỏ phiếu kín: never a ballot, never who
 *   voted how) → `details.tallies`.
 * Both are keyed by the effect id, so a redelivered effect records nothing twice.
 */
import type { Clock, EffectContext } from '@vinh-danh/engine';
import type { PlannedEffect } from '@vinh-danh/domain';
import type { DisclosureRecord, Store, TallyRecord } from '@vinh-danh/store';

const DAY_MS = 86_400_000;

export interface NoticeDeps {
  store: Store;
  clock: Clock;
}

/** Records the posting; the comment period is `postingDays` days from now, as published. */
export async function publishDisclosure(deps: NoticeDeps, params: PlannedEffect<'publishDisclosure'>, context: EffectContext): Promise<void> {
  const postedAt = deps.clock.now();
  const disclosure: DisclosureRecord = {
    disclosureId: context.effectId,
    levelId: params.levelId,
    round: params.round,
    postingDays: params.postingDays,
    postedAt: new Date(postedAt).toISOString(),
    closesAt: new Date(postedAt + params.postingDays * DAY_MS).toISOString(),
  };
  if (!params.nominationId) {
    context.log.warn({ disclosure }, 'disclosure of an instance without a nomination: logged only');
    return;
  }
  const outcome = await deps.store.nominations.appendDisclosure(params.nominationId, disclosure);
  const log = { nominationId: params.nominationId, levelId: params.levelId, round: params.round, postingDays: params.postingDays, outcome };
  if (outcome === 'notFound') context.log.warn(log, 'disclosure for a nomination the store does not hold: logged only');
  else context.log.info(log, 'nomination posted for public comment');
}

/** Records the tally of a closed council vote: counts and outcome only. */
export async function recordTally(deps: NoticeDeps, params: PlannedEffect<'recordTally'>, context: EffectContext): Promise<void> {
  const tally: TallyRecord = {
    tallyId: context.effectId,
    levelId: params.levelId,
    round: params.round,
    yes: params.yes,
    no: params.no,
    abstain: params.abstain,
    eligible: params.eligible,
    ...(params.members !== undefined ? { members: params.members } : {}),
    quorumMet: params.quorumMet,
    outcome: params.outcome,
    recordedAt: new Date(deps.clock.now()).toISOString(),
  };
  if (!params.nominationId) {
    context.log.warn({ tally }, 'tally of an instance without a nomination: logged only');
    return;
  }
  const outcome = await deps.store.nominations.appendTally(params.nominationId, tally);
  const log = { nominationId: params.nominationId, ...tally, stored: outcome };
  if (outcome === 'notFound') context.log.warn(log, 'tally for a nomination the store does not hold: logged only');
  else context.log.info(log, 'council tally recorded');
}
