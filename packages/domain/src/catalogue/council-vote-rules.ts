/**
 * How councils vote on each kind of award (VoteRule from procedure-route.ts).
 *
 * † All shares are reference values to confirm against Law 06/2022/QH15 and Decree
 * 98/2023/NĐ-CP (the articles on considering each title) and Circular 01/2024/TT-BNV (council
 * and cluster working rules); they are data picked per award in award-route-specs.ts.
 * The law's ordinary majority ("quá bán", more than half) is `passShare: 0.5` with
 * `threshold: 'moreThan'`: an exact tie fails.
 */
import type { VoteRule } from '../procedure-route.ts';

/**
 * Ordinary business (Lao động tiên tiến, Giấy khen, Bằng khen, collectives): open vote by the
 * majority of members present, with two thirds of members present†. Circular 01/2024/TT-BNV
 * (quy chế hoạt động của Hội đồng TĐKT: biểu quyết theo đa số)†.
 */
const majority: VoteRule = Object.freeze({ quorum: 2 / 3, passShare: 0.5, threshold: 'moreThan', of: 'votesCast', secret: false });

/**
 * Emulation-soldier titles below national level, emulation flags, and national awards at the
 * proposing council: secret ballot, at least two thirds of all members† (Decree 98/2023/NĐ-CP,
 * bình xét danh hiệu Chiến sĩ thi đua bằng bỏ phiếu kín†).
 */
const secretTwoThirds: VoteRule = Object.freeze({ quorum: 2 / 3, passShare: 2 / 3, of: 'members', secret: true });

/**
 * Chiến sĩ thi đua toàn quốc and Anh hùng Lao động: secret ballot, at least 90% of all
 * members† (DOMAIN.md; Decree 98/2023/NĐ-CP, xét danh hiệu Chiến sĩ thi đua toàn quốc†).
 */
const secretNinetyPercent: VoteRule = Object.freeze({ quorum: 2 / 3, passShare: 0.9, of: 'members', secret: true });

/**
 * An emulation cluster or bloc (Cụm, Khối thi đua) choosing its leading units for a flag:
 * secret ballot, more than half of all member units† (Circular 01/2024/TT-BNV, tổ chức hoạt
 * động của cụm, khối thi đua: bình xét, suy tôn bằng bỏ phiếu kín†).
 */
const cluster: VoteRule = Object.freeze({ quorum: 2 / 3, passShare: 0.5, threshold: 'moreThan', of: 'members', secret: true });

/** The vote rules the routes use, by name. */
export const councilVoteRules = Object.freeze({ majority, secretTwoThirds, secretNinetyPercent, cluster });
