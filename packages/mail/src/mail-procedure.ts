/**
 * What the commendation procedure's mails add to the common templates: the level by its name
 * and kind (a council's ballot says whether it is secret), the call to action of each kind of
 * task, the objection a review must look into, and an outcome's decision number, reward,
 * reason and tally. Pure functions of the machine's mail data (`levelNameVi`, `levelKind`,
 * `secret`, `objection`, `authority`, `decisionNumber`, `amountVnd`, `reason`, `tally`).
 */
import { withoutWebAddresses } from '@vinh-danh/domain';
import type { Bilingual, Fact, MailBlock } from './mail-content.ts';
import { reviewAction } from './mail-wording.ts';

type Data = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null);

/** `2.340.000 đồng` / `2,340,000 VND`: each language's own thousands separator; VND has no minor unit. */
export function formatVnd(amount: number): Bilingual {
  const digits = String(Math.trunc(amount));
  return { vi: `${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`, en: `${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')} VND` };
}

/** The level's name as the machine sent it, when it did (commendation mails). */
export function levelName(data: Data): Bilingual | null {
  const vi = text(data.levelNameVi);
  const en = text(data.levelNameEn);
  return vi || en ? { vi: vi ?? en!, en: en ?? vi! } : null;
}

const kindNames: Record<string, Bilingual> = {
  review: { vi: 'thẩm định, xem xét hồ sơ', en: 'review of the dossier' },
  council: { vi: 'biểu quyết của Hội đồng', en: 'council vote' },
  decision: { vi: 'quyết định khen thưởng', en: 'decision on the commendation' },
  disclosure: { vi: 'công khai, lấy ý kiến', en: 'public disclosure' },
};

/** "Hội đồng Thi đua – Khen thưởng tỉnh (biểu quyết của Hội đồng)". */
export function levelWithKind(data: Data): Bilingual | null {
  const name = levelName(data);
  if (!name) return null;
  const kind = kindNames[text(data.levelKind) ?? ''];
  return kind ? { vi: `${name.vi} (${kind.vi})`, en: `${name.en} (${kind.en})` } : name;
}

/** The sentence above a task link, by what the task asks. */
export function taskAction(data: Data): Bilingual {
  switch (text(data.levelKind)) {
    case 'review':
      return { vi: 'Mở hồ sơ để đồng ý chuyển cấp tiếp theo, yêu cầu bổ sung hoặc không đồng ý:', en: 'Open the nomination to pass it on, ask for changes or reject it:' };
    case 'council':
      return { vi: 'Mở phiếu biểu quyết để chọn đồng ý, không đồng ý, không biểu quyết, hoặc không tham gia biểu quyết:', en: 'Open your ballot to vote yes, no or abstain, or to stand aside:' };
    case 'decision':
      return { vi: 'Mở hồ sơ để quyết định khen thưởng hoặc không khen thưởng:', en: 'Open the nomination to award the commendation or decline it:' };
    default:
      return reviewAction;
  }
}

/** A ballot mail says whether the ballot is secret; no mail ever carries anyone's ballot. */
export function ballotBlocks(data: Data): MailBlock[] {
  if (text(data.levelKind) !== 'council') return [];
  return [
    {
      kind: 'paragraph',
      text:
        data.secret === true
          ? {
              vi: 'Đây là phiếu bầu kín (bỏ phiếu kín): phiếu của Ông/Bà không được hiển thị cho ai; chỉ kết quả kiểm phiếu được công bố khi kết thúc biểu quyết.',
              en: 'This is a secret ballot: nobody is shown your ballot; only the tally is published once the vote closes.',
            }
          : { vi: 'Hội đồng biểu quyết công khai; kết quả được công bố khi kết thúc biểu quyết.', en: 'The council votes openly; the tally is published once the vote closes.' },
    },
  ];
}

/**
 * The objection a review must look into, quoted as written but for its web addresses: a member
 * of the public wrote it, and in a mail from the system a mail program would make each a link.
 * The task page shows the text whole.
 */
export function objectionBlocks(data: Data): MailBlock[] {
  const objection = text(data.objection);
  return objection
    ? [{ kind: 'quote', label: { vi: 'Ý kiến phản ánh trong thời gian công khai', en: 'Objection raised during public disclosure' }, text: withoutWebAddresses(objection, '[địa chỉ web: xem trên trang nhiệm vụ / web address: see the task page]') }]
    : [];
}

/** Facts a commendation task mail adds: the level and, for a decision, who signs. */
export function levelFacts(data: Data): Fact[] {
  const facts: Fact[] = [];
  const level = levelWithKind(data);
  if (level) facts.push({ label: { vi: 'Cấp xử lý', en: 'Level' }, value: level.vi === level.en ? level.vi : `${level.vi} / ${level.en}` });
  const authority = text(data.authority);
  if (authority) facts.push({ label: { vi: 'Người có thẩm quyền', en: 'Competent authority' }, value: authority });
  if (data.simplified === true) facts.push({ label: { vi: 'Thủ tục', en: 'Procedure' }, value: 'Thủ tục đơn giản / Simplified procedure' });
  return facts;
}

const reasons: Record<string, Bilingual> = {
  rejected: { vi: 'Người xem xét không đồng ý với hồ sơ.', en: 'The reviewer rejected the nomination.' },
  voteFailed: { vi: 'Hội đồng biểu quyết không thông qua.', en: 'The council voted against it.' },
  noQuorum: { vi: 'Hội đồng không đủ số thành viên tham gia biểu quyết.', en: 'Too few council members took part in the vote.' },
  declined: { vi: 'Người có thẩm quyền quyết định không khen thưởng.', en: 'The competent authority declined the commendation.' },
};

/** An outcome's reason, tally, decision number and reward, as facts (counts only, never a ballot). */
export function outcomeFacts(data: Data): { blocks: MailBlock[]; facts: Fact[] } {
  const facts: Fact[] = [];
  const blocks: MailBlock[] = [];
  const reason = reasons[text(data.reason) ?? ''];
  if (reason) blocks.push({ kind: 'paragraph', text: reason });
  const decisionNumber = text(data.decisionNumber);
  if (decisionNumber) facts.push({ label: { vi: 'Số quyết định', en: 'Decision number' }, value: decisionNumber });
  const amount = count(data.amountVnd);
  if (amount !== null) {
    const money = formatVnd(amount);
    facts.push({ label: { vi: 'Tiền thưởng', en: 'Reward' }, value: `${money.vi} (${money.en})` });
  }
  const tally = data.tally && typeof data.tally === 'object' ? (data.tally as Data) : null;
  if (tally && count(tally.eligible) !== null) {
    // Mails queued before the members were sent: the members not recused.
    const members = count(tally.members) ?? count(tally.eligible)!;
    const recused = members - count(tally.eligible)!;
    facts.push({
      label: { vi: 'Kết quả biểu quyết', en: 'Tally' },
      value:
        `${count(tally.yes) ?? 0} đồng ý / yes, ${count(tally.no) ?? 0} không đồng ý / no, ${count(tally.abstain) ?? 0} không biểu quyết / abstaining; ${members} thành viên / members` +
        (recused > 0 ? ` (${recused} xin không tham gia biểu quyết / stood aside)` : ''),
    });
  }
  return { blocks, facts };
}
