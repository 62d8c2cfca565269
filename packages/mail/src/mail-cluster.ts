/**
 * The mails of an emulation cluster's year-end evaluation (mail data with a `clusterId`): the
 * step each member is asked to act on — sign the agreement, assess itself, score the others,
 * consolidate, vote — its deadline and link; the escalation to a member's head or the deputy
 * chair; and the outcome every member is told (ranking, leading units, next year's chair).
 * Ballot mails carry the round and the number of candidates, never a choice.
 */
import type { MailTemplate } from '@vinh-danh/domain';
import type { Bilingual, Fact, MailBlock, MailContent } from './mail-content.ts';
import { footer, greeting, personalLinkNote } from './mail-wording.ts';

type Data = Record<string, unknown>;

/** What a cluster mail needs from the renderer's view. */
export interface ClusterMailView {
  template: MailTemplate;
  taskUrl: string | null;
  deadline: Date | null;
  data: Data;
  formatDeadline(date: Date): string;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** Whether the mail belongs to a cluster's evaluation rather than a nomination. */
export const isClusterMail = (data: Data): boolean => text(data.clusterId) !== null;

const steps: Record<string, { name: Bilingual; action: Bilingual }> = {
  signing: {
    name: { vi: 'ký giao ước thi đua', en: 'signing the emulation agreement' },
    action: { vi: 'Mở giao ước để xem các tiêu chí và ký:', en: 'Open the agreement to read its criteria and sign it:' },
  },
  proceedWithoutSigning: {
    name: { vi: 'quyết định tiếp tục khi chưa đủ chữ ký', en: 'deciding to go on without every signature' },
    action: { vi: 'Mở trang để quyết định tiếp tục (nêu lý do):', en: 'Open the page to decide to go on (give the reason):' },
  },
  selfAssessment: {
    name: { vi: 'tự chấm điểm theo tiêu chí giao ước', en: 'self-assessment against the agreement' },
    action: { vi: 'Mở phiếu tự chấm điểm và nêu minh chứng:', en: 'Open the self-assessment sheet and list the evidence:' },
  },
  crossScoring: {
    name: { vi: 'chấm điểm chéo các thành viên', en: 'scoring the other members' },
    action: { vi: 'Mở phiếu chấm điểm các thành viên còn lại:', en: 'Open the sheets to score the other members:' },
  },
  consolidation: {
    name: { vi: 'tổng hợp điểm và xếp hạng', en: 'consolidating the scores and ranking' },
    action: { vi: 'Mở bảng tổng hợp để xác nhận xếp hạng:', en: 'Open the consolidated scores to confirm the ranking:' },
  },
  voting: {
    name: { vi: 'bỏ phiếu kín suy tôn đơn vị dẫn đầu', en: 'secret ballot for the leading units' },
    action: { vi: 'Mở phiếu bầu (bỏ phiếu kín):', en: 'Open your ballot (secret):' },
  },
};

const stepOf = (data: Data) => steps[text(data.step) ?? ''] ?? { name: { vi: text(data.step) ?? 'xử lý', en: text(data.step) ?? 'a step' }, action: { vi: 'Mở trang để xử lý:', en: 'Open the page to act:' } };

function clusterName(data: Data): Bilingual {
  const vi = text(data.clusterNameVi) ?? text(data.clusterId)!;
  return { vi, en: vi };
}

function facts(view: ClusterMailView, extra: Fact[] = []): MailBlock {
  const { data } = view;
  const list: Fact[] = [
    { label: { vi: 'Cụm thi đua', en: 'Emulation cluster' }, value: clusterName(data).vi },
    { label: { vi: 'Năm', en: 'Year' }, value: String(data.year ?? '') },
  ];
  const member = text(data.memberNameVi);
  if (member) list.push({ label: { vi: 'Thành viên', en: 'Member' }, value: member });
  if (typeof data.round === 'number') list.push({ label: { vi: 'Vòng bỏ phiếu', en: 'Ballot round' }, value: String(data.round) });
  if (Array.isArray(data.candidates)) list.push({ label: { vi: 'Số ứng viên', en: 'Candidates' }, value: String(data.candidates.length) });
  list.push(...extra);
  if (view.deadline) list.push({ label: { vi: 'Hạn', en: 'Deadline' }, value: view.formatDeadline(view.deadline) });
  return { kind: 'facts', facts: list };
}

function subject(data: Data, vi: string, en: string): Bilingual {
  return { vi: `[Vinh Danh] ${clusterName(data).vi} ${String(data.year ?? '')}: ${vi}`, en };
}

function link(view: ClusterMailView, action: Bilingual): MailBlock[] {
  if (!view.taskUrl) return [];
  return [{ kind: 'link', text: action, url: view.taskUrl }, { kind: 'paragraph', text: personalLinkNote }];
}

function taskMail(view: ClusterMailView, reminder: boolean): MailContent {
  const step = stepOf(view.data);
  const secret: MailBlock[] = view.data.secret === true
    ? [{ kind: 'paragraph', text: { vi: 'Phiếu bầu là phiếu kín: hệ thống chỉ ghi nhận Ông/Bà đã bỏ phiếu, không ghi ai bầu cho ai.', en: 'The ballot is secret: only that you voted is recorded, never for whom.' } }]
    : [];
  return {
    subject: reminder ? subject(view.data, `nhắc hạn ${step.name.vi}`, `Reminder: ${step.name.en} is due soon`) : subject(view.data, step.name.vi, `Your part: ${step.name.en}`),
    greeting,
    blocks: [
      {
        kind: 'paragraph',
        text: reminder
          ? text(view.data.step) === 'voting'
            ? // At the voting deadline the round closes with the ballots cast: no one votes in a member's stead.
              { vi: `Sắp đến hạn ${step.name.vi}. Đến hạn, vòng bỏ phiếu kết thúc với các phiếu đã nhận: phiếu chưa gửi không được tính.`, en: `The deadline for ${step.name.en} is near. At the deadline the round closes with the ballots received: a ballot not cast is not counted.` }
            : { vi: `Sắp đến hạn ${step.name.vi}. Nếu quá hạn, việc này sẽ được chuyển cho người có thẩm quyền khác.`, en: `The deadline for ${step.name.en} is near. If it passes, this will be passed to someone else.` }
          : { vi: `Cụm thi đua đang ở bước ${step.name.vi}; đề nghị Ông/Bà thực hiện phần việc của mình.`, en: `The cluster is at the step of ${step.name.en}; please do your part.` },
      },
      ...secret,
      facts(view),
      ...link(view, step.action),
    ],
    footer,
  };
}

function escalationMail(view: ClusterMailView): MailContent {
  const step = stepOf(view.data);
  const escalatedTo = text(view.data.escalatedTo);
  if (escalatedTo) {
    return {
      subject: subject(view.data, `đã chuyển ${step.name.vi} do quá hạn`, `Passed on after its deadline: ${step.name.en}`),
      greeting,
      blocks: [
        { kind: 'paragraph', text: { vi: `Đã quá hạn ${step.name.vi}, nên việc này đã được chuyển cho ${escalatedTo}. Ông/Bà không cần thực hiện nữa.`, en: `The deadline for ${step.name.en} passed, so it was passed to ${escalatedTo}. You no longer need to act.` } },
        facts(view),
      ],
      footer,
    };
  }
  const original = text(view.data.originalAssignee);
  return {
    subject: subject(view.data, `chuyển Ông/Bà ${step.name.vi} do quá hạn`, `Passed to you after its deadline: ${step.name.en}`),
    greeting,
    blocks: [
      { kind: 'paragraph', text: { vi: `Đã quá hạn ${step.name.vi}; việc này được chuyển cho Ông/Bà thực hiện.`, en: `The deadline for ${step.name.en} passed; it has been passed to you.` } },
      facts(view, original ? [{ label: { vi: 'Người được giao trước đó', en: 'Previously assigned to' }, value: original }] : []),
      ...link(view, step.action),
    ],
    footer,
  };
}

function outcomeMail(view: ClusterMailView): MailContent {
  const { data } = view;
  const concluded = data.outcome === 'concluded';
  const rows = <T>(value: unknown) => (Array.isArray(value) ? (value as T[]) : []);
  // Names where the evaluation sent them (ids from an evaluation that ended before names were sent).
  const named = (row: { nameVi?: unknown; memberId?: unknown; unitId?: unknown }) => text(row.nameVi) ?? String(row.memberId ?? row.unitId ?? '');
  const ranking = rows<{ memberId?: unknown; nameVi?: unknown; rank?: unknown; total?: unknown }>(data.ranking);
  const tallies = rows<{ round?: unknown; candidates?: unknown; cast?: unknown; eligible?: unknown }>(data.tallies);
  const leading = rows<{ unitId?: unknown; nameVi?: unknown; awardTypeId?: unknown; awardNameVi?: unknown }>(data.leadingUnits);
  const extra: Fact[] = [
    ...ranking.slice(0, 10).map((row) => ({ label: { vi: `Hạng ${String(row.rank)}`, en: `Rank ${String(row.rank)}` }, value: `${named(row)} (${String(row.total)})` })),
    ...tallies.map((row) => ({
      label: { vi: `Bỏ phiếu vòng ${String(row.round)}`, en: `Vote, round ${String(row.round)}` },
      value:
        `${String(row.cast)}/${String(row.eligible)}: ` +
        rows<string | { memberId?: unknown; nameVi?: unknown; votes?: unknown }>(row.candidates)
          // An evaluation that ended before names were sent listed ids, its counts beside them.
          .map((candidate) => (typeof candidate === 'string' ? `${candidate} ${String((row as { counts?: Record<string, unknown> }).counts?.[candidate] ?? '')}` : `${named(candidate)} ${String(candidate.votes ?? '')}`).trim())
          .join(', '),
    })),
    ...leading.map((row) => ({ label: { vi: 'Đơn vị dẫn đầu', en: 'Leading unit' }, value: `${named(row)} — ${text(row.awardNameVi) ?? String(row.awardTypeId)}` })),
    ...(text(data.nextChair) ? [{ label: { vi: 'Trưởng Cụm năm sau', en: 'Next year’s chair' }, value: text(data.nextChairNameVi) ?? String(data.nextChair) }] : []),
    ...(text(data.nextDeputy) ? [{ label: { vi: 'Phó Trưởng Cụm năm sau', en: 'Next year’s deputy chair' }, value: text(data.nextDeputyNameVi) ?? String(data.nextDeputy) }] : []),
  ];
  return {
    subject: concluded ? subject(data, 'kết quả tổng kết, bình xét thi đua', 'Year-end evaluation concluded') : subject(data, 'tổng kết không hoàn thành', 'Year-end evaluation closed without a result'),
    greeting,
    blocks: [
      {
        kind: 'paragraph',
        text: !concluded
          ? { vi: 'Tổng kết của Cụm đã kết thúc mà không có kết quả do quá hạn.', en: 'The cluster’s evaluation ended without a result: its deadlines passed.' }
          : leading.length > 0
            ? { vi: 'Cụm đã hoàn thành tổng kết: xếp hạng và đơn vị dẫn đầu dưới đây; hồ sơ đề nghị khen thưởng của đơn vị dẫn đầu đã được lập.', en: 'The cluster has concluded its evaluation: the ranking and leading units are below; the leading units’ nominations have been filed.' }
            : { vi: 'Cụm đã hoàn thành tổng kết: xếp hạng dưới đây; không có đơn vị dẫn đầu nào được suy tôn, nên không có hồ sơ đề nghị khen thưởng.', en: 'The cluster has concluded its evaluation: the ranking is below; no leading unit was elected, so no nomination was filed.' },
      },
      facts(view, extra),
    ],
    footer,
  };
}

/** The content of a cluster mail; the caller checked {@link isClusterMail}. */
export function clusterMailContent(view: ClusterMailView): MailContent {
  switch (view.template) {
    case 'task':
      return taskMail(view, false);
    case 'reminder':
      return taskMail(view, true);
    case 'escalation':
      return escalationMail(view);
    default:
      return outcomeMail(view);
  }
}
