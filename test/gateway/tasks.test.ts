/**
 * Task pages reached from e-mailed links, end to end: real gateway, Redis, PGlite and workers.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sampleFiles, startGatewayFixture, type GatewayFixture } from '../support/gateway.ts';
import { taskLinkSession } from '../support/task-link-session.ts';
import { postLosingToTimer } from '../support/deadline-race.ts';
import { waitFor } from '../support/wait.ts';

let fixture: GatewayFixture;
const { usedTokens, store, submitted, linkOf, openPage, post, decide, history, assertUnchanged } = taskLinkSession(() => fixture);
before(async () => {
  fixture = await startGatewayFixture();
});
after(async () => {
  await fixture?.close();
});

describe('a decision that races its deadline', () => {
  it('when the deadline passes the task on in the instant before the decision is applied, then the page says it was not counted (409), and the escalation holder has the task', async () => {
    const { instanceId, trackingCode } = await submitted();
    const task = await fixture.openTask(instanceId, 'unitSubmission');
    const { csrf } = await openPage(task);
    // The deadline fires in the instant before the decision is applied: the task passes to the escalation holder.
    const response = await postLosingToTimer(fixture, {
      instanceId,
      eventIds: [`decision-${task.taskId}`],
      timer: (timer) => timer.sendId.includes('levelDeadline'),
      post: async () => post(await linkOf(task), { _csrf: csrf, decision: 'forward' }),
    });
    assert.equal(response.status, 409);
    const page = await response.text();
    assert.match(page, /Quyết định không được tính/);
    assert.match(page, new RegExp(`/track/${trackingCode}`));
    const entry = (await history(instanceId)).find((candidate) => candidate.eventId === `decision-${task.taskId}`);
    assert.equal(entry?.changed, false, 'recorded, and changed nothing');
    const escalated = await fixture.openTask(instanceId, 'unitSubmission');
    assert.notEqual(escalated.taskId, task.taskId, 'the escalation holder\'s task is open');
  });
});

describe('the approval path through task links', () => {
  it('when the head of the unit and the provincial office forward and the Chairman approves through their links, then the nomination is decided with a numbered decision and its full history', async () => {
    const { nominationId, instanceId, trackingCode } = await submitted();
    const leaderTask = await fixture.openTask(instanceId, 'unitSubmission');
    assert.equal(leaderTask.assignee, 'giam-doc@sonoivu.bacgiang.example');
    const leaderPage = await openPage(leaderTask);
    assert.equal(leaderPage.response.status, 200);
    assert.match(leaderPage.page, /Nguyễn Thị Hoa/);
    assert.match(leaderPage.page, /Thủ trưởng đơn vị ký tờ trình đề nghị/);
    assert.match(leaderPage.page, /<form method="post" action="\/tasks\//);
    assert.match(leaderPage.page, /value="forward"/);
    const first = await post(await linkOf(leaderTask), { _csrf: leaderPage.csrf, decision: 'forward', comment: 'Đồng ý đề nghị.' });
    assert.equal(first.status, 200);
    assert.match(await first.text(), /Đã ghi nhận quyết định/);

    const officerTask = await fixture.openTask(instanceId, 'provinceReview');
    assert.equal(officerTask.assignee, 'can-bo.thi-dua@ban-tdkt.bacgiang.example');
    assert.equal((await decide(officerTask, 'forward')).status, 200);

    const decisionTask = await fixture.openTask(instanceId, 'decision');
    assert.equal(decisionTask.assignee, 'chu-tich@ubnd.bacgiang.example');
    const decisionPage = await openPage(decisionTask);
    assert.match(decisionPage.page, /value="approve"/);
    assert.match(decisionPage.page, /value="decline"/);
    assert.equal((await decide(decisionTask, 'approve', 'Tặng Bằng khen.')).status, 200);

    const details = await waitFor(
      async () => (await (await fetch(`${fixture.url}/api/nominations/${nominationId}`)).json()) as {
        status: string;
        state: string;
        openTasks: unknown[];
        procedure: { decision: { decisionNumber: string; amountVnd: number; authority: string } | null };
        history: Array<{ type: string; source: string; actor: string; via: string; changed: boolean; event: { comment?: string } }>;
      },
      (value) => value.state === 'decided',
      { what: 'the nomination decided' },
    );
    assert.equal(details.status, 'approved');
    assert.deepEqual(details.openTasks, []);
    assert.match(details.procedure.decision!.decisionNumber, /^\d+\/QĐ-UBND$/);
    assert.equal(details.procedure.decision!.authority, 'Chủ tịch UBND tỉnh Bắc Giang');
    assert.deepEqual(
      details.history.filter((entry) => entry.source !== 'timer').slice(0, 4).map((entry) => [entry.type, entry.source, entry.actor, entry.via, entry.changed]),
      [
        ['xstate.init', 'api', 'nam.tran@sonoivu.bacgiang.example', details.history[0]!.via, true],
        ['forward', 'task-link', 'giam-doc@sonoivu.bacgiang.example', leaderTask.taskId, true],
        ['forward', 'task-link', 'can-bo.thi-dua@ban-tdkt.bacgiang.example', officerTask.taskId, true],
        ['decide', 'task-link', 'chu-tich@ubnd.bacgiang.example', decisionTask.taskId, true],
      ],
    );
    assert.equal(details.history.at(-1)!.type, 'decisionIssued');
    assert.equal(details.history[1]!.event.comment, 'Đồng ý đề nghị.');
    const tracking = await (await fetch(`${fixture.url}/track/${trackingCode}`)).text();
    assert.ok(tracking.includes(details.procedure.decision!.decisionNumber), 'the decision number is on the tracking page');
  });

  it('when the reviewer asks for changes without a comment, then 400 asks for one and nothing is dispatched', async () => {
    const { instanceId } = await submitted();
    const task = await fixture.openTask(instanceId, 'unitSubmission');
    const response = await decide(task, 'requestChanges', '   ');
    assert.equal(response.status, 400);
    const page = await response.text();
    assert.match(page, /class="error-summary"/);
    assert.match(page, /aria-describedby="comment-hint comment-error"/);
    assert.match(page, /nêu rõ nội dung cần bổ sung/);
    await assertUnchanged(instanceId, 1);
    const noChoice = await decide(task, 'approve-everything');
    assert.equal(noChoice.status, 400);
    await assertUnchanged(instanceId, 1);
  });

  it('when the reviewer asks for changes with a comment, then the submitter gets a resubmit task whose page offers resubmit and withdraw', async () => {
    const { instanceId, trackingCode } = await submitted();
    const task = await fixture.openTask(instanceId, 'unitSubmission');
    const asked = await decide(task, 'requestChanges', 'Bổ sung biên bản họp Hội đồng.');
    assert.equal(asked.status, 200);
    assert.match(await asked.text(), /hồ sơ được trả lại người gửi để bổ sung/, 'not "forwarded"');
    const resubmit = await fixture.openTask(instanceId, 'resubmit');
    assert.equal(resubmit.assignee, 'nam.tran@sonoivu.bacgiang.example');
    const { page } = await openPage(resubmit);
    assert.match(page, /value="resubmit"/);
    assert.match(page, /value="withdraw"/);
    assert.doesNotMatch(page, /value="forward"/);
    assert.match(page, /Bổ sung biên bản họp Hội đồng\./);
    const withdrawn = await decide(resubmit, 'withdraw');
    assert.equal(withdrawn.status, 200);
    assert.match(await withdrawn.text(), /hồ sơ dừng tại đây và người gửi được thông báo/);
    await waitFor(() => store().instances.get(instanceId), (instance) => instance?.stateValue === 'withdrawn', { what: 'withdrawn' });
    const tracking = await (await fetch(`${fixture.url}/track/${trackingCode}`)).text();
    assert.match(tracking, /<li class="level-ended"><span class="visually-hidden">Kết thúc: <\/span>[^<]+ <strong>\(quy trình dừng tại đây\)<\/strong><\/li>/, 'the level it stopped at is not "ahead"');
    const nomination = await store().nominations.getByTrackingCode(trackingCode);
    const api = (await (await fetch(`${fixture.url}/api/nominations/${nomination!.nominationId}`)).json()) as { procedure: { route: Array<{ levelId: string; status: string }> } };
    assert.equal(api.procedure.route.find((level) => level.levelId === 'unitSubmission')?.status, 'ended', 'the API says so too');
  });

  it('when a decision is posted twice at once, then it applies once', async () => {
    const { instanceId } = await submitted();
    const task = await fixture.openTask(instanceId, 'unitSubmission');
    const { csrf } = await openPage(task);
    const answers = await Promise.all([
      post(await linkOf(task), { _csrf: csrf, decision: 'forward' }),
      post(await linkOf(task), { _csrf: csrf, decision: 'reject' }),
    ]);
    assert.deepEqual(answers.map((answer) => answer.status), [200, 200]);
    const pages = await Promise.all(answers.map((answer) => answer.text()));
    assert.equal(pages.filter((page) => page.includes('đã được ghi nhận trước đó')).length, 1);
    const entries = await waitFor(() => history(instanceId), (list) => list.length >= 2, { what: 'the decision applied' });
    assert.deepEqual(entries.map((entry) => entry.eventId).filter((id) => id.startsWith('decision-')), [`decision-${task.taskId}`]);
  });
});

describe('nominations started on nomination-approval', () => {
  it('when a nomination started on the earlier procedure is acted on through its links, then it finishes there, approved', async () => {
    const nominationId = randomUUID();
    const approvers = {
      unitLeader: 'giam-doc@sonoivu.bacgiang.example',
      unitLeaderEscalation: 'pho-giam-doc@sonoivu.bacgiang.example',
      officer: 'can-bo.thi-dua@ban-tdkt.bacgiang.example',
      officerEscalation: 'truong-ban@ban-tdkt.bacgiang.example',
    };
    const { instanceId } = await fixture.harness.runtime.engine.startInstance({
      definitionId: 'nomination-approval',
      input: { nominationId, submitter: 'nam.tran@sonoivu.bacgiang.example', approvers },
      nomination: {
        nominationId,
        trackingCode: 'VD-0A1D-PR0C-0001',
        unitId: 'so-noi-vu-bac-giang',
        awardTypeId: 'bang-khen-bo-nganh-tinh',
        period: '2024',
        nominee: { kind: 'individual', name: 'Vũ Thị Cũ' },
        details: { achievementSummary: 'Nộp trước khi có quy trình mới.' },
      },
    });
    const leaderTask = await fixture.openTask(instanceId, 'unitLeaderReview');
    const { page } = await openPage(leaderTask);
    assert.match(page, /value="approve"/);
    assert.doesNotMatch(page, /value="forward"/);
    assert.equal((await decide(leaderTask, 'approve')).status, 200);
    assert.equal((await decide(await fixture.openTask(instanceId, 'officerReview'), 'approve')).status, 200);
    await waitFor(() => store().instances.get(instanceId), (instance) => instance?.stateValue === 'approved', { what: 'approved on nomination-approval' });
    const tracking = await (await fetch(`${fixture.url}/track/VD-0A1D-PR0C-0001`)).text();
    assert.match(tracking, /Đã được phê duyệt/);
  });
});

describe('what a task page shows', () => {
  it('when the nomination has files, then the task page links them through the token and another nomination\'s file is refused', async () => {
    const withFile = await submitted({
      attachments: [{ filename: 'Báo cáo thành tích.pdf', contentType: 'application/pdf', contentBase64: sampleFiles.pdf.toString('base64') }],
    });
    const other = await submitted({
      attachments: [{ filename: 'khac.png', contentType: 'image/png', contentBase64: sampleFiles.png.toString('base64') }],
    });
    const task = await fixture.openTask(withFile.instanceId, 'unitSubmission');
    const { page } = await openPage(task);
    const href = /href="(\/tasks\/[^"]+\/attachments\/[^"]+)"/.exec(page)?.[1];
    assert.ok(href, 'a download link');
    const file = await fetch(`${fixture.url}${href}`);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'application/pdf');
    assert.match(file.headers.get('content-disposition')!, /^attachment; .*filename\*=UTF-8''B%C3%A1o%20c%C3%A1o/);
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), sampleFiles.pdf);
    const [otherFile] = await store().attachments.listByNomination(other.nominationId);
    assert.equal((await fetch(`${await linkOf(task)}/attachments/${otherFile!.attachmentId}`)).status, 404);
    assert.equal((await fetch(`${fixture.url}/tasks/${randomBytes(32).toString('base64url')}/attachments/${otherFile!.attachmentId}`)).status, 404);
  });

  it('when names and comments hold HTML or script, then task and tracking pages show them escaped', async () => {
    const script = '<script>alert(1)</script>';
    const { instanceId, trackingCode } = await submitted({ nominee: { kind: 'individual', name: `${script}<img src=x onerror=alert(2)>`, identifier: '024185000123' } });
    const task = await fixture.openTask(instanceId, 'unitSubmission');
    const { page } = await openPage(task);
    assert.ok(!page.includes(script) && !page.includes('<img src=x'), 'nothing runs');
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;/);
    assert.equal((await decide(task, 'requestChanges', `"><script>alert(3)</script>`)).status, 200);
    await fixture.openTask(instanceId, 'resubmit');
    const tracking = await (await fetch(`${fixture.url}/track/${trackingCode}`)).text();
    assert.ok(!tracking.includes('<script>'), 'no script in the tracking page');
    assert.match(tracking, /&quot;&gt;&lt;script&gt;alert\(3\)&lt;\/script&gt;/);
  });

  it('when the tracking page is opened, then it tells the step, who holds it and until when, in Vietnamese or English', async () => {
    const { instanceId, trackingCode } = await submitted();
    await fixture.openTask(instanceId, 'unitSubmission');
    const vi = await fetch(`${fixture.url}/track/${trackingCode.toLowerCase()}`);
    const viPage = await vi.text();
    assert.equal(vi.status, 200);
    assert.match(viPage, /<html lang="vi">/);
    assert.match(viPage, /Đang được xem xét/);
    assert.match(viPage, /Thủ trưởng đơn vị ký tờ trình đề nghị <strong>\(đang xử lý\)<\/strong>/);
    assert.match(viPage, /Hạn xử lý/);
    assert.match(viPage, /Hồ sơ được nộp/);
    assert.ok(!viPage.includes('giam-doc@'), 'a role, not an address');
    const en = await fetch(`${fixture.url}/track/${trackingCode}?lang=en`);
    const enPage = await en.text();
    assert.match(enPage, /<html lang="en">/);
    assert.match(enPage, /Being reviewed/);
    assert.match(enPage, /Head of the unit signs the proposal/);
    assert.match(en.headers.get('set-cookie') ?? '', /lang=en/);
    const remembered = await (await fetch(`${fixture.url}/track/${trackingCode}`, { headers: { cookie: 'lang=en' } })).text();
    assert.match(remembered, /<html lang="en">/);
    assert.equal((await fetch(`${fixture.url}/track/VD-0000-0000-0000`)).status, 404);
    const lookup = await fetch(`${fixture.url}/track?code=${trackingCode}`, { redirect: 'manual' });
    assert.equal(lookup.status, 303);
    assert.equal(lookup.headers.get('location'), `/track/${trackingCode}`);
  });

  it('when task pages were used throughout, then no log line carries a task token', () => {
    assert.ok(usedTokens.size > 5);
    const logged = fixture.logLines.join('\n');
    assert.match(logged, /\/tasks\/\[redacted\]/);
    for (const token of usedTokens) assert.ok(!logged.includes(token), 'a token reached the log');
  });
});
