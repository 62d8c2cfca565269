/**
 * The demonstration directory for a fresh machine, the all-in-one start and tests: a province
 * (Bắc Giang), two of its departments and a district, which propose; and the national bodies a
 * dossier climbs to, chained by `parentId` in that order (province → Ban Thi đua – Khen thưởng
 * Trung ương → Văn phòng Chính phủ → Văn phòng Chủ tịch nước), so every role of every catalogue
 * route resolves (directory.ts looks a role up on the unit, then up the chain). Addresses are
 * under `.example` (RFC 2606), so no real mailbox can ever receive demo mail.
 *
 * Roles of the commendation routes (route-levels.ts):
 * - the proposing unit's own: unitLeader (thủ trưởng), unitDeputyLeader (cấp phó, takes over
 *   late tasks), unitOffice (bộ phận thi đua – khen thưởng), unitCouncil (Hội đồng TĐKT đơn vị:
 *   members, the chair first);
 * - the province's: provinceOffice / provinceOfficeHead (Ban Thi đua – Khen thưởng, Sở Nội vụ),
 *   provinceCouncil, provinceChairman / provinceViceChairman, and its bloc of departments
 *   (Khối thi đua các sở, ngành): clusterCouncil, clusterChair, clusterDeputyChair;
 * - national: centralCommittee / centralCommitteeHead / centralCouncil (Ban TĐKT Trung ương),
 *   primeMinister / deputyPrimeMinister, president / vicePresident.
 * The nomination-approval procedure (kept for instances started on it) reads unitLeader,
 * unitLeaderEscalation, officer and officerEscalation. Profiles name who signs decisions and
 * the abbreviation of the document code (QĐ-UBND, QĐ-SNV, QĐ-TTg, QĐ-CTN).
 */
import type { DirectoryProfile } from './directory.ts';

/** A unit as the store keeps it (`UnitRecord`), without depending on the store package. */
export interface DemoUnit {
  unitId: string;
  nameVi: string;
  nameEn: string;
  parentId: string | null;
  approvers: Readonly<Record<string, string | readonly string[]>>;
  profile?: DirectoryProfile;
}

const bg = 'bacgiang.example';

/** The provincial emulation & commendation board: the legacy procedure's second review. */
const provincialBoard = {
  officer: `can-bo.thi-dua@ban-tdkt.${bg}`,
  officerEscalation: `truong-ban@ban-tdkt.${bg}`,
};

/** A proposing unit's own roles, for both procedures. */
function ownRoles(domain: string, head: string, deputy: string, councilMembers: readonly string[]) {
  return {
    unitLeader: `${head}@${domain}`,
    unitLeaderEscalation: `${deputy}@${domain}`,
    unitDeputyLeader: `${deputy}@${domain}`,
    unitOffice: `thi-dua@${domain}`,
    unitCouncil: [`${head}@${domain}`, ...councilMembers.map((member) => `${member}@${domain}`)],
    ...provincialBoard,
  };
}

