/**
 * The unit directory the seed cluster needs to run on the product: its seven provinces with the
 * people who act for them, and the national bodies a province's dossier climbs to. Addresses are
 * under `.example` (RFC 2606), the same the seed evaluation's contacts use
 * (workflows/cluster-evaluation `seedContacts`), so no real mailbox can receive demo mail.
 *
 * Each province holds the roles of both awards the cluster proposes (commendation routes of
 * `co-thi-dua-chinh-phu` and `bang-khen-thu-tuong`): its own (unitLeader, unitDeputyLeader,
 * unitOffice, unitCouncil — the People's Committee proposes itself), the province's (provinceOffice
 * … provinceViceChairman), and the cluster's for that year (clusterCouncil: the members' heads,
 * the chair first; clusterChair and clusterDeputyChair: the chair's and deputy's heads).
 */
import { demoUnits, provinces2025, type ClusterYear } from '@vinh-danh/domain';
import type { UnitRecord } from '@vinh-danh/store';

/** The national bodies above a province, nearest first (as in domain `demoUnits`). */
export const nationalBodyIds = Object.freeze(['ban-tdkt-trung-uong', 'van-phong-chinh-phu', 'van-phong-chu-tich-nuoc']);

/** `ubnd-tinh-bac-giang` → `bacgiang`: the demo mail domain of the province. */
const domainOf = (unitId: string) => unitId.replace(/^ubnd-tinh-/, '').replaceAll('-', '');
const chairmanOf = (unitId: string) => `chu-tich@ubnd.${domainOf(unitId)}.example`;

/** A province of the seed cluster, with `year`'s cluster roles. */
function provinceUnit(unitId: string, year: ClusterYear): UnitRecord {
  const province = provinces2025.find((unit) => unit.unitId === unitId);
  const name = (province?.nameVi ?? unitId).replace(/^Tỉnh /, '');
  const mail = domainOf(unitId);
  const chairman = chairmanOf(unitId);
  const viceChairman = `pho-chu-tich@ubnd.${mail}.example`;
  const office = `ban-tdkt@${mail}.example`;
  const officeHead = `truong-ban@ban-tdkt.${mail}.example`;
  const homeAffairs = `giam-doc@sonoivu.${mail}.example`;
  const signs = `Chủ tịch UBND tỉnh ${name}`;
  return {
    unitId,
    nameVi: province?.nameVi ?? unitId,
    nameEn: province?.nameEn ?? unitId,
    parentId: nationalBodyIds[0]!,
    approvers: {
      unitLeader: chairman,
      unitDeputyLeader: viceChairman,
      unitOffice: office,
      unitCouncil: [chairman, viceChairman, homeAffairs],
      provinceOffice: office,
      provinceOfficeHead: officeHead,
      provinceCouncil: [chairman, homeAffairs, officeHead],
      provinceChairman: chairman,
      provinceViceChairman: viceChairman,
      clusterCouncil: [year.chair, ...year.members.filter((member) => member !== year.chair)].map(chairmanOf),
      clusterChair: chairmanOf(year.chair),
      clusterDeputyChair: chairmanOf(year.deputy),
    },
    profile: { abbreviation: 'UBND', issuingBody: 'province', signatories: { provinceChairman: signs, unitLeader: signs } },
  };
}

/** The national bodies (from `demoUnits`) and the provinces of `year`, as unit records. */
export function clusterDirectoryUnits(year: ClusterYear): UnitRecord[] {
  const national = demoUnits
    .filter((unit) => nationalBodyIds.includes(unit.unitId))
    .map((unit): UnitRecord => {
      const approvers = Object.fromEntries(Object.entries(unit.approvers).map(([role, people]) => [role, typeof people === 'string' ? people : [...people]]));
      const { profile } = unit;
      return {
        unitId: unit.unitId,
        nameVi: unit.nameVi,
        nameEn: unit.nameEn,
        parentId: unit.parentId,
        approvers,
        ...(profile ? { profile: { ...profile, ...(profile.signatories ? { signatories: { ...profile.signatories } } : {}) } } : {}),
      };
    });
  return [...national, ...year.members.map((memberId) => provinceUnit(memberId, year))];
}
