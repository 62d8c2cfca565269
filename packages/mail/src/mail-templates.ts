/**
 * The wording of every mail the procedures send, Vietnamese first with the English alongside.
 *
 * Pure: a template turns a {@link MailView} (everything already looked up) into
 * {@link MailContent}; `mail-renderer.ts` does the looking up, `mail-content.ts` the rendering.
 */
import { isVietnamMidnight, vietnamOffsetMs, type MailTemplate } from '@vinh-danh/domain';
import type { Bilingual, Fact, MailBlock, MailContent } from './mail-content.ts';
import { clusterMailContent, isClusterMail } from './mail-cluster.ts';
import { ballotBlocks, levelFacts, levelWithKind, objectionBlocks, outcomeFacts, taskAction } from './mail-procedure.ts';
import { footer, greeting, outcomes, personalLinkNote, stepNames } from './mail-wording.ts';

/** What a mail says about the nomination it concerns. */
export interface NominationSummary {
  trackingCode: string;
  /** Person or collective proposed for the award; null when the record names none. */
  nomineeName: string | null;
  /** Display name of the award type, or its id when the catalogue does not know it. */
  awardType: Bilingual;
  period: string | null;
}

/** Everything one mail needs, already looked up. */
export interface MailView {
  template: MailTemplate;
  /** The recipient's personal task link; null for mails that carry none (or without a link secret). */
  taskUrl: string | null;
  /** Public tracking page of the nomination; null when there is no nomination. */
  trackingUrl: string | null;
  nomination: NominationSummary | null;
  /** When the task is due, when known. */
  deadline: Date | null;
  /** The machine's template fields (`step`, `outcome`, `comment`, `escalatedTo`…). */
  data: Record<string, unknown>;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** The step a mail is about: the commendation level's name (and kind), else the legacy step's. */
const stepName = (data: Record<string, unknown>): Bilingual => {
  const level = levelWithKind(data);
  if (level) return level;
  const key = text(data.step);
  return (key ? stepNames[key] : undefined) ?? { vi: key ?? 'xử lý hồ sơ', en: key ?? 'handling the nomination' };
};

/**
 * Vietnam's wall clock is UTC+7 all year: Asia/Ho_Chi_Minh has kept no daylight saving and no
 * other offset since 1975, long before any deadline this system sets. Plain arithmetic on the
 * UTC fields gives what `Intl.DateTimeFormat` with that zone gives, at a fraction of the cost
 * (every task mail formats one; in the engine benchmark's profile the Intl version was a third
 * of the mail package's CPU time).
 */
const twoDigits = (value: number) => (value < 10 ? `0${value}` : String(value));

/** A date as Vietnam reads it on a wall clock, e.g. "17:00, 20/05/2025 (GMT+7)"; the same in both languages. */
export function formatDeadline(date: Date): string {
  const wall = new Date(date.getTime() + vietnamOffsetMs);
  // Midnight, where a deadline in working days ends, is 24:00 of the day before it.
  if (isVietnamMidnight(date.getTime())) {
    const day = new Date(wall.getTime() - 1);
    return `24:00, ${twoDigits(day.getUTCDate())}/${twoDigits(day.getUTCMonth() + 1)}/${day.getUTCFullYear()} (GMT+7)`;
  }
  return `${twoDigits(wall.getUTCHours())}:${twoDigits(wall.getUTCMinutes())}, ${twoDigits(wall.getUTCDate())}/${twoDigits(wall.getUTCMonth() + 1)}/${wall.getUTCFullYear()} (GMT+7)`;
}

/** What a mail says of a nomination. `publicOnly` leaves out the tracking code (it opens the tracking page) for mails to the public. */
function nominationFacts(view: MailView, extra: Fact[] = [], publicOnly = false): MailBlock {
  const nomination = view.nomination;
  const facts: Fact[] = [];
  if (nomination?.nomineeName) facts.push({ label: { vi: 'Người được đề nghị', en: 'Nominee' }, value: nomination.nomineeName });
  if (nomination) {
    facts.push({ label: { vi: 'Hình thức khen thưởng', en: 'Award' }, value: bilingualValue(nomination.awardType) });
    if (nomination.period) facts.push({ label: { vi: 'Đợt, năm', en: 'Period' }, value: nomination.period });
    if (!publicOnly) facts.push({ label: { vi: 'Mã hồ sơ', en: 'Tracking code' }, value: nomination.trackingCode });
  }
  facts.push(...extra);
  if (view.deadline) facts.push({ label: { vi: 'Hạn xử lý', en: 'Deadline' }, value: formatDeadline(view.deadline) });
  return { kind: 'facts', facts };
}

const bilingualValue = (value: Bilingual) => (value.vi === value.en ? value.vi : `${value.vi} (${value.en})`);

/** "[Vinh Danh] <vi> / <en>: Nguyễn Văn A – VD-7KQ2", with whatever of the nomination is known. */
function subject(view: MailView, vi: string, en: string, publicOnly = false): Bilingual {
  const parts = [view.nomination?.nomineeName, publicOnly ? null : view.nomination?.trackingCode].filter((part): part is string => !!part);
  return { vi: `[Vinh Danh] ${vi}`, en: parts.length > 0 ? `${en}: ${parts.join(' – ')}` : en };
}

function taskLink(view: MailView, action: Bilingual): MailBlock[] {
  if (!view.taskUrl) {
    return [
      {
        kind: 'paragraph',
        text: {
          vi: 'Vui lòng đăng nhập hệ thống Vinh Danh để xử lý hồ sơ.',
          en: 'Please sign in to Vinh Danh to handle the nomination.',
        },
      },
    ];
  }
  return [
    { kind: 'link', text: action, url: view.taskUrl },
    { kind: 'paragraph', text: personalLinkNote },
  ];
}

/**
 * The confirmation of an objection filed during a public posting, to the address given with it:
 * the only task at a disclosure level. Whoever typed that address gets it, so it says no more of
 * the nomination than the posting does: no tracking code (it opens the tracking page). Nor does
 * it carry the objection: anyone may type any text with any address, and the system's own mail
 * would carry it (a link, a lure) to that inbox; the link's page shows it. Its deadline is the
 * end of the objection's confirmation window: the posting waits for it (`outlastsPosting`, from
 * the procedure's version 2); before that version the link stopped sooner if the posting ended first.
 */
function objectionConfirmationMail(view: MailView): MailContent {
  const outlasts = view.data.outlastsPosting === true;
  return {
    subject: subject(view, 'Xác nhận ý kiến phản ánh của Ông/Bà', 'Confirm your objection', true),
    greeting,
    blocks: [
      {
        kind: 'paragraph',
        text: {
          vi: `Hệ thống Vinh Danh nhận được một ý kiến phản ánh, gửi kèm địa chỉ thư điện tử này, về hồ sơ đề nghị khen thưởng đang được công khai lấy ý kiến. Ý kiến chỉ được chuyển tới cơ quan thẩm định khi Ông/Bà xác nhận qua liên kết dưới đây, ${outlasts ? 'trước hạn xác nhận (kể cả khi thời gian công khai kết thúc trước đó)' : 'trước hạn xác nhận và trước khi hết thời gian công khai'}.`,
          en: `Vinh Danh received an objection, given with this e-mail address, about a nomination posted for public comment. It goes to the reviewing office only once you confirm it from the link below, ${outlasts ? 'by the deadline (even if the posting ends before it)' : 'by the deadline and before the posting ends'}.`,
        },
      },
      nominationFacts(view, levelFacts(view.data), true),
      ...(view.taskUrl ? [{ kind: 'link', text: { vi: 'Mở liên kết để đọc lại và xác nhận ý kiến phản ánh:', en: 'Open the link to read your objection and confirm it:' }, url: view.taskUrl } satisfies MailBlock] : []),
      {
        kind: 'paragraph',
        text: {
          vi: `Liên kết trên dành riêng cho Ông/Bà và hết hiệu lực khi hết hạn xác nhận${outlasts ? '' : ' hoặc khi hết thời gian công khai, tùy điều nào đến trước'}; vui lòng không chuyển tiếp thư này.`,
          en: `The link above is personal to you and stops working at the deadline${outlasts ? '' : ' or when the posting ends, whichever comes first'}; please do not forward this message.`,
        },
      },
      {
        kind: 'paragraph',
        text: {
          vi: 'Nếu Ông/Bà không gửi ý kiến này, xin bỏ qua thư này: ý kiến sẽ không được tính.',
          en: 'If you did not send this objection, ignore this message: it will not count.',
        },
      },
    ],
    footer,
  };
}

function taskMail(view: MailView): MailContent {
  if (view.data.levelKind === 'disclosure') return objectionConfirmationMail(view);
  const step = stepName(view.data);
  const ballot = view.data.levelKind === 'council';
  return {
    subject: ballot
      ? subject(view, 'Mời Ông/Bà biểu quyết hồ sơ đề nghị khen thưởng', 'Your ballot on a nomination')
      : subject(view, 'Hồ sơ đề nghị khen thưởng chờ Ông/Bà xử lý', 'A nomination awaits your review'),
    greeting,
    blocks: [
      {
        kind: 'paragraph',
        text: {
          vi: `Hồ sơ đề nghị khen thưởng dưới đây đang chờ Ông/Bà xử lý ở bước: ${step.vi}.`,
          en: `The nomination below awaits you at the step: ${step.en}.`,
        },
      },
      ...ballotBlocks(view.data),
      ...objectionBlocks(view.data),
      nominationFacts(view, levelFacts(view.data)),
      ...taskLink(view, taskAction(view.data)),
    ],
    footer,
  };
}

/**
 * What the deadline brings, as a reminder says it: a council's vote closes with the ballots it
 * has (a missing one is not counted), a level without an escalation lapses (`atDeadline:
 * 'expires'`), any other passes the task to the escalation assignee.
 */
function atDeadline(data: Record<string, unknown>): Bilingual {
  if (data.levelKind === 'council') {
    return {
      vi: 'Đến hạn, cuộc biểu quyết kết thúc với các phiếu đã nhận: phiếu chưa gửi không được tính, và hồ sơ có thể vì thế không đạt tỷ lệ cần thiết.',
      en: 'At the deadline the vote closes with the ballots received: a ballot not cast is not counted, and the nomination may fall short of what it needs to pass for want of it.',
    };
  }
  if (data.atDeadline === 'expires') {
    return {
      vi: 'Nếu quá hạn, hồ sơ sẽ hết hạn xử lý và thủ tục kết thúc (không chuyển cho người khác).',
      en: 'If the deadline passes, the nomination lapses and its procedure ends (it is not passed to anyone else).',
    };
  }
  return { vi: 'Nếu quá hạn, hồ sơ sẽ được chuyển cho người có thẩm quyền khác.', en: 'If the deadline passes, it will be passed to someone else to decide.' };
}

function reminderMail(view: MailView): MailContent {
  const step = stepName(view.data);
  const deadline = atDeadline(view.data);
  return {
    subject: subject(view, 'Nhắc hạn xử lý hồ sơ', 'Reminder: a nomination is due soon'),
    greeting,
    blocks: [
      {
        kind: 'paragraph',
        text: {
          vi: `Hồ sơ đề nghị khen thưởng dưới đây sắp đến hạn xử lý ở bước: ${step.vi}. ${deadline.vi}`,
          en: `The nomination below is nearly due at the step: ${step.en}. ${deadline.en}`,
        },
      },
      ...ballotBlocks(view.data),
      nominationFacts(view, levelFacts(view.data)),
      ...taskLink(view, taskAction(view.data)),
    ],
    footer,
  };
}

function escalationMail(view: MailView): MailContent {
  const step = stepName(view.data);
  const escalatedTo = text(view.data.escalatedTo);
  // Two mails share this template: the hand-over to the new reviewer carries the task link,
  // the notice to the original reviewer (whose task is closed) names who took over.
  if (escalatedTo) {
    return {
      subject: subject(view, 'Hồ sơ đã được chuyển người xử lý do quá hạn', 'A nomination was passed on after its deadline'),
      greeting,
      blocks: [
        {
          kind: 'paragraph',
          text: {
            vi: `Hồ sơ đề nghị khen thưởng dưới đây đã quá hạn xử lý ở bước: ${step.vi}, nên đã được chuyển cho ${escalatedTo}. Ông/Bà không cần xử lý hồ sơ này nữa.`,
            en: `The nomination below passed its deadline at the step: ${step.en}, so it was passed to ${escalatedTo}. You no longer need to act on it.`,
          },
        },
        nominationFacts(view),
      ],
      footer,
    };
  }
  const originalAssignee = text(view.data.originalAssignee);
  const extra: Fact[] = originalAssignee ? [{ label: { vi: 'Người xử lý trước đó', en: 'Previously assigned to' }, value: originalAssignee }] : [];
  return {
    subject: subject(view, 'Hồ sơ quá hạn được chuyển cho Ông/Bà xử lý', 'An overdue nomination has been passed to you'),
    greeting,
    blocks: [
      {
        kind: 'paragraph',
        text: {
          vi: `Hồ sơ đề nghị khen thưởng dưới đây đã quá hạn ở bước: ${step.vi}, và được chuyển cho Ông/Bà xử lý. Nếu tiếp tục quá hạn, hồ sơ sẽ kết thúc.`,
          en: `The nomination below passed its deadline at the step: ${step.en}, and has been passed to you. If this deadline also passes, the nomination will close.`,
        },
      },
      ...objectionBlocks(view.data),
      nominationFacts(view, [...levelFacts(view.data), ...extra]),
      ...taskLink(view, taskAction(view.data)),
    ],
    footer,
  };
}

function changesRequestedMail(view: MailView): MailContent {
  const comment = text(view.data.comment);
  return {
    subject: subject(view, 'Đề nghị bổ sung, hoàn thiện hồ sơ', 'Changes requested to your nomination'),
    greeting,
    blocks: [
      {
        kind: 'paragraph',
        text: {
          vi: 'Người xem xét đề nghị bổ sung, hoàn thiện hồ sơ đề nghị khen thưởng dưới đây trước khi tiếp tục xử lý.',
          en: 'The reviewer asks for changes to the nomination below before it can go further.',
        },
      },
      nominationFacts(view, levelFacts(view.data)),
      ...(comment ? [{ kind: 'quote', label: { vi: 'Ý kiến của người xem xét', en: "Reviewer's comment" }, text: comment } satisfies MailBlock] : []),
      ...taskLink(view, {
        vi: 'Mở hồ sơ để bổ sung và gửi lại, hoặc rút hồ sơ:',
        en: 'Open the nomination to amend and resubmit it, or to withdraw it:',
      }),
    ],
    footer,
  };
}

function outcomeMail(view: MailView): MailContent {
  const key = text(view.data.outcome) ?? '';
  const outcome = outcomes[key] ?? {
    headline: { vi: `đã kết thúc (${key || 'không rõ'})`, en: `closed (${key || 'unknown'})` },
    detail: { vi: 'Quy trình xét duyệt hồ sơ đã kết thúc.', en: 'The review of the nomination has ended.' },
  };
  const procedure = outcomeFacts(view.data);
  return {
    subject: subject(view, `Hồ sơ ${outcome.headline.vi}`, `Nomination ${outcome.headline.en}`),
    greeting,
    blocks: [
      { kind: 'paragraph', text: outcome.detail },
      ...procedure.blocks,
      nominationFacts(view, procedure.facts),
      ...(view.trackingUrl
        ? [
            {
              kind: 'link',
              text: { vi: 'Theo dõi hồ sơ tại:', en: 'Follow the nomination at:' },
              url: view.trackingUrl,
            } satisfies MailBlock,
          ]
        : []),
    ],
    footer,
  };
}

const templates: Record<MailTemplate, (view: MailView) => MailContent> = {
  task: taskMail,
  reminder: reminderMail,
  escalation: escalationMail,
  changesRequested: changesRequestedMail,
  outcome: outcomeMail,
};

/** The content of one mail. */
export function mailContentFor(view: MailView): MailContent {
  if (isClusterMail(view.data)) return clusterMailContent({ ...view, formatDeadline });
  return templates[view.template](view);
}
