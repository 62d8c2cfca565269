/**
 * The public disclosures (`/disclosures`) of a province with many nominations in review: a
 * nomination posted for comment is listed, and its page, objection form and the objection's
 * confirmation answer, however many older nominations are in review. Real gateway, Redis, PGlite and workers; the nominations in
 * review are stored through the store port (the way a submission stores them), to keep it fast.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { NewInstance, TaskRecord } from '@vinh-danh/store';
import { commendationDefinition, maxPendingObjections } from '@vinh-danh/workflows';
import { disclosureIdOf } from '../../services/gateway/src/disclosures/posted-nominations.ts';
import { cookiesOf, hiddenValue, sampleFiles, validNomination, type GatewayFixture } from '../support/gateway.ts';
import { gatewayForFile, submitThroughApi, type TaskPages } from '../support/task-pages.ts';
import { postLosingToTimer } from '../support/deadline-race.ts';
import { waitFor } from '../support/wait.ts';

/** A working and a calendar day of a minute: the 10-day posting lasts 10 minutes, no task deadline fires. */
const routeTiming = { workingDayMs: 60_000, calendarDayMs: 60_000 };

/** More than the 1,000 oldest nominations in review the listing used to look at. */
const olderInReview = 1_001;

let fixture: GatewayFixture;
let pages: TaskPages;
gatewayForFile(routeTiming, (started, startedPages) => {
  fixture = started;
  pages = startedPages;
});

/** A nomination of the demo unit at its unit council, stored with its instance as a submission stores it. */
function inReview(index: number): NewInstance {
  const nominationId = randomUUID();
  const instanceId = randomUUID();
  return {
    instanceId,
    definitionId: 'commendation',
    definitionVersion: commendationDefinition.version,
    snapshot: { value: { council: 'voting' }, context: { nominationId, levelIndex: 0, round: 1 } },
    status: 'active',
    stateValue: 'council.voting',
    nominationId,
    nomination: {
      nominationId,
      trackingCode: `VD-${nominationId.slice(0, 8).toUpperCase()}`,
      unitId: 'so-noi-vu-bac-giang',
      awardTypeId: 'bang-khen-bo-nganh-tinh',
      period: '2025',
      nominee: { kind: 'individual', name: `Người được đề nghị ${index}`, identifier: String(24_185_100_000 + index).padStart(12, '0') },
      details: { achievementSummary: 'Hoàn thành xuất sắc nhiệm vụ năm 2025.' },
    },
    nominationStatus: { nominationId, status: 'in_review' },
    startEvent: { eventId: randomUUID(), event: { type: 'xstate.init' }, meta: { actor: 'nam.tran@sonoivu.bacgiang.example', source: 'api' } },
    outbox: [],
    timers: [],
  };
}

/** Acts on a council's ballots in member order, each once the one before is applied, until none is open. */
async function councilVotesYes(instanceId: string, step: string, members: number) {
  for (const ballot of await pages.openTasks(instanceId, step, members)) {
    if ((await fixture.harness.runtime.store.tasks.get(ballot.taskId))?.status !== 'open') continue;
    await pages.act(ballot, 'yes');
    await waitFor(() => fixture.harness.runtime.store.tasks.get(ballot.taskId), (task) => task?.status !== 'open', { what: `${ballot.taskId} applied` });
  }
}

/**
 * A Bằng khen của Thủ tướng for `name` (a provincial Bằng khen in 2019 on record), submitted
 * through the API and taken through its councils and reviews until it is posted for comment.
 */
