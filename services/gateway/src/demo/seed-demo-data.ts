import { demoUnits, type DemoUnit } from '@vinh-danh/domain';
import type { Store } from '@vinh-danh/store';

/**
 * Upserts the demonstration directory (packages/domain `demoUnits`): the proposing units with
 * their people and councils, the province, and the national bodies above it, so every role of
 * every catalogue route resolves on a fresh machine. Safe to run at every start: it replaces
 * them whole.
 */
export async function seedDemoData(store: Pick<Store, 'units'>): Promise<readonly DemoUnit[]> {
  for (const unit of demoUnits) {
    const approvers = Object.fromEntries(Object.entries(unit.approvers).map(([role, people]) => [role, typeof people === 'string' ? people : [...people]]));
    const { profile } = unit;
    await store.units.upsert({
      unitId: unit.unitId,
      nameVi: unit.nameVi,
      nameEn: unit.nameEn,
      parentId: unit.parentId,
      approvers,
      ...(profile ? { profile: { ...profile, ...(profile.signatories ? { signatories: { ...profile.signatories } } : {}) } } : {}),
    });
  }
  return demoUnits;
}
