/**
 * What a submission is checked against before it starts a procedure: eligibility on the
 * nominee's award history (and an officer's override), duplicates from other units, the
 * directory resolving every role of the route, and the simplified procedure. Real gateway,
 * Redis, PGlite and workers.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { cookiesOf, hiddenValue, sampleFiles, startGatewayFixture, validNomination, type GatewayFixture } from '../support/gateway.ts';
import { submitThroughApi, taskPages } from '../support/task-pages.ts';
import { waitFor } from '../support/wait.ts';

let fixture: GatewayFixture;
let pages: ReturnType<typeof taskPages>;
before(async () => {
  fixture = await startGatewayFixture();
  pages = taskPages(fixture);
});
after(async () => {
  await fixture?.close();
});

type ErrorBody = { error: string; message: string; fields?: Array<{ field: string; message: string }> };

/** A request that must be refused with 422 and store nothing; its body. */
async function refused(body: Record<string, unknown>, code: string): Promise<ErrorBody> {
  const before = await fixture.counts();
  const response = await fixture.submitJson(body);
  const answer = (await response.json()) as ErrorBody;
  assert.equal(response.status, 422, JSON.stringify(answer));
  assert.equal(answer.error, code);
  assert.deepEqual(await fixture.counts(), before, 'nothing is stored');
  return answer;
}

