import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterYear, northernMidlandsAgreement2023, northernMidlandsCluster, northernMidlandsMembers as m } from '@vinh-danh/domain';
import { seedContacts } from '@vinh-danh/workflows';
import { clusterYearRecord, emulationAgreementOf } from './cluster-year-record.ts';
import { clusterEvaluationInstanceId, newTrackingCode, proposalInstanceId, uuidFrom } from './derived-ids.ts';
import { memberContacts } from './member-contacts.ts';
import { clusterDirectoryUnits } from './northern-midlands-directory.ts';

describe('clusters: the domain’s cluster years as the store keeps them', () => {
  it('when the seed’s 2023 is stored and read back, then the agreement is the domain’s again and the record carries the cluster’s names and rotation', () => {
    const signatures = [{ memberId: m.bacGiang, signedBy: null, signedAt: new Date('2023-03-09T17:00:00Z') }];
    const record = clusterYearRecord(northernMidlandsCluster, 2023, signatures);
    assert.deepEqual([record.chair, record.deputy, record.kind, record.rotationOrder], [m.bacKan, m.thaiNguyen, 'cluster', [...northernMidlandsCluster.rotationOrder]]);
    assert.deepEqual(record.agreement?.signatures, signatures);
    const stored = JSON.parse(JSON.stringify({ ...record, handover: null }));
    stored.agreement.signatures = signatures;
    assert.deepEqual(emulationAgreementOf(stored), northernMidlandsAgreement2023);
    assert.equal(emulationAgreementOf({ ...stored, agreement: null }), null);
    assert.throws(() => clusterYearRecord(northernMidlandsCluster, 2019), RangeError);
  });

  it('when the seed directory is read for contacts, then each member is acted for by the people the seed evaluation names', async () => {
    const units = new Map(clusterDirectoryUnits(clusterYear(northernMidlandsCluster, 2022)).map((unit) => [unit.unitId, unit]));
    const found = await memberContacts({ get: async (unitId) => units.get(unitId) ?? null }, clusterYear(northernMidlandsCluster, 2022).members);
    assert.ok(found.ok);
    assert.deepEqual(found.members, seedContacts(clusterYear(northernMidlandsCluster, 2022).members));
    const missing = await memberContacts({ get: async (unitId) => (unitId === m.bacKan ? { ...units.get(unitId)!, approvers: {} } : null) }, [m.bacKan, 'ubnd-tinh-ha-giang']);
    assert.deepEqual(missing, {
      ok: false,
      problems: [
        `nobody holds the role "provinceOffice" (who signs and scores) for member ${m.bacKan}`,
        `nobody holds the role "provinceChairman" (the head asked on a missed deadline) for member ${m.bacKan}`,
        'member ubnd-tinh-ha-giang is not in the unit directory',
      ],
    });
  });

  it('when ids are derived, then the same input gives the same id, and tracking codes have the gateway’s format', () => {
    assert.equal(clusterEvaluationInstanceId('cum-trung-du-mien-nui-phia-bac', 2022), 'cluster-evaluation.cum-trung-du-mien-nui-phia-bac.2022');
    assert.equal(proposalInstanceId('a.1.2'), proposalInstanceId('a.1.2'));
    assert.notEqual(proposalInstanceId('a.1.2'), proposalInstanceId('a.1.3'));
    assert.match(uuidFrom('x'), /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(newTrackingCode(), /^VD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
});
