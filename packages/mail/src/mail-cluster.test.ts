import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMailContent } from './mail-content.ts';
import { mailContentFor } from './mail-templates.ts';

const cluster = { clusterId: 'cum-trung-du-mien-nui-phia-bac', clusterNameVi: 'Cụm thi đua các tỉnh Trung du và miền núi phía Bắc', year: 2022, memberNameVi: 'Tỉnh Bắc Kạn' };
const render = (template: 'task' | 'reminder' | 'escalation' | 'outcome', data: Record<string, unknown>, taskUrl: string | null = 'https://vd.example/tasks/tok') =>
  renderMailContent(mailContentFor({ template, taskUrl, trackingUrl: null, nomination: null, deadline: new Date('2023-03-01T10:00:00Z'), data: { ...cluster, ...data } }));

describe('cluster mails', () => {
  it('when a member is asked to sign, then the mail names the cluster, the year, the step and carries the link and deadline — not a nomination', () => {
    const mail = render('task', { step: 'signing' });
    assert.match(mail.subject, /^\[Vinh Danh\] Cụm thi đua các tỉnh Trung du và miền núi phía Bắc 2022: ký giao ước thi đua \/ Your part: signing the emulation agreement$/);
    assert.match(mail.text, /Tỉnh Bắc Kạn/);
    assert.match(mail.text, /https:\/\/vd\.example\/tasks\/tok/);
    assert.match(mail.text, /17:00, 01\/03\/2023 \(GMT\+7\)/);
    assert.doesNotMatch(mail.text, /Hồ sơ đề nghị khen thưởng/);
  });

  it('when a ballot is mailed, then it says the vote is secret and gives the round and number of candidates only', () => {
    const mail = render('task', { step: 'voting', round: 2, candidates: ['a', 'b'], secret: true });
    assert.match(mail.text, /phiếu kín/);
    assert.match(mail.text, /Vòng bỏ phiếu[^\n]*2/);
    assert.match(mail.text, /Số ứng viên[^\n]*2/);
  });

  it('when a ballot is nearly due, then the reminder says the round closes with the ballots cast; other steps say the task passes on', () => {
    const ballot = render('reminder', { step: 'voting', round: 1, candidates: ['a', 'b'], secret: true });
    assert.match(ballot.text, /vòng bỏ phiếu kết thúc với các phiếu đã nhận/);
    assert.match(ballot.text, /a ballot not cast is not counted/);
    assert.doesNotMatch(ballot.text, /passed to someone else/);
    assert.match(render('reminder', { step: 'crossScoring' }).text, /If it passes, this will be passed to someone else\./);
  });

  it('when a task escalates, then the new holder gets the link and the original holder is told who took over, without a link', () => {
    const handedTo = render('escalation', { step: 'crossScoring', originalAssignee: 'ban-tdkt@backan.example' });
    assert.match(handedTo.subject, /chuyển Ông\/Bà chấm điểm chéo/);
    assert.match(handedTo.text, /ban-tdkt@backan\.example/);
    assert.match(handedTo.text, /vd\.example\/tasks\/tok/);
    const told = render('escalation', { step: 'crossScoring', escalatedTo: 'chu-tich@ubnd.backan.example' }, null);
    assert.match(told.text, /chu-tich@ubnd\.backan\.example/);
    assert.doesNotMatch(told.text, /\/tasks\//);
  });

  it('when the evaluation concludes, then every member is told the ranking, the leading units and next year’s chair', () => {
    const mail = render('outcome', {
      outcome: 'concluded', ranking: [{ memberId: 'ubnd-tinh-yen-bai', rank: 1, total: 92.5 }], leadingUnits: [{ unitId: 'ubnd-tinh-yen-bai', awardTypeId: 'co-thi-dua-chinh-phu' }],
      nextChair: 'ubnd-tinh-bac-kan', nextDeputy: 'ubnd-tinh-thai-nguyen',
    }, null);
    assert.match(mail.subject, /kết quả tổng kết/);
    assert.match(mail.text, /Hạng 1[^\n]*ubnd-tinh-yen-bai \(92\.5\)/);
    assert.match(mail.text, /co-thi-dua-chinh-phu/);
    assert.match(mail.text, /Trưởng Cụm năm sau[^\n]*ubnd-tinh-bac-kan/);
  });

  it('when the evaluation sends names and tallies, then the mail shows names, awards and each round; with no leading unit it says no nomination was filed', () => {
    const mail = render('outcome', {
      outcome: 'concluded', clusterId: 'cum-trung-du-mien-nui-phia-bac', clusterNameVi: 'Cụm thi đua các tỉnh Trung du và miền núi phía Bắc', year: 2022,
      ranking: [{ memberId: 'ubnd-tinh-yen-bai', nameVi: 'Tỉnh Yên Bái', rank: 1, total: 92.5 }],
      tallies: [{ round: 1, cast: 6, eligible: 7, candidates: [{ memberId: 'ubnd-tinh-yen-bai', nameVi: 'Tỉnh Yên Bái', votes: 4 }, { memberId: 'ubnd-tinh-bac-kan', nameVi: 'Tỉnh Bắc Kạn', votes: 2 }] }],
      leadingUnits: [{ unitId: 'ubnd-tinh-yen-bai', nameVi: 'Tỉnh Yên Bái', awardTypeId: 'co-thi-dua-chinh-phu', awardNameVi: 'Cờ thi đua của Chính phủ' }],
      nextChair: 'ubnd-tinh-bac-kan', nextChairNameVi: 'Tỉnh Bắc Kạn', nextDeputy: 'ubnd-tinh-thai-nguyen', nextDeputyNameVi: 'Tỉnh Thái Nguyên',
    }, null);
    assert.match(mail.subject, /^\[Vinh Danh\] Cụm thi đua các tỉnh Trung du và miền núi phía Bắc 2022:/);
    assert.match(mail.text, /Hạng 1[^\n]*Tỉnh Yên Bái \(92\.5\)/);
    assert.match(mail.text, /Bỏ phiếu vòng 1[^\n]*6\/7: Tỉnh Yên Bái 4, Tỉnh Bắc Kạn 2/);
    assert.match(mail.text, /Đơn vị dẫn đầu[^\n]*Tỉnh Yên Bái — Cờ thi đua của Chính phủ/);
    assert.match(mail.text, /Trưởng Cụm năm sau[^\n]*Tỉnh Bắc Kạn/);
    assert.doesNotMatch(mail.text, /ubnd-tinh-/, 'no raw id where a name was sent');
    const older = render('outcome', { outcome: 'concluded', tallies: [{ round: 1, cast: 7, eligible: 7, candidates: ['ubnd-tinh-yen-bai', 'ubnd-tinh-bac-kan'], counts: { 'ubnd-tinh-yen-bai': 5, 'ubnd-tinh-bac-kan': 2 } }] }, null);
    assert.match(older.text, /Bỏ phiếu vòng 1[^\n]*7\/7: ubnd-tinh-yen-bai 5, ubnd-tinh-bac-kan 2/, 'a mail queued by the version before still reads');
    const none = render('outcome', { outcome: 'concluded', ranking: [], leadingUnits: [] }, null);
    assert.match(none.text, /không có đơn vị dẫn đầu nào được suy tôn, nên không có hồ sơ đề nghị khen thưởng/);
    assert.doesNotMatch(none.text, /đã được lập/);
  });
});
