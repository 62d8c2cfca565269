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
import { cookiesOf, hiddenValue, sampleFiles, validNomination, type GatewayFixture } from '../support/gateway.ts';
import { gatewayForFile, submitThroughApi, type TaskPages } from '../support/task-pages.ts';
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
    definitionVersion: 1,
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

describe('disclosures of a province with more than 1,000 nominations in review', () => {
  it('when a nomination is posted after 1,001 older ones went into review, then /disclosures lists it and its page and objection form answer', async () => {
    const { store } = fixture.harness.runtime;
    for (let start = 0; start < olderInReview; start += 100) {
      const batch = Array.from({ length: Math.min(100, olderInReview - start) }, (_, offset) => inReview(start + offset));
      assert.deepEqual(new Set(await Promise.all(batch.map((instance) => store.instances.create(instance)))), new Set(['created']));
    }
    assert.equal((await store.nominations.search({ status: 'in_review', limit: 1000 })).length, 1000, 'the oldest 1,000 in review are all older than the posting');

    const identifier = '024180004321';
    const history = await fetch(`${fixture.url}/api/award-history`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nominee: { kind: 'individual', identifier }, entries: [{ awardTypeId: 'bang-khen-bo-nganh-tinh', year: 2019, decisionNumber: '19/QĐ-UBND' }] }),
    });
    assert.equal(history.status, 201);
    const body = validNomination({
      awardTypeId: 'bang-khen-thu-tuong',
      nominee: { kind: 'individual', name: 'Đỗ Thị Lành', position: 'Trưởng phòng', identifier },
      attachments: [{ filename: 'Báo cáo thành tích.pdf', contentType: 'application/pdf', contentBase64: sampleFiles.pdf.toString('base64') }],
    });
    const { instanceId, trackingCode } = await submitThroughApi(fixture, body);
    await councilVotesYes(instanceId, 'unitCouncil', 3);
    await pages.act((await pages.openTasks(instanceId, 'unitSubmission'))[0]!, 'forward');
    await pages.act((await pages.openTasks(instanceId, 'provinceReview'))[0]!, 'forward');
    await councilVotesYes(instanceId, 'provinceCouncil', 5);
    await pages.stateOf(instanceId, (state) => state === 'disclosure.posted', 'posted for comment');

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
    // The writer's link opens what was posted, never the dossier's files.
    const [file] = await store.attachments.listByNomination(confirmation!.nominationId!);
    assert.ok(file, 'the nomination has a file');
    assert.equal((await fetch(`${await pages.mailedLink(confirmation!)}/attachments/${file.attachmentId}`)).status, 404);
    assert.match(await pages.act(confirmation!, 'confirmObjection'), /Đã xác nhận ý kiến phản ánh/);
    const [review]: TaskRecord[] = await pages.openTasks(instanceId, 'provinceReview');
    assert.ok((await pages.openPage(review!)).page.includes(objection), 'the objection sent the dossier back to the provincial review');
    assert.equal((await fetch(`${fixture.url}${detailPath}`)).status, 404, 'no longer posted');
  });
});
