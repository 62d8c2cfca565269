/**
 * The words of a decision (quyết định khen thưởng) and its certificate, built from the issued
 * decision, the award and the nominee. Pure: the renderers only lay these strings out, so what
 * a document says is testable without reading a PDF.
 *
 * † The legal basis cites Law 06/2022/QH15 and Decree 98/2023/NĐ-CP as the catalogue does;
 * confirm the wording against the issuing body's templates before relying on it.
 */
import type { AwardType } from '@vinh-danh/domain';
import type { DecisionRecord } from '@vinh-danh/store';
import { isoDayOf } from '../decision-date.ts';
import type { NomineeFacts } from '../nominee-facts.ts';
import { awardWording } from './award-wording.ts';
import { issuingBodyText, type IssuingBodyText } from './issuing-body.ts';
import { dateWords, formatMultiplier, formatVnd, placeAndDate } from './vietnamese-format.ts';

export interface DocumentFacts {
  decision: DecisionRecord;
  award: AwardType;
  nominee: NomineeFacts;
  /** Name of the proposing unit, when the store has it. */
  unitName: string | null;
  /** The nomination's achievement summary (báo cáo thành tích, in brief). */
  achievementSummary: string | null;
  /** The emulation year of the nomination. */
  period: string | null;
}

export interface DecisionContent {
  body: IssuingBodyText;
  /** `Số: 123/QĐ-UBND`. */
  numberLine: string;
  /** `Bắc Giang, ngày 10 tháng 3 năm 2025`. */
  dateLine: string;
  subject: string;
  legalBasis: string[];
  /** Điều 1 (who and what), Điều 2 (the reward), Điều 3 (execution). */
  articles: [string, string, string];
  recipients: string[];
}

export interface CertificateContent {
  heading: string[];
  verb: string;
  title: string;
  awardName: string;
  nomineeName: string;
  nomineeLines: string[];
  achievement: string;
  dateLine: string;
  signerTitle: string;
  decisionLine: string;
}

export const MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'] as const;

const LEGAL_BASIS = [
  'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;',
  'Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;',
  'Xét đề nghị của Hội đồng Thi đua – Khen thưởng và cơ quan làm công tác thi đua, khen thưởng,',
];

/** `đã có thành tích: …`, not repeating those words when the summary opens with them. */
function achievementText(facts: DocumentFacts): string {
  const summary = facts.achievementSummary?.replace(/^đã có thành tích[:\s]*/iu, '').replace(/[.\s]+$/u, '');
  return summary ? `đã có thành tích: ${summary}` : 'đã có thành tích xuất sắc';
}

/** `Nguyễn Thị Hoà, Chuyên viên, Sở Nội vụ tỉnh Bắc Giang`. */
function nomineePhrase(facts: DocumentFacts): string {
  // A collective that is the unit itself (a province proposed by its cluster) is not "of" itself.
  const ofUnit = facts.unitName && facts.unitName !== facts.nominee.name ? facts.unitName : null;
  const extras = facts.nominee.kind === 'individual' ? [facts.nominee.position, facts.unitName] : [ofUnit && `thuộc ${ofUnit}`];
  return [facts.nominee.name, ...extras.filter((part): part is string => Boolean(part))].join(', ');
}

/** Điều 2: the amount with its multiplier and base salary, or why there is none. */
function rewardArticle(decision: DecisionRecord, facts: DocumentFacts): string {
  const basis = decision.amountBasis;
  const of = facts.nominee.kind === 'collective' ? 'tập thể' : 'cá nhân';
  if (decision.amountVnd === null) {
    const reason = typeof basis.reasonVi === 'string' ? basis.reasonVi : 'danh mục chưa quy định mức tiền thưởng';
    return `Điều 2. Mức tiền thưởng kèm theo chưa được xác định (${reason}); cơ quan thi đua, khen thưởng trình bổ sung sau.`;
  }
  const multiplier = typeof basis.multiplier === 'number' ? formatMultiplier(basis.multiplier) : '?';
  const baseSalary = typeof basis.baseSalaryVnd === 'number' ? formatVnd(basis.baseSalaryVnd) : '?';
  return (
    `Điều 2. Tặng kèm theo mức tiền thưởng cho ${of} là ${formatVnd(decision.amountVnd)} ` +
    `(${multiplier} lần mức lương cơ sở ${baseSalary}), chi từ Quỹ thi đua, khen thưởng theo quy định.`
  );
}

/** Everything the decision document says. */
export function decisionContent(facts: DocumentFacts): DecisionContent {
  const { decision, nominee } = facts;
  const body = issuingBodyText(decision.authority, decision.issuerCode);
  const wording = awardWording(facts.award, facts.period, body.deciderText);
  return {
    body,
    numberLine: `Số: ${decision.decisionNumber}`,
    dateLine: placeAndDate(body.place, isoDayOf(decision.decisionDate)),
    subject: wording.subject,
    legalBasis: LEGAL_BASIS,
    articles: [
      `Điều 1. ${wording.grant} cho ${nomineePhrase(facts)}, ${achievementText(facts)}.`,
      rewardArticle(decision, facts),
      'Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị có liên quan và ' +
        `${nominee.kind === 'collective' ? 'tập thể' : 'cá nhân'} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.`,
    ],
    recipients: ['Như Điều 3;', 'Ban Thi đua – Khen thưởng;', 'Lưu: VT.'],
  };
}

/** Everything the certificate says. */
export function certificateContent(facts: DocumentFacts): CertificateContent {
  const { decision, nominee } = facts;
  const body = issuingBodyText(decision.authority, decision.issuerCode);
  const wording = awardWording(facts.award, facts.period, body.deciderText);
  const nomineeLines = [
    ...(nominee.kind === 'individual' && nominee.position ? [nominee.position] : []),
    ...(facts.unitName && facts.unitName !== nominee.name ? [facts.unitName] : []),
  ];
  return {
    // "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH … / TẶNG / BẰNG KHEN": the decider gives, not the body.
    heading: [body.decider],
    verb: wording.certificateVerb,
    title: wording.certificateTitle,
    awardName: wording.name,
    nomineeName: nominee.name,
    nomineeLines,
    achievement: `${achievementText(facts).replace(/^đã/u, 'Đã')}.`,
    dateLine: placeAndDate(body.place, isoDayOf(decision.decisionDate)),
    signerTitle: body.signerTitle,
    decisionLine: `Quyết định số ${decision.decisionNumber} ${dateWords(isoDayOf(decision.decisionDate))}`,
  };
}
