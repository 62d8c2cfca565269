/**
 * Demonstration units for a fresh machine, the all-in-one start and tests: a province, two of
 * its departments and a district, each with the people who act at every step of the
 * nomination-approval procedure. Addresses are under `.example` (RFC 2606), so no real
 * mailbox can ever receive demo mail.
 *
 * Roles: unitLeader — head of the unit (thủ trưởng đơn vị); unitLeaderEscalation — the deputy
 * who takes over a late review; officer — emulation & commendation officer (cán bộ thi đua) of
 * the provincial Ban Thi đua – Khen thưởng; officerEscalation — that board's head.
 */

/** A unit as the store keeps it (`UnitRecord`), without depending on the store package. */
export interface DemoUnit {
  unitId: string;
  nameVi: string;
  nameEn: string;
  parentId: string | null;
  approvers: {
    unitLeader: string;
    unitLeaderEscalation: string;
    officer: string;
    officerEscalation: string;
  };
}

/** The provincial emulation & commendation board reviews every unit's nominations second. */
const provincialBoard = {
  officer: 'can-bo.thi-dua@ban-tdkt.bacgiang.example',
  officerEscalation: 'truong-ban@ban-tdkt.bacgiang.example',
};

export const demoUnits: readonly DemoUnit[] = Object.freeze([
  {
    unitId: 'ubnd-tinh-bac-giang',
    nameVi: 'Ủy ban nhân dân tỉnh Bắc Giang',
    nameEn: "Bac Giang Provincial People's Committee",
    parentId: null,
    approvers: {
      unitLeader: 'chanh-van-phong@ubnd.bacgiang.example',
      unitLeaderEscalation: 'pho-chanh-van-phong@ubnd.bacgiang.example',
      ...provincialBoard,
    },
  },
  {
    unitId: 'so-noi-vu-bac-giang',
    nameVi: 'Sở Nội vụ tỉnh Bắc Giang',
    nameEn: 'Bac Giang Department of Home Affairs',
    parentId: 'ubnd-tinh-bac-giang',
    approvers: {
      unitLeader: 'giam-doc@sonoivu.bacgiang.example',
      unitLeaderEscalation: 'pho-giam-doc@sonoivu.bacgiang.example',
      ...provincialBoard,
    },
  },
  {
    unitId: 'so-giao-duc-bac-giang',
    nameVi: 'Sở Giáo dục và Đào tạo tỉnh Bắc Giang',
    nameEn: 'Bac Giang Department of Education and Training',
    parentId: 'ubnd-tinh-bac-giang',
    approvers: {
      unitLeader: 'giam-doc@sogddt.bacgiang.example',
      unitLeaderEscalation: 'pho-giam-doc@sogddt.bacgiang.example',
      ...provincialBoard,
    },
  },
  {
    unitId: 'ubnd-huyen-yen-dung',
    nameVi: 'Ủy ban nhân dân huyện Yên Dũng',
    nameEn: "Yen Dung District People's Committee",
    parentId: 'ubnd-tinh-bac-giang',
    approvers: {
      unitLeader: 'chu-tich@ubnd.yendung.bacgiang.example',
      unitLeaderEscalation: 'pho-chu-tich@ubnd.yendung.bacgiang.example',
      ...provincialBoard,
    },
  },
] satisfies DemoUnit[]);
