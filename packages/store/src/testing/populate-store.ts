import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { NewAttachment, Store } from '../store.port.ts';
import { newClusterYear, newInstance, newNomination, newTask, outboxRow, timerRow, transition } from './store-fixtures.ts';

/** A small file with its real digest; `bytes` covers every byte value so base64 and bytea both get exercised. */
export function sampleFile(bytes: Uint8Array = Uint8Array.from({ length: 256 }, (_, index) => index)): NewAttachment {
  return {
    attachmentId: randomUUID(),
    filename: 'biên-bản-họp.pdf',
    contentType: 'application/pdf',
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    content: bytes,
  };
}

export interface PopulatedIds {
  instanceId: string;
  nominationId: string;
  attachment: NewAttachment;
  decisionId: string;
  draftId: string;
  nomineeKey: string;
  taskId: string;
  clusterId: string;
}

/**
 * Puts at least one row into every table through the port alone: an instance with a
 * committed transition (history, inbox, outbox, timers), a task with its mailed links, a nomination with a file, a
 * unit, an issued decision with its document and award history, a counter, a draft, and a
 * cluster's year with the next year handed over to.
 */
export async function populateThroughPort(store: Store): Promise<PopulatedIds> {
  const nomination = newNomination({ attachments: [sampleFile()], idempotencyKey: randomUUID(), requestHash: 'h'.repeat(64) });
  const instance = newInstance({
    nominationId: nomination.nominationId,
    nomination: { ...nomination, instanceId: null },
    snapshot: { value: 'unitReview', context: { round: 1, note: 'Hồ sơ đề nghị – "đầy đủ"', nested: { list: [1, 2.5, null, true] } } },
  });
  await store.instances.create({ ...instance, outbox: [outboxRow(instance.instanceId)], timers: [timerRow(instance.instanceId, 'deadline')] });
  const approve = transition({ instanceId: instance.instanceId, version: 1 }, {
    outbox: [outboxRow(instance.instanceId, { queue: 'effects', type: 'createTask' })],
    timers: [timerRow(instance.instanceId, 'reminder', 3_600_000)],
  });
  await store.inbox.add({ instanceId: instance.instanceId, eventId: approve.eventId, event: approve.event, meta: approve.meta });
  await store.instances.commit(approve);
  await store.inbox.add({ instanceId: instance.instanceId, eventId: randomUUID(), event: { type: 'COMMENT', text: 'chờ' }, meta: {} });
  const task = newTask(instance.instanceId, { nominationId: nomination.nominationId });
  await store.tasks.create(task);
  // Two mailed links (a task mail and its reminder), by their tokens' hashes.
  for (const token of [randomBytes(32), randomBytes(32)]) await store.tasks.addLink(task.taskId, createHash('sha256').update(token.toString('base64url')).digest('hex'));
  await store.tasks.close(task.taskId, 'done', 'approve');
  await store.units.upsert({ unitId: nomination.unitId, nameVi: 'Sở Nội vụ', nameEn: 'Department of Home Affairs', parentId: null, approvers: { officer: 'thi.dua@sonoivu.gov.vn' } });
  const nomineeKey = `individual:${randomUUID()}`;
  const { decision } = await store.decisions.issue(
    {
      decisionId: randomUUID(),
      nominationId: nomination.nominationId,
      instanceId: instance.instanceId,
      authority: `ubnd-${randomUUID().slice(0, 8)}`,
      issuerCode: 'QĐ-UBND',
      year: 2025,
      awardTypeId: nomination.awardTypeId,
      decisionDate: new Date('2025-12-01T00:00:00Z'),
      amountVnd: 2_340_000,
      amountBasis: { multiplier: 1, baseSalaryVnd: 2_340_000 },
    },
    { nomineeKey, awardTypeId: nomination.awardTypeId, year: 2025, decisionDate: new Date('2025-12-01T00:00:00Z'), disciplined: false, source: 'decision' },
    { key: `${nomination.unitId} QĐ-UBND` },
  );
  await store.decisions.saveDocuments([{ decisionId: decision.decisionId, kind: 'decision', contentType: 'application/pdf', content: randomBytes(1024) }]);
  await store.awardHistory.add([{ nomineeKey, awardTypeId: null, year: 2023, decisionDate: null, decisionNumber: null, disciplined: true, source: 'import' }]);
  await store.decisions.allocateNumber(`so-${randomUUID().slice(0, 8)}`, 2026);
  const draftId = randomBytes(16).toString('hex');
  await store.drafts.save({ draftId, attachments: [sampleFile(randomBytes(300)), sampleFile(new Uint8Array())], expiresAt: new Date(Date.now() + 3_600_000) });
  const clusterYear = newClusterYear();
  await store.clusters.upsertYear(clusterYear);
  await store.clusters.recordHandover({ clusterId: clusterYear.clusterId, year: clusterYear.year + 1, chair: clusterYear.deputy, deputy: clusterYear.members[2]!, byEffectId: `${instance.instanceId}.3.0` });
  return {
    instanceId: instance.instanceId, nominationId: nomination.nominationId, attachment: nomination.attachments![0]!, decisionId: decision.decisionId, draftId, nomineeKey,
    taskId: task.taskId, clusterId: clusterYear.clusterId,
  };
}

/** Every row `exportAll` yields, grouped by table in the order they came. */
export async function exportedTables(store: Store): Promise<Map<string, Array<Record<string, unknown>>>> {
  const tables = new Map<string, Array<Record<string, unknown>>>();
  for await (const { table, row } of store.admin.exportAll()) {
    let rows = tables.get(table);
    if (!rows) tables.set(table, (rows = []));
    rows.push(row);
  }
  return tables;
}
