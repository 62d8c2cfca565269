import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DispatchRequest } from '@vinh-danh/engine';
import { createLogger } from '@vinh-danh/log';
import type { Store } from '@vinh-danh/store';
import { newNomination } from '../../store/src/testing/store-fixtures.ts';
import { openTestStore } from '../../store/src/testing/store-targets.ts';
import { DecisionAwardError, DecisionIssuerError, DecisionNominationNotFoundError } from './decision-errors.ts';
import { issueDecision, registerKeyOf } from './issue-decision.ts';
import { randomUUID } from 'node:crypto';

const log = createLogger({ service: 'test', level: 'silent' });
const clock = { now: () => Date.parse('2025-03-10T03:00:00Z') };
const request = (nominationId: string | null, awardTypeId = 'bang-khen-bo-nganh-tinh', authority = 'UBND tỉnh Bắc Giang') => ({
  levelId: 'decision', authority, issuerCode: 'QĐ-UBND', awardTypeId, nominationId,
});

describe('issueDecision (handler, embedded store, in-memory fake engine)', () => {
  let store: Store;
  const dispatched: DispatchRequest[] = [];
  const engine = { dispatch: async (event: DispatchRequest) => (dispatched.push(event), 'accepted' as const) };
  before(async () => {
    store = await openTestStore('pglite');
  });
  after(async () => {
    await store?.close();
  });

  it('when a decision is issued, then the instance is answered with its number and amount, as the system, once per decision', async () => {
    const nomination = newNomination({ awardTypeId: 'bang-khen-bo-nganh-tinh', nominee: { kind: 'collective', name: 'Phòng Tổ chức – Cán bộ' } });
    await store.nominations.create(nomination);
    const decision = await issueDecision({ store, engine, clock }, { ...request(nomination.nominationId), issuingUnitId: 'ubnd-tinh-bac-giang' }, { effectId: 'i-1.4.0', instanceId: 'i-1', log });
    assert.deepEqual([decision.decisionNumber, decision.amountVnd, decision.year], ['1/QĐ-UBND', 4_680_000, 2025]);
    assert.deepEqual(dispatched.at(-1), {
      instanceId: 'i-1',
      eventId: 'decision-issued-i-1.4.0',
      event: { type: 'decisionIssued', decisionNumber: '1/QĐ-UBND', amountVnd: 4_680_000 },
      meta: { actor: 'system', source: 'decision', via: 'i-1.4.0' },
    });
    const [entry] = await store.awardHistory.listByNominee(`collective:name:phong to chuc can bo|${nomination.unitId}`);
    assert.deepEqual([entry?.decisionNumber, entry?.year], ['1/QĐ-UBND', 2025]);
  });

  it('when an effect is carried out again after its decision was issued (its answer to the instance was lost), then that decision answers, whatever the directory or the clock say by then', async () => {
    const provinceId = `tinh-${randomUUID().slice(0, 8)}`;
    const chairman = `Chủ tịch UBND tỉnh ${provinceId}`;
    await store.units.upsert({
      unitId: provinceId, nameVi: 'UBND tỉnh', nameEn: 'Provincial People\'s Committee', parentId: null, approvers: {},
      profile: { abbreviation: 'UBND', issuingBody: 'province', signatories: { provinceChairman: chairman } },
    });
    const nomination = newNomination({ unitId: provinceId, awardTypeId: 'bang-khen-bo-nganh-tinh', nominee: { kind: 'collective', name: 'Phòng Hành chính' } });
    await store.nominations.create(nomination);
    const effectId = `r-${randomUUID()}`;
    const effect = request(nomination.nominationId, 'bang-khen-bo-nganh-tinh', chairman);
    const lostAnswer = { dispatch: async () => Promise.reject(new Error('Redis went away')) };
    await assert.rejects(issueDecision({ store, engine: lostAnswer, clock }, effect, { effectId, instanceId: effectId, log }), /Redis went away/);
    const first = await store.decisions.get(effectId);
    assert.equal(first?.decisionNumber, '1/QĐ-UBND');

    // Meanwhile the directory renamed the signatory, and the year turned.
    await store.units.upsert({
      unitId: provinceId, nameVi: 'UBND tỉnh', nameEn: 'Provincial People\'s Committee', parentId: null, approvers: {},
      profile: { signatories: { provinceChairman: `${chairman} (mới)` } },
    });
    const later = { now: () => Date.parse('2026-01-02T03:00:00Z') };
    const again = await issueDecision({ store, engine, clock: later }, effect, { effectId, instanceId: effectId, log });
    assert.deepEqual(again, first, 'the decision issued the first time');
    assert.deepEqual(dispatched.at(-1)?.event, { type: 'decisionIssued', decisionNumber: '1/QĐ-UBND', amountVnd: first!.amountVnd });
    assert.ok(await store.decisions.getDocument(effectId, 'certificate'), 'its documents are there');
  });

  it('when two people sign for one province, then its decisions share one register, continuing what was numbered by signatory, and an effect without the issuing unit finds it by its signatory', async () => {
    const provinceId = `tinh-${randomUUID().slice(0, 8)}`;
    const [chairman, office] = [`Chủ tịch UBND tỉnh ${provinceId}`, `Chánh Văn phòng UBND tỉnh ${provinceId}`];
    await store.units.upsert({
      unitId: provinceId, nameVi: 'UBND tỉnh', nameEn: 'Provincial People\'s Committee', parentId: null, approvers: {},
      profile: { abbreviation: 'UBND', issuingBody: 'province', signatories: { provinceChairman: chairman, unitLeader: office } },
    });
    const departmentId = `so-${randomUUID().slice(0, 8)}`;
    await store.units.upsert({ unitId: departmentId, nameVi: 'Sở Nội vụ', nameEn: 'Department of Home Affairs', parentId: provinceId, approvers: {} });
    // Two decisions numbered before registers were kept by body: the chairman's counter reached 2.
    await store.decisions.allocateNumber(chairman, 2025);
    await store.decisions.allocateNumber(chairman, 2025);
    const issue = async (authority: string, issuingUnitId: string | undefined, effectId: string) => {
      const nomination = newNomination({ unitId: departmentId, awardTypeId: 'bang-khen-bo-nganh-tinh', nominee: { kind: 'collective', name: `Phòng ${effectId}` } });
      await store.nominations.create(nomination);
      const decision = await issueDecision(
        { store, engine, clock },
        { ...request(nomination.nominationId, 'bang-khen-bo-nganh-tinh', authority), ...(issuingUnitId ? { issuingUnitId } : {}) },
        { effectId, instanceId: effectId, log },
      );
      return decision.decisionNumber;
    };
    assert.equal(await issue(chairman, provinceId, `r-${randomUUID()}`), '3/QĐ-UBND');
    assert.equal(await issue(office, provinceId, `r-${randomUUID()}`), '4/QĐ-UBND', 'the office signs for the same body: its next number, not a 1 of its own');
    assert.equal(await issue(office, undefined, `r-${randomUUID()}`), '5/QĐ-UBND', 'an effect planned before routes recorded the unit');
    assert.equal((await store.decisions.allocateNumber(registerKeyOf(provinceId, 'QĐ-UBND'), 2025)).number, 6);

    // A signatory renamed in the directory since the route was resolved: the body issuing the code.
    assert.equal(await issue('Chủ tịch Ủy ban nhân dân tỉnh (tên cũ)', undefined, `r-${randomUUID()}`), '7/QĐ-UBND');
    // Neither a signatory nor a body issuing the code: it fails for good and takes no number.
    const stray = newNomination({ unitId: departmentId, awardTypeId: 'bang-khen-bo-nganh-tinh', nominee: { kind: 'collective', name: 'Phòng Lạc' } });
    await store.nominations.create(stray);
    const lost = issueDecision({ store, engine, clock }, { ...request(stray.nominationId, 'bang-khen-bo-nganh-tinh', 'Bộ trưởng Bộ Lạc'), issuerCode: 'QĐ-BL' }, { effectId: `r-${randomUUID()}`, instanceId: 'r', log });
    await assert.rejects(lost, (error) => error instanceof DecisionIssuerError && error.permanent && /signs as "Bộ trưởng Bộ Lạc" or issues QĐ-BL/.test(error.message));
    assert.equal((await store.decisions.allocateNumber(registerKeyOf(provinceId, 'QĐ-UBND'), 2025)).number, 8);
    assert.equal((await store.decisions.allocateNumber('Bộ trưởng Bộ Lạc', 2025)).number, 1, 'no counter of its own was started');
  });

  it('when a role decides under a document code of its own, then its register continues only its own signatory\'s old counter, and the body\'s register only the others\'', async () => {
    const provinceId = `tinh-${randomUUID().slice(0, 8)}`;
    const [chairman, office] = [`Chủ tịch UBND tỉnh ${provinceId}`, `Chánh Văn phòng UBND tỉnh ${provinceId}`];
    await store.units.upsert({
      unitId: provinceId, nameVi: 'UBND tỉnh', nameEn: 'Provincial People\'s Committee', parentId: null, approvers: {},
      profile: { abbreviation: 'UBND', issuingBody: 'province', signatories: { provinceChairman: chairman, unitLeader: office }, roleAbbreviations: { unitLeader: 'VP' } },
    });
    // Numbered by signatory before registers were kept by body: the chairman's counter reached 5, the office's 2.
    for (let n = 0; n < 5; n += 1) await store.decisions.allocateNumber(chairman, 2025);
    for (let n = 0; n < 2; n += 1) await store.decisions.allocateNumber(office, 2025);
    const issue = async (authority: string, issuerCode: string) => {
      const nomination = newNomination({ unitId: provinceId, awardTypeId: 'bang-khen-bo-nganh-tinh', nominee: { kind: 'collective', name: `Phòng ${randomUUID()}` } });
      await store.nominations.create(nomination);
      const effectId = `r-${randomUUID()}`;
      const decision = await issueDecision({ store, engine, clock }, { ...request(nomination.nominationId, 'bang-khen-bo-nganh-tinh', authority), issuerCode, issuingUnitId: provinceId }, { effectId, instanceId: effectId, log });
      return decision.decisionNumber;
    };
    assert.equal(await issue(office, 'QĐ-VP'), '3/QĐ-VP', 'after the office\'s own 2, not the chairman\'s 5');
    assert.equal(await issue(office, 'QĐ-VP'), '4/QĐ-VP');
    // The office's counter now runs ahead of the chairman's: the body's register does not follow it.
    for (let n = 0; n < 10; n += 1) await store.decisions.allocateNumber(office, 2025);
    assert.equal(await issue(chairman, 'QĐ-UBND'), '6/QĐ-UBND', 'after the chairman\'s 5, not the office\'s 12');
  });

  it('when the nomination is missing or the award does not fit the nominee, then it fails for good and takes no number', async () => {
    const authority = 'UBND tỉnh Thái Nguyên';
    const before = dispatched.length;
    const missing = issueDecision({ store, engine, clock }, request('no-such-nomination', undefined, authority), { effectId: 'i-2.4.0', instanceId: 'i-2', log });
    await assert.rejects(missing, (error) => error instanceof DecisionNominationNotFoundError && error.permanent);
    await assert.rejects(issueDecision({ store, engine, clock }, request(null), { effectId: 'i-3.4.0', instanceId: 'i-3', log }), DecisionNominationNotFoundError);

    const collective = newNomination({ nominee: { kind: 'collective', name: 'Tổ Một cửa' } });
    await store.nominations.create(collective);
    const misfit = issueDecision({ store, engine, clock }, request(collective.nominationId, 'chien-si-thi-dua-bo-nganh-tinh', authority), {
      effectId: 'i-4.4.0', instanceId: 'i-4', log,
    });
    await assert.rejects(misfit, (error) => error instanceof DecisionAwardError && error.permanent);
    assert.equal(dispatched.length, before);
    assert.equal((await store.decisions.allocateNumber(authority, 2025)).number, 1);
  });
});
