import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import type { EffectContext, MailRenderer } from '@vinh-danh/engine';
import { createLogger } from '@vinh-danh/log';
import { createStore, type Store } from '@vinh-danh/store';
import { createTaskLinks } from '@vinh-danh/task-links';
import { escapeHtml } from './mail-content.ts';
import { createMailRenderer } from './mail-renderer.ts';
import { formatDeadline } from './mail-templates.ts';

const publicUrl = 'https://vinhdanh.example.gov.vn';
const taskLinks = createTaskLinks({ secret: 'a-test-secret-that-is-long-enough-000', publicUrl });
const log = createLogger({ service: 'test', level: 'silent' });

/** A renderer whose every mail must go out: null (a moot mail) fails the test. */
const sending =
  (renderer: MailRenderer) =>
  async (...args: Parameters<MailRenderer>) => {
    const mail = await renderer(...args);
    assert.ok(mail, 'the mail is to be sent');
    return mail;
  };

describe('the mail templates', () => {
  let store: Store;
  let renderer: MailRenderer;
  let render: ReturnType<typeof sending>;
  before(async () => {
    store = await createStore({ dataDir: 'memory://' });
    renderer = createMailRenderer({
      taskLinks,
      publicUrl: `${publicUrl}/`,
      store,
      awardTypeName: (id) => (id === 'bang-khen-tinh' ? { vi: 'Bằng khen của Chủ tịch UBND tỉnh', en: "Provincial People's Committee Certificate of Merit" } : null),
    });
    render = sending(renderer);
  });
  after(async () => {
    await store?.close();
  });

  /** The task link a mail's text carries, if any. */
  const linkIn = (text: string) => new RegExp(`${publicUrl}/tasks/[A-Za-z0-9_-]{43}`).exec(text)?.[0];
  /** The task a link opens, by its token's hash as the gateway looks it up. */
  const taskOfLink = async (link: string) => (await store.tasks.getByTokenHash(taskLinks.hashToken(link.split('/tasks/')[1]!)))?.taskId;

  /** A stored nomination, and the context of a mail effect of its instance. */
  async function nomination(nomineeName: string) {
    const nominationId = randomUUID();
    const instanceId = randomUUID();
    const trackingCode = `VD-${nominationId.slice(0, 6).toUpperCase()}`;
    await store.nominations.create({
      nominationId,
      trackingCode,
      unitId: 'so-noi-vu',
      awardTypeId: 'bang-khen-tinh',
      period: '2025',
      nominee: { fullName: nomineeName },
      details: {},
    });
    const context: EffectContext = { effectId: `${instanceId}.1.1`, instanceId, log };
    return { nominationId, instanceId, trackingCode, context };
  }

  it('when a task mail renders, then subject and bodies are Vietnamese then English, with the nominee, award, code, deadline and personal link', async () => {
    const { nominationId, instanceId, trackingCode, context } = await nomination('Nguyễn Thị Ánh Tuyết');
    const dueAt = new Date('2025-05-20T10:00:00Z');
    await store.tasks.create({ taskId: `${instanceId}/unitLeaderReview-1`, instanceId, nominationId, step: 'unitLeaderReview', assignee: 'lanh.dao@donvi.gov.vn', dueAt });
    const mail = await render(
      { template: 'task', to: 'lanh.dao@donvi.gov.vn', taskKey: 'unitLeaderReview-1', data: { step: 'unitLeaderReview' }, nominationId },
      context,
    );
    const link = linkIn(mail.text)!;
    assert.ok(link, 'the mail carries a task link');
    assert.equal(await taskOfLink(link), `${instanceId}/unitLeaderReview-1`, 'the link opens its task');
    assert.equal(
      mail.subject,
      `[Vinh Danh] Hồ sơ đề nghị khen thưởng chờ Ông/Bà xử lý / A nomination awaits your review: Nguyễn Thị Ánh Tuyết – ${trackingCode}`,
    );
    assert.equal(formatDeadline(dueAt), '17:00, 20/05/2025 (GMT+7)');
    for (const body of [mail.text, mail.html!]) {
      assert.ok(body.includes('Kính gửi Ông/Bà,'));
      assert.ok(body.includes('Dear Sir or Madam,'));
      assert.ok(body.includes('Thủ trưởng đơn vị xem xét'));
      assert.ok(body.includes('review by the head of the unit'));
      assert.ok(body.includes('Nguyễn Thị Ánh Tuyết'));
      assert.ok(body.includes('Bằng khen của Chủ tịch UBND tỉnh'));
      assert.ok(body.includes(trackingCode));
      assert.ok(body.includes('17:00, 20/05/2025 (GMT+7)'));
      assert.ok(body.includes(link));
    }
    // Vietnamese comes first, the English right after it.
    assert.ok(mail.text.indexOf('đang chờ Ông/Bà xử lý') < mail.text.indexOf('awaits you at the step'));
    assert.match(mail.text, /Hạn xử lý \/ Deadline: 17:00, 20\/05\/2025 \(GMT\+7\)/);
    assert.match(mail.html!, /<html lang="vi">/);
    assert.match(mail.html!, new RegExp(`<a href="${link}"`));
  });

  it('when two mails name the same task (a task mail, then its reminder), then each carries a random link of its own, both open that task, and only hashes are stored', async () => {
    const { nominationId, instanceId, context } = await nomination('Lý Thị Mai');
    const taskId = `${instanceId}/officerReview-1`;
    await store.tasks.create({ taskId, instanceId, nominationId, step: 'officerReview', assignee: 'can.bo@donvi.gov.vn', dueAt: new Date(Date.now() + 86_400_000) });
    const first = await render({ template: 'task', to: 'can.bo@donvi.gov.vn', taskKey: 'officerReview-1', data: { step: 'officerReview' }, nominationId }, context);
    const reminder = await render({ template: 'reminder', to: 'can.bo@donvi.gov.vn', taskKey: 'officerReview-1', data: { step: 'officerReview' }, nominationId }, context);
    const [one, two] = [linkIn(first.text)!, linkIn(reminder.text)!];
    assert.ok(one && two);
    assert.notEqual(one, two, 'a token of its own per mail');
    assert.equal(await taskOfLink(one), taskId);
    assert.equal(await taskOfLink(two), taskId);
    const token = one.split('/tasks/')[1]!;
    assert.equal(await store.tasks.getByTokenHash(token), null, 'the token itself is not what the store keys on');
    assert.equal((await store.tasks.get(taskId))?.tokenHash, null, 'nor is it kept on the task');
  });

  it('when a mail names a task that has closed (a reminder retried after the approval), then it is moot (null, not sent), with or without links; a notice naming no task still goes', async () => {
    const { nominationId, instanceId, context } = await nomination('Đỗ Văn Hùng');
    const taskId = `${instanceId}/unitLeaderReview-1`;
    const dueAt = new Date(Date.now() + 86_400_000);
    await store.tasks.create({ taskId, instanceId, nominationId, step: 'unitLeaderReview', assignee: 'lanh.dao@donvi.gov.vn', dueAt });
    await store.tasks.close(taskId, 'done', 'approve');
    const reminder = { template: 'reminder', to: 'lanh.dao@donvi.gov.vn', taskKey: 'unitLeaderReview-1', data: { step: 'unitLeaderReview' }, nominationId } as const;
    // With the deadline in the mail (no task read) and without it (the task read for it).
    assert.equal(await renderer({ ...reminder, dueAt: dueAt.toISOString() }, context), null);
    assert.equal(await renderer(reminder, context), null);
    assert.equal(await createMailRenderer({ publicUrl, store })(reminder, context), null, 'without links, the task read says it');
    const notice = await render({ template: 'escalation', to: 'lanh.dao@donvi.gov.vn', data: { step: 'unitLeaderReview', escalatedTo: 'cap.tren@donvi.gov.vn' }, nominationId }, context);
    assert.ok(!linkIn(notice.text), 'the notice carries no link');
  });

  it('when a nominee name holds HTML, then the HTML body shows it escaped and the text body shows it as written', async () => {
    const hostile = '<img src=x onerror="alert(1)"> Trần & "Lê" <b>Văn</b>';
    const { nominationId, context } = await nomination(hostile);
    const mail = await render({ template: 'task', to: 'x@donvi.gov.vn', taskKey: 'officerReview-1', data: { step: 'officerReview' }, nominationId }, context);
    assert.ok(!mail.html!.includes('<img'), 'no tag of the nominee reaches the HTML');
    assert.ok(!mail.html!.includes('<b>Văn'), 'no tag of the nominee reaches the HTML');
    assert.ok(mail.html!.includes(escapeHtml(hostile)));
    assert.ok(mail.html!.includes('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Trần &amp; &quot;Lê&quot; &lt;b&gt;Văn&lt;/b&gt;'));
    assert.ok(mail.text.includes(hostile));
    assert.ok(!mail.subject.includes('\n'));
  });

  it('when a reviewer comment with markup comes back to the submitter, then it is quoted and escaped with the resubmit link', async () => {
    const { nominationId, instanceId, context } = await nomination('Phạm Văn Đồng');
    const comment = 'Bổ sung biên bản họp hội đồng <script>x()</script>';
    await store.tasks.create({ taskId: `${instanceId}/resubmit-1`, instanceId, nominationId, step: 'resubmit', assignee: 'can.bo@donvi.gov.vn' });
    const mail = await render({ template: 'changesRequested', to: 'can.bo@donvi.gov.vn', taskKey: 'resubmit-1', data: { comment, round: 1 }, nominationId }, context);
    assert.match(mail.subject, /^\[Vinh Danh\] Đề nghị bổ sung, hoàn thiện hồ sơ \/ Changes requested to your nomination/);
    assert.ok(mail.text.includes(`> ${comment}`));
    assert.ok(mail.html!.includes(escapeHtml(comment)));
    assert.ok(!mail.html!.includes('<script>'));
    assert.equal(await taskOfLink(linkIn(mail.text)!), `${instanceId}/resubmit-1`);
    assert.ok(mail.text.includes('Open the nomination to amend and resubmit it, or to withdraw it:'));
  });

  it('when an escalation renders, then the new reviewer gets the link and the original reviewer a notice without one', async () => {
    const { nominationId, instanceId, context } = await nomination('Võ Thị Sáu');
    await store.tasks.create({ taskId: `${instanceId}/unitLeaderReview-1-escalated`, instanceId, nominationId, step: 'unitLeaderReview', assignee: 'cap.tren@donvi.gov.vn' });
    const handOver = await render(
      { template: 'escalation', to: 'cap.tren@donvi.gov.vn', taskKey: 'unitLeaderReview-1-escalated', data: { step: 'unitLeaderReview', originalAssignee: 'lanh.dao@donvi.gov.vn' }, nominationId },
      context,
    );
    assert.equal(await taskOfLink(linkIn(handOver.text)!), `${instanceId}/unitLeaderReview-1-escalated`);
    assert.ok(handOver.text.includes('được chuyển cho Ông/Bà xử lý'));
    assert.ok(handOver.text.includes('lanh.dao@donvi.gov.vn'));
    const notice = await render(
      { template: 'escalation', to: 'lanh.dao@donvi.gov.vn', data: { step: 'unitLeaderReview', escalatedTo: 'cap.tren@donvi.gov.vn' }, nominationId },
      context,
    );
    assert.ok(!notice.text.includes('/tasks/'));
    assert.ok(notice.text.includes('Ông/Bà không cần xử lý hồ sơ này nữa.'));
    assert.ok(notice.text.includes('You no longer need to act on it.'));
  });

  it('when a reminder renders, then it names the coming deadline in both languages', async () => {
    const { nominationId, context } = await nomination('Lý Thường Kiệt');
    const mail = await render({ template: 'reminder', to: 'thi.dua@sonoivu.gov.vn', taskKey: 'officerReview-1', data: { step: 'officerReview' }, nominationId }, context);
    assert.match(mail.subject, /Nhắc hạn xử lý hồ sơ \/ Reminder: a nomination is due soon/);
    assert.ok(mail.text.includes('sắp đến hạn xử lý ở bước: Cán bộ thi đua – khen thưởng thẩm định'));
    assert.ok(mail.text.includes('is nearly due at the step: review by the emulation & commendation officer'));
  });

  for (const [outcome, vi, en] of [
    ['approved', 'Hồ sơ đã được phê duyệt', 'Nomination approved'],
    ['rejected', 'Hồ sơ không được phê duyệt', 'Nomination not approved'],
    ['withdrawn', 'Hồ sơ đã được rút', 'Nomination withdrawn'],
    ['expired', 'Hồ sơ đã hết hạn xử lý', 'Nomination expired'],
  ] as const) {
    it(`when the outcome is ${outcome}, then the submitter's mail says so in both languages with the tracking link`, async () => {
      const { nominationId, trackingCode, context } = await nomination('Hoàng Văn Thụ');
      const mail = await render({ template: 'outcome', to: 'can.bo@donvi.gov.vn', data: { outcome }, nominationId }, context);
      assert.ok(mail.subject.startsWith(`[Vinh Danh] ${vi} / ${en}: Hoàng Văn Thụ – ${trackingCode}`), mail.subject);
      const trackingUrl = `${publicUrl}/track/${trackingCode}`;
      assert.ok(mail.text.includes(trackingUrl));
      assert.ok(mail.html!.includes(`href="${trackingUrl}"`));
      assert.ok(!mail.text.includes('/tasks/'));
    });
  }

  it('when no award names are given, then the award comes from the domain catalogue in both languages', async () => {
    const plain = sending(createMailRenderer({ taskLinks, publicUrl, store }));
    const nominationId = randomUUID();
    await store.nominations.create({
      nominationId,
      trackingCode: `VD-${nominationId.slice(0, 6)}`,
      unitId: 'so-noi-vu',
      awardTypeId: 'bang-khen-thu-tuong',
      period: '2025',
      nominee: { fullName: 'Trần Hưng Đạo' },
      details: {},
    });
    const context: EffectContext = { effectId: 'c.1.0', instanceId: 'c', log };
    const mail = await plain({ template: 'outcome', to: 'a@b.vn', data: { outcome: 'approved' }, nominationId }, context);
    assert.ok(mail.text.includes("Hình thức khen thưởng / Award: Bằng khen của Thủ tướng Chính phủ (Prime Minister's Certificate of Merit)"));
    assert.ok(mail.html!.includes('Bằng khen của Thủ tướng Chính phủ (Prime Minister&#39;s Certificate of Merit)'));
  });

  it('when there is no nomination and no link secret, then the mail still renders, saying less', async () => {
    const bare = sending(createMailRenderer({ publicUrl, store }));
    const context: EffectContext = { effectId: 'i.1.0', instanceId: 'i', log };
    const mail = await bare({ template: 'task', to: 'a@b.vn', taskKey: 'unitLeaderReview-1', data: { step: 'unitLeaderReview' }, nominationId: null }, context);
    assert.equal(mail.subject, '[Vinh Danh] Hồ sơ đề nghị khen thưởng chờ Ông/Bà xử lý / A nomination awaits your review');
    assert.ok(mail.text.includes('Vui lòng đăng nhập hệ thống Vinh Danh để xử lý hồ sơ.'));
    assert.ok(!mail.text.includes('/tasks/'));
  });
});

