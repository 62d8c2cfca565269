import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { organisation2025 } from '../organisation/province-merger-2025.ts';
import { unitAt } from '../organisation/unit-at.ts';
import { effectPayloadSchemas, isEffectType } from '../effects.ts';
import { clusterEffectPayloadSchemas } from './cluster-effects.ts';
import { clusterYear, nextChairAndDeputy, rotateChair } from './cluster.ts';
import { northernMidlandsCluster as cluster, northernMidlandsMembers as m } from './northern-midlands-cluster.ts';

describe('clusters: the seed cluster and the rotation', () => {
  it('when the seed cluster is read for 2022, then it has the report’s seven members, chair, deputy and responsible member', () => {
    const year = clusterYear(cluster, 2022);
    assert.equal(cluster.nameVi, 'Cụm thi đua các tỉnh Trung du và miền núi phía Bắc');
    assert.deepEqual([...year.members].sort(), Object.values(m).sort());
    assert.equal(year.chair, m.bacGiang);
    assert.equal(year.deputy, m.bacKan);
    assert.equal(year.responsible.name, 'Lương Quốc Đoàn');
    assert.match(year.responsible.titleVi, /Chủ tịch Hội Nông dân Việt Nam, Ủy viên Hội đồng TĐKT Trung ương/);
    for (const member of year.members) assert.equal(unitAt(organisation2025, member, '2022-12-31')?.kind, 'province', member);
  });

  it('when 2022 rotates, then the deputy Bắc Kạn chairs 2023, as the report shows, and the next in order deputises', () => {
    assert.deepEqual(nextChairAndDeputy(cluster, 2022), { year: 2023, chair: m.bacKan, deputy: m.thaiNguyen });
    const recorded = clusterYear(cluster, 2023);
    assert.deepEqual({ chair: recorded.chair, deputy: recorded.deputy }, { chair: m.bacKan, deputy: m.thaiNguyen });
    assert.deepEqual(nextChairAndDeputy(cluster, 2023), { year: 2024, chair: m.thaiNguyen, deputy: m.hoaBinh });
  });

  it('when the rotation reaches the end of the order, then it wraps, skipping members who left', () => {
    const order = cluster.rotationOrder;
    assert.deepEqual(rotateChair({ year: 2027, chair: m.yenBai, deputy: m.phuTho, members: order }, order), { year: 2028, chair: m.phuTho, deputy: m.bacGiang });
    const afterMerger = [m.thaiNguyen, m.tuyenQuang, m.phuTho];
    assert.deepEqual(rotateChair({ year: 2025, chair: m.thaiNguyen, deputy: m.tuyenQuang, members: afterMerger }, order), { year: 2026, chair: m.tuyenQuang, deputy: m.phuTho });
    assert.deepEqual(rotateChair({ year: 2030, chair: 'x', deputy: 'y', members: ['x', 'y'] }, ['x', 'y']), { year: 2031, chair: 'y', deputy: 'x' });
  });

  it('when the roles or the order do not fit the members, then the rotation says why', () => {
    assert.throws(() => rotateChair({ year: 2025, chair: m.bacGiang, deputy: m.bacKan, members: [m.bacGiang, m.thaiNguyen] }, cluster.rotationOrder), /Deputy ubnd-tinh-bac-kan is not a member/);
    assert.throws(() => rotateChair({ year: 2025, chair: 'x', deputy: 'y', members: ['x', 'y', 'z'] }, ['x', 'y']), /Rotation order lacks z/);
    assert.throws(() => clusterYear(cluster, 1999), /no record for 1999/);
  });

  it('when cluster effects are parsed, then the engine’s payloads pass and anything carrying a ballot is refused', () => {
    const propose = { awardTypeId: 'co-thi-dua-chinh-phu', unitId: m.bacKan, clusterId: cluster.clusterId, year: 2023, position: 0, nominationId: null };
    assert.ok(clusterEffectPayloadSchemas.proposeAward.safeParse(propose).success);
    assert.ok(!clusterEffectPayloadSchemas.proposeAward.safeParse({ ...propose, votes: { 'a@x': m.bacKan } }).success);
    assert.ok(!clusterEffectPayloadSchemas.proposeAward.safeParse({ ...propose, awardTypeId: 'giay-khen' }).success);
    assert.ok(effectPayloadSchemas.handOverChair.safeParse({ clusterId: cluster.clusterId, year: 2024, chair: m.thaiNguyen, deputy: m.hoaBinh }).success);
    assert.ok(effectPayloadSchemas.createTask !== undefined && isEffectType('proposeAward') && isEffectType('sendMail') && !isEffectType('assignTask'));
  });
});
