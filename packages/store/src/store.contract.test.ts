/**
 * The store contract (ARCHITECTURE.md §3–4): every adapter that is reachable runs the same
 * suite; one that is not is listed as skipped with the reason.
 *
 *   node --import tsx --test packages/store/src/store.contract.test.ts
 *   TEST_DATABASE_URL=postgres://… and MONGODB_URI=mongodb://… choose the servers.
 */
import { after, before, describe } from 'node:test';
import type { Store } from './store.port.ts';
import { adminContract } from './testing/contract/admin.contract.ts';
import { attachmentsContract } from './testing/contract/attachments.contract.ts';
import { clustersContract } from './testing/contract/clusters.contract.ts';
import { concurrencyContract } from './testing/contract/concurrency.contract.ts';
import { eventsContract } from './testing/contract/events.contract.ts';
import { instanceStatesContract } from './testing/contract/instance-states.contract.ts';
import { instancesContract } from './testing/contract/instances.contract.ts';
import { lifecycleContract } from './testing/contract/lifecycle.contract.ts';
import { noticesContract } from './testing/contract/notices.contract.ts';
import { recordsContract } from './testing/contract/records.contract.ts';
import { storeTargets } from './testing/store-targets.ts';

for (const target of await storeTargets()) {
  describe(target.name, { skip: target.skipReason ?? false }, () => {
    // One store per adapter for the file; every test makes its own ids, so they do not interfere.
    let opened: Store | undefined;
    const store = (): Store => {
      if (!opened) throw new Error(`the ${target.name} store did not open`);
      return opened;
    };
    before(async () => {
      if (!target.skipReason) opened = await target.open();
    });
    after(async () => {
      await opened?.close();
    });

    lifecycleContract(target, store);
    instancesContract(store);
    instanceStatesContract(store);
    concurrencyContract(store);
    eventsContract(store);
    recordsContract(store);
    attachmentsContract(store);
    adminContract(target);
    noticesContract(store);
    clustersContract(store);
  });
}
