import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CatalogueError, routeFor } from './catalogue/index.ts';
import { demoUnits } from './demo-units.ts';
import { unitChain, type DirectoryUnit } from './directory.ts';
import { resolveNominationRoute, routeDay } from './resolve-nomination-route.ts';
import { resolveRoute } from './resolve-route.ts';
import { defaultRouteTiming } from './route-timing.ts';

const byId = new Map<string, DirectoryUnit>(demoUnits.map((unit) => [unit.unitId, unit]));
const getUnit = async (unitId: string) => byId.get(unitId) ?? null;
const now = new Date('2025-03-10T02:00:00Z');
const request = { unitId: 'so-noi-vu-bac-giang', awardTypeId: 'bang-khen-thu-tuong', simplified: false, now, timing: defaultRouteTiming };

describe('resolveNominationRoute: the route a nomination starts with', () => {
  it('when the unit’s chain holds every role, then the route is the catalogue’s in force that day, people resolved', async () => {
    const resolved = await resolveNominationRoute(request, getUnit);
    const expected = resolveRoute({
      awardTypeId: 'bang-khen-thu-tuong', levels: routeFor('bang-khen-thu-tuong', { at: '2025-03-10' }), chain: await unitChain(request.unitId, getUnit), timing: defaultRouteTiming,
    });
    assert.deepEqual(resolved, expected);
    assert.ok(resolved.ok);
    assert.equal(resolved.route.at(-1)?.authority, 'Thủ tướng Chính phủ');
  });

  it('when the catalogue has no such route (the simplified procedure for a flag), then it is noRoute with the catalogue’s error', async () => {
    const resolved = await resolveNominationRoute({ ...request, awardTypeId: 'co-thi-dua-chinh-phu', simplified: true }, getUnit);
    assert.equal(resolved.ok, false);
    assert.ok(!resolved.ok && resolved.reason === 'noRoute' && resolved.error instanceof CatalogueError);
  });

  it('when nobody holds a role for the unit, then every such role is named with the unit', async () => {
    const bare: DirectoryUnit = { unitId: 'ubnd-tinh-bac-kan', nameVi: 'Tỉnh Bắc Kạn', nameEn: 'Bac Kan Province', parentId: 'ban-tdkt-trung-uong', approvers: {} };
    const resolved = await resolveNominationRoute({ ...request, unitId: bare.unitId }, async (unitId) => (unitId === bare.unitId ? bare : getUnit(unitId)));
    assert.ok(!resolved.ok && resolved.reason === 'roleUnresolvable');
    assert.deepEqual([...new Set(resolved.problems.map((problem) => problem.role))], ['unitCouncil', 'unitLeader', 'unitDeputyLeader', 'provinceOffice', 'provinceOfficeHead', 'provinceCouncil', 'provinceChairman', 'provinceViceChairman']);
    assert.ok(resolved.problems.every((problem) => problem.unitId === bare.unitId && problem.messageEn.includes('ubnd-tinh-bac-kan')));
  });

  it('when a nomination comes in after midnight in Vietnam but before midnight UTC, then the route in force is the one of Vietnam\'s day', () => {
    assert.equal(routeDay(new Date('2024-06-30T17:30:00Z')), '2024-07-01', '00:30 on 1 July in Vietnam');
    assert.equal(routeDay(new Date('2024-06-30T16:59:59Z')), '2024-06-30', '23:59 on 30 June in Vietnam');
  });
});
