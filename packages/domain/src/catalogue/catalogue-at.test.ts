import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { awardFits, awardTypes } from '../award-types.ts';
import { awardRouteSpecs } from './award-route-specs.ts';
import { routeVersions } from './award-routes.ts';
import { baseSalaryVnd, rewardRounding } from './base-salary.ts';
import { catalogueAt } from './catalogue-at.ts';
import { CatalogueError, InvalidCatalogueDateError } from './catalogue-errors.ts';
import { dossierVersions } from './dossier-items.ts';
import { inForce, type EffectiveDated } from './effective-dated.ts';
import { eligibilityVersions } from './eligibility-rules.ts';
import { issuerCode } from './issuer-codes.ts';
import { rewardMultipliers } from './reward-multipliers.ts';

const ids = awardTypes.map(({ id }) => id).sort();

function assertOrdered(name: string, list: readonly EffectiveDated<unknown>[]): void {
  for (const [index, entry] of list.entries()) {
    assert.ok(entry.source, `${name}[${index}] names its source`);
    assert.ok(entry.to === undefined || entry.to >= entry.from, `${name}[${index}] ends after it starts`);
    const next = list[index + 1];
    if (next) assert.ok(entry.to !== undefined ? entry.to < next.from : entry.from < next.from, `${name}[${index}] before the next, no overlap`);
  }
}

describe('catalogue', () => {
  it('when the catalogue is read, then every award id has a route, a dossier, eligibility rules and a reward entry, and nothing else does', () => {
    assert.deepEqual(Object.keys(awardRouteSpecs).sort(), ids);
    for (const version of [routeVersions, dossierVersions, eligibilityVersions]) {
      for (const entry of version) assert.deepEqual(Object.keys(entry.value).sort(), ids);
    }
    assert.deepEqual(Object.keys(rewardMultipliers).sort(), ids);
    for (const awardType of awardTypes) {
      const money = rewardMultipliers[awardType.id]!;
      if (money.noReward) continue;
      for (const kind of ['individual', 'collective'] as const) {
        assert.equal(money[kind] !== undefined, awardFits(awardType, kind), `${awardType.id}: multipliers exactly for the kinds it fits (${kind})`);
      }
    }
  });

  it('when effective-dated lists are read, then each is ordered, sourced and without overlaps', () => {
    assertOrdered('baseSalaryVnd', baseSalaryVnd);
    assertOrdered('rewardRounding', rewardRounding);
    assertOrdered('routeVersions', routeVersions);
    assertOrdered('dossierVersions', dossierVersions);
    assertOrdered('eligibilityVersions', eligibilityVersions);
    for (const [id, money] of Object.entries(rewardMultipliers)) {
      for (const kind of ['individual', 'collective'] as const) if (money[kind]) assertOrdered(`${id}.${kind}`, money[kind]);
    }
  });

  it('when the base salary changes, then each date sees the figure in force on it, the last day of a period included', () => {
    assert.equal(catalogueAt('2019-06-30').baseSalaryVnd, undefined);
    assert.equal(catalogueAt('2019-07-01').baseSalaryVnd?.value, 1_490_000);
    assert.equal(catalogueAt('2023-06-30').baseSalaryVnd?.value, 1_490_000);
    assert.equal(catalogueAt('2023-07-01').baseSalaryVnd?.value, 1_800_000);
    assert.equal(catalogueAt('2024-06-30').baseSalaryVnd?.value, 1_800_000);
    assert.equal(catalogueAt('2024-07-01').baseSalaryVnd?.value, 2_340_000);
    assert.match(catalogueAt('2030-01-01').baseSalaryVnd!.source, /73\/2024/);
  });

  it('when a date precedes Law 06/2022, then the catalogue has no routes, dossiers, rules or multipliers for it', () => {
    const before = catalogueAt('2023-12-31');
    assert.deepEqual([before.routes, before.dossiers, before.eligibility], [undefined, undefined, undefined]);
    assert.deepEqual(before.multipliers['giay-khen'], {});
    const after = catalogueAt('2024-01-01');
    assert.ok(after.routes && after.dossiers && after.eligibility && after.rewardRounding);
    assert.equal(after.multipliers['giay-khen']?.collective?.value, 0.6);
    assert.equal('baseSalaryVnd' in catalogueAt('2019-01-01'), false);
  });

  it('when a later entry is added, then it supersedes from its date and leaves earlier dates alone', () => {
    const list: EffectiveDated<number>[] = [
      { from: '2024-01-01', value: 1, source: 'a' },
      { from: '2026-01-01', value: 2, source: 'b' },
      { from: '2027-01-01', to: '2027-06-30', value: 3, source: 'c' },
    ];
    assert.deepEqual(['2023-12-31', '2025-12-31', '2026-01-01', '2027-06-30', '2027-07-01'].map((date) => inForce(list, date)?.value), [undefined, 1, 2, 3, 2]);
    for (const bad of ['2024-13-01', '2024-02-30', '24-01-01', '2024-1-1', '']) assert.throws(() => inForce(list, bad), InvalidCatalogueDateError);
  });

  it('when a decision is numbered, then the issuer code follows the deciding authority and body', () => {
    assert.equal(issuerCode('primeMinister'), 'QĐ-TTg');
    assert.equal(issuerCode('president'), 'QĐ-CTN');
    assert.equal(issuerCode('ministerOrProvincialChairman', { kind: 'province' }), 'QĐ-UBND');
    assert.equal(issuerCode('ministerOrProvincialChairman', { kind: 'ministry', abbreviation: 'BNV' }), 'QĐ-BNV');
    assert.equal(issuerCode('unitHead', { kind: 'unit', abbreviation: 'SNV' }), 'QĐ-SNV');
    assert.throws(() => issuerCode('unitHead'), CatalogueError);
    assert.throws(() => issuerCode('unitHead', { kind: 'ministry', abbreviation: 'BNV' }), CatalogueError);
    assert.throws(() => issuerCode('ministerOrProvincialChairman', { kind: 'ministry', abbreviation: 'bnv' }), CatalogueError);
  });
});
