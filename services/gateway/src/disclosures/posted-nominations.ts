import { createHash } from 'node:crypto';
import { findAwardType, type AwardType, type ResolvedLevel } from '@vinh-danh/domain';
import type { Logger } from '@vinh-danh/log';
import type { InstanceRecord, Store, UnitRecord } from '@vinh-danh/store';
import { objectionsOutlastPosting } from '@vinh-danh/workflows';
import { postedState, procedureViewOf } from '../nominations/procedure-view.ts';

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
  /** How many objections wait for confirmation: for the objection form's limit, never shown. */
  waitingObjections: number;
  /** Whether the posting, once ended, waits for the objections filed in time (the procedure's version 2 on). */
  objectionsOutlastPosting: boolean;
}

/**
 * The public key of a posting: a hash of the nomination id. The tracking code and the id open
 * pages and API answers with the contact and the nominee's identifier, so neither is published.
 */
export const disclosureIdOf = (nominationId: string) => createHash('sha256').update(`disclosure:${nominationId}`).digest('base64url').slice(0, 22);

/**
 * Postings `/disclosures` lists at most: far more than a province posts at once (a few dozen at
 * a time). Past it the page lists this many and a warning in the log says the list was cut.
 */
export const postedListLimit = 5000;

/** Instances read per page by {@link findPosted}, which looks through every posting. */
const findPageSize = 1000;

/** Postings whose nomination, entry into the posting and unit are read at once. */
const readBatch = 25;

export interface ListPostedOptions {
  /** Where a listing cut at its limit is reported. */
  log: Pick<Logger, 'warn'>;
  /** Postings listed at most; default {@link postedListLimit}. */
  limit?: number;
}

/**
 * Nominations whose procedure is in `disclosure.posted`, soonest closing first: the instances in
 * that state (an indexed read, whatever the number of nominations in review), then each one's
 * nomination, entry into the posting and unit. None is left off silently: past the limit, the log says so.
 */
export async function listPosted(store: Store, options: ListPostedOptions): Promise<PostedNomination[]> {
  const limit = options.limit ?? postedListLimit;
  const instances = await store.instances.listInState(postedState, limit + 1);
  if (instances.length > limit) {
    options.log.warn({ state: postedState, limit }, `more than ${limit} nominations are posted for comment: /disclosures lists the first ${limit} by instance id`);
  }
  const units = new Map<string, Promise<UnitRecord | null>>();
  // Postings of one unit read it once.
  const unitOf = (unitId: string) => {
    let unit = units.get(unitId);
    if (!unit) units.set(unitId, (unit = store.units.get(unitId)));
    return unit;
  };
  const posted: PostedNomination[] = [];
  const listed = instances.slice(0, limit);
  for (let start = 0; start < listed.length; start += readBatch) {
    const entries = await Promise.all(listed.slice(start, start + readBatch).map((instance) => postedEntry(store, instance, unitOf)));
    for (const entry of entries) if (entry) posted.push(entry);
  }
  return posted.sort((a, b) => a.postedUntil.getTime() - b.postedUntil.getTime());
}

/** How long a read of the postings is shown before the next page view reads them again, in ms. */
export const defaultPostedListingTtlMs = 10_000;

export interface PostedListingOptions extends ListPostedOptions {
  /** Default {@link defaultPostedListingTtlMs}. */
  ttlMs?: number;
  /** Monotonic milliseconds; default `performance.now`. */
  nowMs?: () => number;
}

/**
 * `/disclosures` as the public reads it: a page anyone may open, and each read of the postings
 * costs a few store reads per posting. One read serves every view for {@link
 * PostedListingOptions.ttlMs}, and views while it runs wait for it rather than start their own,
 * so a burst of views costs the store one read. A posting opened from the list is checked
 * afresh by its own page. A failed read is not kept.
 */
export function createPostedListing(store: Store, options: PostedListingOptions): () => Promise<PostedNomination[]> {
  const ttlMs = options.ttlMs ?? defaultPostedListingTtlMs;
  const nowMs = options.nowMs ?? (() => performance.now());
  let held: { list: Promise<PostedNomination[]>; until: number } | undefined;
  return () => {
    const now = nowMs();
    if (held && held.until > now) return held.list;
    const list = listPosted(store, options);
    // Held while it runs, however long: every view meanwhile waits for this read.
    const entry = { list, until: Number.POSITIVE_INFINITY };
    held = entry;
    list.then(
      // Kept from when the read ends, so a slow read is not stale on arrival.
      () => held === entry && (entry.until = nowMs() + ttlMs),
      () => held === entry && (held = undefined),
    );
    return list;
  };
}

/**
 * The posting with that public key, while it is posted. The key is a hash of the nomination id,
 * so every posted instance is looked at (a page at a time, their nominations' ids hashed, no
 * other read) until one matches: none is missed, however many are posted or in review.
 */
export async function findPosted(store: Store, disclosureId: string): Promise<PostedNomination | undefined> {
  let after: string | undefined;
  for (;;) {
    const page = await store.instances.listInState(postedState, findPageSize, after);
    const match = page.find((instance) => instance.nominationId && disclosureIdOf(instance.nominationId) === disclosureId);
    if (match) return postedEntry(store, match, (unitId) => store.units.get(unitId));
    if (page.length < findPageSize) return undefined;
    after = page.at(-1)!.instanceId;
  }
}

/**
 * The posting with that public key, for its page and its objection form: looked up in the
 * listing (`listing()`, shared and at most its TTL old), then read afresh, so a posting that ended
 * since is not found. A key the listing lacks costs no read of the store: page views of made-up
 * keys cannot make it look through every posting. A posting newer than the listing is found once
 * the listing is read again (it is not linked from anywhere before). Past the listing's limit,
 * where the listing leaves postings out, {@link findPosted} looks through them all.
 */
export async function findPostedListed(
  store: Store,
  listing: () => Promise<PostedNomination[]>,
  disclosureId: string,
  limit = postedListLimit,
): Promise<PostedNomination | undefined> {
  const listed = await listing();
  const known = listed.find((entry) => entry.disclosureId === disclosureId);
  if (!known) return listed.length >= limit ? findPosted(store, disclosureId) : undefined;
  const instance = await store.instances.get(known.instanceId);
  return instance?.stateValue === postedState ? postedEntry(store, instance, (unitId) => store.units.get(unitId)) : undefined;
}

/** What the public sees of a posted instance; undefined unless its nomination is in review and its procedure is posted. */
async function postedEntry(
  store: Store,
  instance: InstanceRecord,
  unitOf: (unitId: string) => Promise<UnitRecord | null>,
): Promise<PostedNomination | undefined> {
  if (!instance.nominationId) return undefined;
  // The entry into the posting alone, not the history: objections filed on the posting lengthen that.
  const [nomination, postedSince] = await Promise.all([store.nominations.get(instance.nominationId), store.history.lastEntered(instance.instanceId, postedState)]);
  if (nomination?.status !== 'in_review') return undefined;
  const view = procedureViewOf(instance, postedSince);
  if (!view?.currentLevel || !view.postedUntil) return undefined;
  const nominee = nomination.nominee as { name?: string; position?: string };
  const details = nomination.details as { achievementSummary?: string };
  return {
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
    unit: await unitOf(nomination.unitId),
    level: view.currentLevel,
    postedUntil: view.postedUntil,
    waitingObjections: view.pendingObjections,
    objectionsOutlastPosting: objectionsOutlastPosting(instance.definitionVersion),
  };
}
