/**
 * Whole commendation procedures through the gateway, end to end: the API submits, every task is
 * acted on through its e-mailed link, the public objects during disclosure, and the decision
 * worker numbers the decision. Real gateway, Redis, PGlite and workers; route timing shortened
 * so a disclosure period passes in seconds while no task deadline comes near.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookiesOf, hiddenValue, validNomination, type GatewayFixture } from '../support/gateway.ts';
import { gatewayForFile, submitThroughApi, type TaskPages } from '../support/task-pages.ts';
import { waitFor } from '../support/wait.ts';

/**
 * A calendar day of 2.5 s: the 10-day disclosure lasts 25 s, an objection's 2-day confirmation
 * window 5 s. A working day of a minute: no task deadline fires.
 */
const routeTiming = { workingDayMs: 60_000, calendarDayMs: 2_500 };

let fixture: GatewayFixture;
let pages: TaskPages;
gatewayForFile(routeTiming, (started, startedPages) => {
  fixture = started;
  pages = startedPages;
});

interface Details {
  state: string;
  status: string;
  history: Array<{ type: string; event: Record<string, unknown>; actor: string | null }>;
  procedure: {
    tallies: Array<{ levelId: string; yes: number; no: number; abstain: number; eligible: number; members: number; outcome: string }>;
    objections: Array<{ objection: string }>;
    decision: { decisionNumber: string; amountVnd: number; authority: string } | null;
  };
}

describe('a Bằng khen of the province through every level', () => {
  it('when the unit council votes, the head of the unit and the provincial office forward and the Chairman approves, then a numbered provincial decision is issued', async () => {
    const { nominationId, instanceId, trackingCode } = await submitThroughApi(fixture, validNomination());
    const ballots = await pages.openTasks(instanceId, 'unitCouncil', 3);
    const ballotPage = (await pages.openPage(ballots[0]!)).page;
    assert.match(ballotPage, /Hội đồng Thi đua – Khen thưởng đơn vị \(3 thành viên\)/);
    assert.match(ballotPage, /Biểu quyết công khai/, 'the unit council votes openly on a Bằng khen');
    await pages.act(ballots[0]!, 'yes');
    await pages.act(ballots[1]!, 'yes');
    const [submission] = await pages.openTasks(instanceId, 'unitSubmission');
    assert.equal((await fixture.harness.runtime.store.tasks.get(ballots[2]!.taskId))?.outcome, 'closed', 'the vote was decided: the last ballot closed');
    await pages.act(submission!, 'forward', 'Trình Chủ tịch UBND tỉnh.');
    const [appraisal] = await pages.openTasks(instanceId, 'provinceReview');
    await pages.act(appraisal!, 'forward');
    const [decision] = await pages.openTasks(instanceId, 'decision');
    assert.equal(decision!.assignee, 'chu-tich@ubnd.bacgiang.example');
    await pages.act(decision!, 'approve', 'Đồng ý tặng Bằng khen.');
    await pages.stateOf(instanceId, (state) => state === 'decided', 'decided');
    const details = await pages.details<Details>(nominationId);
    assert.match(details.procedure.decision!.decisionNumber, /^\d+\/QĐ-UBND$/);
    assert.equal(details.procedure.decision!.authority, 'Chủ tịch UBND tỉnh Bắc Giang');
    assert.deepEqual(details.procedure.tallies.map((tally) => [tally.levelId, tally.yes, tally.no, tally.eligible, tally.outcome]), [['unitCouncil', 2, 0, 3, 'passed']]);
    const tracking = await (await fetch(`${fixture.url}/track/${trackingCode}`)).text();
    assert.ok(tracking.includes(details.procedure.decision!.decisionNumber));
    assert.match(tracking, /2\.340\.000 đồng/, 'the reward of a Bằng khen (1.0 × the base salary), with Vietnamese separators');
  });
});

