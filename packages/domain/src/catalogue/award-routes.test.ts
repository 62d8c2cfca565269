import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awardTypes, findAwardType } from '../award-types.ts';
import type { RouteLevel } from '../procedure-route.ts';
import { allowsSimplified, awardRoutes, buildRouteTable, routeFor } from './award-routes.ts';
import { awardRouteSpecs } from './award-route-specs.ts';
import { routeDeadlines2024 } from './route-deadlines.ts';
import { CatalogueNotInForceError, SimplifiedProcedureNotAllowedError, UnknownAwardTypeError } from './catalogue-errors.ts';
import { dossierFor } from './dossier-items.ts';
import { decisionRole } from './route-levels.ts';

const national = (id: string) => ['primeMinister', 'president'].includes(findAwardType(id)!.decidingAuthority);

function assertWellFormed(awardTypeId: string, levels: readonly RouteLevel[], simplified: boolean): void {
  const where = `${awardTypeId}${simplified ? ' (simplified)' : ''}`;
  const ids = levels.map((level) => level.id);
  for (const id of ids) assert.match(id, /^[A-Za-z][A-Za-z0-9]{0,63}$/, `${where}: level ids are plain words (they become task keys)`);
  assert.equal(new Set(ids).size, ids.length, `${where}: level ids unique`);
  const last = levels.at(-1)!;
  assert.deepEqual([last.id, last.kind, last.role], ['decision', 'decision', decisionRole(findAwardType(awardTypeId)!.decidingAuthority)], where);
  assert.equal(levels.filter((level) => level.kind === 'decision').length, 1, `${where}: one decision`);
  for (const level of levels) {
    const at = `${where} ${level.id}`;
    assert.ok(Number.isSafeInteger(level.deadlineWorkingDays) && level.deadlineWorkingDays > 0, `${at}: deadline`);
    assert.ok(level.nameVi && level.nameEn && level.role, `${at}: named`);
    if (level.kind === 'council') {
      assert.ok(level.vote, `${at}: a council has a vote rule`);
      for (const share of [level.vote.quorum, level.vote.passShare]) assert.ok(share > 0 && share <= 1, `${at}: shares in (0, 1]`);
    } else {
      assert.equal(level.vote, undefined, `${at}: only councils vote`);
    }
    if (level.kind === 'review' || level.kind === 'decision') assert.ok(level.escalationRole, `${at}: escalation role`);
    if (level.kind === 'disclosure') {
      assert.ok(level.postingDays !== undefined && level.postingDays >= 10, `${at}: posting ≥ 10 days`);
      assert.ok(level.deadlineWorkingDays >= level.postingDays * (5 / 7), `${at}: the level outlasts the posting`);
      assert.ok(levels.slice(0, levels.indexOf(level)).some((earlier) => earlier.kind === 'review'), `${at}: a review before it takes objections`);
    } else {
      assert.equal(level.postingDays, undefined, `${at}: only disclosures post`);
    }
  }
  if (national(awardTypeId)) assert.ok(ids.includes('centralReview'), `${where}: passes the Central Committee`);
  if (findAwardType(awardTypeId)!.decidingAuthority === 'president') assert.equal(ids.at(-2), 'governmentSubmission', `${where}: the Prime Minister submits`);
}

