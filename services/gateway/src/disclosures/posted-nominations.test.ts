/**
 * The postings `/disclosures` lists and finds, on a real store (an embedded PGlite database in
 * memory): what a listing costs, how it is bounded, and that a posting's page does not depend on
 * that bound. The instances are stored as the commendation procedure leaves them.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ResolvedLevel } from '@vinh-danh/domain';
import { createPgliteDriver, createSqlStore, type NewInstance, type Store } from '@vinh-danh/store';
import { transition } from '../../../../packages/store/src/testing/store-fixtures.ts';
import { createPostedListing, disclosureIdOf, findPosted, findPostedListed, listPosted, type ListPostedOptions } from './posted-nominations.ts';

const day = 24 * 3_600_000;
const unitId = 'so-noi-vu-bac-giang';

const disclosureLevel: ResolvedLevel = {
  id: 'provinceDisclosure',
  kind: 'disclosure',
  nameVi: 'Công khai danh sách, lấy ý kiến',
  nameEn: 'Public disclosure for comment',
  assignee: 'can-bo.thi-dua@ban-tdkt.bacgiang.example',
  members: [],
  deadlineMs: 10 * day,
  reminderBeforeMs: day,
  escalationWindowMs: 3 * day,
  postingDays: 10,
};

/** A commendation of the unit in `stateValue` (posted: at its disclosure level), its nomination in review. */
function commendation(stateValue: string, nomineeName: string): NewInstance {
  const nominationId = randomUUID();
  return {
    instanceId: randomUUID(),
    definitionId: 'commendation',
    definitionVersion: 1,
    snapshot: { value: stateValue, context: { nominationId, route: [disclosureLevel], levelIndex: 0, round: 1 } },
    status: 'active',
    stateValue,
    nominationId,
    nomination: {
      nominationId,
      trackingCode: `VD-${nominationId.slice(0, 8).toUpperCase()}`,
      unitId,
      awardTypeId: 'bang-khen-thu-tuong',
      period: '2025',
      nominee: { kind: 'individual', name: nomineeName },
      details: {},
    },
    nominationStatus: { nominationId, status: 'in_review' },
    startEvent: { eventId: randomUUID(), event: { type: 'xstate.init' }, meta: { source: 'test' } },
    outbox: [],
    timers: [],
  };
}

/** The store with every port call counted by `area.method`. */
function countingStore(store: Store): { store: Store; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const counted = new Proxy(store, {
    get(target, area: string) {
      const methods = target[area as keyof Store];
      if (typeof methods !== 'object' || methods === null) return methods;
      return new Proxy(methods, {
        get(inner: Record<string, unknown>, method: string) {
          const call = inner[method];
          if (typeof call !== 'function') return call;
          return (...args: unknown[]) => {
            calls[`${area}.${method}`] = (calls[`${area}.${method}`] ?? 0) + 1;
            return call.apply(inner, args);
          };
        },
      });
    },
  });
  return { store: counted, calls };
}

/** A log that keeps its warnings. */
function warnings() {
  const lines: Array<{ fields: unknown; message: string }> = [];
  const log = { warn: (fields: unknown, message: string) => void lines.push({ fields, message }) };
  return { lines, log: log as unknown as ListPostedOptions['log'] };
}

let store: Store;
before(async () => {
  store = createSqlStore(await createPgliteDriver({ dataDir: 'memory://' }));
  await store.migrate();
  await store.units.upsert({ unitId, nameVi: 'Sở Nội vụ tỉnh Bắc Giang', nameEn: 'Bac Giang Department of Home Affairs', parentId: null, approvers: {} });
});
after(() => store?.close());