describe('secret ballots', () => {
  it("when members have voted, then another member's ballot page shows none of their ballots, and a voter sees the tally only once the vote closed", async () => {
    const identifier = '024192007777';
    const imported = await fetch(`${fixture.url}/api/award-history`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nominee: { kind: 'individual', identifier }, entries: [{ awardTypeId: 'lao-dong-tien-tien', year: 2025 }] }),
    });
    assert.equal(imported.status, 201);
    const body = validNomination({ awardTypeId: 'chien-si-thi-dua-co-so', nominee: { kind: 'individual', name: 'Hà Thị Mến', identifier } });
    const { nominationId, instanceId } = await submitThroughApi(fixture, body);
    const [a, b, c] = await pages.openTasks(instanceId, 'unitCouncil', 3);
    const blank = (await pages.openPage(c!)).page;
    assert.match(blank, /Bỏ phiếu kín/);
    await pages.act(a!, 'no');
    await pages.act(b!, 'yes');
    await waitFor(() => fixture.harness.runtime.store.tasks.get(b!.taskId), (task) => task?.status === 'done', { what: 'the second ballot applied' });
    const seen = (await pages.openPage(c!)).page;
    for (const leak of ['Thông qua', 'Không thông qua', a!.assignee, b!.assignee, 'ballot-0', 'ballot-1']) assert.ok(!seen.includes(leak), `the page shows nothing of others' ballots (${leak})`);
    // The pages differ only by the history's "a member voted" lines and the CSRF-free parts: no count of this sitting.
    assert.equal(seen.match(/Một thành viên .* đã biểu quyết/g)?.length, 2);
    assert.match((await pages.openPage(a!)).page, /Hội đồng đang biểu quyết; kết quả sẽ hiển thị tại đây khi kết thúc/);
    const api = await pages.details<{ history: Array<{ type: string; event: Record<string, unknown> }> }>(nominationId);
    assert.deepEqual(api.history.filter((entry) => entry.type === 'vote').map((entry) => entry.event), [{ type: 'vote' }, { type: 'vote' }], 'that members voted, not who');
    await pages.act(c!, 'yes');
    await pages.stateOf(instanceId, (state) => state.startsWith('decision.'), 'the vote closed');
    assert.match((await pages.openPage(a!)).page, /Thông qua: 2 đồng ý, 1 không đồng ý, 0 không biểu quyết, trên 3 thành viên\./);
    const [decision] = await pages.openTasks(instanceId, 'decision');
    await pages.act(decision!, 'approve');
    await pages.stateOf(instanceId, (state) => state === 'decided', 'decided');
    assert.match((await pages.details<Details>(nominationId)).procedure.decision!.decisionNumber, /^\d+\/QĐ-SNV$/, 'the head of the Department signs a unit decision');
  });
});

/** A Chiến sĩ thi đua toàn quốc nominee whose history holds the two provincial titles it needs, submitted through the API. */
async function submitNationalSoldier(identifier: string, name: string) {
  const history = await fetch(`${fixture.url}/api/award-history`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      nominee: { kind: 'individual', identifier },
      entries: [2022, 2025].map((year) => ({ awardTypeId: 'chien-si-thi-dua-bo-nganh-tinh', year, decisionNumber: `${year - 2000}/QĐ-UBND` })),
    }),
  });
  assert.equal(history.status, 201);
  return submitThroughApi(fixture, validNomination({ awardTypeId: 'chien-si-thi-dua-toan-quoc', nominee: { kind: 'individual', name, identifier } }));
}