describe('award routes', () => {
  it('when every route is read, then it is well formed and ends in the decision by the award’s authority', () => {
    for (const { id } of awardTypes) {
      const routes = awardRoutes(id);
      assertWellFormed(id, routes.standard, false);
      if (routes.simplified) assertWellFormed(id, routes.simplified, true);
      if (routes.clusterProposal) assertWellFormed(id, routes.clusterProposal, false);
    }
  });

  it('when a cluster proposes a leading member its ballot elected, then the chair signs and posts it for comment, then the Central Committee: no second cluster vote, no provincial level of the nominee itself', () => {
    const proposed = awardTypes.filter(({ id }) => awardRoutes(id).clusterProposal).map(({ id }) => id);
    assert.deepEqual(proposed.sort(), ['bang-khen-thu-tuong', 'co-thi-dua-chinh-phu']);
    for (const id of proposed) {
      const route = routeFor(id, { clusterProposal: true });
      assert.deepEqual(route.map((level) => level.id), ['clusterSubmission', 'clusterDisclosure', 'centralReview', 'decision'], id);
      assert.equal(route[1]!.postingDays, 10, `${id}: a national award is posted for 10 days`);
    }
    assert.throws(() => routeFor('giay-khen', { clusterProposal: true }), /Award type "giay-khen" is not one a cluster proposes its leading members for/);
  });

  it('when a national award takes the standard or the cluster-proposal route, then it is disclosed for comment before going up', () => {
    for (const { id } of awardTypes.filter((awardType) => national(awardType.id))) {
      const ids = routeFor(id).map((level) => level.id);
      assert.ok(ids.indexOf('provinceDisclosure') >= 0 && ids.indexOf('provinceDisclosure') < ids.indexOf('centralReview'), id);
      if (!awardRoutes(id).clusterProposal) continue;
      const proposed = routeFor(id, { clusterProposal: true }).map((level) => level.id);
      assert.ok(proposed.indexOf('clusterDisclosure') >= 0 && proposed.indexOf('clusterDisclosure') < proposed.indexOf('centralReview'), `${id} proposed by a cluster`);
    }
  });

  it('when a title the provincial Chairman decides is proposed, then the provincial council votes on it before the decision', () => {
    for (const id of awardTypes.filter((awardType) => awardType.decidingAuthority === 'ministerOrProvincialChairman' && awardType.category === 'title').map(({ id }) => id)) {
      const ids = routeFor(id).map((level) => level.id);
      assert.equal(ids.at(-2), 'provinceCouncil', `${id}: ${ids.join(' → ')}`);
    }
    assert.deepEqual(routeFor('tap-the-lao-dong-xuat-sac').map((level) => level.id), ['unitCouncil', 'unitSubmission', 'provinceReview', 'provinceCouncil', 'decision']);
  });

  it('when the higher titles are voted, then ballots are secret with the shares of the catalogue', () => {
    const council = (awardTypeId: string, levelId: string) => routeFor(awardTypeId).find((level) => level.id === levelId)?.vote;
    assert.deepEqual(council('chien-si-thi-dua-toan-quoc', 'provinceCouncil'), { quorum: 2 / 3, passShare: 0.9, of: 'members', secret: true });
    assert.equal(council('chien-si-thi-dua-toan-quoc', 'centralCouncil')?.passShare, 0.9);
    assert.deepEqual(council('chien-si-thi-dua-bo-nganh-tinh', 'provinceCouncil'), { quorum: 2 / 3, passShare: 2 / 3, of: 'members', secret: true });
    for (const flag of ['co-thi-dua-bo-nganh-tinh', 'co-thi-dua-chinh-phu']) {
      assert.equal(routeFor(flag)[0]?.id, 'clusterCouncil', `${flag} is voted in its cluster`);
      assert.equal(council(flag, 'clusterCouncil')?.secret, true);
    }
    assert.equal(routeFor('bang-khen-thu-tuong').find((level) => level.id === 'centralReview')?.deadlineWorkingDays, 20);
  });

  it('when the simplified procedure is asked for, then it is shorter with no council or disclosure, where the law allows it', () => {
    const allowed = awardTypes.filter(({ id }) => allowsSimplified(id)).map(({ id }) => id);
    assert.deepEqual(allowed, ['giay-khen', 'bang-khen-bo-nganh-tinh', 'bang-khen-thu-tuong', 'huan-chuong-lao-dong-hang-ba']);
    for (const id of allowed) {
      const standard = routeFor(id);
      const simplified = routeFor(id, { simplified: true });
      assert.ok(simplified.every((level) => level.kind === 'review' || level.kind === 'decision'), id);
      const total = (levels: RouteLevel[]) => levels.reduce((sum, level) => sum + level.deadlineWorkingDays, 0);
      assert.ok(total(simplified) < total(standard), `${id}: shorter in working days`);
      for (const level of simplified) {
        const same = standard.find((other) => other.id === level.id);
        if (same) assert.ok(level.deadlineWorkingDays <= same.deadlineWorkingDays, `${id} ${level.id}`);
      }
    }
    assert.throws(() => routeFor('chien-si-thi-dua-toan-quoc', { simplified: true }), (error: unknown) =>
      error instanceof SimplifiedProcedureNotAllowedError && error.httpStatus === 422 && error.awardTypeId === 'chien-si-thi-dua-toan-quoc');
  });

  it('when a route is asked for an unknown award or before the law applied, then a typed error says so', () => {
    assert.throws(() => routeFor('__proto__'), UnknownAwardTypeError);
    assert.throws(() => routeFor('giay-khen', { at: '2023-12-31' }), CatalogueNotInForceError);
    assert.equal(routeFor('giay-khen', { at: '2024-01-01' }).at(-1)?.role, 'unitLeader');
  });

  it('when a caller changes the levels it got, then the catalogue is untouched', () => {
    const levels = routeFor('chien-si-thi-dua-toan-quoc');
    levels[0]!.deadlineWorkingDays = 999;
    levels[0]!.vote!.passShare = 0.1;
    assert.equal(routeFor('chien-si-thi-dua-toan-quoc')[0]!.deadlineWorkingDays, 5);
    assert.equal(routeFor('chien-si-thi-dua-toan-quoc')[0]!.vote!.passShare, 2 / 3);
  });

  it('when a route has a council, a secret ballot or a disclosure, then its dossier requires the matching record', () => {
    for (const { id } of awardTypes) {
      for (const simplified of [false, ...(allowsSimplified(id) ? [true] : [])]) {
        const levels = routeFor(id, { simplified });
        const required = new Set(dossierFor(id, { simplified }).filter((item) => item.required).map((item) => item.id));
        assert.ok(required.has('toTrinh'), `${id}: tờ trình`);
        if (levels.some((level) => level.id === 'unitCouncil' || level.id === 'provinceCouncil')) assert.ok(required.has('bienBanHoiDong'), `${id}: council minutes`);
        if (levels.some((level) => level.id === 'clusterCouncil')) assert.ok(required.has('bienBanCumKhoi'), `${id}: cluster minutes`);
        if (levels.some((level) => level.vote?.secret)) assert.ok(required.has('bienBanKiemPhieu') || required.has('bienBanCumKhoi'), `${id}: ballot count`);
        if (levels.some((level) => level.kind === 'disclosure')) assert.ok(required.has('ketQuaCongKhai'), `${id}: disclosure result`);
      }
      if (!allowsSimplified(id)) assert.throws(() => dossierFor(id, { simplified: true }), SimplifiedProcedureNotAllowedError);
    }
  });
});