describe('postings of a province', () => {
  it('when two nominations are posted among many in review, then a listing reads the store once for the postings and a few times per posting, never per nomination in review', async () => {
    const batch = [...Array.from({ length: 200 }, (_, index) => commendation('council.voting', `Người ${index}`)), commendation('disclosure.posted', 'Đỗ Thị Lành'), commendation('disclosure.posted', 'Vũ Văn Hải')];
    await Promise.all(batch.map((instance) => store.instances.create(instance)));
    const counting = countingStore(store);
    const { lines, log } = warnings();

    const posted = await listPosted(counting.store, { log });
    assert.deepEqual(posted.map((entry) => entry.nomineeName).sort(), ['Vũ Văn Hải', 'Đỗ Thị Lành']);
    assert.equal(posted[0]!.unit?.nameVi, 'Sở Nội vụ tỉnh Bắc Giang');
    assert.deepEqual(counting.calls, { 'instances.listInState': 1, 'nominations.get': 2, 'history.lastEntered': 2, 'units.get': 1 });
    assert.equal(lines.length, 0);
  });

  it('when objections are filed on a posting, then its end is still its entry into the posting plus its days, and the listing reads none of their entries', async () => {
    const posting = commendation('review.pending', 'Trần Minh Châu');
    await store.instances.create(posting);
    const commit = async (version: number, fromState: string, toState: string, event: { type: string; [field: string]: unknown }) => {
      const result = await store.instances.commit(
        transition({ instanceId: posting.instanceId, version, stateValue: fromState }, { event, meta: { source: 'test' }, snapshot: { ...(posting.snapshot as object), value: toState }, toState }),
      );
      assert.equal(result.outcome, 'committed');
    };
    await commit(1, 'review.pending', 'disclosure.posted', { type: 'forward' });
    // Each objection waits for its writer's confirmation: a move within the posting, text and all.
    for (let n = 0; n < 40; n += 1) await commit(2 + n, 'disclosure.posted', 'disclosure.posted', { type: 'object', by: `nguoi-${n}@example.vn`, objection: 'x'.repeat(2000) });
    const history = await store.history.list(posting.instanceId);
    const counting = countingStore(store);

    const listed = (await listPosted(counting.store, { log: warnings().log })).find((entry) => entry.instanceId === posting.instanceId);
    assert.equal(listed?.postedUntil.getTime(), history[1]!.at.getTime() + 10 * day);
    assert.equal(counting.calls['history.list'], undefined, 'no history is read whole');
    assert.ok(counting.calls['history.lastEntered']! >= 1);
    assert.equal((await findPosted(counting.store, listed!.disclosureId))?.postedUntil.getTime(), listed!.postedUntil.getTime());
    assert.equal(counting.calls['history.list'], undefined);
  });

  it('when more nominations are posted than the listing holds, then it lists that many and warns; each of the others is still found by its key', async () => {
    const { lines, log } = warnings();
    const all = await listPosted(store, { log });
    assert.ok(all.length >= 2);
    assert.equal(lines.length, 0, 'no warning within the limit');

    const cut = await listPosted(store, { log, limit: all.length - 1 });
    assert.equal(cut.length, all.length - 1);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!.message, new RegExp(`more than ${all.length - 1} nominations are posted for comment`));
    const left = all.find((entry) => !cut.some((listed) => listed.disclosureId === entry.disclosureId))!;
    assert.equal((await findPosted(store, left.disclosureId))?.nomineeName, left.nomineeName, 'the one left off the listing has its page');
  });

  it('when /disclosures is viewed many times at once and again within its time to live, then the store is read once; after that, afresh, and a failed read is not kept', async () => {
    const counting = countingStore(store);
    let now = 0;
    const listing = createPostedListing(counting.store, { log: warnings().log, ttlMs: 10_000, nowMs: () => now });
    const views = await Promise.all(Array.from({ length: 20 }, () => listing()));
    assert.equal(counting.calls['instances.listInState'], 1);
    assert.ok(views.every((view) => view === views[0]) && views[0]!.length >= 2);
    now = 9_999;
    await listing();
    assert.equal(counting.calls['instances.listInState'], 1, 'within its time to live');

    const newlyPosted = commendation('disclosure.posted', 'Hoàng Minh Tâm');
    await store.instances.create(newlyPosted);
    now = 20_001;
    const fresh = await listing();
    assert.equal(counting.calls['instances.listInState'], 2);
    assert.ok(fresh.some((entry) => entry.nomineeName === 'Hoàng Minh Tâm'));

    // A read slower than the time to live is still the one every view meanwhile waits for.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    const slow = { ...store, instances: { ...store.instances, listInState: async (...args: Parameters<Store['instances']['listInState']>) => ((reads += 1), await gate, store.instances.listInState(...args)) } };
    const slowListing = createPostedListing(slow, { log: warnings().log, ttlMs: 10_000, nowMs: () => now });
    const first = slowListing();
    now += 60_000;
    const second = slowListing();
    release();
    assert.equal(await first, await second);
    assert.equal(reads, 1);

    let failing = true;
    const flaky = { ...store, instances: { ...store.instances, listInState: (...args: Parameters<Store['instances']['listInState']>) => (failing ? Promise.reject(new Error('store down')) : store.instances.listInState(...args)) } };
    const afterFailure = createPostedListing(flaky, { log: warnings().log, nowMs: () => now });
    await assert.rejects(afterFailure(), /store down/);
    failing = false;
    assert.ok((await afterFailure()).length >= 3, 'the next view reads again');
  });

  it('when a key is asked for, then only its posting is found: not a nomination in review, not an unknown key', async () => {
    const inReview = commendation('council.voting', 'Người chưa công khai');
    await store.instances.create(inReview);
    assert.equal(await findPosted(store, disclosureIdOf(inReview.nominationId!)), undefined);
    assert.equal(await findPosted(store, disclosureIdOf(randomUUID())), undefined);
  });

  it('when a posting\'s page is asked for, then it is found through the listing and read afresh; made-up keys read nothing, and a posting that ended since is not found', async () => {
    const counting = countingStore(store);
    let now = 0;
    const listing = createPostedListing(counting.store, { log: warnings().log, ttlMs: 10_000, nowMs: () => now });
    const listed = await listing();
    const reads = () => ({ ...counting.calls });
    const afterListing = reads();
    for (let i = 0; i < 20; i += 1) assert.equal(await findPostedListed(counting.store, listing, disclosureIdOf(randomUUID())), undefined);
    assert.deepEqual(reads(), afterListing, 'twenty made-up keys: not one read of the store');

    const one = listed[0]!;
    assert.equal((await findPostedListed(counting.store, listing, one.disclosureId))?.nomineeName, one.nomineeName);
    assert.equal(counting.calls['instances.get'], 1, 'the posting is read afresh');

    // Its procedure moved on (the posting period ended) since the listing was read.
    const instance = (await store.instances.get(one.instanceId))!;
    const moved = await store.instances.commit({
      instanceId: instance.instanceId, expectedVersion: instance.version, eventId: randomUUID(), event: { type: 'xstate.after.postingPeriod' }, meta: {},
      snapshot: instance.snapshot, status: 'active', fromState: 'disclosure.posted', toState: 'review.pending', changed: true,
      outbox: [], timers: [], cancelSendIds: [], tasksToOpen: [], tasksToClose: [],
    });
    assert.equal(moved.outcome, 'committed');
    assert.equal(await findPostedListed(store, listing, one.disclosureId), undefined, 'no longer posted');

    // Past the listing's limit the others are looked through.
    const cutListing = async () => listed.slice(0, 1);
    const other = listed.find((entry) => entry.disclosureId !== one.disclosureId)!;
    assert.equal((await findPostedListed(store, cutListing, other.disclosureId, 1))?.nomineeName, other.nomineeName);
  });
});