describe('a Chiến sĩ thi đua toàn quốc with secret ballots and an objection', () => {
  it('when every level acts through its links, the public objects once and the posting then passes, then the Prime Minister’s decision is issued and downloadable', async () => {
    const identifier = '024190009999';
    const { nominationId, instanceId, trackingCode } = await submitNationalSoldier(identifier, 'Lê Văn Tám');

    // The unit council: a secret ballot, one member against.
    const unit = await pages.openTasks(instanceId, 'unitCouncil', 3);
    assert.match((await pages.openPage(unit[0]!)).page, /Bỏ phiếu kín/);
    await pages.act(unit[0]!, 'yes');
    await pages.act(unit[1]!, 'no');
    await pages.act(unit[2]!, 'yes');
    await pages.openTasks(instanceId, 'unitSubmission');
    const afterClose = (await pages.openPage(unit[1]!)).page;
    assert.match(afterClose, /Phiếu biểu quyết của Ông\/Bà đã được ghi nhận/);
    assert.match(afterClose, /Thông qua: 2 đồng ý, 1 không đồng ý, 0 không biểu quyết, trên 3 thành viên\./);
    const stored = await fixture.harness.runtime.store.history.list(instanceId);
    assert.ok(stored.filter((entry) => entry.eventType === 'vote').every((entry) => !('ballot' in entry.event)), 'no ballot is kept in the history');

    await pages.act((await pages.openTasks(instanceId, 'unitSubmission'))[0]!, 'forward');
    await pages.act((await pages.openTasks(instanceId, 'provinceReview'))[0]!, 'forward');
    await provinceCouncilVotes(instanceId);

    // Posted for comment: the public page lists it, and one objection sends it back to review.
    await pages.stateOf(instanceId, (state) => state === 'disclosure.posted', 'posted for comment');
    const list = await fetch(`${fixture.url}/disclosures`);
    const listed = await list.text();
    assert.match(listed, /Lê Văn Tám/);
    assert.ok(!listed.includes(trackingCode) && !listed.includes(identifier), 'the public list shows neither the tracking code nor the identifier');
    const detailPath = /href="(\/disclosures\/[A-Za-z0-9_-]{22})"/.exec(listed)![1]!;
    const detail = await fetch(`${fixture.url}${detailPath}`);
    const form = await detail.text();
    const cookie = cookiesOf(detail);
    const objection = 'Ông Tám chưa hoàn thành nhiệm vụ năm 2024 theo báo cáo của Sở.';
    const fileObjection = (email: string) =>
      pages.post(`${fixture.url}${detailPath}/objections`, { _csrf: hiddenValue(form, '_csrf'), objectorName: 'Trần Thị B', objectorEmail: email, objection }, { cookie });
    const sent = await fileObjection('B@dan.example');
    assert.equal(sent.status, 200);
    const received = await sent.text();
    assert.match(received, /Vui lòng xác nhận ý kiến phản ánh/);
    assert.ok(received.includes('b@dan.example'), 'the page names where the confirmation link went');

    // It waits for its writer: a confirmation task mailed to the address given; the posting goes on.
    const [confirmation] = await pages.openTasks(instanceId, 'provinceDisclosure');
    assert.equal(confirmation!.assignee, 'b@dan.example');
    assert.equal((await fixture.harness.runtime.store.instances.get(instanceId))?.stateValue, 'disclosure.posted');
    // One waits per address; a second from it gets the same answer (nobody learns who objected) and no second link.
    const secondFromSameAddress = await fileObjection('b@dan.example');
    assert.equal(secondFromSameAddress.status, 200);
    const secondAnswer = await secondFromSameAddress.text();
    assert.match(secondAnswer, /Vui lòng xác nhận ý kiến phản ánh/);
    assert.ok(secondAnswer.includes('b@dan.example'));
    const waitingDetails = JSON.stringify(await pages.details(nominationId));
    assert.ok(!waitingDetails.includes('dan.example') && !waitingDetails.includes('-objection-'), 'the API shows neither the waiting objection nor its writer');
    const waitingTracking = await (await fetch(`${fixture.url}/track/${trackingCode}`)).text();
    assert.ok(!waitingTracking.includes('dan.example'), 'nor does the tracking page');
    const { page: confirmPage } = await pages.openPage(confirmation!);
    assert.match(confirmPage, /Xác nhận ý kiến phản ánh/);
    assert.ok(confirmPage.includes(objection) && confirmPage.includes('Lê Văn Tám'));
    for (const hidden of [trackingCode, identifier, 'Tải tệp']) assert.ok(!confirmPage.includes(hidden), `the writer's page shows no ${hidden}`);
    const other = await fileObjection('e@dan.example');
    assert.equal(other.status, 200);
    const [, otherConfirmation] = await pages.openTasks(instanceId, 'provinceDisclosure', 2);
    assert.equal(otherConfirmation!.assignee, 'e@dan.example');
    const [ownUrl, otherUrl] = [await pages.mailedLink(confirmation!), await pages.mailedLink(otherConfirmation!)];
    const confirmed = await pages.act(confirmation!, 'confirmObjection');
    assert.match(confirmed, /Đã xác nhận ý kiến phản ánh/);
    assert.ok(!confirmed.includes(trackingCode));
    // Afterwards each link says what became of its objection: confirmed, or overtaken by another.
    await waitFor(() => fixture.harness.runtime.store.tasks.get(otherConfirmation!.taskId), (task) => task?.status !== 'open', { what: 'the other objection closed' });
    const ownLink = await fetch(ownUrl);
    assert.equal(ownLink.status, 200);
    assert.match(await ownLink.text(), /Ý kiến này đã được xác nhận trước đó/);
    const otherLink = await fetch(otherUrl);
    assert.equal(otherLink.status, 200);
    assert.match(await otherLink.text(), /ý kiến của bạn không còn được tính/);

    const [again] = await pages.openTasks(instanceId, 'provinceReview');
    assert.match(again!.taskId, /provinceReview-1\.1$/);
    const review = (await pages.openPage(again!)).page;
    assert.match(review, /Ý kiến phản ánh cần xem xét/);
    assert.ok(review.includes(objection));
    await pages.act(again!, 'forward', 'Đã xác minh: ý kiến không có cơ sở.');
    await provinceCouncilVotes(instanceId);
    // This time no objection counts: one without its form token, one blank, one never confirmed; the posting period then ends by itself.
    await pages.stateOf(instanceId, (state) => state === 'disclosure.posted', 'posted again');
    const second = await fetch(`${fixture.url}${detailPath}`);
    const secondForm = await second.text();
    const secondCookie = cookiesOf(second);
    const unconfirmed = await pages.post(`${fixture.url}${detailPath}/objections`, { _csrf: hiddenValue(secondForm, '_csrf'), objectorName: 'Ngô Văn D', objectorEmail: 'd@dan.example', objection: 'Chưa đúng.' }, { cookie: secondCookie });
    assert.equal(unconfirmed.status, 200);
    const [lapsing] = await pages.openTasks(instanceId, 'provinceDisclosure');
    assert.equal(lapsing!.assignee, 'd@dan.example');
    const noToken = await pages.post(`${fixture.url}${detailPath}/objections`, { objectorName: 'Trần Thị B', objectorEmail: 'b@dan.example', objection }, { cookie: secondCookie });
    assert.equal(noToken.status, 403);
    const blank = await pages.post(`${fixture.url}${detailPath}/objections`, { _csrf: hiddenValue(secondForm, '_csrf'), objectorName: 'Trần Thị B', objectorEmail: 'b@dan.example', objection: ' ' }, { cookie: secondCookie });
    assert.equal(blank.status, 400);
    assert.match(await blank.text(), /id="objection-error"/);
    await pages.act((await pages.openTasks(instanceId, 'provinceSubmission'))[0]!, 'forward');
    const lapsed = await fixture.harness.runtime.store.tasks.get(lapsing!.taskId);
    assert.deepEqual([lapsed?.status, lapsed?.outcome], ['expired', 'expired'], 'the unconfirmed objection expired');
    await pages.act((await pages.openTasks(instanceId, 'centralReview'))[0]!, 'forward');
    for (const ballot of await pages.openTasks(instanceId, 'centralCouncil', 5)) await pages.act(ballot, 'yes');
    const [decision] = await pages.openTasks(instanceId, 'decision');
    assert.equal(decision!.assignee, 'thu-tuong@vpcp.example');
    const decisionPage = (await pages.openPage(decision!)).page;
    assert.match(decisionPage, /Không bắt buộc\. Tối đa 2000 ký tự\./, 'the authority is not told a comment is needed for changes it cannot ask for');
    assert.doesNotMatch(decisionPage, /Bắt buộc khi yêu cầu bổ sung/);
    await pages.act(decision!, 'approve');
    await pages.stateOf(instanceId, (state) => state === 'decided', 'decided');

    const details = await pages.details<Details>(nominationId);
    assert.match(details.procedure.decision!.decisionNumber, /^\d+\/QĐ-TTg$/);
    assert.deepEqual(details.procedure.objections.map((entry) => entry.objection), [objection]);
    assert.deepEqual(details.procedure.tallies.map((tally) => [tally.levelId, tally.yes, tally.no, tally.eligible]), [
      ['unitCouncil', 2, 1, 3], ['provinceCouncil', 5, 0, 5], ['provinceCouncil', 5, 0, 5], ['centralCouncil', 5, 0, 5],
    ]);
    const objected = details.history.filter((entry) => ['object', 'confirmObjection', 'objectionLapsed'].includes(entry.type));
    assert.deepEqual(
      objected.map((entry) => [entry.event, entry.actor]),
      // The second posting's objection lapsed at the end of its window, before the posting's.
      // The first address filed twice: the second, not taken, is recorded as any other.
      [[{ type: 'object' }, null], [{ type: 'object' }, null], [{ type: 'object' }, null], [{ type: 'confirmObjection' }, null], [{ type: 'object' }, null], [{ type: 'objectionLapsed' }, null]],
      'the history shows objections filed, confirmed and lapsed, neither who wrote them nor, unconfirmed, what they say',
    );
    assert.ok(!JSON.stringify(details).includes('Chưa đúng.'), 'an objection never confirmed is not shown');
    assert.ok(!JSON.stringify(details).includes('dan.example') && !JSON.stringify(details).includes('Trần Thị B'), 'who objected appears nowhere in the API');
    const tracking = await (await fetch(`${fixture.url}/track/${trackingCode}`)).text();
    for (const shown of [details.procedure.decision!.decisionNumber, objection, 'Thông qua: 5 đồng ý', 'Thủ tướng Chính phủ']) assert.ok(tracking.includes(shown), shown);
    assert.ok(!tracking.includes('b@dan.example') && !tracking.includes('Trần Thị B'), 'who objected is not published');
    assert.ok(tracking.includes('Một ý kiến phản ánh không được người gửi xác nhận đúng hạn nên không được tính'), 'the lapse in plain words');
    const pdf = await waitFor(() => fetch(`${fixture.url}/track/${trackingCode}/documents/decision`), (response) => response.status === 200, { what: 'the decision PDF' });
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
    const number = details.procedure.decision!.decisionNumber.replace('/QĐ-TTg', '');
    assert.equal(pdf.headers.get('content-disposition'), `attachment; filename="quyet-dinh-${number}-QD-TTg.pdf"`);
    const certificate = await fetch(`${fixture.url}/track/${trackingCode}/documents/certificate`);
    assert.equal(certificate.status, 200);
    assert.equal(certificate.headers.get('content-disposition'), `attachment; filename="giay-chung-nhan-${number}-QD-TTg.pdf"`, 'a title\'s certificate of recognition');
    assert.equal((await fetch(`${fixture.url}/track/${trackingCode}/documents/minutes`)).status, 404);
  });
});