const units: DemoUnit[] = [
  {
    unitId: 'van-phong-chu-tich-nuoc',
    nameVi: 'Văn phòng Chủ tịch nước',
    nameEn: 'Office of the President',
    parentId: null,
    approvers: { president: 'chu-tich-nuoc@vpctn.example', vicePresident: 'pho-chu-tich-nuoc@vpctn.example' },
    profile: { abbreviation: 'CTN', signatories: { president: 'Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam' } },
  },
  {
    unitId: 'van-phong-chinh-phu',
    nameVi: 'Văn phòng Chính phủ',
    nameEn: 'Office of the Government',
    parentId: 'van-phong-chu-tich-nuoc',
    approvers: { primeMinister: 'thu-tuong@vpcp.example', deputyPrimeMinister: 'pho-thu-tuong@vpcp.example' },
    profile: { abbreviation: 'TTg', signatories: { primeMinister: 'Thủ tướng Chính phủ' } },
  },
  {
    unitId: 'ban-tdkt-trung-uong',
    nameVi: 'Ban Thi đua – Khen thưởng Trung ương',
    nameEn: 'Central Emulation and Commendation Committee',
    parentId: 'van-phong-chinh-phu',
    approvers: {
      centralCommittee: 'tham-dinh@btdkt.example',
      centralCommitteeHead: 'truong-ban@btdkt.example',
      centralCouncil: ['chu-tich-hd@btdkt.example', 'uv1@btdkt.example', 'uv2@btdkt.example', 'uv3@btdkt.example', 'uv4@btdkt.example'],
    },
  },
  {
    unitId: 'ubnd-tinh-bac-giang',
    nameVi: 'Tỉnh Bắc Giang',
    nameEn: 'Bac Giang Province',
    parentId: 'ban-tdkt-trung-uong',
    approvers: {
      ...ownRoles(`ubnd.${bg}`, 'chanh-van-phong', 'pho-chanh-van-phong', ['truong-phong.tong-hop', 'truong-phong.hanh-chinh']),
      provinceOffice: `can-bo.thi-dua@ban-tdkt.${bg}`,
      provinceOfficeHead: `truong-ban@ban-tdkt.${bg}`,
      provinceCouncil: [`chu-tich@ubnd.${bg}`, `giam-doc@sonoivu.${bg}`, `truong-ban@ban-tdkt.${bg}`, `giam-doc@sogddt.${bg}`, `chu-tich@ubnd.yendung.${bg}`],
      provinceChairman: `chu-tich@ubnd.${bg}`,
      provinceViceChairman: `pho-chu-tich@ubnd.${bg}`,
      clusterCouncil: [`giam-doc@sogddt.${bg}`, `giam-doc@sonoivu.${bg}`, `chanh-van-phong@ubnd.${bg}`, `chu-tich@ubnd.yendung.${bg}`],
      clusterChair: `giam-doc@sogddt.${bg}`,
      clusterDeputyChair: `giam-doc@sonoivu.${bg}`,
    },
    profile: {
      abbreviation: 'UBND',
      issuingBody: 'province',
      signatories: { provinceChairman: 'Chủ tịch UBND tỉnh Bắc Giang', unitLeader: 'Chánh Văn phòng UBND tỉnh Bắc Giang' },
      // The Chánh Văn phòng decides for the Văn phòng, which numbers its decisions QĐ-VP.
      roleAbbreviations: { unitLeader: 'VP' },
    },
  },
  {
    unitId: 'so-noi-vu-bac-giang',
    nameVi: 'Sở Nội vụ tỉnh Bắc Giang',
    nameEn: 'Bac Giang Department of Home Affairs',
    parentId: 'ubnd-tinh-bac-giang',
    approvers: ownRoles(`sonoivu.${bg}`, 'giam-doc', 'pho-giam-doc', ['truong-phong.tcbc', 'chanh-van-phong']),
    profile: { abbreviation: 'SNV', issuingBody: 'unit', signatories: { unitLeader: 'Giám đốc Sở Nội vụ tỉnh Bắc Giang' } },
  },
  {
    unitId: 'so-giao-duc-bac-giang',
    nameVi: 'Sở Giáo dục và Đào tạo tỉnh Bắc Giang',
    nameEn: 'Bac Giang Department of Education and Training',
    parentId: 'ubnd-tinh-bac-giang',
    approvers: ownRoles(`sogddt.${bg}`, 'giam-doc', 'pho-giam-doc', ['truong-phong.tccb', 'chanh-van-phong']),
    profile: { abbreviation: 'SGDĐT', issuingBody: 'unit', signatories: { unitLeader: 'Giám đốc Sở Giáo dục và Đào tạo tỉnh Bắc Giang' } },
  },
  {
    unitId: 'ubnd-huyen-yen-dung',
    nameVi: 'Ủy ban nhân dân huyện Yên Dũng',
    nameEn: "Yen Dung District People's Committee",
    parentId: 'ubnd-tinh-bac-giang',
    approvers: ownRoles(`ubnd.yendung.${bg}`, 'chu-tich', 'pho-chu-tich', ['chanh-van-phong', 'truong-phong.noi-vu']),
    profile: { abbreviation: 'UBND', issuingBody: 'unit', signatories: { unitLeader: 'Chủ tịch UBND huyện Yên Dũng' } },
  },
];

export const demoUnits: readonly DemoUnit[] = Object.freeze(units);

/** The demo units that propose nominations (they have a head of their own); the national bodies only act on them. */
export const proposingDemoUnits: readonly DemoUnit[] = demoUnits.filter((unit) => Object.hasOwn(unit.approvers, 'unitLeader'));
