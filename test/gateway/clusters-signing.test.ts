/**
 * Signing the cluster's agreement when a member lets its deadline pass, through the gateway: the
 * task escalates to the member's head, who signs through their own link; or the chair proceeds
 * without the signature, giving a reason. Deadlines of seconds so the engine's timers fire;
 * real gateway, Redis, PGlite and workers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedContacts } from '@vinh-danh/workflows';
import { clusterGatewayForFile, m, type ClusterPages } from '../support/cluster-pages.ts';
import type { GatewayFixture } from '../support/gateway.ts';

let fixture: GatewayFixture;
let cluster: ClusterPages;
clusterGatewayForFile((started, pages) => {
  fixture = started;
  cluster = pages;
});

const headOf = (memberId: string) => seedContacts([memberId])[0]!.head;
/** Two seconds to sign, then the head's window; every other deadline stays at its default (days). */
const deadlines = (escalationWindowMs: number) => ({ signingMs: 2000, reminderBeforeMs: 400, escalationWindowMs });

describe('signing past the deadline', () => {
  it("when a member does not sign in time, then its link expires and its head signs through the escalated task's link", async () => {
    const instanceId = await cluster.start('cum-thu-nghiem-lanh-dao', deadlines(20_000));
    const late = await cluster.memberTask(instanceId, 'signing', m.thaiNguyen);
    // The link its mail carried, made while the task was open.
    const lateUrl = await fixture.taskUrl(late.taskId);
    for (const member of [m.bacGiang, m.bacKan]) await cluster.accepted(await cluster.memberTask(instanceId, 'signing', member), { agree: 'yes' });
    const escalated = await cluster.taskOf(instanceId, 'signing', headOf(m.thaiNguyen));
    const expired = await fetch(lateUrl);
    assert.equal(expired.status, 410);
    assert.match(await expired.text(), /Liên kết này đã hết hạn/);
    const { page } = await cluster.open(escalated);
    assert.match(page, /Bạn là lãnh đạo của Tỉnh Thái Nguyên: việc này được chuyển đến bạn vì đã quá hạn/);
    await cluster.accepted(escalated, { agree: 'yes' });
    const signed = await cluster.contextWhen(instanceId, (context) => context.stage === 'selfAssessment', 'every member signed');
    assert.deepEqual(signed.signatures, [m.bacGiang, m.bacKan, m.thaiNguyen]);
    const byHead = (await cluster.history(instanceId)).find((entry) => entry.eventType === 'sign' && entry.meta.via === escalated.taskId);
    assert.equal(byHead?.event.by, headOf(m.thaiNguyen));
  });

  it('when a member never signs, then the chair proceeds through its link with a reason, and the year page and the record show the member outside the agreement', async () => {
    const clusterId = 'cum-thu-nghiem-tien-hanh';
    const [instanceId, tooFewId] = [await cluster.start(clusterId, deadlines(1500)), await cluster.start('cum-thu-nghiem-thieu-chu-ky', deadlines(1500))];
    for (const member of [m.bacGiang, m.bacKan]) await cluster.accepted(await cluster.memberTask(instanceId, 'signing', member), { agree: 'yes' });
    await cluster.accepted(await cluster.memberTask(tooFewId, 'signing', m.bacGiang), { agree: 'yes' });

    const proceed = await cluster.memberTask(instanceId, 'proceedWithoutSigning', m.bacGiang);
    const { page } = await cluster.open(proceed);
    assert.match(page, /Đã ký \(2\): Tỉnh Bắc Giang, Tỉnh Bắc Kạn\./);
    assert.match(page, /Chưa ký \(1\): Tỉnh Thái Nguyên\./);
    const blank = await cluster.submit(proceed, { reason: '   ' });
    assert.equal(blank.status, 400);
    assert.match(blank.page, /<p class="field-error" id="reason-error">.*Nêu lý do tiến hành khi chưa đủ chữ ký\./);
    const reason = 'Tỉnh Thái Nguyên chưa gửi giao ước đã ký; Cụm tiến hành với hai đơn vị đã ký.';
    assert.match(await cluster.accepted(proceed, { reason }), /Đã ghi nhận quyết định tiến hành/);
    const proceeded = await cluster.contextWhen(instanceId, (context) => context.stage === 'selfAssessment', 'the cluster proceeded');
    assert.deepEqual(proceeded.waiver, { memberIds: [m.thaiNguyen], by: cluster.representative(m.bacGiang), reason });
    assert.equal(proceeded.members.find((seat) => seat.memberId === m.thaiNguyen)?.status, 'notSigned');

    const year = await cluster.get(`/clusters/${clusterId}/2022`);
    assert.match(year.page, /Giai đoạn hiện tại: Tự đánh giá, chấm điểm\./);
    assert.match(year.page, /<tr id="member-ubnd-tinh-thai-nguyen"><th scope="row">Tỉnh Thái Nguyên<\/th><td>Thành viên<\/td><td>Không ký giao ước<\/td>/);
    assert.match(year.page, /<div class="notice" id="waiver">.*ngoài giao ước: Tỉnh Thái Nguyên\. Lý do:<\/p><blockquote>Tỉnh Thái Nguyên chưa gửi giao ước đã ký; Cụm tiến hành với hai đơn vị đã ký\.<\/blockquote>/);
    const record = await cluster.get(`/clusters/${clusterId}/2022/record`);
    assert.match(record.page, /Các đơn vị không ký giao ước: Tỉnh Thái Nguyên\./);
    assert.match(record.page, /Các đơn vị ký giao ước \(2\): Tỉnh Bắc Giang, Tỉnh Bắc Kạn\./);

    // With one signature the chair cannot proceed: the page says so and a post is refused, changing nothing.
    const tooFew = await cluster.memberTask(tooFewId, 'proceedWithoutSigning', m.bacGiang);
    const { page: tooFewPage } = await cluster.open(tooFew);
    assert.match(tooFewPage, /Mới có 1 đơn vị ký; cần ít nhất 2 đơn vị đã ký để tiến hành\./);
    const historyBefore = (await cluster.history(tooFewId)).length;
    const refused = await cluster.submit(tooFew, { reason: 'Tiến hành.' });
    assert.equal(refused.status, 422);
    assert.match(refused.page, /class="error-summary"/);
    assert.equal((await cluster.history(tooFewId)).length, historyBefore);
    assert.equal((await fixture.harness.runtime.store.tasks.get(tooFew.taskId))?.status, 'open');
  });
});
