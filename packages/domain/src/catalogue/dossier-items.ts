/**
 * What a nomination's dossier (hồ sơ đề nghị khen thưởng) must hold, per award and procedure.
 *
 * Reading of Law 06/2022/QH15 and Decree 98/2023/NĐ-CP (hồ sơ đề nghị khen thưởng), forms in
 * Circular 01/2024/TT-BNV†; the lists are reference values to confirm against those texts.
 * Items follow the route: a council level needs its minutes with the vote, a secret ballot its
 * count record, a disclosure its result (award-routes.test.ts checks that they agree).
 */
import { findAwardType } from '../award-types.ts';
import { CatalogueNotInForceError, SimplifiedProcedureNotAllowedError, UnknownAwardTypeError } from './catalogue-errors.ts';
import type { RouteLevel } from '../procedure-route.ts';
import { latestVersion, requireInForce, type EffectiveDated } from './effective-dated.ts';

export interface DossierItem {
  /** Stable id, stored with uploaded files. */
  id: string;
  labelVi: string;
  labelEn: string;
  /** A required item missing sends the dossier back at review. */
  required: boolean;
}

const labels = {
  toTrinh: ['Tờ trình đề nghị khen thưởng', 'Proposal letter (tờ trình)'],
  baoCaoThanhTich: ['Báo cáo thành tích, có xác nhận của cấp trình khen thưởng', 'Achievement report, certified by the proposing level'],
  baoCaoTomTat: ['Báo cáo tóm tắt thành tích đột xuất', 'Short report of the ad-hoc achievement'],
  bienBanHoiDong: ['Biên bản họp Hội đồng Thi đua – Khen thưởng, kèm kết quả biểu quyết', 'Council minutes with the vote'],
  bienBanKiemPhieu: ['Biên bản kiểm phiếu bỏ phiếu kín', 'Secret-ballot count record'],
  bienBanCumKhoi: ['Biên bản họp bình xét, suy tôn của Cụm, Khối thi đua', 'Minutes of the emulation cluster or bloc vote'],
  danhSachThanhVien: ['Danh sách cá nhân trong tập thể đạt danh hiệu thi đua', "Members' emulation titles in the period"],
  sangKienCoSo: ['Văn bản công nhận sáng kiến được áp dụng hiệu quả tại cơ sở', 'Recognition of an initiative applied at unit level'],
  sangKienCapTinh: ['Văn bản công nhận sáng kiến có phạm vi ảnh hưởng cấp bộ, ngành, tỉnh', 'Recognition of an initiative with ministry- or province-wide effect'],
  sangKienToanQuoc: ['Văn bản công nhận sáng kiến có phạm vi ảnh hưởng toàn quốc', 'Recognition of an initiative with nationwide effect'],
  ketQuaCongKhai: ['Văn bản về kết quả công khai, lấy ý kiến', 'Result of the public disclosure'],
  xacNhanNghiaVu: [
    'Xác nhận chấp hành pháp luật về thuế, bảo hiểm, bảo vệ môi trường (đối với doanh nghiệp)',
    'Confirmation of tax, insurance and environmental compliance (enterprises)',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type DossierItemId = keyof typeof labels;

function items(required: readonly DossierItemId[], optional: readonly DossierItemId[] = []): readonly DossierItem[] {
  const make = (id: DossierItemId, isRequired: boolean): DossierItem =>
    Object.freeze({ id, labelVi: labels[id][0], labelEn: labels[id][1], required: isRequired });
  return Object.freeze([...required.map((id) => make(id, true)), ...optional.map((id) => make(id, false))]);
}

export interface AwardDossier {
  standard: readonly DossierItem[];
  /** Present where the simplified procedure is allowed. */
  simplified?: readonly DossierItem[];
}

export type DossierTable = Readonly<Record<string, AwardDossier>>;

const adHoc = items(['toTrinh', 'baoCaoTomTat']);
const secretVote = ['bienBanHoiDong', 'bienBanKiemPhieu'] as const;
const order: AwardDossier = {
  standard: items(['toTrinh', 'baoCaoThanhTich', ...secretVote, 'ketQuaCongKhai'], ['xacNhanNghiaVu']),
};

const dossiers2024: DossierTable = Object.freeze({
  'lao-dong-tien-tien': { standard: items(['toTrinh', 'bienBanHoiDong'], ['baoCaoThanhTich']) },
  'chien-si-thi-dua-co-so': { standard: items(['toTrinh', 'baoCaoThanhTich', ...secretVote, 'sangKienCoSo']) },
  'tap-the-lao-dong-tien-tien': { standard: items(['toTrinh', 'baoCaoThanhTich', 'bienBanHoiDong', 'danhSachThanhVien']) },
  'giay-khen': { standard: items(['toTrinh', 'baoCaoThanhTich', 'bienBanHoiDong']), simplified: adHoc },
  'chien-si-thi-dua-bo-nganh-tinh': { standard: items(['toTrinh', 'baoCaoThanhTich', ...secretVote, 'sangKienCapTinh']) },
  'tap-the-lao-dong-xuat-sac': { standard: items(['toTrinh', 'baoCaoThanhTich', 'bienBanHoiDong', 'danhSachThanhVien']) },
  'co-thi-dua-bo-nganh-tinh': { standard: items(['toTrinh', 'baoCaoThanhTich', 'bienBanCumKhoi', ...secretVote]) },
  'bang-khen-bo-nganh-tinh': { standard: items(['toTrinh', 'baoCaoThanhTich', 'bienBanHoiDong'], ['xacNhanNghiaVu']), simplified: adHoc },
  'chien-si-thi-dua-toan-quoc': { standard: items(['toTrinh', 'baoCaoThanhTich', ...secretVote, 'sangKienToanQuoc', 'ketQuaCongKhai']) },
  'co-thi-dua-chinh-phu': {
    standard: items(['toTrinh', 'baoCaoThanhTich', 'bienBanCumKhoi', ...secretVote, 'ketQuaCongKhai'], ['xacNhanNghiaVu']),
  },
  'bang-khen-thu-tuong': {
    standard: items(['toTrinh', 'baoCaoThanhTich', 'bienBanHoiDong', 'ketQuaCongKhai'], ['xacNhanNghiaVu']),
    simplified: adHoc,
  },
  'huan-chuong-lao-dong-hang-ba': { ...order, simplified: adHoc },
  'huan-chuong-lao-dong-hang-nhi': order,
  'huan-chuong-lao-dong-hang-nhat': order,
  'huan-chuong-doc-lap': order,
  'huan-chuong-ho-chi-minh': order,
  'huan-chuong-sao-vang': order,
  'anh-hung-lao-dong': {
    standard: items(['toTrinh', 'baoCaoThanhTich', ...secretVote, 'ketQuaCongKhai'], ['sangKienToanQuoc', 'xacNhanNghiaVu']),
  },
} satisfies Record<string, AwardDossier>);

export const dossierVersions: readonly EffectiveDated<DossierTable>[] = Object.freeze([
  { from: '2024-01-01', value: dossiers2024, source: 'Nghị định 98/2023/NĐ-CP (hồ sơ đề nghị khen thưởng); Thông tư 01/2024/TT-BNV (mẫu)†' },
]);

/**
 * The dossier of one award for the standard or simplified procedure, in the version for `at`
 * (`YYYY-MM-DD`, default the latest). Throws like `routeFor` for an unknown id, a simplified
 * procedure the award does not allow, or a date with no dossier rules in force.
 */
export function dossierFor(awardTypeId: string, options: { simplified?: boolean; at?: string } = {}): DossierItem[] {
  if (!findAwardType(awardTypeId)) throw new UnknownAwardTypeError(awardTypeId);
  const version = options.at === undefined ? latestVersion(dossierVersions) : requireInForce(dossierVersions, options.at, 'dossier rules');
  const dossier = Object.hasOwn(version.value, awardTypeId) ? version.value[awardTypeId] : undefined;
  if (!dossier) throw new CatalogueNotInForceError(`dossier for "${awardTypeId}"`, options.at ?? version.from);
  const list = options.simplified ? dossier.simplified : dossier.standard;
  if (!list) throw new SimplifiedProcedureNotAllowedError(awardTypeId);
  return list.map((item) => ({ ...item }));
}

/**
 * Whether the procedure itself records `item` on a route of these levels, so no file of the unit
 * is needed for it: a council's minutes with its vote (its tally), a secret ballot's count, the
 * cluster's vote at a cluster council, a posting's result.
 */
export function recordedByProcedure(item: string, levels: readonly Pick<RouteLevel, 'id' | 'kind' | 'vote'>[]): boolean {
  const councils = levels.filter((level) => level.kind === 'council');
  switch (item) {
    case 'bienBanHoiDong':
      return councils.some((level) => level.id !== 'clusterCouncil');
    case 'bienBanKiemPhieu':
      // The cluster's own ballot is in its minutes (bienBanCumKhoi), not a council's count record.
      return councils.some((level) => level.id !== 'clusterCouncil' && level.vote?.secret === true);
    case 'bienBanCumKhoi':
      return councils.some((level) => level.id === 'clusterCouncil');
    case 'ketQuaCongKhai':
      return levels.some((level) => level.kind === 'disclosure');
    default:
      return false;
  }
}
