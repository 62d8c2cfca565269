/**
 * A cluster's year-end evaluation through the gateway, end to end: every kind of task acted on
 * through its mailed link, the events reaching the instance as the task's assignee, the year page
 * and the printable record showing what happened. Real gateway, Redis, PGlite and workers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterGatewayForFile, m, sectionOf, sheetFields, trio, type ClusterPages } from '../support/cluster-pages.ts';
import type { GatewayFixture } from '../support/gateway.ts';
import { waitFor } from '../support/wait.ts';

let fixture: GatewayFixture;
let cluster: ClusterPages;
clusterGatewayForFile((started, pages) => {
  fixture = started;
  cluster = pages;
});

const names = { [m.bacGiang]: 'Bắc Giang', [m.bacKan]: 'Bắc Kạn', [m.thaiNguyen]: 'Thái Nguyên' };

describe('a cluster year through its task pages', () => {
  it('when the members sign, assess, cross-score, the chair settles the ranking and the members vote through their links, then the events reach the instance and the year page and the record show the outcome', async () => {
    const clusterId = 'cum-thu-nghiem-trung-du';
    const instanceId = await cluster.start(clusterId);

    // Signing: the agreement's criteria with weights and scales; the confirmation is required.
    const signBacGiang = await cluster.memberTask(instanceId, 'signing', m.bacGiang);
    const { page: signPage } = await cluster.open(signBacGiang);
    assert.match(signPage, /Ký giao ước thi đua năm 2022/);
    assert.match(signPage, /<th scope="row">Thực hiện các chỉ tiêu phát triển kinh tế – xã hội<\/th><td class="num">5<\/td><td>0–10, bước 0,5<\/td>/);
    assert.match(signPage, /<th scope="row">Tham gia hoạt động của Cụm thi đua<\/th><td class="num">1<\/td><td>0–10, bước 1<\/td>/);
    const unconfirmed = await cluster.submit(signBacGiang, {});
    assert.equal(unconfirmed.status, 400);
    assert.match(unconfirmed.page, /class="error-summary"/);
    assert.match(unconfirmed.page, /<p class="field-error" id="agree-error">.*Đánh dấu xác nhận để ký giao ước\./);
    assert.match(await cluster.accepted(signBacGiang, { agree: 'yes' }), /Đã ghi nhận chữ ký giao ước của Tỉnh Bắc Giang\./);
    for (const member of [m.bacKan, m.thaiNguyen]) await cluster.accepted(await cluster.memberTask(instanceId, 'signing', member), { agree: 'yes' });

    // Self-assessment: a score per criterion within its scale, evidence required.
    const selfBacGiang = await cluster.memberTask(instanceId, 'selfAssessment', m.bacGiang);
    const before422 = (await cluster.history(instanceId)).length;
    const offScale = await cluster.submit(selfBacGiang, { ...sheetFields('score.', 8), 'score.phat-trien-kt-xh': '12', evidence: 'bao-cao.pdf' });
    assert.equal(offScale.status, 422);
    assert.match(offScale.page, /Tiêu chí “Thực hiện các chỉ tiêu phát triển kinh tế – xã hội”: 12 nằm ngoài thang điểm 0–10, bước 0,5\./);
    assert.match(offScale.page, /<a href="#score\.phat-trien-kt-xh">/, 'the summary links to the field');
    assert.match(offScale.page, /id="score\.phat-trien-kt-xh-error"/, 'the message is next to the field');
    const offStepEnglish = await cluster.submit(selfBacGiang, { ...sheetFields('score.', 8), 'score.hoat-dong-cum': '7.5', evidence: '' }, { cookie: 'lang=en' });
    assert.equal(offStepEnglish.status, 422);
    assert.match(offStepEnglish.page, /Criterion “Taking part in the cluster’s activities”: 7\.5 is not a step of the scale 0–10 in steps of 1\./);
    assert.match(offStepEnglish.page, /List at least one piece of evidence/);
    const tooFine = await cluster.submit(selfBacGiang, { ...sheetFields('score.', 8), 'score.phat-trien-kt-xh': '10.0000000000000001', evidence: 'bao-cao.pdf' }, { cookie: 'lang=en' });
    assert.equal(tooFine.status, 422, 'a number that only rounds onto the step is off it');
    assert.match(tooFine.page, /10\.0000000000000001 is not a step of the scale 0–10 in steps of 0\.5\./);
    const invisible = await cluster.submit(selfBacGiang, { ...sheetFields('score.', 8), evidence: '\u200b\n\u2060\n\ufeff' });
    assert.equal(invisible.status, 400, 'evidence in which nothing shows is no evidence');
    assert.match(invisible.page, /Nêu ít nhất một minh chứng/);
    const missing = await cluster.submit(selfBacGiang, { evidence: 'bao-cao.pdf' });
    assert.equal(missing.status, 400);
    assert.match(missing.page, /Nhập điểm tiêu chí “Công tác khen thưởng chính xác, kịp thời” \(thang điểm 0–10, bước 0,5\)\./);
    // As much evidence as the page says it accepts (50 lines of 2,000 characters), in Vietnamese, as a browser sends it (CRLF, each
    // character 3 bytes of UTF-8 percent-encoded): read in full, so only the missing score is named.
    const line = 'ệ'.repeat(2000);
    const fullEvidence = Array.from({ length: 50 }, () => line).join('\r\n');
    const { [`score.hoat-dong-cum`]: _left, ...threeScores } = sheetFields('score.', 8);
    const fullButOneScore = await cluster.submit(selfBacGiang, { ...threeScores, evidence: fullEvidence });
    assert.equal(fullButOneScore.status, 400, fullButOneScore.page.slice(0, 300));
    assert.match(fullButOneScore.page, /Nhập điểm tiêu chí “Tham gia hoạt động của Cụm thi đua”/);
    assert.doesNotMatch(fullButOneScore.page, /id="evidence-error"/, 'the evidence passes');
    const oneLineTooMany = await cluster.submit(selfBacGiang, { ...sheetFields('score.', 8), evidence: `${fullEvidence}\r\n${line}` });
    assert.equal(oneLineTooMany.status, 400);
    assert.match(oneLineTooMany.page, /id="evidence-error"/, 'the evidence is named beside its field');
    assert.equal((await cluster.history(instanceId)).length, before422, 'refused forms dispatch nothing');
    await cluster.accepted(selfBacGiang, { ...sheetFields('score.', 8.5), evidence: 'bao-cao-tong-ket-2022.pdf\n\n  Nghị quyết 15/NQ-HĐND  \n' });
    for (const member of [m.bacKan, m.thaiNguyen]) {
      await cluster.accepted(await cluster.memberTask(instanceId, 'selfAssessment', member), { ...sheetFields('score.', 8), evidence: `bao-cao-${member}.pdf` });
    }
    const assessed = await cluster.contextWhen(instanceId, (context) => context.stage === 'crossScoring', 'cross-scoring open');
    assert.deepEqual(assessed.selfAssessments[m.bacGiang], {
      scores: { 'phat-trien-kt-xh': 8.5, 'phong-trao-thi-dua': 8.5, 'cong-tac-khen-thuong': 8.5, 'hoat-dong-cum': 8 },
      evidence: ['bao-cao-tong-ket-2022.pdf', 'Nghị quyết 15/NQ-HĐND'],
    });

    // Cross-scoring: a sheet per member still to score; one at a time is fine.
    const crossBacGiang = await cluster.memberTask(instanceId, 'crossScoring', m.bacGiang);
    const { page: crossPage } = await cluster.open(crossBacGiang);
    assert.match(crossPage, /id="sheet-ubnd-tinh-bac-kan"/);
    assert.match(crossPage, /id="sheet-ubnd-tinh-thai-nguyen"/);
    assert.doesNotMatch(crossPage, /id="sheet-ubnd-tinh-bac-giang"/, 'nobody scores itself');
    assert.match(crossPage, /bao-cao-ubnd-tinh-thai-nguyen\.pdf/, "the member's evidence is beside its sheet");
    const half = await cluster.submit(crossBacGiang, { ...sheetFields(`score.${m.bacKan}.`, 7), [`score.${m.thaiNguyen}.phat-trien-kt-xh`]: '9' });
    assert.equal(half.status, 400, 'a sheet begun is checked in full');
    assert.match(half.page, /Nhập điểm tiêu chí “Tổ chức các phong trào thi đua, thi đua chuyên đề và đột xuất”/);
    const crossOff = await cluster.submit(crossBacGiang, { ...sheetFields(`score.${m.thaiNguyen}.`, 9), [`score.${m.thaiNguyen}.cong-tac-khen-thuong`]: '10,5' });
    assert.equal(crossOff.status, 422);
    assert.match(crossOff.page, /<a href="#score\.ubnd-tinh-thai-nguyen\.cong-tac-khen-thuong">Tỉnh Thái Nguyên — Công tác khen thưởng chính xác, kịp thời: Tiêu chí “Công tác khen thưởng chính xác, kịp thời”: 10,5 nằm ngoài thang điểm 0–10, bước 0,5\.<\/a>/);
    const first = await cluster.accepted(crossBacGiang, sheetFields(`score.${m.bacKan}.`, 7));
    assert.match(first, /Đã ghi nhận 1 bảng điểm chấm chéo/);
    assert.match(first, /Còn 1 đơn vị chưa chấm/);
    assert.match(first, /<a href="\/tasks\/[A-Za-z0-9_-]{43}">Chấm tiếp các đơn vị còn lại<\/a>/);
    await cluster.contextWhen(instanceId, (context) => context.crossScores[m.bacGiang]?.[m.bacKan] !== undefined, 'the first sheet applied');
    const { page: rest } = await cluster.open(crossBacGiang);
    assert.doesNotMatch(rest, /id="sheet-ubnd-tinh-bac-kan"/);
    assert.match(rest, /id="sheet-ubnd-tinh-thai-nguyen"/);
    await cluster.accepted(crossBacGiang, sheetFields(`score.${m.thaiNguyen}.`, 9));
    await cluster.accepted(await cluster.memberTask(instanceId, 'crossScoring', m.bacKan), { ...sheetFields(`score.${m.bacGiang}.`, 8), ...sheetFields(`score.${m.thaiNguyen}.`, 9) });
    await cluster.accepted(await cluster.memberTask(instanceId, 'crossScoring', m.thaiNguyen), { ...sheetFields(`score.${m.bacGiang}.`, 8), ...sheetFields(`score.${m.bacKan}.`, 6) });

    // Consolidation: the chair sees the ranking it settles.
    const consolidation = await cluster.memberTask(instanceId, 'consolidation', m.bacGiang);
    const { page: consolidationPage } = await cluster.open(consolidation);
    const rankingRows = [...sectionRows(consolidationPage, 'ranking')];
    assert.deepEqual(rankingRows.map((row) => [row.rank, row.member, row.total]), [['1', 'Thái Nguyên', '90'], ['2', 'Bắc Giang', '80'], ['3', 'Bắc Kạn', '65']]);
    assert.equal((await cluster.submit(consolidation, {})).status, 400);
    // Next year's roles: left to the rotation (Bắc Kạn chairs, Thái Nguyên deputises) unless the meeting chose otherwise.
    assert.match(consolidationPage, /id="nextRoles-hint">Nếu để theo luân phiên, [^,<]*Bắc Kạn làm Trưởng cụm, [^,<]*Thái Nguyên làm Phó trưởng cụm\./);
    assert.match(consolidationPage, /<select id="nextChair" name="nextChair"[^>]*>\s*<option value="">— theo luân phiên —<\/option>/);
    assert.doesNotMatch(consolidationPage, /<option value="[^"]+" selected>/, 'nothing chosen until the chair chooses');
    const halfChoice = await cluster.submit(consolidation, { confirm: 'yes', nextChair: m.thaiNguyen });
    assert.equal(halfChoice.status, 422);
    assert.match(halfChoice.page, /id="nextDeputy-error"[\s\S]*Chọn cả Trưởng cụm và Phó trưởng cụm, hoặc để cả hai theo luân phiên/);
    const same = await cluster.submit(consolidation, { confirm: 'yes', nextChair: m.thaiNguyen, nextDeputy: m.thaiNguyen });
    assert.equal(same.status, 422);
    assert.match(same.page, /id="nextDeputy-error"[\s\S]*Trưởng cụm và Phó trưởng cụm phải là hai thành viên khác nhau/);
    assert.equal((await cluster.submit(consolidation, { confirm: 'yes', nextChair: 'ubnd-tinh-ha-noi', nextDeputy: m.bacKan })).status, 400, 'not a member');
    // The meeting chose Thái Nguyên to chair 2023, Bắc Kạn to deputise.
    assert.match(await cluster.accepted(consolidation, { confirm: 'yes', nextChair: m.thaiNguyen, nextDeputy: m.bacKan }), /Đã chốt bảng xếp hạng tổng hợp/);

    // The secret ballot: candidates only, not oneself.
    const ballotBacGiang = await cluster.memberTask(instanceId, 'voting', m.bacGiang);
    const { page: ballotPage } = await cluster.open(ballotBacGiang);
    assert.match(ballotPage, /Bỏ phiếu kín chọn đơn vị dẫn đầu — vòng 1/);
    assert.match(ballotPage, /Vòng này bầu cho: 1\. Cờ thi đua của Chính phủ\./, 'a round elects one seat: the flag first');
    assert.match(ballotPage, /value="ubnd-tinh-thai-nguyen"/);
    assert.match(ballotPage, /value="ubnd-tinh-bac-kan"/);
    assert.doesNotMatch(ballotPage, /value="ubnd-tinh-bac-giang"/, 'no vote for oneself');
    assert.ok(ballotPage.indexOf('value="ubnd-tinh-thai-nguyen"') < ballotPage.indexOf('value="ubnd-tinh-bac-kan"'), 'candidates in the order of the ranking');
    const ownVote = await cluster.submit(ballotBacGiang, { choice: m.bacGiang });
    assert.equal(ownVote.status, 400);
    assert.match(ownVote.page, /Chọn một đơn vị trong danh sách ứng cử\./);
    const counted = await cluster.accepted(ballotBacGiang, { choice: m.thaiNguyen });
    assert.match(counted, /Phiếu bầu của bạn đã được tính\./);
    assert.ok(!counted.includes('Thái Nguyên') && !counted.includes(m.thaiNguyen), 'the answer does not echo the choice');
    await cluster.accepted(await cluster.memberTask(instanceId, 'voting', m.bacKan), { choice: m.thaiNguyen });
    await cluster.accepted(await cluster.memberTask(instanceId, 'voting', m.thaiNguyen), { choice: m.bacGiang });
    // Two of three for Thái Nguyên: the flag. The certificate is voted in a round of its own.
    // Bắc Kạn voted in round 1, so its open ballot task is round 2's.
    const { page: secondBallot } = await cluster.open(await cluster.memberTask(instanceId, 'voting', m.bacKan));
    assert.match(secondBallot, /vòng 2/);
    assert.match(secondBallot, /Vòng này bầu cho: 2\. Bằng khen của Thủ tướng Chính phủ\./);
    assert.match(secondBallot, /value="ubnd-tinh-bac-giang"/);
    assert.doesNotMatch(secondBallot, /value="ubnd-tinh-thai-nguyen"/, 'the flag\'s holder stands no more');
    await cluster.accepted(await cluster.memberTask(instanceId, 'voting', m.bacKan), { choice: m.bacGiang });
    await cluster.accepted(await cluster.memberTask(instanceId, 'voting', m.thaiNguyen), { choice: m.bacGiang });
    await cluster.accepted(await cluster.memberTask(instanceId, 'voting', m.bacGiang), { choice: m.bacKan });
    const instance = await waitFor(() => fixture.harness.runtime.store.instances.get(instanceId), (current) => current?.status === 'done', { what: 'the evaluation concluded' });
    assert.equal(instance!.stateValue, 'concluded');

    // Every event came through a task link, as the task's assignee; ballots are kept without their choice.
    const fromLinks = (await cluster.history(instanceId)).filter((entry) => entry.meta.source === 'task-link' && entry.changed);
    const tasks = await fixture.harness.runtime.store.tasks.listByInstance(instanceId);
    assert.deepEqual(
      fromLinks.map((entry) => entry.eventType),
      ['sign', 'sign', 'sign', 'selfAssess', 'selfAssess', 'selfAssess', 'crossScore', 'crossScore', 'crossScore', 'crossScore', 'crossScore', 'crossScore', 'consolidate', 'vote', 'vote', 'vote', 'vote', 'vote', 'vote'],
    );
    for (const entry of fromLinks) {
      const task = tasks.find((candidate) => candidate.taskId === entry.meta.via);
      assert.ok(task, `the event ${entry.eventId} came through a task`);
      assert.equal(entry.event.by, task.assignee);
      assert.equal(entry.meta.actor, task.assignee);
    }
    for (const ballot of fromLinks.filter((entry) => entry.eventType === 'vote')) assert.ok(!('choice' in ballot.event), 'a ballot is stored without its choice');

    // The year at a glance.
    const year = await cluster.get(`/clusters/${clusterId}/2022`);
    assert.equal(year.status, 200);
    assert.match(year.page, /Đã hoàn thành\./);
    assert.match(year.page, /Trưởng cụm: .*Bắc Giang\. Phó trưởng cụm: .*Bắc Kạn\./);
    assert.match(year.page, /Năm 2023: Trưởng cụm .*Thái Nguyên, Phó trưởng cụm .*Bắc Kạn\./, 'as the meeting chose, not by the rotation');
    assert.equal((year.page.match(/<td>Đã ký<\/td>/g) ?? []).length, 3, 'who signed');
    assert.match(year.page, /<tr id="member-ubnd-tinh-bac-giang">.*<td class="num">84,5<\/td><td class="num">2\/2<\/td><td class="num">80<\/td><td class="num">2<\/td><\/tr>/, 'self total, sheets received, their mean and the rank');
    assert.match(year.page, /<table class="data-table" id="cross-scores">/);
    const ballot = sectionOf(year.page, 'ballot');
    assert.match(ballot, /<li>.*Thái Nguyên: 2<\/li><li>.*Bắc Giang: 1<\/li><li>.*Bắc Kạn: 0<\/li>/, 'the closed round, as counts');
    assert.match(year.page, /Đề nghị Cờ thi đua của Chính phủ cho .*Thái Nguyên\./);
    assert.match(year.page, /Đề nghị Bằng khen của Thủ tướng Chính phủ cho .*Bắc Giang\./);
    const english = await cluster.get(`/clusters/${clusterId}/2022?lang=en`);
    assert.match(english.page, /<html lang="en">/);
    assert.match(english.page, /Government Emulation Flag proposed for .*Thái Nguyên\./);

    // The printable record.
    const record = await cluster.get(`/clusters/${clusterId}/2022/record`);
    assert.equal(record.status, 200);
    assert.match(record.page, /<h1>Biên bản tổng kết công tác thi đua năm 2022<\/h1>/);
    assert.match(record.page, /<link rel="stylesheet" href="\/assets\/clusters\.css">/);
    const votes = sectionOf(record.page, 'votes');
    assert.match(votes, /<td class="num">1<\/td><td>1\. Cờ thi đua của Chính phủ<\/td><td><ul class="counts"><li>.*Thái Nguyên: 2<\/li>.*<\/ul><\/td><td class="num">3\/3<\/td><td>Có<\/td><td>Đã quyết định<\/td>/);
    assert.match(votes, /<td class="num">2<\/td><td>2\. Bằng khen của Thủ tướng Chính phủ<\/td><td><ul class="counts"><li>.*Bắc Giang: 2<\/li>.*<\/ul><\/td><td class="num">3\/3<\/td>/, 'one seat a round');
    assert.match(record.page, /<ul id="proposals"><li>Đề nghị Cờ thi đua của Chính phủ cho .*Thái Nguyên\.<\/li><li>Đề nghị Bằng khen của Thủ tướng Chính phủ cho .*Bắc Giang\.<\/li><\/ul>/);
    const css = await fetch(`${fixture.url}/assets/clusters.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.match(await css.text(), /@media print/);
  });

  it('when a task was done through its link, then the link cannot act again: a second post answers 410 and changes nothing', async () => {
    const instanceId = await cluster.start('cum-thu-nghiem-lien-ket');
    const task = await cluster.memberTask(instanceId, 'signing', m.bacKan);
    const { csrf } = await cluster.open(task);
    const taskUrl = await fixture.taskUrl(task.taskId);
    const twice = await Promise.all([0, 1].map(() => cluster.pages.post(taskUrl, { _csrf: csrf, agree: 'yes' })));
    assert.deepEqual(twice.map((answer) => answer.status), [200, 200]);
    assert.equal((await Promise.all(twice.map((answer) => answer.text()))).filter((page) => page.includes('đã được ghi nhận trước đó')).length, 1, 'a double post is one event');
    await waitFor(() => fixture.harness.runtime.store.tasks.get(task.taskId), (stored) => stored?.status === 'done', { what: 'the signing task closed' });
    const again = await cluster.pages.post(await fixture.taskUrl(task.taskId), { _csrf: csrf, agree: 'yes' });
    assert.equal(again.status, 410);
    assert.match(await again.text(), /Liên kết này đã được sử dụng/);
    assert.equal((await fetch(await fixture.taskUrl(task.taskId))).status, 410);
    const entries = await waitFor(() => cluster.history(instanceId), (list) => list.filter((entry) => entry.eventType === 'link.refused').length === 2, { what: 'the refusals recorded' });
    assert.deepEqual(entries.filter((entry) => entry.eventType === 'sign').map((entry) => [entry.eventId, entry.changed]), [[`decision-${task.taskId}`, true]]);
    assert.ok(entries.filter((entry) => entry.eventType === 'link.refused').every((entry) => !entry.changed));
    assert.deepEqual((await cluster.context(instanceId)).signatures, [m.bacKan]);
  });
});

describe('the year pages', () => {
  it('when the cluster id or the year is malformed, then 400; when neither the store nor an evaluation has the year, then 404', async () => {
    for (const path of ['/clusters/Cum_Sai/2022', '/clusters/cum-a/22', '/clusters/cum-a/1999', '/clusters/cum-a/2022x', '/clusters/cum--a/2022/record']) {
      const answer = await cluster.get(path);
      assert.equal(answer.status, 400, path);
      assert.match(answer.page, /Mã Cụm hoặc năm không hợp lệ/);
    }
    for (const path of ['/clusters/cum-chua-co/2022', '/clusters/cum-chua-co/2022/record']) {
      const answer = await cluster.get(path);
      assert.equal(answer.status, 404, path);
      assert.match(answer.page, /Không tìm thấy hồ sơ hay kết quả thi đua của Cụm trong năm này\./);
    }
    const english = await cluster.get('/clusters/cum-chua-co/2022?lang=en');
    assert.match(english.page, /There is no record or evaluation of this cluster for this year\./);
  });

  it('when the evaluation is under way, then the year page shows its stage, who signed and who has not', async () => {
    const clusterId = 'cum-thu-nghiem-dang-ky';
    const instanceId = await cluster.start(clusterId);
    await cluster.accepted(await cluster.memberTask(instanceId, 'signing', m.thaiNguyen), { agree: 'yes' });
    await cluster.contextWhen(instanceId, (context) => context.signatures.length === 1, 'one signature');
    const year = await cluster.get(`/clusters/${clusterId}/2022`);
    assert.equal(year.status, 200);
    assert.match(year.page, /Giai đoạn hiện tại: Ký giao ước thi đua\./);
    assert.match(year.page, /<tr id="member-ubnd-tinh-thai-nguyen"><th scope="row">[^<]*Thái Nguyên<\/th><td>Thành viên<\/td><td>Đã ký<\/td>/);
    assert.match(year.page, /<tr id="member-ubnd-tinh-bac-giang"><th scope="row">[^<]*Bắc Giang<\/th><td>Trưởng cụm<\/td><td>Chưa ký<\/td>/);
    assert.match(sectionOf(year.page, 'ballot'), /Chưa đến bước bỏ phiếu\./);
    assert.match(year.page, /Chưa có: đề nghị được lập khi bỏ phiếu kết thúc\./);
    const record = await cluster.get(`/clusters/${clusterId}/2022/record`);
    assert.match(record.page, /Quy trình chưa kết thúc/);
    assert.ok(trio.every((member) => record.page.includes(names[member]!)));
  });
});

/** Rows of a data table: rank, member, total (the ranking's first, second and total columns). */
function* sectionRows(page: string, tableId: string) {
  const table = new RegExp(`<table class="data-table" id="${tableId}">[\\s\\S]*?</table>`).exec(page)?.[0] ?? '';
  for (const row of table.matchAll(/<tr><td class="num">(\d+)<\/td><th scope="row">([^<]*)<\/th>(?:<td class="num">[^<]*<\/td>)*?<td class="num">([^<]*)<\/td><td>[^<]*<\/td><\/tr>/g)) {
    yield { rank: row[1]!, member: row[2]!.replace(/^UBND tỉnh /, '').replace(/^Tỉnh /, ''), total: row[3]! };
  }
}