async function postedForComment(name: string, identifier: string) {
  const history = await fetch(`${fixture.url}/api/award-history`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nominee: { kind: 'individual', identifier }, entries: [{ awardTypeId: 'bang-khen-bo-nganh-tinh', year: 2019, decisionNumber: '19/QĐ-UBND' }] }),
  });
  assert.equal(history.status, 201);
  const body = validNomination({
    awardTypeId: 'bang-khen-thu-tuong',
    nominee: { kind: 'individual', name, position: 'Trưởng phòng', identifier },
    attachments: [{ filename: 'Báo cáo thành tích.pdf', contentType: 'application/pdf', contentBase64: sampleFiles.pdf.toString('base64') }],
  });
  const submitted = await submitThroughApi(fixture, body);
  await councilVotesYes(submitted.instanceId, 'unitCouncil', 3);
  await pages.act((await pages.openTasks(submitted.instanceId, 'unitSubmission'))[0]!, 'forward');
  await pages.act((await pages.openTasks(submitted.instanceId, 'provinceReview'))[0]!, 'forward');
  await councilVotesYes(submitted.instanceId, 'provinceCouncil', 5);
  await pages.stateOf(submitted.instanceId, (state) => state === 'disclosure.posted', 'posted for comment');
  return submitted;
}

/** A commendation posted for comment with `waiting` objections waiting for confirmation, stored as the procedure leaves it. */
function postedWithWaiting(waiting: readonly string[]): NewInstance {
  const instance = inReview(0);
  const level = { id: 'provinceDisclosure', kind: 'disclosure', nameVi: 'Công khai', nameEn: 'Posting', assignee: 'can-bo@bacgiang.example', members: [], deadlineMs: 600_000, reminderBeforeMs: 60_000, escalationWindowMs: 60_000, postingDays: 10 };
  return {
    ...instance,
    stateValue: 'disclosure.posted',
    snapshot: {
      value: { disclosure: 'posted' },
      context: { nominationId: instance.nominationId, route: [level], levelIndex: 0, round: 1, pendingObjections: waiting.map((by, index) => ({ taskKey: `provinceDisclosure-1-objection-${index}`, by })) },
    },
  };
}

