/**
 * The levels a nomination can pass, as templates: who acts (a directory role the gateway
 * resolves per unit), who takes over when the deadline passes, and what kind of step it is.
 * Deadlines come from route-deadlines.ts, votes from the award's route spec.
 *
 * Roles are named for a province; for a ministry or central body the gateway resolves
 * `provinceOffice`, `provinceCouncil` and `provinceChairman` to its emulation department,
 * council and Minister (DOMAIN.md: "Minister / provincial Chairman").
 * Escalation of a decision goes to the deputy who may sign on the head's behalf (ký thay, KT.).
 */
import type { DecidingAuthority } from '../award-types.ts';
import type { LevelKind } from '../procedure-route.ts';

/** Ids of the levels before the decision; the decision level is always `decision`. */
export type StepLevelId =
  | 'unitCouncil' | 'unitReview' | 'unitSubmission' | 'clusterCouncil' | 'clusterSubmission' | 'clusterDisclosure'
  | 'provinceReview' | 'provinceCouncil' | 'provinceDisclosure' | 'provinceSubmission'
  | 'centralReview' | 'centralCouncil' | 'governmentSubmission';

export type CouncilLevelId = 'unitCouncil' | 'clusterCouncil' | 'provinceCouncil' | 'centralCouncil';

/** The id of the last level of every route. */
export const DECISION_LEVEL_ID = 'decision';

export interface LevelTemplate {
  kind: LevelKind;
  nameVi: string;
  nameEn: string;
  role: string;
  escalationRole?: string;
}

export const levelTemplates: Readonly<Record<StepLevelId, LevelTemplate>> = Object.freeze({
  unitCouncil: { kind: 'council', nameVi: 'Hội đồng Thi đua – Khen thưởng đơn vị', nameEn: 'Unit emulation–commendation council', role: 'unitCouncil' },
  unitReview: { kind: 'review', nameVi: 'Bộ phận thi đua – khen thưởng đơn vị kiểm tra hồ sơ', nameEn: "Unit's emulation–commendation officer checks the dossier", role: 'unitOffice', escalationRole: 'unitLeader' },
  unitSubmission: { kind: 'review', nameVi: 'Thủ trưởng đơn vị ký tờ trình đề nghị', nameEn: 'Head of the unit signs the proposal', role: 'unitLeader', escalationRole: 'unitDeputyLeader' },
  clusterCouncil: { kind: 'council', nameVi: 'Cụm, Khối thi đua bình xét, suy tôn', nameEn: 'Emulation cluster or bloc vote', role: 'clusterCouncil' },
  clusterSubmission: { kind: 'review', nameVi: 'Trưởng Cụm, Khối thi đua ký tờ trình đề nghị', nameEn: 'Cluster chair signs the proposal', role: 'clusterChair', escalationRole: 'clusterDeputyChair' },
  clusterDisclosure: { kind: 'disclosure', nameVi: 'Trưởng Cụm, Khối thi đua công khai danh sách, lấy ý kiến', nameEn: 'The cluster chair posts the proposal for comment', role: 'clusterChair' },
  provinceReview: { kind: 'review', nameVi: 'Ban Thi đua – Khen thưởng (Sở Nội vụ) thẩm định hồ sơ', nameEn: 'Provincial emulation–commendation office appraises the dossier', role: 'provinceOffice', escalationRole: 'provinceOfficeHead' },
  provinceCouncil: { kind: 'council', nameVi: 'Hội đồng Thi đua – Khen thưởng tỉnh', nameEn: 'Provincial emulation–commendation council', role: 'provinceCouncil' },
  provinceDisclosure: { kind: 'disclosure', nameVi: 'Công khai danh sách, lấy ý kiến', nameEn: 'Public disclosure for comment', role: 'provinceOffice' },
  provinceSubmission: { kind: 'review', nameVi: 'Chủ tịch UBND tỉnh ký tờ trình lên Trung ương', nameEn: 'Provincial Chairman submits to the centre', role: 'provinceChairman', escalationRole: 'provinceViceChairman' },
  centralReview: { kind: 'review', nameVi: 'Ban Thi đua – Khen thưởng Trung ương thẩm định', nameEn: 'Central Emulation–Commendation Committee appraises', role: 'centralCommittee', escalationRole: 'centralCommitteeHead' },
  centralCouncil: { kind: 'council', nameVi: 'Hội đồng Thi đua – Khen thưởng Trung ương', nameEn: 'Central emulation–commendation council', role: 'centralCouncil' },
  governmentSubmission: { kind: 'review', nameVi: 'Thủ tướng Chính phủ trình Chủ tịch nước', nameEn: 'The Prime Minister submits to the President', role: 'primeMinister', escalationRole: 'deputyPrimeMinister' },
} satisfies Record<StepLevelId, LevelTemplate>);

/** The decision level of each deciding authority. */
export const decisionTemplates: Readonly<Record<DecidingAuthority, LevelTemplate>> = Object.freeze({
  unitHead: { kind: 'decision', nameVi: 'Thủ trưởng đơn vị quyết định', nameEn: 'The head of the unit decides', role: 'unitLeader', escalationRole: 'unitDeputyLeader' },
  ministerOrProvincialChairman: { kind: 'decision', nameVi: 'Chủ tịch UBND tỉnh (Bộ trưởng) quyết định', nameEn: 'The provincial Chairman (or Minister) decides', role: 'provinceChairman', escalationRole: 'provinceViceChairman' },
  primeMinister: { kind: 'decision', nameVi: 'Thủ tướng Chính phủ quyết định', nameEn: 'The Prime Minister decides', role: 'primeMinister', escalationRole: 'deputyPrimeMinister' },
  president: { kind: 'decision', nameVi: 'Chủ tịch nước quyết định', nameEn: 'The President decides', role: 'president', escalationRole: 'vicePresident' },
} satisfies Record<DecidingAuthority, LevelTemplate>);

/** The role that takes the decision for each authority (what the last level of a route names). */
export function decisionRole(authority: DecidingAuthority): string {
  return decisionTemplates[authority].role;
}
