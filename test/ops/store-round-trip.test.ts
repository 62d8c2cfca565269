/**
 * Moving between stores (npm run store:export / store:import): a PGlite store filled by the
 * real runtime goes to a fresh PostgreSQL schema and back to a fresh PGlite, every table
 * compared row for row each way — and the procedures carry on from the copy.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WorkflowDefinition } from '@vinh-danh/engine';
import { exportStore, importStore } from '@vinh-danh/ops';
import { createStore, type Store } from '@vinh-danh/store';
import { exportedTables, populateThroughPort, sampleFile } from '@vinh-danh/store/testing';
import { definitions } from '@vinh-danh/workflows';
import { postgresReachable, startHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

const pgSkip = await postgresReachable();
const approvers = {
  unitLeader: 'lanh.dao@donvi.gov.vn',
  unitLeaderEscalation: 'cap.tren@donvi.gov.vn',
  officer: 'thi.dua@sonoivu.gov.vn',
  officerEscalation: 'truong.ban@sonoivu.gov.vn',
};

/** Nothing in flight: every accepted event applied and every effect carried out. */
async function quiescent(store: Store): Promise<void> {
  const later = () => new Date(Date.now() + 60_000);
  await waitFor(
    async () => (await store.outbox.listPending(later(), 1)).length + (await store.inbox.listPending(later(), 1)).length,
    (pending) => pending === 0,
    { what: 'no pending events or effects' },
  );
}

describe('store export and import between PGlite and PostgreSQL', { skip: pgSkip }, () => {
  let folder: string;
  let source: Harness;
  const instances: Record<'approved' | 'officer' | 'changes' | 'fresh', string> = { approved: '', officer: '', changes: '', fresh: '' };

  before(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'vd-round-trip-'));
    source = await startHarness({ definitions: definitions as unknown as WorkflowDefinition[] });
    const { engine, store } = source.runtime;
    const start = async () => {
      const nominationId = randomUUID();
      const { instanceId } = await engine.startInstance({
        definitionId: 'nomination-approval',
        input: { nominationId, submitter: 'can.bo@donvi.gov.vn', approvers, timing: {} },
        nomination: {
          nominationId,
          trackingCode: `VD-${nominationId.slice(0, 8)}`,
          unitId: 'so-noi-vu-bac-giang',
          awardTypeId: 'bang-khen-tinh',
          period: '2025',
          nominee: { fullName: 'Nguyễn Văn An', position: 'Chuyên viên' },
          details: { achievements: ['Sáng kiến số hóa hồ sơ'] },
          attachments: [sampleFile()],
        },
      });
      return instanceId;
    };
    const stateOf = async (instanceId: string) => (await store.instances.get(instanceId))?.stateValue;
    // The link each task's mail would carry (this harness renders mail without them), bound as a
    // mail binds it: while the task is open. Called at each stage, so every task gets one.
    const bindLinksOfOpenTasks = async () => {
      for (const instanceId of Object.values(instances)) {
        for (const task of await store.tasks.listByInstance(instanceId)) {
          if (task.status === 'open') assert.equal(await store.tasks.addLink(task.taskId, `hash-of-${task.taskId}`), true);
        }
      }
    };
    for (const name of Object.keys(instances) as Array<keyof typeof instances>) instances[name] = await start();
    await bindLinksOfOpenTasks();
    const act = (instanceId: string, eventId: string, type: string, by: string) =>
      engine.dispatch({ instanceId, eventId, event: { type, by }, meta: { actor: by, source: 'test' } });
    for (const instanceId of [instances.approved, instances.officer, instances.changes]) await act(instanceId, 'a1', 'approve', approvers.unitLeader);
    for (const instanceId of [instances.approved, instances.officer, instances.changes]) {
      await waitFor(() => stateOf(instanceId), (state) => state === 'officerReview.pending', { what: 'officer review' });
    }
    await bindLinksOfOpenTasks();
    await act(instances.approved, 'a2', 'approve', approvers.officer);
    await engine.dispatch({ instanceId: instances.changes, eventId: 'rc', event: { type: 'requestChanges', by: approvers.officer, comment: 'Bổ sung biên bản' } });
    await waitFor(() => stateOf(instances.approved), (state) => state === 'approved', { what: 'approved' });
    await waitFor(() => stateOf(instances.changes), (state) => state === 'changesRequested', { what: 'changes requested' });
    await quiescent(store);
    await bindLinksOfOpenTasks();
    // What the runtime does not write in this procedure (a decision, its document, a draft, a counter): through the port.
    await populateThroughPort(store);
  });
  after(async () => {
    await source?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('when PGlite is exported, imported into PostgreSQL, exported again and imported into PGlite, then every table holds the same rows at each step', async () => {
    const fromPglite = path.join(folder, 'from-pglite.ndjson');
    const fromPostgres = path.join(folder, 'from-postgres.ndjson');
    const original = await exportedTables(source.runtime.store);
    assert.ok((original.get('history')?.length ?? 0) >= 10, 'the runtime wrote a history');
    assert.ok((original.get('tasks')?.length ?? 0) >= 7, 'the runtime opened tasks');

    const first = await exportStore(source.runtime.store, fromPglite);
    assert.equal(first.header.sourceAdapter, 'pglite');
    const target = await startHarness({ store: 'postgres', definitions: definitions as unknown as WorkflowDefinition[] });
    try {
      const postgres = target.runtime.store;
      assert.equal((await postgres.info()).adapter, 'postgres');
      await importStore(postgres, fromPglite);
      assert.deepEqual(await exportedTables(postgres), original);

      const second = await exportStore(postgres, fromPostgres);
      assert.equal(second.header.sourceAdapter, 'postgres');
      assert.deepEqual(second.header.counts, first.header.counts);
      // The neutral form is canonical: both servers write the same bytes for the same rows.
      assert.equal(second.header.checksum, first.header.checksum);
      const body = async (file: string) => (await readFile(file, 'utf8')).split('\n').slice(1).join('\n');
      assert.equal(await body(fromPostgres), await body(fromPglite));

      const back = await createStore({ dataDir: 'memory://' });
      try {
        await importStore(back, fromPostgres);
        assert.deepEqual(await exportedTables(back), original);
        for (const instanceId of Object.values(instances)) {
          assert.deepEqual(await back.instances.get(instanceId), await source.runtime.store.instances.get(instanceId));
          assert.deepEqual(await back.history.list(instanceId), await source.runtime.store.history.list(instanceId));
          assert.deepEqual(await back.tasks.listByInstance(instanceId), await source.runtime.store.tasks.listByInstance(instanceId));
          for (const task of await back.tasks.listByInstance(instanceId)) {
            assert.equal((await back.tasks.getByTokenHash(`hash-of-${task.taskId}`))?.taskId, task.taskId, 'a mailed link still opens its task');
          }
        }
      } finally {
        await back.close();
      }

      // The copy is live: the procedure waiting for the officer goes on from PostgreSQL.
      const { engine } = target.runtime;
      await engine.dispatch({ instanceId: instances.officer, eventId: 'after-move', event: { type: 'approve', by: approvers.officer } });
      await waitFor(async () => (await postgres.instances.get(instances.officer))?.stateValue, (state) => state === 'approved', { what: 'approved on the copy' });
      const history = await postgres.history.list(instances.officer);
      assert.deepEqual(history.map((entry) => entry.version), history.map((_, index) => index + 1));
    } finally {
      await target.close();
    }
  });
});