describe('disclosures of a province with more than 1,000 nominations in review', () => {
  it('when a nomination is posted after 1,001 older ones went into review, then /disclosures lists it and its page and objection form answer', async () => {
    const { store } = fixture.harness.runtime;
    for (let start = 0; start < olderInReview; start += 100) {
      const batch = Array.from({ length: Math.min(100, olderInReview - start) }, (_, offset) => inReview(start + offset));
      assert.deepEqual(new Set(await Promise.all(batch.map((instance) => store.instances.create(instance)))), new Set(['created']));
    }
    assert.equal((await store.nominations.search({ status: 'in_review', limit: 1000 })).length, 1000, 'the oldest 1,000 in review are all older than the posting');

    const identifier = '024180004321';
    const { instanceId, trackingCode } = await postedForComment('Đỗ Thị Lành', identifier);

    const listed = await (await fetch(`${fixture.url}/disclosures`)).text();
    assert.match(listed, /Đỗ Thị Lành/);
    assert.ok(!listed.includes(trackingCode) && !listed.includes(identifier), 'the public list shows neither the tracking code nor the identifier');
    const detailPath = /href="(\/disclosures\/[A-Za-z0-9_-]{22})"/.exec(listed)![1]!;
    const detail = await fetch(`${fixture.url}${detailPath}`);
    assert.equal(detail.status, 200);
    const form = await detail.text();
    assert.match(form, /Đỗ Thị Lành/);
    const objection = 'Bà Lành chưa hoàn thành chỉ tiêu năm 2025 theo báo cáo của phòng.';
    const sent = await pages.post(
      `${fixture.url}${detailPath}/objections`,
      { _csrf: hiddenValue(form, '_csrf'), objectorName: 'Phạm Văn C', objectorEmail: 'c@dan.example', objection },
      { cookie: cookiesOf(detail) },
    );
    assert.equal(sent.status, 200);
    assert.match(await sent.text(), /Vui lòng xác nhận ý kiến phản ánh/);
    const [confirmation] = await pages.openTasks(instanceId, 'provinceDisclosure');
    const nominationId = confirmation!.nominationId!;
    // The same address again: the same answer, and the same trace where the nominating unit
    // looks (the API, the tracking page), though no second link goes out. Else trying an
    // address there would tell whether its owner objected.
    const again = await pages.post(
      `${fixture.url}${detailPath}/objections`,
      { _csrf: hiddenValue(form, '_csrf'), objectorName: 'Phạm Văn C', objectorEmail: 'c@dan.example', objection: 'Lần nữa.' },
      { cookie: cookiesOf(detail) },
    );
    assert.equal(again.status, 200);
    assert.match(await again.text(), /Vui lòng xác nhận ý kiến phản ánh/);
    type Entry = { type: string; event: Record<string, unknown>; actor: unknown; changed: unknown; fromState: string; toState: string };
    const filed = await waitFor(
      () => pages.details<{ history: Entry[] }>(nominationId),
      (details) => details.history.filter((entry) => entry.type === 'object').length === 2,
      { what: 'both objections recorded' },
    );
    const shown = filed.history.filter((entry) => entry.type === 'object').map(({ event, actor, changed, fromState, toState }) => ({ event, actor, changed, fromState, toState }));
    assert.deepEqual(shown[0], shown[1], 'a new objection and one from an address already waiting look alike');
    assert.deepEqual(shown[0], { event: { type: 'object' }, actor: null, changed: null, fromState: 'disclosure.posted', toState: 'disclosure.posted' });
    assert.equal((await pages.openTasks(instanceId, 'provinceDisclosure')).length, 1, 'one link for the address');
    const tracking = await (await fetch(`${fixture.url}/track/${trackingCode}`)).text();
    assert.equal(tracking.match(/Có ý kiến phản ánh gửi trong thời gian công khai/g)?.length, 2);
    assert.doesNotMatch(tracking, /không làm thay đổi hồ sơ/, 'neither is marked as having changed nothing');
    // The writer's link opens what was posted, never the dossier's files.
    const [file] = await store.attachments.listByNomination(confirmation!.nominationId!);
    assert.ok(file, 'the nomination has a file');
    assert.equal((await fetch(`${await pages.mailedLink(confirmation!)}/attachments/${file.attachmentId}`)).status, 404);
    assert.match(await pages.act(confirmation!, 'confirmObjection'), /Đã xác nhận ý kiến phản ánh/);
    await pages.stateOf(instanceId, (state) => state !== 'disclosure.posted', 'back to review');
    const confirmed = await pages.details<{ history: Array<{ type: string }> }>(nominationId);
    assert.deepEqual(confirmed.history.filter((entry) => /bject/.test(entry.type)).map((entry) => entry.type), ['object', 'object', 'confirmObjection'], 'the confirmation follows');
    const [review]: TaskRecord[] = await pages.openTasks(instanceId, 'provinceReview');
    const reviewPage = (await pages.openPage(review!)).page;
    assert.ok(reviewPage.includes(objection), 'the objection sent the dossier back to the provincial review');
    assert.ok(!reviewPage.includes('Lần nữa.'), 'the one confirmed, not the repeated one');
    assert.equal((await fetch(`${fixture.url}${detailPath}`)).status, 404, 'no longer posted');
  });
  it('when a posting holds as many waiting objections as it may, then every objection gets 409, from an address already waiting too', async () => {
    const waiting = Array.from({ length: maxPendingObjections }, (_, index) => `nguoi-${index}@dan.example`);
    const instance = postedWithWaiting(waiting);
    assert.equal(await fixture.harness.runtime.store.instances.create(instance), 'created');
    const detailPath = `/disclosures/${disclosureIdOf(instance.nominationId!)}`;
    // The listing is read at most every 10 s: wait until it holds the new posting.
    const detail = await waitFor(() => fetch(`${fixture.url}${detailPath}`), (response) => response.status === 200, { what: 'the posting listed', timeoutMs: 20_000 });
    const form = await detail.text();
    const object = (objectorEmail: string) =>
      pages.post(`${fixture.url}${detailPath}/objections`, { _csrf: hiddenValue(form, '_csrf'), objectorName: 'Phạm Văn C', objectorEmail, objection: 'Chưa đúng.' }, { cookie: cookiesOf(detail) });
    // The same answer whether or not the address waits: else a full posting tells who objected.
    assert.equal((await object('ai-do@dan.example')).status, 409);
    assert.equal((await object(waiting[7]!)).status, 409);
  });

  it('when an objection\'s window closes in the instant before its confirmation is applied, then the writer is told it was not counted (409), and the posting goes on', async () => {
    const { instanceId } = await postedForComment('Vũ Thị Hạnh', '024180004322');
    // The listing is read at most every 10 s: wait until it holds the new posting.
    const posting = new RegExp(`href="(/disclosures/[A-Za-z0-9_-]{22})"[^>]*>[^<]*Vũ Thị Hạnh`);
    const listed = await waitFor(async () => (await fetch(`${fixture.url}/disclosures`)).text(), (page) => posting.test(page), { what: 'the posting listed', timeoutMs: 20_000 });
    const detailPath = posting.exec(listed)![1]!;
    const detail = await fetch(`${fixture.url}${detailPath}`);
    const sent = await pages.post(
      `${fixture.url}${detailPath}/objections`,
      { _csrf: hiddenValue(await detail.text(), '_csrf'), objectorName: 'Phạm Văn C', objectorEmail: 'tre-han@dan.example', objection: 'Chưa đúng.' },
      { cookie: cookiesOf(detail) },
    );
    assert.equal(sent.status, 200);
    const [confirmation] = await pages.openTasks(instanceId, 'provinceDisclosure');
    const { csrf } = await pages.openPage(confirmation!);
    // The confirmation window's timer fires in the instant before the confirmation is applied.
    const answer = await postLosingToTimer(fixture, {
      instanceId,
      eventIds: [`decision-${confirmation!.taskId}`],
      timer: (timer) => timer.sendId === confirmation!.taskId.slice(instanceId.length + 1),
      post: async () => pages.post(await fixture.taskUrl(confirmation!.taskId), { _csrf: csrf }),
    });
    const page = await answer.text();
    assert.equal(answer.status, 409, page.slice(0, 400));
    assert.match(page, /Xác nhận của bạn đến sau khi đường dẫn này đã đóng/);
    assert.doesNotMatch(page, /Đã xác nhận ý kiến phản ánh/);
    const entry = await fixture.harness.runtime.store.history.get(instanceId, `decision-${confirmation!.taskId}`);
    assert.equal(entry?.changed, false, 'recorded, and changed nothing');
    assert.equal((await fixture.harness.runtime.store.instances.get(instanceId))?.stateValue, 'disclosure.posted', 'still posted: the objection did not send it back');
  });

  it('when a posting of each procedure version is opened and objected to, then it says whether the posting waits for the confirmation: from version 2 it does, in version 1 its end is the last moment', async () => {
    for (const [version, intro, received] of [
      [commendationDefinition.version, /even if the posting ends meanwhile/, /the posting, which ends .*, waits for it/],
      [1, /within 2 days, before the posting ends\./, /and at the latest before the posting ends \(/],
    ] as const) {
      const instance = { ...postedWithWaiting([]), definitionVersion: version };
      assert.equal(await fixture.harness.runtime.store.instances.create(instance), 'created');
      const detailPath = `/disclosures/${disclosureIdOf(instance.nominationId!)}`;
      const detail = await waitFor(() => fetch(`${fixture.url}${detailPath}?lang=en`), (response) => response.status === 200, { what: `the version ${version} posting listed`, timeoutMs: 20_000 });
      const form = await detail.text();
      assert.match(form, intro, `version ${version}`);
      const sent = await pages.post(
        `${fixture.url}${detailPath}/objections`,
        { _csrf: hiddenValue(form, '_csrf'), objectorName: 'Phạm Văn C', objectorEmail: `c-${version}@dan.example`, objection: 'Chưa đúng.' },
        { cookie: cookiesOf(detail) },
      );
      assert.equal(sent.status, 200);
      assert.match(await sent.text(), received, `version ${version}`);
    }
  });

});