function importHistory(body: unknown) {
  return fetch(`${fixture.url}/api/award-history`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** A national emulation soldier nominee whose provincial titles are 2022 and 2024 (2025 missing). */
const identifier = `0241${Date.now() % 100_000_000}`;
const national = (overrides: Record<string, unknown> = {}) =>
  validNomination({ awardTypeId: 'chien-si-thi-dua-toan-quoc', nominee: { kind: 'individual', name: 'Phạm Thị Lan', identifier }, ...overrides });

describe('eligibility at submission', () => {
  before(async () => {
    const response = await importHistory({ nominee: { kind: 'individual', identifier }, entries: [{ awardTypeId: 'chien-si-thi-dua-bo-nganh-tinh', year: 2022 }, { awardTypeId: 'chien-si-thi-dua-bo-nganh-tinh', year: 2024 }] });
    assert.equal(response.status, 201);
  });

  it('when the history lacks a required title, then 422 names the rule and the missing year, and nothing is stored', async () => {
    const body = await refused(national(), 'not_eligible');
    assert.equal(body.fields![0]!.field, 'eligibility');
    assert.match(body.fields![0]!.message, /Needs 2 consecutive times Ministerial \/ Provincial Emulation Soldier; missing 2025 \(rule chien-si-thi-dua-toan-quoc\/consecutive-chien-si-thi-dua-bo-nganh-tinh\)/);
  });

  it('when the history holds a disciplinary measure against the award, then the submission is accepted without a word of it, the API never shows it, and the reviewers see it', async () => {
    const disciplined = `0361${Date.now() % 100_000_000}`;
    const imported = await importHistory({ nominee: { kind: 'individual', identifier: disciplined }, entries: [{ year: 2025, disciplined: true }] });
    assert.equal(imported.status, 201);
    const response = await fixture.submitJson(validNomination({ nominee: { kind: 'individual', name: 'Bùi Văn Tư', identifier: disciplined } }));
    const answer = await response.text();
    assert.equal(response.status, 202, answer);
    const { nominationId } = JSON.parse(answer) as { nominationId: string };
    const instanceId = (await fixture.harness.runtime.store.nominations.get(nominationId))!.instanceId!;
    const details = await pages.details<{ eligibility: Record<string, unknown> }>(nominationId);
    for (const shown of [answer, JSON.stringify(details)]) assert.doesNotMatch(shown, /discipline|kỷ luật|Disciplined/i, 'nothing about discipline is shown');
    assert.equal(details.eligibility.eligible, true, 'as far as the public answer goes');

    const [task] = await waitFor(
      async () => (await fixture.harness.runtime.store.tasks.listByInstance(instanceId)).filter((entry) => entry.status === 'open'),
      (open) => open.length > 0,
      { what: 'the first reviewer task' },
    );
    const page = (await pages.openPage(task!)).page;
    assert.match(page, /<div class="notice warning" role="alert" id="disciplinary-record"><h2>Kỷ luật: /);
    assert.match(page, /no-discipline/);
  });

  it('when an officer overrides with a reason, then it is accepted and the override and the failures are recorded in the details, the start event and the task page', async () => {
    const reason = 'Quyết định năm 2025 đã ký, chưa cập nhật vào hệ thống.';
    const { nominationId, instanceId, trackingCode } = await submitThroughApi(fixture, national({ eligibilityOverride: { by: 'truong-ban@ban-tdkt.bacgiang.example', reason } }));
    const details = await pages.details<{
      flags: { eligibilityOverridden: boolean };
      eligibility: { eligible: boolean; failures: Array<{ ruleId: string; missingYears: number[] }>; override: { by: string; reason: string } };
      history: Array<{ type: string; audit?: { eligibilityOverride: { reason: string; failures: Array<{ ruleId: string }> } } }>;
    }>(nominationId);
    assert.equal(details.flags.eligibilityOverridden, true);
    assert.equal(details.eligibility.eligible, false);
    assert.deepEqual(details.eligibility.failures.map((failure) => [failure.ruleId, failure.missingYears]), [['chien-si-thi-dua-toan-quoc/consecutive-chien-si-thi-dua-bo-nganh-tinh', [2025]]]);
    assert.deepEqual([details.eligibility.override.by, details.eligibility.override.reason], ['truong-ban@ban-tdkt.bacgiang.example', reason]);
    const audit = details.history[0]!.audit!.eligibilityOverride;
    assert.equal(audit.reason, reason);
    assert.deepEqual(audit.failures.map((failure) => failure.ruleId), ['chien-si-thi-dua-toan-quoc/consecutive-chien-si-thi-dua-bo-nganh-tinh']);
    const [ballot] = await pages.openTasks(instanceId, 'unitCouncil');
    const page = (await pages.openPage(ballot!)).page;
    assert.match(page, /Ngoại lệ về điều kiện, theo lời đơn vị đề nghị/);
    assert.match(page, /Đơn vị đề nghị cho biết truong-ban@ban-tdkt\.bacgiang\.example đã chấp thuận/);
    assert.match(page, /chưa được ai xác nhận trên Vinh Danh\. Hãy kiểm tra với truong-ban@ban-tdkt\.bacgiang\.example/, 'anyone may write an official\'s name: the page says it is the submitter\'s word');
    assert.ok(page.includes(reason) && page.includes('thiếu các năm 2025'));
    assert.ok((await (await fetch(`${fixture.url}/track/${trackingCode}`)).status) === 200);
  });

  it('when the override names a member of a council, then that member\'s own ballot page asks them to vote against it if they did not accept it; the others\' pages say it is unconfirmed', async () => {
    const reason = 'Đã được Chủ tịch Hội đồng đồng ý.';
    // A nominee with no history at all: every rule fails, so the override is kept.
    const nominee = { kind: 'individual', name: 'Vũ Văn Nam', identifier: `0521${Date.now() % 100_000_000}` };
    const probe = await submitThroughApi(fixture, national({ nominee, eligibilityOverride: { by: 'truong-ban@ban-tdkt.bacgiang.example', reason } }));
    const members = (await pages.openTasks(probe.instanceId, 'unitCouncil', 3)).map((task) => task.assignee);
    const named = members[1]!;
    const other = { ...nominee, identifier: `0522${Date.now() % 100_000_000}` };
    const { instanceId } = await submitThroughApi(fixture, national({ nominee: other, eligibilityOverride: { by: named.toUpperCase(), reason } }));
    const ballots = await pages.openTasks(instanceId, 'unitCouncil', 3);
    const own = (await pages.openPage(ballots.find((task) => task.assignee === named)!)).page;
    assert.match(own, /Ông\/Bà được nêu tên là người đã chấp thuận ngoại lệ này\. Nếu Ông\/Bà không chấp thuận, hãy bỏ phiếu không đồng ý và báo cho Hội đồng\./, 'a ballot page asks for what a ballot can do');
    const another = (await pages.openPage(ballots.find((task) => task.assignee !== named)!)).page;
    assert.match(another, /chưa được ai xác nhận trên Vinh Danh/);
    assert.doesNotMatch(another, /được nêu tên là người đã chấp thuận/);
  });

  it('when the override names someone who does not review this nomination, then 422 says so at the field and nothing is stored', async () => {
    const reason = 'Tôi tự chấp thuận.';
    // A stranger, and the head of another department of the same province (an official, but not of this route).
    for (const by of ['ai-do@example.com', 'pho-giam-doc@sogddt.bacgiang.example']) {
      const body = await refused(national({ eligibilityOverride: { by, reason } }), 'override_not_on_route');
      assert.deepEqual(body.fields!.map((field) => field.field), ['eligibilityOverride.by']);
      assert.match(body.fields![0]!.message, /must be one of the officials who review this nomination/);
    }
    // An eligible nominee needs no override: one naming anybody is simply not kept.
    const eligible = await fixture.submitJson(validNomination({ eligibilityOverride: { by: 'ai-do@example.com', reason } }));
    assert.equal(eligible.status, 202);
  });

  it('when the form is sent for an ineligible nominee, then the override section lists the failing rule; filled in, the nomination goes through', async () => {
    const opened = await fetch(`${fixture.url}/nominations/new`);
    const cookie = cookiesOf(opened);
    const csrf = hiddenValue(await opened.text(), '_csrf');
    const fields = {
      _csrf: csrf, nomineeKind: 'individual', nomineeName: 'Phạm Thị Lan', nomineeIdentifier: identifier, unitId: 'so-noi-vu-bac-giang',
      awardTypeId: 'chien-si-thi-dua-toan-quoc', period: '2025', achievementSummary: 'Sáng kiến cấp toàn quốc.', contactName: 'Lê Mai', contactEmail: 'mai@sonoivu.bacgiang.example',
    };
    const post = (extra: Record<string, string>) =>
      fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ ...fields, ...extra }).toString() });
    const refusedPage = await post({});
    assert.equal(refusedPage.status, 422);
    const page = await refusedPage.text();
    assert.match(page, /<a href="#eligibility">Điều kiện khen thưởng: /);
    assert.match(page, /id="eligibility-error"[\s\S]*thiếu các năm 2025/);
    const stranger = await post({ overrideBy: 'ai-do@example.com', overrideReason: 'Đã có quyết định năm 2025.' });
    assert.equal(stranger.status, 422);
    assert.match(await stranger.text(), /id="overrideBy-error"[\s\S]*phải là một trong những người xét duyệt hồ sơ này/);
    const overridden = await post({ overrideBy: 'truong-ban@ban-tdkt.bacgiang.example', overrideReason: 'Đã có quyết định năm 2025.' });
    assert.equal(overridden.status, 200);
    assert.match(await overridden.text(), /Chấp thuận ngoại lệ về điều kiện/);
  });

  it('when history entries are malformed or unknown, then 400 or 422 names them; a re-run import adds nothing', async () => {
    const bad = await importHistory({ nominee: { kind: 'individual', identifier }, entries: [{ awardTypeId: 'giai-nobel', year: 2020 }, { year: 2021 }] });
    assert.equal(bad.status, 422);
    const fields = ((await bad.json()) as ErrorBody).fields!.map((field) => field.field);
    assert.deepEqual(fields, ['entries.0.awardTypeId', 'entries.1.awardTypeId']);
    assert.equal((await importHistory({ nominee: { kind: 'robot', identifier }, entries: [] })).status, 400);
    const again = await importHistory({ nominee: { kind: 'individual', identifier: ` ${identifier.slice(0, 4)}-${identifier.slice(4)} ` }, entries: [{ awardTypeId: 'chien-si-thi-dua-bo-nganh-tinh', year: 2022 }] });
    assert.deepEqual(await again.json().then((body) => [(body as { recorded: number }).recorded, (body as { nomineeKey: string }).nomineeKey]), [0, `individual:${identifier}`]);
  });
});

