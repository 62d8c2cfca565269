import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { createStore } from '../../create-store.ts';
import type { Store } from '../../store.port.ts';
import { newInstance, newNomination } from '../store-fixtures.ts';
import type { StoreTarget } from '../store-targets.ts';

/** migrate, info, ping, close — and what survives a close. */
export function lifecycleContract(target: StoreTarget, store: () => Store): void {
  it('when info() is asked of an opened store, then it names the adapter and the latest migration level', async () => {
    const info = await store().info();
    assert.equal(info.adapter, target.name);
    assert.ok(info.latestMigration >= 1);
    assert.equal(info.migrationLevel, info.latestMigration);
  });

  it('when migrate() runs twice more on a migrated store, then it succeeds and keeps the data', async () => {
    const instance = newInstance();
    await store().instances.create(instance);
    await store().migrate();
    await store().migrate();
    const info = await store().info();
    assert.equal(info.migrationLevel, info.latestMigration);
    assert.equal((await store().instances.get(instance.instanceId))?.version, 1);
  });

  it('when ping() is called on an open store, then it resolves', async () => {
    await assert.doesNotReject(store().ping());
  });

  it('when a store is closed, then its calls reject', async () => {
    const closed = await target.open();
    await closed.close();
    await assert.rejects(() => closed.ping());
  });

  if (target.openTwoProcesses) {
    const openTwoProcesses = target.openTwoProcesses;
    it('when two processes migrate one fresh database at once, then both succeed, each once, and they share it', async () => {
      const [first, second] = await openTwoProcesses();
      try {
        assert.equal((await first.info()).migrationLevel, 0);
        await Promise.all([first.migrate(), second.migrate()]);
        for (const opened of [first, second]) {
          const info = await opened.info();
          assert.equal(info.migrationLevel, info.latestMigration);
        }
        // Again, concurrently, once everything is applied: a no-op.
        await Promise.all([first.migrate(), second.migrate()]);
        const instance = newInstance();
        assert.equal(await first.instances.create(instance), 'created');
        assert.equal(await second.instances.create(instance), 'exists');
        assert.equal((await second.instances.get(instance.instanceId))?.instanceId, instance.instanceId);
      } finally {
        await second.close();
        await first.close();
      }
    });
  }

  if (target.name === 'pglite') {
    it('when a file-backed store is closed and opened again, then its data is still there', async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vinh-danh-store-'));
      try {
        const instance = newInstance();
        const nomination = newNomination({ instanceId: instance.instanceId });
        const first = await createStore({ dataDir });
        try {
          await first.instances.create(instance);
          await first.nominations.create(nomination);
        } finally {
          await first.close();
        }

        const reopened = await createStore({ dataDir });
        try {
          const info = await reopened.info();
          assert.equal(info.migrationLevel, info.latestMigration);
          assert.equal((await reopened.instances.get(instance.instanceId))?.stateValue, instance.stateValue);
          assert.equal((await reopened.history.list(instance.instanceId)).length, 1);
          assert.deepEqual((await reopened.nominations.get(nomination.nominationId))?.nominee, nomination.nominee);
        } finally {
          await reopened.close();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
}
