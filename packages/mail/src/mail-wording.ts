/**
 * Fixed wording of the mails: step and outcome names, greeting, footer. Vietnamese first, the
 * English alongside; domain terms keep their Vietnamese (Thủ trưởng đơn vị, cán bộ thi đua).
 */
import type { Bilingual } from './mail-content.ts';

/** Names of the procedure's steps as a mail mentions them. */
export const stepNames: Record<string, Bilingual> = {
  unitLeaderReview: { vi: 'Thủ trưởng đơn vị xem xét', en: 'review by the head of the unit' },
  officerReview: { vi: 'Cán bộ thi đua – khen thưởng thẩm định', en: 'review by the emulation & commendation officer' },
  resubmit: { vi: 'Bổ sung, hoàn thiện hồ sơ', en: 'amending the nomination' },
};

/** How the procedure ended, as the submitter is told. */
export const outcomes: Record<string, { headline: Bilingual; detail: Bilingual }> = {
  decided: {
    headline: { vi: 'đã có quyết định khen thưởng', en: 'decided: commendation awarded' },
    detail: {
      vi: 'Người có thẩm quyền đã quyết định khen thưởng. Quyết định và bằng, giấy chứng nhận có thể tải tại trang theo dõi hồ sơ.',
      en: 'The competent authority has awarded the commendation. The decision and the certificate can be downloaded from the tracking page.',
    },
  },
  approved: {
    headline: { vi: 'đã được phê duyệt', en: 'approved' },
    detail: {
      vi: 'Hồ sơ đề nghị khen thưởng đã được phê duyệt. Quyết định khen thưởng sẽ được ban hành theo quy định.',
      en: 'The nomination has been approved. The commendation decision will be issued in due course.',
    },
  },
  rejected: {
    headline: { vi: 'không được phê duyệt', en: 'not approved' },
    detail: {
      vi: 'Hồ sơ đề nghị khen thưởng không được phê duyệt.',
      en: 'The nomination was not approved.',
    },
  },
  withdrawn: {
    headline: { vi: 'đã được rút', en: 'withdrawn' },
    detail: {
      vi: 'Hồ sơ đề nghị khen thưởng đã được rút theo yêu cầu của đơn vị đề nghị.',
      en: 'The nomination has been withdrawn at the request of the nominating unit.',
    },
  },
  expired: {
    headline: { vi: 'đã hết hạn xử lý', en: 'expired' },
    detail: {
      vi: 'Hồ sơ đề nghị khen thưởng đã kết thúc vì quá thời hạn xử lý mà không có ý kiến.',
      en: 'The nomination has closed because a deadline passed without a decision.',
    },
  },
};

export const greeting: Bilingual = { vi: 'Kính gửi Ông/Bà,', en: 'Dear Sir or Madam,' };

export const footer: Bilingual = {
  vi: 'Thư này được gửi tự động từ hệ thống Vinh Danh (thi đua – khen thưởng); vui lòng không trả lời thư này.',
  en: 'This message was sent automatically by Vinh Danh, the emulation & commendation system; please do not reply.',
};

export const personalLinkNote: Bilingual = {
  vi: 'Liên kết trên dành riêng cho Ông/Bà và hết hiệu lực khi hết hạn xử lý; vui lòng không chuyển tiếp thư này.',
  en: 'The link above is personal to you and stops working at the deadline; please do not forward this message.',
};

/** The call to action of a review task. */
export const reviewAction: Bilingual = {
  vi: 'Mở hồ sơ để phê duyệt, từ chối hoặc yêu cầu bổ sung:',
  en: 'Open the nomination to approve it, reject it or ask for changes:',
};