describe('share rules at submission', () => {
  type Details = { eligibility: { eligible: boolean; unchecked: Array<{ ruleId: string }>; unitFigures?: Record<string, unknown> } };
  const collective = (unitFigures?: Record<string, unknown>, name = `Phòng ${randomUUID().slice(0, 8)}`) =>
    validNomination({ awardTypeId: 'tap-the-lao-dong-xuat-sac', nominee: { kind: 'collective', name, identifier: `PB-${randomUUID().slice(0, 8)}` }, ...(unitFigures ? { unitFigures } : {}) });

  it('when a collective gives its figures and too few members hold the title, then 422 names the rule on unitFigures and nothing is stored; enough, and the figures are recorded for the reviewers', async () => {
    const short = await refused(collective({ headcount: 10, memberTitles: { 'lao-dong-tien-tien': 6, 'chien-si-thi-dua-co-so': 1 } }), 'not_eligible');
    assert.deepEqual(short.fields!.map((field) => field.field), ['unitFigures']);
    assert.match(short.fields![0]!.message, /Needs at least 70% of members with Advanced Worker \/ Advanced Soldier; has 6\/10 \(rule tap-the-lao-dong-xuat-sac\/members-lao-dong-tien-tien\)/);
    const noSoldier = await refused(collective({ headcount: 10, memberTitles: { 'lao-dong-tien-tien': 8, 'chien-si-thi-dua-co-so': 0 } }), 'not_eligible');
    assert.match(noSoldier.fields![0]!.message, /tap-the-lao-dong-xuat-sac\/member-chien-si-thi-dua-co-so/);

    const { nominationId, instanceId } = await submitThroughApi(fixture, collective({ headcount: 10, memberTitles: { 'lao-dong-tien-tien': 7, 'chien-si-thi-dua-co-so': 1 } }));
    const details = await pages.details<Details>(nominationId);
    assert.equal(details.eligibility.eligible, true);
    assert.deepEqual(details.eligibility.unchecked, [], 'checked, not left to the reviewers');
    assert.deepEqual(details.eligibility.unitFigures, { headcount: 10, memberTitles: { 'lao-dong-tien-tien': 7, 'chien-si-thi-dua-co-so': 1 }, alreadyNominated: 0 });
    const [task] = await waitFor(
      async () => (await fixture.harness.runtime.store.tasks.listByInstance(instanceId)).filter((entry) => entry.status === 'open'),
      (open) => open.length > 0,
      { what: 'the first reviewer task' },
    );
    const page = (await pages.openPage(task!)).page;
    assert.match(page, /id="unit-figures"[\s\S]*Quân số 10; Lao động tiên tiến 7; Chiến sĩ thi đua cơ sở 1; số đề nghị trước đó của đơn vị cho hình thức và năm này khi nộp: 0\./);
    assert.doesNotMatch(page, /Điều kiện cần người xét duyệt kiểm tra/);

    // Without figures the share rules are left to the reviewers, as before.
    const without = await submitThroughApi(fixture, collective());
    const left = await pages.details<Details>(without.nominationId);
    assert.deepEqual(left.eligibility.unchecked.map((rule) => rule.ruleId), ['tap-the-lao-dong-xuat-sac/members-lao-dong-tien-tien', 'tap-the-lao-dong-xuat-sac/member-chien-si-thi-dua-co-so']);
    assert.equal(left.eligibility.unitFigures, undefined);
  });

  it('when a unit proposes Chiến sĩ thi đua cơ sở beyond 15% of its Advanced Workers, counting its nominations still running, then the one over is refused unless an official of the route overrides it', async () => {
    const unitFigures = { headcount: 20, memberTitles: { 'lao-dong-tien-tien': 13 } }; // 15% of 13: at most 1
    const soldier = async () => {
      const nomineeId = `0412${String(Date.now() % 100_000_000).padStart(8, '0')}${randomUUID().slice(0, 2)}`.replace(/[a-f]/g, '7');
      assert.equal((await importHistory({ nominee: { kind: 'individual', identifier: nomineeId }, entries: [{ awardTypeId: 'lao-dong-tien-tien', year: 2024 }] })).status, 201);
      return validNomination({ awardTypeId: 'chien-si-thi-dua-co-so', period: '2024', nominee: { kind: 'individual', name: 'Đặng Văn Quý', identifier: nomineeId }, unitFigures });
    };
    const first = await submitThroughApi(fixture, await soldier());
    assert.equal((await pages.details<Details>(first.nominationId)).eligibility.unitFigures?.alreadyNominated, 0);

    const over = await refused(await soldier(), 'not_eligible');
    assert.deepEqual(over.fields!.map((field) => field.field), ['unitFigures']);
    assert.match(over.fields![0]!.message, /Over the 15% share: a unit with 13 holders of Advanced Worker \/ Advanced Soldier may have at most 1, 1 already nominated \(rule chien-si-thi-dua-co-so\/unit-share\)/);

    const overridden = await submitThroughApi(fixture, { ...(await soldier()), eligibilityOverride: { by: 'giam-doc@sonoivu.bacgiang.example', reason: 'Đơn vị được giao thêm chỉ tiêu năm 2024.' } });
    const details = await pages.details<{ eligibility: { failures: Array<{ ruleId: string }>; unitFigures: { alreadyNominated: number } } }>(overridden.nominationId);
    assert.deepEqual(details.eligibility.failures.map((failure) => failure.ruleId), ['chien-si-thi-dua-co-so/unit-share']);
    assert.equal(details.eligibility.unitFigures.alreadyNominated, 1);

    // A nomination withdrawn frees its place: the two running still fill the share.
    await fixture.harness.runtime.store.nominations.setStatus(first.nominationId, 'withdrawn');
    await fixture.harness.runtime.store.nominations.setStatus(overridden.nominationId, 'withdrawn');
    const freed = await submitThroughApi(fixture, await soldier());
    assert.equal((await pages.details<Details>(freed.nominationId)).eligibility.unitFigures?.alreadyNominated, 0);
  });

  it('when the figures are not whole numbers, below their minimum, over the headcount or of an unknown title, then 400 names each and nothing is stored', async () => {
    const before = await fixture.counts();
    for (const [unitFigures, field, message] of [
      [{ headcount: 0 }, 'unitFigures.headcount', /Must be at least 1/],
      [{ headcount: 12.5 }, 'unitFigures.headcount', /Must be a whole number/],
      [{ headcount: '12' }, 'unitFigures.headcount', /Must be a whole number/],
      [{ memberTitles: { 'lao-dong-tien-tien': 3 } }, 'unitFigures.headcount', /Enter this information/],
      [{ headcount: 5, memberTitles: { 'lao-dong-tien-tien': 6 } }, 'unitFigures.memberTitles.lao-dong-tien-tien', /Cannot be more than the headcount \(5\)/],
      [{ headcount: 5, memberTitles: { 'giai-nobel': 1 } }, 'unitFigures.memberTitles.giai-nobel', /This field is not accepted/],
      [{ headcount: 5, memberTitles: { 'lao-dong-tien-tien': -1 } }, 'unitFigures.memberTitles.lao-dong-tien-tien', /Must be at least 0/],
    ] as const) {
      const response = await fixture.submitJson(collective(unitFigures as Record<string, unknown>));
      const answer = (await response.json()) as ErrorBody;
      assert.equal(response.status, 400, JSON.stringify(answer));
      assert.deepEqual(answer.fields!.map((entry) => entry.field), [field], JSON.stringify(unitFigures));
      assert.match(answer.fields![0]!.message, message);
    }
    assert.deepEqual(await fixture.counts(), before, 'nothing is stored');
  });

  it('when the figures leave out a title the award\'s share rules count, then 422 asks for it; given for an award without share rules, they are not kept', async () => {
    const lacking = await refused(collective({ headcount: 10, memberTitles: { 'lao-dong-tien-tien': 8 } }), 'unprocessable');
    assert.deepEqual(lacking.fields!.map((field) => field.field), ['unitFigures.memberTitles.chien-si-thi-dua-co-so']);
    assert.match(lacking.fields![0]!.message, /Enter how many hold this title/);
    const headcountOnly = await refused(validNomination({ awardTypeId: 'chien-si-thi-dua-co-so', unitFigures: { headcount: 40 } }), 'unprocessable');
    assert.deepEqual(headcountOnly.fields!.map((field) => field.field), ['unitFigures.memberTitles.lao-dong-tien-tien']);

    const { nominationId } = await submitThroughApi(fixture, validNomination({
      nominee: { kind: 'individual', name: 'Tô Văn Bảy', identifier: `0591${Date.now() % 100_000_000}` },
      unitFigures: { headcount: 40, memberTitles: { 'lao-dong-tien-tien': 30 } },
    }));
    const details = await pages.details<Details>(nominationId);
    assert.equal(details.eligibility.unitFigures, undefined, 'a Bằng khen has no share rule: nothing was checked on them');
  });

  it('when the form is sent with the unit\'s figures, then the answers page shows them and the nomination records them; a count that is not a number is named at its input', async () => {
    const opened = await fetch(`${fixture.url}/nominations/new`);
    const cookie = cookiesOf(opened);
    const form = await opened.text();
    assert.match(form, /<label for="headcount">Quân số<\/label>/);
    const fields = {
      _csrf: hiddenValue(form, '_csrf'), nomineeKind: 'collective', nomineeName: 'Phòng Công chức', nomineeIdentifier: `PCC-${randomUUID().slice(0, 8)}`, unitId: 'so-noi-vu-bac-giang',
      awardTypeId: 'tap-the-lao-dong-xuat-sac', period: '2025', achievementSummary: 'Hoàn thành xuất sắc nhiệm vụ.', contactName: 'Lê Mai', contactEmail: 'mai@sonoivu.bacgiang.example',
    };
    const post = (extra: Record<string, string>) =>
      fetch(`${fixture.url}/nominations/review`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ ...fields, ...extra }).toString() });
    const typo = await post({ headcount: '12 người', laoDongTienTien: '10', chienSiThiDuaCoSo: '1' });
    assert.equal(typo.status, 400);
    assert.match(await typo.text(), /id="headcount-error"[\s\S]*Phải là số nguyên/);
    const tooFew = await post({ headcount: '12', laoDongTienTien: '5', chienSiThiDuaCoSo: '1' });
    assert.equal(tooFew.status, 422);
    assert.match(await tooFew.text(), /id="headcount-error"[\s\S]*Cần ít nhất 70% thành viên đạt Lao động tiên tiến \/ Chiến sĩ tiên tiến; hiện có 5\/12/);
    const good = await post({ headcount: '12', laoDongTienTien: '10', chienSiThiDuaCoSo: '1' });
    assert.equal(good.status, 200);
    assert.match(await good.text(), /Số liệu của đơn vị<\/dt><dd>Quân số 12; Lao động tiên tiến 10; Chiến sĩ thi đua cơ sở 1<\/dd>/);
  });
});

