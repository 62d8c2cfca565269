import { demoUnits, type DemoUnit } from '@vinh-danh/domain';
import type { Store } from '@vinh-danh/store';

/**
 * Upserts the demonstration units (packages/domain `demoUnits`) with their approvers, so a
 * fresh machine has units to nominate from. Safe to run at every start: it replaces them whole.
 */
export async function seedDemoData(store: Pick<Store, 'units'>): Promise<readonly DemoUnit[]> {
  for (const unit of demoUnits) {
    await store.units.upsert({ ...unit, approvers: { ...unit.approvers } });
  }
  return demoUnits;
}