/** The provincial council (5 members, 90% of members by secret ballot): all five vote yes. */
async function provinceCouncilVotes(instanceId: string) {
  for (const ballot of await pages.openTasks(instanceId, 'provinceCouncil', 5)) await pages.act(ballot, 'yes');
}

describe('a council member who stands aside', () => {
  it('when the Department head stands aside from a council that needs 90% of its five members, then the four others can no longer reach it: the vote ends at once for want of a quorum, and the tally says one stood aside', async () => {
    const { nominationId, instanceId, trackingCode } = await submitNationalSoldier('024190008888', 'Phạm Thị Hoa');
    const unit = await pages.openTasks(instanceId, 'unitCouncil', 3);
    for (const [index, ballot] of ['yes', 'no', 'yes'].entries()) await pages.act(unit[index]!, ballot);
    await pages.act((await pages.openTasks(instanceId, 'unitSubmission'))[0]!, 'forward');
    await pages.act((await pages.openTasks(instanceId, 'provinceReview'))[0]!, 'forward');

    const ballots = await pages.openTasks(instanceId, 'provinceCouncil', 5);
    const conflicted = ballots.find((ballot) => ballot.assignee === 'giam-doc@sonoivu.bacgiang.example')!;
    const unvotedLink = await fixture.taskUrl(ballots.find((ballot) => ballot !== conflicted)!.taskId);
    const missingReason = await pages.openPage(conflicted);
    const refused = await pages.post(await fixture.taskUrl(conflicted.taskId), { _csrf: missingReason.csrf, decision: 'recuse', comment: '' });
    assert.equal(refused.status, 400, 'a recusal needs its reason');
    assert.match(await pages.act(conflicted, 'recuse', 'Là thủ trưởng trực tiếp của người được đề nghị.'), /Việc Ông\/Bà không tham gia biểu quyết đã được ghi nhận/);
    await pages.stateOf(instanceId, (state) => state === 'rejected', 'rejected: 90% of five members is five, and four may still vote');

    const details = await pages.details<Details>(nominationId);
    assert.deepEqual(
      details.procedure.tallies.map(({ levelId, yes, eligible, members, outcome }) => [levelId, yes, eligible, members, outcome]),
      [['unitCouncil', 2, 3, 3, 'passed'], ['provinceCouncil', 0, 4, 5, 'failed']],
    );
    const tracking = await (await fetch(`${fixture.url}/track/${trackingCode}`)).text();
    assert.ok(
      tracking.includes('Không thông qua: 0 đồng ý, 0 không đồng ý, 0 không biểu quyết, trên 5 thành viên. 1 thành viên xin không tham gia biểu quyết (vẫn tính trong tổng số thành viên). Không đủ số thành viên tham dự.'),
      'the tally on the tracking page',
    );
    const others = ballots.filter((ballot) => ballot !== conflicted);
    const closed = await Promise.all(others.map((ballot) => fixture.harness.runtime.store.tasks.get(ballot.taskId)));
    assert.deepEqual(closed.map((task) => task?.status), ['done', 'done', 'done', 'done'], 'the ballots left open closed with the vote');
    // A member who never voted is told the task closed without them, not that their link was used.
    const unvoted = await fetch(unvotedLink);
    assert.equal(unvoted.status, 410);
    const page = await unvoted.text();
    assert.match(page, /Nhiệm vụ này đã đóng/);
    assert.doesNotMatch(page, /đã được sử dụng|already been used/);
  });
});