describe('the dossier at submission', () => {
  const pdf = (filename: string, item?: string) => ({ filename, contentType: 'application/pdf', contentBase64: sampleFiles.pdf.toString('base64'), ...(item ? { item } : {}) });

  it('when files are given as dossier items, then the nomination holds which file is which, and a required item missing is flagged to the reviewer beside the files', async () => {
    const { nominationId, instanceId } = await submitThroughApi(fixture, validNomination({
      nominee: { kind: 'individual', name: 'Lý Thị Hồng', identifier: `0581${Date.now() % 100_000_000}` },
      attachments: [pdf('To trinh.pdf', 'toTrinh'), pdf('Anh.pdf')],
    }));
    type Dossier = { items: Array<{ id: string; recordedBy: string; attachmentIds: string[] }>; missing: string[]; untagged: string[] };
    const details = await pages.details<{ dossier: Dossier; attachments: Array<{ attachmentId: string; filename: string }> }>(nominationId);
    const fileId = (name: string) => details.attachments.find((file) => file.filename === name)!.attachmentId;
    assert.deepEqual(details.dossier.items.find((item) => item.id === 'toTrinh')?.attachmentIds, [fileId('To trinh.pdf')]);
    assert.equal(details.dossier.items.find((item) => item.id === 'bienBanHoiDong')?.recordedBy, 'procedure', 'the unit council votes here: its tally is the record');
    assert.deepEqual(details.dossier.missing, ['baoCaoThanhTich']);
    assert.deepEqual(details.dossier.untagged, [fileId('Anh.pdf')]);

    const [task] = await waitFor(
      async () => (await fixture.harness.runtime.store.tasks.listByInstance(instanceId)).filter((entry) => entry.status === 'open'),
      (open) => open.length > 0,
      { what: 'the first reviewer task' },
    );
    const page = (await pages.openPage(task!)).page;
    assert.match(page, /id="dossier-missing"[\s\S]*<li>Báo cáo thành tích, có xác nhận của cấp trình khen thưởng<\/li>/);
    assert.match(page, /<li data-item="toTrinh">Tờ trình đề nghị khen thưởng \(bắt buộc\)<ul class="files"><li><a href="\/tasks\/[^"]+\/attachments\/[0-9a-f-]+" download>[^<]*To trinh\.pdf/);
    assert.match(page, /<li data-item="baoCaoThanhTich">[^<]*\(bắt buộc\) — <strong class="missing">còn thiếu<\/strong>/);
    assert.match(page, /<li data-item="bienBanHoiDong">[^<]*\(bắt buộc\) — do quy trình ghi nhận/);
    assert.match(page, /<h3>Tệp chưa được phân loại<\/h3><ul class="files"><li><a [^>]*>[^<]*Anh\.pdf/);
  });

  it('when a file is given as an item the award\'s dossier does not have, then 422 names the file and the items it may be, and nothing is stored', async () => {
    const body = await refused(validNomination({ attachments: [pdf('To trinh.pdf', 'toTrinh'), pdf('Sang kien.pdf', 'sangKienToanQuoc')] }), 'unprocessable');
    assert.deepEqual(body.fields!.map((field) => field.field), ['attachments.1.item']);
    assert.match(body.fields![0]!.message, /“Sang kien\.pdf”: Is not an item of this award’s dossier; it may be one of: toTrinh \(Proposal letter \(tờ trình\)\), baoCaoThanhTich \(/);
  });
});

describe('award history import', () => {
  it('when one entry holds a control or NUL character, then 400 names it and none of the entries is stored', async () => {
    const someone = `0019${Date.now() % 100_000_000}`;
    const entries = (decisionNumber: string) => [
      { awardTypeId: 'giay-khen', year: 2019 },
      { awardTypeId: 'giay-khen', year: 2021, decisionNumber },
    ];
    const nul = await importHistory({ nominee: { kind: 'individual', identifier: someone }, entries: entries('12\u0000/QĐ') });
    assert.equal(nul.status, 400);
    assert.match(((await nul.json()) as ErrorBody).message, /entries\.1\.decisionNumber: contains a NUL character/);
    const bell = await importHistory({ nominee: { kind: 'individual', identifier: someone }, entries: entries('12\u0007/QĐ') });
    assert.equal(bell.status, 400);
    assert.deepEqual(((await bell.json()) as ErrorBody).fields!.map((field) => field.field), ['entries.1.decisionNumber']);
    assert.deepEqual(await fixture.harness.runtime.store.awardHistory.listByNominee(`individual:${someone}`), []);
    const good = await importHistory({ nominee: { kind: 'individual', identifier: someone }, entries: entries('12/QĐ-UBND') });
    assert.equal(good.status, 201);
    assert.equal(((await good.json()) as { recorded: number }).recorded, 2);
  });
});

describe('award history import: dates, years and sizes', () => {
  const fieldsOf = async (response: Response) => ((await response.json()) as ErrorBody).fields!.map((field) => [field.field, field.message]);
  it('when a decision date lies outside the award year to next year, a year is not a year, or there are too many entries, then 400 says so in words about them and nothing is stored', async () => {
    const someone = `0031${Date.now() % 100_000_000}`;
    const nominee = { kind: 'individual', identifier: someone };
    const early = await importHistory({ nominee, entries: [{ awardTypeId: 'giay-khen', year: 2021 }, { awardTypeId: 'giay-khen', year: 2024, decisionDate: '0000-01-01' }] });
    assert.equal(early.status, 400, 'a year-0000 date is refused, not a database error');
    assert.deepEqual((await fieldsOf(early)).map(([field]) => field), ['entries.1.decisionDate']);
    for (const impossible of ['2024-13-01', '2024-00-10', '2024-02-30', '2024-99-99', '2024-01-00']) {
      const refused = await importHistory({ nominee, entries: [{ awardTypeId: 'giay-khen', year: 2024, decisionDate: impossible }] });
      assert.equal(refused.status, 400, `${impossible} is no day: a 400, not a 500`);
      assert.deepEqual((await fieldsOf(refused)).map(([field]) => field), ['entries.0.decisionDate']);
    }
    const late = await importHistory({ nominee, entries: [{ awardTypeId: 'giay-khen', year: 2024, decisionDate: '9999-12-31' }] });
    assert.match(JSON.stringify(await fieldsOf(late)), /from 1 January of the award's year/);
    const huge = await importHistory({ nominee, entries: [{ awardTypeId: 'giay-khen', year: 1e308 }, { awardTypeId: 'giay-khen', year: 9007199254740993 }] });
    assert.equal(huge.status, 400);
    assert.ok((await fieldsOf(huge)).every(([, message]) => /year from 1945/.test(String(message))), 'a year is named as a year');
    const many = await importHistory({ nominee, entries: Array.from({ length: 51 }, (_, index) => ({ awardTypeId: 'giay-khen', year: 1950 + index })) });
    assert.equal(many.status, 400);
    assert.match(JSON.stringify(await fieldsOf(many)), /Send at most 50 entries/);
    assert.deepEqual(await fixture.harness.runtime.store.awardHistory.listByNominee(`individual:${someone}`), []);
    const dated = await importHistory({ nominee, entries: [{ awardTypeId: 'giay-khen', year: 2024, decisionDate: '2025-01-15' }] });
    assert.equal(dated.status, 201);
  });

  it('when a name holds nothing that shows (zero-width spaces) or a right-to-left override, then it is refused as blank or as bad characters', async () => {
    const blank = await fixture.submitJson(validNomination({ nominee: { kind: 'individual', name: '\u200b\u200b', identifier: '024185000111' } }));
    assert.equal(blank.status, 400);
    assert.deepEqual(((await blank.json()) as ErrorBody).fields!.map((field) => field.field), ['nominee.name']);
    const reversed = await fixture.submitJson(validNomination({ nominee: { kind: 'individual', name: 'Nguyễn \u202eVăn An', identifier: '024185000112' } }));
    assert.equal(reversed.status, 400);
    assert.match(JSON.stringify(await reversed.json()), /nominee\.name/);
  });
});

describe('duplicates, directory and procedure', () => {
  it('when another unit already proposed the same nominee for the same award and year, then the nomination is accepted but flagged to the reviewer', async () => {
    const nominee = { kind: 'individual', name: 'Đỗ Văn Đức', identifier: `DUP-${randomUUID().slice(0, 8)}` };
    const first = await submitThroughApi(fixture, validNomination({ nominee }));
    const second = await submitThroughApi(fixture, validNomination({ unitId: 'so-giao-duc-bac-giang', nominee: { ...nominee, name: 'do van  duc' } }));
    const details = await pages.details<{ flags: { duplicate: boolean }; duplicates: Array<Record<string, unknown>> }>(second.nominationId);
    assert.equal(details.flags.duplicate, true);
    assert.deepEqual(details.duplicates, [{ unitId: 'so-noi-vu-bac-giang', status: 'in_review' }]);
    // Whoever names the same nominee gets neither key to the other unit's nomination (its contact, its nominee's identifier).
    const text = JSON.stringify(details);
    assert.ok(!text.includes(first.trackingCode) && !text.includes(first.nominationId), 'the other nomination is not identified');
    assert.equal((await pages.details<{ flags: { duplicate: boolean } }>(first.nominationId)).flags.duplicate, false, 'the first one was not a duplicate when sent');
    const [ballot] = await pages.openTasks(second.instanceId, 'unitCouncil');
    const page = (await pages.openPage(ballot!)).page;
    assert.match(page, /<div class="notice warning" role="alert" id="duplicate-flag"><h2>Cảnh báo: hồ sơ có thể trùng<\/h2>/);
    assert.ok(page.includes(first.trackingCode));
  });

  it('when the same unit proposes the same nominee for the same award and year again, then the second is accepted but flagged, naming the unit\'s first', async () => {
    const nominee = { kind: 'individual', name: 'Phạm Thị Lan', identifier: `DUP-${randomUUID().slice(0, 8)}` };
    const first = await submitThroughApi(fixture, validNomination({ nominee }));
    const again = await submitThroughApi(fixture, validNomination({ nominee }));
    const details = await pages.details<{ flags: { duplicate: boolean }; duplicates: Array<Record<string, unknown>> }>(again.nominationId);
    assert.equal(details.flags.duplicate, true);
    assert.deepEqual(details.duplicates, [{ unitId: 'so-noi-vu-bac-giang', status: 'in_review' }]);
    const [ballot] = await pages.openTasks(again.instanceId, 'unitCouncil');
    const page = (await pages.openPage(ballot!)).page;
    assert.match(page, /id="duplicate-flag"/);
    assert.ok(page.includes(first.trackingCode), "the reviewers see the unit's first nomination");
    assert.equal((await pages.details<{ flags: { duplicate: boolean } }>(first.nominationId)).flags.duplicate, false);
  });

  it('when the unit has no council of its own, then 422 names the role and the unit and nothing is stored', async () => {
    await fixture.harness.runtime.store.units.upsert({
      unitId: 'phong-thu-nghiem', nameVi: 'Phòng Thử nghiệm', nameEn: 'Test office', parentId: 'so-noi-vu-bac-giang',
      approvers: { unitLeader: 'truong-phong@thu-nghiem.example', unitDeputyLeader: 'pho-phong@thu-nghiem.example' },
    });
    const body = await refused(validNomination({ unitId: 'phong-thu-nghiem' }), 'role_unresolvable');
    assert.deepEqual(body.fields!.map((field) => field.field), ['unitId']);
    assert.match(body.fields![0]!.message, /Nobody holds the role "unitCouncil" .*for the unit "phong-thu-nghiem" \(Test office\)/);
  });

  it('when the simplified procedure is asked for an award that does not allow it, then 422 says so; for a Bằng khen it takes the short route', async () => {
    const body = await refused(validNomination({ awardTypeId: 'chien-si-thi-dua-co-so', simplified: true }), 'simplified_not_allowed');
    assert.deepEqual(body.fields!.map((field) => [field.field, field.message]), [['simplified', '"Grassroots Emulation Soldier" cannot be proposed by the simplified procedure.']]);
    const { instanceId, nominationId } = await submitThroughApi(fixture, validNomination({ simplified: true }));
    await pages.openTasks(instanceId, 'unitSubmission');
    const details = await pages.details<{ simplified: boolean; procedure: { route: Array<{ levelId: string }> } }>(nominationId);
    assert.equal(details.simplified, true);
    assert.deepEqual(details.procedure.route.map((level) => level.levelId), ['unitSubmission', 'provinceReview', 'decision']);
    assert.equal((await fixture.submitJson(validNomination({ simplified: 'yes' }))).status, 400);
  });
});
