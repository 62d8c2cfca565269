import { createHash } from 'node:crypto';
import { findAwardType, type AwardType, type ResolvedLevel } from '@vinh-danh/domain';
import type { Store, UnitRecord } from '@vinh-danh/store';
import { procedureViewOf } from '../nominations/procedure-view.ts';

/** Limits of an objection's fields, in characters after trimming. */
export const objectionLimits = { name: 200, email: 254, objection: 2000 } as const;

/** A nomination posted for public comment (công khai), as the public sees it: no contact, no identifier, no tracking code. */
export interface PostedNomination {
  /** Names the posting in URLs without revealing the nomination's id or tracking code. */
  disclosureId: string;
  nominationId: string;
  instanceId: string;
  nomineeName: string;
  position: string | null;
  achievementSummary: string | null;
  awardTypeId: string;
  award: AwardType | undefined;
  period: string;
  unitId: string;
  unit: UnitRecord | null;
  level: ResolvedLevel;
  postedUntil: Date;
}

/**
 * The public key of a posting: a hash of the nomination id. The tracking code and the id open
 * pages and API answers with the contact and the nominee's identifier, so neither is published.
 */
export const disclosureIdOf = (nominationId: string) => createHash('sha256').update(`disclosure:${nominationId}`).digest('base64url').slice(0, 22);

/** In-review nominations looked at; a province posts a few dozen at a time. */
const scanLimit = 1000;

/**
 * Nominations whose procedure is in `disclosure.posted`, soonest closing first. Reads the
 * in-review nominations and their instances: enough for a province's postings; a posting
 * table (the decisions worker's `publishDisclosure`) can replace the scan without changing pages.
 */
export async function listPosted(store: Store): Promise<PostedNomination[]> {
  const candidates = (await store.nominations.search({ status: 'in_review', limit: scanLimit })).filter((nomination) => nomination.instanceId);
  const posted: PostedNomination[] = [];
  for (const nomination of candidates) {
    const instance = await store.instances.get(nomination.instanceId!);
    if (instance?.stateValue !== 'disclosure.posted') continue;
    const view = procedureViewOf(instance, await store.history.list(instance.instanceId));
    if (!view?.currentLevel || !view.postedUntil) continue;
    const nominee = nomination.nominee as { name?: string; position?: string };
    const details = nomination.details as { achievementSummary?: string };
    posted.push({
      disclosureId: disclosureIdOf(nomination.nominationId),
      nominationId: nomination.nominationId,
      instanceId: instance.instanceId,
      nomineeName: String(nominee.name ?? ''),
      position: nominee.position ?? null,
      achievementSummary: details.achievementSummary ?? null,
      awardTypeId: nomination.awardTypeId,
      award: findAwardType(nomination.awardTypeId),
      period: nomination.period,
      unitId: nomination.unitId,
      unit: await store.units.get(nomination.unitId),
      level: view.currentLevel,
      postedUntil: view.postedUntil,
    });
  }
  return posted.sort((a, b) => a.postedUntil.getTime() - b.postedUntil.getTime());
}

/** The posting with that public key, while it is posted. */
export async function findPosted(store: Store, disclosureId: string): Promise<PostedNomination | undefined> {
  return (await listPosted(store)).find((entry) => entry.disclosureId === disclosureId);
}
