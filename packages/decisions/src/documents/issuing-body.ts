/**
 * The issuing body of a decision as the document prints it, read from the effect's `authority`
 * (as printed, e.g. `UBND tỉnh Bắc Giang`, `Thủ tướng Chính phủ`) and its document code
 * (`QĐ-UBND`, `QĐ-TTg`, `QĐ-CTN`, `QĐ-<unit>`): the heading at the top left, the place the
 * decision is dated at, who signs, and the authority named above the articles.
 *
 * The authority may name the body (`UBND tỉnh Bắc Giang`) or, as directories usually record a
 * signatory, the signer's title then the body (`Chủ tịch UBND tỉnh Bắc Giang`, `Giám đốc Sở Nội vụ
 * tỉnh Bắc Giang`): a title given is the one printed above the signature.
 *
 * Place: the province, city, district, town, commune or ward named in the authority; central
 * bodies (the Prime Minister, the President, ministries) and an authority naming no place are
 * dated at Hà Nội.
 */
import { upper } from './vietnamese-format.ts';

export interface IssuingBodyText {
  /** Lines of the body's name, upper case, top left: `['ỦY BAN NHÂN DÂN', 'TỈNH BẮC GIANG']`. */
  heading: string[];
  /** Where the decision is dated, e.g. `Bắc Giang`, `Hà Nội`. */
  place: string;
  /** Title of the signer above the signature, e.g. `CHỦ TỊCH`, `THỦ TƯỚNG`. */
  signerTitle: string;
  /** The deciding authority above the legal basis, e.g. `CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC GIANG`. */
  decider: string;
  /** The same as running text, e.g. `Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang`: whose Bằng khen it is. */
  deciderText: string;
}

const CAPITAL = 'Hà Nội';
const LOCALITY = /(?:^|\s)(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+(.+)$/iu;

/** Titles a signatory may be recorded with before the body's name (deputies sign "KT." for them). */
const SIGNER_TITLE = /^(Chủ tịch|Giám đốc|Bộ trưởng|Chánh Văn phòng|Trưởng ban|Tổng Giám đốc|Cục trưởng|Tổng cục trưởng|Viện trưởng|Hiệu trưởng|Thủ trưởng)\s+(.+)$/iu;

/** `UBND` spelled out, as a heading writes it. */
const expand = (authority: string) => authority.trim().replace(/\bUBND\b/gu, 'Ủy ban nhân dân');

function placeOf(authority: string): string {
  return LOCALITY.exec(authority)?.[1]?.trim() ?? CAPITAL;
}

/** What the decision prints about the body issuing it. */
export function issuingBodyText(authority: string, issuerCode: string): IssuingBodyText {
  const expanded = expand(authority);
  if (issuerCode === 'QĐ-TTg') {
    return { heading: ['THỦ TƯỚNG CHÍNH PHỦ'], place: CAPITAL, signerTitle: 'THỦ TƯỚNG', decider: 'THỦ TƯỚNG CHÍNH PHỦ', deciderText: 'Thủ tướng Chính phủ' };
  }
  if (issuerCode === 'QĐ-CTN') {
    return {
      heading: ['CHỦ TỊCH NƯỚC', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
      place: CAPITAL,
      signerTitle: 'CHỦ TỊCH NƯỚC',
      decider: 'CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      deciderText: 'Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam',
    };
  }
  const titled = SIGNER_TITLE.exec(expanded);
  const given = titled ? upper(titled[1]!) : undefined;
  const named = upper(titled ? titled[2]!.trim() : expanded);
  // Titles ending in the body's kind: a Chánh Văn phòng heads the Văn phòng of the body named
  // after the title; a Trưởng ban names the Ban after it (Trưởng Ban Thi đua – Khen thưởng …).
  const body = given === 'CHÁNH VĂN PHÒNG' ? `VĂN PHÒNG ${named}` : given === 'TRƯỞNG BAN' ? `BAN ${named}` : named;
  const committee = /^ỦY BAN NHÂN DÂN\s+(.+)$/u.exec(body);
  const signerTitle = given ?? (committee ? 'CHỦ TỊCH' : /^BỘ\s/u.test(body) ? 'BỘ TRƯỞNG' : /^SỞ\s/u.test(body) ? 'GIÁM ĐỐC' : 'THỦ TRƯỞNG ĐƠN VỊ');
  const decider = signerTitle === 'THỦ TRƯỞNG ĐƠN VỊ' ? body : `${signerTitle} ${named}`;
  // `decider` as running text: the recorded title and body, or the title heading a body of that kind.
  const titleText = titled ? titled[1]! : { 'CHỦ TỊCH': 'Chủ tịch', 'BỘ TRƯỞNG': 'Bộ trưởng', 'GIÁM ĐỐC': 'Giám đốc' }[signerTitle];
  const namedText = titled ? titled[2]!.trim() : expanded;
  const deciderText = titleText ? `${titleText.charAt(0).toUpperCase()}${titleText.slice(1)} ${namedText}` : namedText;
  return { heading: committee ? ['ỦY BAN NHÂN DÂN', committee[1]!] : [body], place: placeOf(expanded), signerTitle, decider, deciderText };
}
