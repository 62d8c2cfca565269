import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMailContent } from './mail-content.ts';
import { formatVnd } from './mail-procedure.ts';
import { mailContentFor, type MailView } from './mail-templates.ts';

const nomination = { trackingCode: 'VD-7K2M-9QXA-4RTB', nomineeName: 'Nguyễn Thị Hoa', awardType: { vi: 'Chiến sĩ thi đua toàn quốc', en: 'National Emulation Soldier' }, period: '2025' };

/** The machine's mail data for a level (commendation.effects.ts `levelData`). */
const level = (kind: string, nameVi: string, nameEn: string, extra: Record<string, unknown> = {}) => ({
  step: 'provinceCouncil', levelKind: kind, levelNameVi: nameVi, levelNameEn: nameEn, round: 1, simplified: false, ...extra,
});

function render(template: MailView['template'], data: Record<string, unknown>, taskUrl: string | null = 'https://vd.example/tasks/abc') {
  return renderMailContent(mailContentFor({ template, taskUrl, trackingUrl: 'https://vd.example/track/VD-7K2M-9QXA-4RTB', nomination, deadline: null, data }));
}

describe('commendation mails', () => {
  it('when a ballot is mailed, then it names the council and says the ballot is secret, and carries no count', () => {
    const mail = render('task', level('council', 'Hội đồng Thi đua – Khen thưởng tỉnh', 'Provincial emulation–commendation council', { secret: true }));
    assert.match(mail.subject, /^\[Vinh Danh\] Mời Ông\/Bà biểu quyết hồ sơ đề nghị khen thưởng \/ Your ballot on a nomination/);
    for (const body of [mail.text, mail.html]) {
      assert.ok(body.includes('Hội đồng Thi đua – Khen thưởng tỉnh (biểu quyết của Hội đồng)'));
      assert.ok(body.includes('Provincial emulation–commendation council (council vote)'));
      assert.ok(body.includes('bỏ phiếu kín'));
      assert.ok(body.includes('This is a secret ballot'));
    }
    assert.ok(mail.text.includes('Open your ballot to vote yes, no or abstain, or to stand aside:'));
    assert.doesNotMatch(mail.text, /\d+ (đồng ý|yes)/);
    const open = render('task', level('council', 'Hội đồng TĐKT đơn vị', 'Unit council', { secret: false }));
    assert.ok(open.text.includes('The council votes openly'));
    assert.ok(!open.text.includes('secret ballot'));
  });

  it('when a reminder is mailed, then it says what the deadline brings: a council closes the vote with the ballots it has, a level with no escalation lapses, any other passes the task on', () => {
    const council = render('reminder', level('council', 'Hội đồng Thi đua – Khen thưởng tỉnh', 'Provincial emulation–commendation council', { secret: true }));
    assert.ok(council.text.includes('cuộc biểu quyết kết thúc với các phiếu đã nhận'), council.text);
    assert.ok(council.text.includes('a ballot not cast is not counted'));
    assert.ok(!council.text.includes('passed to someone else'), 'no one votes in a member\'s stead');
    const lapses = render('reminder', level('decision', 'Chủ tịch UBND tỉnh quyết định', 'The chair of the provincial committee decides', { authority: 'Chủ tịch UBND tỉnh', atDeadline: 'expires' }));
    assert.ok(lapses.text.includes('the nomination lapses and its procedure ends'), lapses.text);
    assert.ok(!lapses.text.includes('passed to someone else'));
    const escalates = render('reminder', level('review', 'Sở Nội vụ thẩm định', 'Provincial office appraises'));
    assert.ok(escalates.text.includes('If the deadline passes, it will be passed to someone else to decide.'));
  });

  it('when an objection quoted to a reviewer holds web addresses, then each is hidden in the mail, the rest quoted as written', () => {
    const objection = 'Xem bài báo https://lua-dao.example/dang-nhap?x=1 và www.tin-gia.vn, hoặc bit.ly/abc. Ông đã bị kỷ luật ở TP.HCM năm 2024.';
    const review = render('task', level('review', 'Sở Nội vụ thẩm định', 'Provincial office appraises', { objection }));
    for (const body of [review.text, review.html]) {
      for (const address of ['lua-dao.example', 'https://lua', 'www.tin-gia.vn', 'bit.ly']) assert.ok(!body.includes(address), `${address} in ${body}`);
    }
    const hidden = '[địa chỉ web: xem trên trang nhiệm vụ / web address: see the task page]';
    assert.ok(review.text.includes(`> Xem bài báo ${hidden} và ${hidden}, hoặc ${hidden}. Ông đã bị kỷ luật ở TP.HCM năm 2024.`), review.text);
    const long = `${'a'.repeat(300)}.vn`;
    assert.ok(!render('task', level('review', 'Sở Nội vụ thẩm định', 'Provincial office appraises', { objection: long })).text.includes(long), 'a long word that may hold one is hidden unsearched');
  });

  it('when a review after an objection is mailed, then it names the level and quotes the objection; a decision mail names the authority', () => {
    const review = render('task', level('review', 'Ban Thi đua – Khen thưởng (Sở Nội vụ) thẩm định hồ sơ', 'Provincial office appraises', { objection: 'Đã bị kỷ luật năm 2024 <b>?</b>' }));
    assert.ok(review.text.includes('Cấp xử lý / Level: Ban Thi đua – Khen thưởng (Sở Nội vụ) thẩm định hồ sơ (thẩm định, xem xét hồ sơ)'));
    assert.ok(review.text.includes('> Đã bị kỷ luật năm 2024 <b>?</b>'));
    assert.ok(review.html.includes('Đã bị kỷ luật năm 2024 &lt;b&gt;?&lt;/b&gt;'));
    assert.ok(review.text.includes('Open the nomination to pass it on, ask for changes or reject it:'));
    const decision = render('reminder', level('decision', 'Thủ tướng Chính phủ quyết định', 'The Prime Minister decides', { authority: 'Thủ tướng Chính phủ' }));
    assert.ok(decision.text.includes('Người có thẩm quyền / Competent authority: Thủ tướng Chính phủ'));
    assert.ok(decision.text.includes('award the commendation or decline it'));
  });

  it('when an objection filed during a posting is mailed to its writer, then it carries no text of the filer (the link\'s page shows it), says it counts once confirmed by the deadline, and gives no tracking code', () => {
    const view: MailView = {
      template: 'task',
      taskUrl: 'https://vd.example/tasks/abc',
      trackingUrl: null,
      nomination,
      deadline: new Date('2026-12-10T10:00:00Z'),
      // An older version's mail data quoted the objection: whatever was typed, to whatever address was typed.
      data: level('disclosure', 'Công khai danh sách (tỉnh)', 'Provincial posting', { objection: 'Giấy khen của bạn đã sẵn sàng: https://lua-dao.example/dang-nhap' }),
    };
    const mail = renderMailContent(mailContentFor(view));
    assert.match(mail.subject, /^\[Vinh Danh\] Xác nhận ý kiến phản ánh của Ông\/Bà \/ Confirm your objection: Nguyễn Thị Hoa$/);
    // Whoever typed the address gets this: nothing beyond what was posted, so no tracking code.
    for (const body of [mail.subject, mail.text, mail.html]) assert.ok(!body.includes('VD-7K2M-9QXA-4RTB'), body);
    assert.ok(mail.text.includes('stops working at the deadline or when the posting ends, whichever comes first'), 'a procedure of version 1: the posting does not wait');
    for (const body of [mail.subject, mail.text, mail.html]) assert.ok(!body.includes('lua-dao') && !body.includes('sẵn sàng'), body);
    assert.ok(mail.text.includes('It goes to the reviewing office only once you confirm it from the link below, by the deadline and before the posting ends.'));
    // From version 2 the posting waits for it: its deadline alone counts.
    const waited = renderMailContent(mailContentFor({ ...view, data: { ...view.data, outlastsPosting: true } }));
    assert.ok(waited.text.includes('by the deadline (even if the posting ends before it).'));
    assert.ok(waited.text.includes('stops working at the deadline; please do not forward'));
    assert.ok(waited.text.includes('trước hạn xác nhận (kể cả khi thời gian công khai kết thúc trước đó)'));
    assert.ok(mail.text.includes('Open the link to read your objection and confirm it:'));
    assert.ok(mail.text.includes('https://vd.example/tasks/abc'));
    assert.ok(mail.text.includes('Công khai danh sách (tỉnh) (công khai, lấy ý kiến)'));
    assert.ok(mail.text.includes('If you did not send this objection, ignore this message'));
    assert.ok(mail.text.includes('Hạn xử lý / Deadline: 17:00, 10/12/2026 (GMT+7)'), mail.text);
    assert.ok(!mail.text.includes('awaits you at the step'), 'not the mail of an official\'s task');
  });

  it('when the procedure is decided, then the outcome mail carries the decision number and the reward with Vietnamese thousands separators', () => {
    assert.deepEqual(formatVnd(10_530_000), { vi: '10.530.000 đồng', en: '10,530,000 VND' });
    assert.deepEqual(formatVnd(0), { vi: '0 đồng', en: '0 VND' });
    const mail = render('outcome', { outcome: 'decided', levelId: 'decision', round: 1, decisionNumber: '12/QĐ-TTg', amountVnd: 10_530_000 }, null);
    assert.match(mail.subject, /Hồ sơ đã có quyết định khen thưởng \/ Nomination decided: commendation awarded/);
    assert.ok(mail.text.includes('Số quyết định / Decision number: 12/QĐ-TTg'));
    assert.ok(mail.text.includes('Tiền thưởng / Reward: 10.530.000 đồng (10,530,000 VND)'));
    assert.ok(mail.html.includes('10.530.000 đồng'));
  });

  it('when a vote fails, then the outcome mail gives the reason and the tally; a declined decision gives its reason', () => {
    const mail = render('outcome', { outcome: 'rejected', reason: 'voteFailed', tally: { yes: 2, no: 3, abstain: 0, eligible: 5 } }, null);
    assert.ok(mail.text.includes('Hội đồng biểu quyết không thông qua.\nThe council voted against it.'));
    assert.ok(mail.text.includes('Kết quả biểu quyết / Tally: 2 đồng ý / yes, 3 không đồng ý / no, 0 không biểu quyết / abstaining; 5 thành viên / members'));
    const declined = render('outcome', { outcome: 'rejected', reason: 'declined' }, null);
    assert.ok(declined.text.includes('The competent authority declined the commendation.'));
    assert.ok(!declined.text.includes('Tally'));
  });
});