describe('time limits per level and award', () => {
  const limitOf = (routes: readonly RouteLevel[], levelId: string) => routes.find((level) => level.id === levelId)?.deadlineWorkingDays;

  it('when one award has a limit of its own at a level, then its routes take it and every other award keeps the level\'s', () => {
    const table = buildRouteTable(awardRouteSpecs, {
      ...routeDeadlines2024,
      standard: { ...routeDeadlines2024.standard, byAward: { 'bang-khen-bo-nganh-tinh': { provinceReview: 7 } } },
    });
    assert.equal(limitOf(table['bang-khen-bo-nganh-tinh']!.standard, 'provinceReview'), 7);
    assert.equal(limitOf(table['co-thi-dua-bo-nganh-tinh']!.standard, 'provinceReview'), routeDeadlines2024.standard.steps.provinceReview);
    assert.equal(limitOf(table['bang-khen-bo-nganh-tinh']!.simplified!, 'provinceReview'), routeDeadlines2024.simplified.steps.provinceReview, 'the simplified set has limits of its own');
  });

  it('when a per-award limit names an award without a route or a level none of its routes has, then building the table says which', () => {
    const withLimits = (byAward: Record<string, Record<string, number>>) => () =>
      buildRouteTable(awardRouteSpecs, { ...routeDeadlines2024, standard: { ...routeDeadlines2024.standard, byAward } });
    assert.throws(withLimits({ 'khong-co': { provinceReview: 7 } }), /standard\.byAward\.khong-co/);
    assert.throws(withLimits({ 'bang-khen-bo-nganh-tinh': { centralCouncil: 7 } }), /standard\.byAward\.bang-khen-bo-nganh-tinh\.centralCouncil/);
    // Each set is checked against its own routes: a simplified route has no council, a level of the simplified route alone takes no standard limit.
    assert.throws(
      () => buildRouteTable(awardRouteSpecs, { ...routeDeadlines2024, simplified: { ...routeDeadlines2024.simplified, byAward: { 'bang-khen-bo-nganh-tinh': { unitCouncil: 2 } } } }),
      /simplified\.byAward\.bang-khen-bo-nganh-tinh\.unitCouncil/,
    );
    assert.throws(withLimits({ 'giay-khen': { unitReview: 2 } }), /standard\.byAward\.giay-khen\.unitReview/);
  });
});
