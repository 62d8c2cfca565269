/**
 * The seed's cluster as data: Cụm thi đua các tỉnh Trung du và miền núi phía Bắc (the emulation
 * cluster of the Northern Midlands and Mountains provinces), from the report of its meeting in
 * Bắc Giang on 10 March 2023 (`../shared/seed/000_b0f75cbc4a04735a.txt` beside the repository).
 *
 * From the report: the seven members; Bắc Giang chaired 2022 with Bắc Kạn as deputy; Lương Quốc
 * Đoàn, Chairman of the Vietnam Farmers' Union and member of the Central Emulation–Commendation
 * Council, is responsible for the cluster; the seven signed the 2023 agreement, and Bắc Kạn's
 * chairman launched the 2023 emulation — the incoming chair's part, so Bắc Kạn chairs 2023.
 * Not in the report, and marked where used: the rotation order (taken as the order the report
 * lists the members), hence the 2023 deputy; the 2023 criteria, weights and vote rule, which are
 * illustrative (the signed text is not public in the seed) with reference values †.
 */
import type { EmulationAgreement } from './agreement.ts';
import type { ClusterYear, EmulationCluster, ResponsibleCouncilMember } from './cluster.ts';

export const NORTHERN_MIDLANDS_CLUSTER_ID = 'cum-trung-du-mien-nui-phia-bac';

/** Member ids, as in `organisation/province-merger-2025.ts`. */
export const northernMidlandsMembers = Object.freeze({
  bacGiang: 'ubnd-tinh-bac-giang',
  bacKan: 'ubnd-tinh-bac-kan',
  thaiNguyen: 'ubnd-tinh-thai-nguyen',
  hoaBinh: 'ubnd-tinh-hoa-binh',
  tuyenQuang: 'ubnd-tinh-tuyen-quang',
  yenBai: 'ubnd-tinh-yen-bai',
  phuTho: 'ubnd-tinh-phu-tho',
});

const m = northernMidlandsMembers;
/** The report's order of the members; taken as the rotation order (an assumption, see the module comment). */
const reportOrder = [m.bacGiang, m.bacKan, m.thaiNguyen, m.hoaBinh, m.tuyenQuang, m.yenBai, m.phuTho];

const responsible: ResponsibleCouncilMember = {
  name: 'Lương Quốc Đoàn',
  titleVi: 'Ủy viên Trung ương Đảng, Chủ tịch Hội Nông dân Việt Nam, Ủy viên Hội đồng TĐKT Trung ương phụ trách Cụm thi đua',
  titleEn: "Member of the Party Central Committee, Chairman of the Vietnam Farmers' Union, member of the Central Emulation–Commendation Council responsible for the cluster",
};

/** The 2023 agreement (giao ước thi đua). Criteria illustrative, 100 points in all; vote rule † reference. */
export const northernMidlandsAgreement2023: EmulationAgreement = {
  clusterId: NORTHERN_MIDLANDS_CLUSTER_ID,
  year: 2023,
  criteria: [
    { criterionId: 'phat-trien-kt-xh', nameVi: 'Thực hiện các chỉ tiêu phát triển kinh tế – xã hội', nameEn: 'Economic and social targets met', weight: 5, scale: { min: 0, max: 10, step: 0.5 } },
    { criterionId: 'phong-trao-thi-dua', nameVi: 'Tổ chức các phong trào thi đua, thi đua chuyên đề và đột xuất', nameEn: 'Emulation movements, thematic and ad-hoc campaigns', weight: 2, scale: { min: 0, max: 10, step: 0.5 } },
    { criterionId: 'cong-tac-khen-thuong', nameVi: 'Công tác khen thưởng chính xác, kịp thời', nameEn: 'Accurate and timely commendation work', weight: 2, scale: { min: 0, max: 10, step: 0.5 } },
    { criterionId: 'hoat-dong-cum', nameVi: 'Tham gia hoạt động của Cụm thi đua', nameEn: 'Taking part in the cluster’s activities', weight: 1, scale: { min: 0, max: 10, step: 1 } },
  ],
  ranking: 'competition',
  selfAssessmentWeight: 0,
  vote: {
    // † One unit for the Government's emulation flag, one for the Prime Minister's certificate of merit.
    seatAwards: ['co-thi-dua-chinh-phu', 'bang-khen-thu-tuong'],
    quorum: 2 / 3,
    secret: true,
    selfVote: false,
    maxRunoffs: 2,
    // † More than half of the members for each seat (Circular 01/2024/TT-BNV).
    majority: true,
  },
  // Stored and shown as the cluster's officers would write it: in Vietnamese.
  source: 'Tiêu chí minh họa (bản giao ước ký năm 2023 không có trong dữ liệu mẫu); quy tắc bỏ phiếu † cần đối chiếu hướng dẫn của Hội đồng Thi đua – Khen thưởng Trung ương',
};

/** The 2022 agreement: not in the seed either; the same illustrative criteria and rule, so the 2022 year-end can be run. */
export const northernMidlandsAgreement2022: EmulationAgreement = { ...northernMidlandsAgreement2023, year: 2022 };

const years: ClusterYear[] = [
  {
    year: 2022,
    members: reportOrder,
    chair: m.bacGiang,
    deputy: m.bacKan,
    responsible,
    rolesSource: 'Seed report of 10/3/2023: Bắc Giang "đơn vị Trưởng Cụm năm 2022", Bắc Kạn "đơn vị Phó Trưởng Cụm"',
    agreement: northernMidlandsAgreement2022,
  },
  {
    year: 2023,
    members: reportOrder,
    chair: m.bacKan,
    deputy: m.thaiNguyen,
    responsible,
    rolesSource: 'Chair: the seed report (Bắc Kạn launches the 2023 emulation). Deputy: the rotation rule over the report order — not in the report',
    agreement: northernMidlandsAgreement2023,
  },
];

export const northernMidlandsCluster: EmulationCluster = Object.freeze({
  clusterId: NORTHERN_MIDLANDS_CLUSTER_ID,
  kind: 'cluster',
  nameVi: 'Cụm thi đua các tỉnh Trung du và miền núi phía Bắc',
  nameEn: 'Emulation cluster of the Northern Midlands and Mountains provinces',
  rotationOrder: reportOrder,
  years,
});