describe('deadlines on Vietnam wall-clock time', () => {
  it('when any date from 1976 on is formatted, then it reads as Intl with the Asia/Ho_Chi_Minh zone reads it, midnight as 24:00 of the day before', () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hourCycle: 'h23',
    });
    const byIntl = (date: Date) => {
      // Exactly midnight in Vietnam, where a deadline in working days ends, reads as 24:00 of the day before.
      const midnight = (date.getTime() + 7 * 3_600_000) % 86_400_000 === 0;
      const parts = Object.fromEntries(intl.formatToParts(midnight ? new Date(date.getTime() - 1) : date).map((part) => [part.type, part.value]));
      return midnight ? `24:00, ${parts.day}/${parts.month}/${parts.year} (GMT+7)` : `${parts.hour}:${parts.minute}, ${parts.day}/${parts.month}/${parts.year} (GMT+7)`;
    };
    const from = Date.UTC(1976, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    // Spread over the range, and the instants where a day, month or year turns over in Vietnam.
    const dates = Array.from({ length: 3000 }, (_, i) => new Date(from + Math.floor(((to - from) / 3000) * i) + i * 7919));
    for (const year of [1976, 1999, 2000, 2024, 2025, 2026, 2099]) {
      for (const ms of [Date.UTC(year, 0, 1) - 7 * 3_600_000, Date.UTC(year, 0, 1) - 7 * 3_600_000 - 60_000, Date.UTC(year, 1, 28, 16, 59), Date.UTC(year, 1, 28, 17, 0), Date.UTC(year, 11, 31, 16, 59, 59)]) {
        dates.push(new Date(ms));
      }
    }
    for (const date of dates) assert.equal(formatDeadline(date), byIntl(date), date.toISOString());
  });
});
