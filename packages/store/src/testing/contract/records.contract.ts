import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { DecisionDraft, NominationQuery, NominationStatus, Store } from '../../store.port.ts';
import { newInstance, newNomination, newTask } from '../store-fixtures.ts';

const ids = (records: Array<{ nominationId: string }>) => records.map((record) => record.nominationId).sort();
const taskIds = (records: Array<{ taskId: string }>) => records.map((record) => record.taskId).sort();

/** tasks, nominations and decision numbers: the gateway's records. */
export function recordsContract(store: () => Store): void {
  describe('tasks', () => {
    it('when a task is created, then get returns it open with every field', async () => {
      const task = newTask(randomUUID(), { nominationId: randomUUID() });
      assert.equal(await store().tasks.create(task), 'created');
      const stored = await store().tasks.get(task.taskId);
      assert.ok(stored);
      const { createdAt, ...fields } = stored;
      assert.ok(createdAt instanceof Date);
      assert.deepEqual(fields, { ...task, status: 'open', outcome: null, completedAt: null });
    });

    it('when a task without a deadline or link is created, then those fields read as null', async () => {
      const task = newTask(randomUUID(), { dueAt: null, tokenHash: null, tokenExpiresAt: null });
      const bare = { taskId: task.taskId, instanceId: task.instanceId, step: task.step, assignee: task.assignee };
      await store().tasks.create(bare);
      // Tasks without a link do not clash on a missing token hash.
      assert.equal(await store().tasks.create({ ...task, taskId: randomUUID() }), 'created');
      const stored = await store().tasks.get(task.taskId);
      assert.equal(stored?.nominationId, null);
      assert.equal(stored?.dueAt, null);
      assert.equal(stored?.tokenHash, null);
      assert.equal(stored?.tokenExpiresAt, null);
    });

    it('when a task id is created twice, then the second is "exists" and the first is kept', async () => {
      const task = newTask(randomUUID());
      await store().tasks.create(task);
      assert.equal(await store().tasks.create({ ...task, assignee: 'someone-else@example.vn', tokenHash: null }), 'exists');
      const stored = await store().tasks.get(task.taskId);
      assert.equal(stored?.assignee, task.assignee);
      assert.equal(stored?.tokenHash, task.tokenHash);
    });

    it('when a task is looked up by its token hash, then it is found; an unknown hash or id finds nothing', async () => {
      const task = newTask(randomUUID());
      await store().tasks.create(task);
      assert.equal((await store().tasks.getByTokenHash(task.tokenHash!))?.taskId, task.taskId);
      assert.equal(await store().tasks.getByTokenHash(randomUUID()), null);
      assert.equal(await store().tasks.get(randomUUID()), null);
    });

    it('when mailed links are bound to a task, then each hash finds that task, a repeated binding changes nothing, and another task keeps its own', async () => {
      const task = newTask(randomUUID(), { tokenHash: null });
      const other = newTask(randomUUID(), { tokenHash: null });
      await store().tasks.create(task);
      await store().tasks.create(other);
      const [first, second, others] = [randomUUID(), randomUUID(), randomUUID()].map((seed) => `link-${seed}`);
      await store().tasks.addLink(task.taskId, first!);
      await store().tasks.addLink(task.taskId, second!);
      await store().tasks.addLink(task.taskId, second!);
      await store().tasks.addLink(other.taskId, others!);
      assert.equal((await store().tasks.getByTokenHash(first!))?.taskId, task.taskId);
      assert.equal((await store().tasks.getByTokenHash(second!))?.taskId, task.taskId);
      assert.equal((await store().tasks.getByTokenHash(others!))?.taskId, other.taskId);
      assert.equal(await store().tasks.getByTokenHash(`link-${randomUUID()}`), null);
      // The record read through a link is the task as it is now.
      await store().tasks.close(task.taskId, 'done', 'approve');
      assert.equal((await store().tasks.getByTokenHash(first!))?.status, 'done');
      assert.equal((await store().tasks.get(task.taskId))?.tokenHash, null, 'the task keeps no link of its own');
    });

    it('when a link is bound to a closed task, then it says so and binds nothing; to an open task, or one not stored yet, it binds', async () => {
      const open = newTask(randomUUID(), { tokenHash: null });
      const closed = newTask(randomUUID(), { tokenHash: null });
      await store().tasks.create(open);
      await store().tasks.create(closed);
      await store().tasks.close(closed.taskId, 'done', 'approve');
      const [toOpen, toClosed, toMissing] = [randomUUID(), randomUUID(), randomUUID()].map((seed) => `link-${seed}`);
      const missingTaskId = randomUUID();
      // Together, as concurrent mails bind them: each gets its own answer.
      const bound = await Promise.all([
        store().tasks.addLink(open.taskId, toOpen!),
        store().tasks.addLink(closed.taskId, toClosed!),
        store().tasks.addLink(missingTaskId, toMissing!),
      ]);
      assert.deepEqual(bound, [true, false, true]);
      assert.equal((await store().tasks.getByTokenHash(toOpen!))?.taskId, open.taskId);
      assert.equal(await store().tasks.getByTokenHash(toClosed!), null, 'a closed task gets no new link');
      assert.equal(await store().tasks.addLink(open.taskId, toOpen!), true, 'binding a hash again still answers for its task');
      // The task a link was bound to before it existed opens through it once stored.
      await store().tasks.create(newTask(randomUUID(), { taskId: missingTaskId, tokenHash: null }));
      assert.equal((await store().tasks.getByTokenHash(toMissing!))?.taskId, missingTaskId);
    });

    it('when a second task has the same token hash, then it is rejected and not stored', async () => {
      const task = newTask(randomUUID());
      await store().tasks.create(task);
      const clash = newTask(randomUUID(), { tokenHash: task.tokenHash });
      await assert.rejects(() => store().tasks.create(clash));
      assert.equal(await store().tasks.get(clash.taskId), null);
      assert.equal((await store().tasks.getByTokenHash(task.tokenHash!))?.taskId, task.taskId);
    });

    it('when tasks are listed by assignee, then all come without a status and only matching ones with it', async () => {
      const assignee = `${randomUUID()}@so-noi-vu.gov.vn`;
      const open = newTask(randomUUID(), { assignee });
      const done = newTask(randomUUID(), { assignee });
      await store().tasks.create(open);
      await store().tasks.create(done);
      await store().tasks.create(newTask(randomUUID()));
      await store().tasks.close(done.taskId, 'done', 'approve');

      assert.deepEqual(taskIds(await store().tasks.listByAssignee(assignee)), taskIds([open, done]));
      assert.deepEqual(taskIds(await store().tasks.listByAssignee(assignee, 'open')), [open.taskId]);
      assert.deepEqual(taskIds(await store().tasks.listByAssignee(assignee, 'done')), [done.taskId]);
      assert.deepEqual(await store().tasks.listByAssignee(assignee, 'expired'), []);
      assert.deepEqual(await store().tasks.listByAssignee(`${randomUUID()}@so-noi-vu.gov.vn`), []);
    });

    it("when tasks are listed by instance, then exactly that instance's tasks come", async () => {
      const instanceId = randomUUID();
      const tasks = [newTask(instanceId, { step: 'unitLeaderReview' }), newTask(instanceId, { step: 'councilReview' })];
      for (const task of tasks) await store().tasks.create(task);
      await store().tasks.create(newTask(randomUUID()));
      assert.deepEqual(taskIds(await store().tasks.listByInstance(instanceId)), taskIds(tasks));
      assert.deepEqual(await store().tasks.listByInstance(randomUUID()), []);
    });

    it('when an open task is closed, then close is true once, false after, and the first outcome stays', async () => {
      const task = newTask(randomUUID());
      await store().tasks.create(task);
      assert.equal(await store().tasks.close(task.taskId, 'done', 'approve'), true);
      assert.equal(await store().tasks.close(task.taskId, 'expired', 'expired'), false);
      assert.equal(await store().tasks.close(randomUUID(), 'done', 'approve'), false);
      const stored = await store().tasks.get(task.taskId);
      assert.equal(stored?.status, 'done');
      assert.equal(stored?.outcome, 'approve');
      assert.ok(stored?.completedAt instanceof Date);
    });
  });

  describe('nominations', () => {
    it('when a nomination is created, then get and getByTrackingCode return it submitted with its details', async () => {
      const nomination = newNomination({ instanceId: randomUUID() });
      await store().nominations.create(nomination);
      const stored = await store().nominations.get(nomination.nominationId);
      assert.ok(stored);
      const { createdAt, ...fields } = stored;
      assert.ok(createdAt instanceof Date);
      assert.deepEqual(fields, { ...nomination, status: 'submitted', idempotencyKey: null, requestHash: null });
      assert.deepEqual(await store().nominations.getByTrackingCode(nomination.trackingCode), stored);
      assert.equal(await store().nominations.get(randomUUID()), null);
      assert.equal(await store().nominations.getByTrackingCode('VD-UNKNOWN'), null);
    });

    it('when a second nomination reuses a tracking code, then it is rejected', async () => {
      const nomination = newNomination();
      await store().nominations.create(nomination);
      const clash = newNomination({ trackingCode: nomination.trackingCode });
      await assert.rejects(() => store().nominations.create(clash));
      assert.equal(await store().nominations.get(clash.nominationId), null);
    });

    it('when the status is set, then get shows it', async () => {
      const nomination = newNomination();
      await store().nominations.create(nomination);
      await store().nominations.setStatus(nomination.nominationId, 'in_review');
      assert.equal((await store().nominations.get(nomination.nominationId))?.status, 'in_review');
      await store().nominations.setStatus(nomination.nominationId, 'approved');
      assert.equal((await store().nominations.getByTrackingCode(nomination.trackingCode))?.status, 'approved');
    });

    it('when nominations are searched, then each filter and their combination narrow the result and limit caps it', async () => {
      // Fresh values, so other tests' nominations in the same store cannot match.
      const [unitA, unitB, awardA, awardB, periodA, periodB] = Array.from({ length: 6 }, () => randomUUID());
      const aaa = newNomination({ unitId: unitA, awardTypeId: awardA, period: periodA });
      const aba = newNomination({ unitId: unitA, awardTypeId: awardB, period: periodA });
      const bab = newNomination({ unitId: unitB, awardTypeId: awardA, period: periodB });
      const aab = newNomination({ unitId: unitA, awardTypeId: awardA, period: periodB });
      for (const nomination of [aaa, aba, bab, aab]) await store().nominations.create(nomination);
      await store().nominations.setStatus(aab.nominationId, 'approved');
      const search = (query: NominationQuery) => store().nominations.search(query);

      assert.deepEqual(ids(await search({ unitId: unitA })), ids([aaa, aba, aab]));
      assert.deepEqual(ids(await search({ awardTypeId: awardA })), ids([aaa, bab, aab]));
      assert.deepEqual(ids(await search({ period: periodA })), ids([aaa, aba]));
      const approved = await search({ status: 'approved', limit: 100_000 });
      assert.ok(approved.every((record) => record.status === 'approved'));
      assert.ok(approved.some((record) => record.nominationId === aab.nominationId));
      assert.ok(!approved.some((record) => record.unitId === unitA && record.nominationId !== aab.nominationId));

      assert.deepEqual(ids(await search({ unitId: unitA, awardTypeId: awardA })), ids([aaa, aab]));
      assert.deepEqual(ids(await search({ unitId: unitA, awardTypeId: awardA, period: periodB })), ids([aab]));
      assert.deepEqual(ids(await search({ unitId: unitA, status: 'submitted' })), ids([aaa, aba]));
      assert.deepEqual(ids(await search({ unitId: unitA, awardTypeId: awardB, period: periodB })), []);

      const limited = await search({ unitId: unitA, limit: 2 });
      assert.equal(limited.length, 2);
      assert.ok(limited.every((record) => record.unitId === unitA));
    });

    it('when nominations of a unit, award and period are counted, then only those in the statuses given count', async () => {
      // Fresh values, so other tests' nominations in the same store cannot match.
      const [unitId, awardTypeId, period] = [randomUUID(), randomUUID(), randomUUID()];
      const mine = Array.from({ length: 4 }, () => newNomination({ unitId, awardTypeId, period }));
      const others = [newNomination({ unitId: randomUUID(), awardTypeId, period }), newNomination({ unitId, awardTypeId: randomUUID(), period }), newNomination({ unitId, awardTypeId, period: randomUUID() })];
      for (const nomination of [...mine, ...others]) await store().nominations.create(nomination);
      await store().nominations.setStatus(mine[1]!.nominationId, 'in_review');
      await store().nominations.setStatus(mine[2]!.nominationId, 'withdrawn');
      await store().nominations.setStatus(mine[3]!.nominationId, 'rejected');
      const count = (statuses: NominationStatus[]) => store().nominations.count({ unitId, awardTypeId, period, statuses });

      assert.equal(await count(['submitted', 'in_review', 'approved']), 2);
      assert.equal(await count(['withdrawn', 'rejected']), 2);
      assert.equal(await count(['submitted', 'in_review', 'approved', 'rejected', 'withdrawn', 'expired']), 4);
      assert.equal(await count(['approved']), 0);
      assert.equal(await count([]), 0);
      assert.equal(await store().nominations.count({ unitId: `${unitId}' OR '1'='1`, awardTypeId, period, statuses: ['submitted'] }), 0, 'a value is compared, never interpreted');
    });

    it('when duplicate candidates are listed, then those with the key and those without one for the award and period come, withdrawn ones aside', async () => {
      // Fresh values, so other tests' nominations in the same store cannot match.
      const [awardTypeId, period, duplicateKey] = [randomUUID(), randomUUID(), randomUUID()];
      const keyed = newNomination({ awardTypeId, period, duplicateKey });
      const unkeyed = newNomination({ awardTypeId, period });
      const withdrawn = newNomination({ awardTypeId, period, duplicateKey });
      const otherNominee = newNomination({ awardTypeId, period, duplicateKey: randomUUID() });
      const unkeyedOtherPeriod = newNomination({ awardTypeId, period: randomUUID() });
      const keyedOtherAward = newNomination({ awardTypeId: randomUUID(), period, duplicateKey: `${duplicateKey}-` });
      for (const nomination of [keyed, unkeyed, withdrawn, otherNominee, unkeyedOtherPeriod, keyedOtherAward]) await store().nominations.create(nomination);
      await store().nominations.setStatus(withdrawn.nominationId, 'withdrawn');
      // Stored with its instance (one commit), the key is kept too.
      const started = newNomination({ awardTypeId, period, duplicateKey });
      await store().instances.create(newInstance({ nominationId: started.nominationId, nomination: started }));

      const found = await store().nominations.listDuplicateCandidates({ duplicateKey, awardTypeId, period });
      assert.deepEqual(ids(found), ids([keyed, unkeyed, started]));
      assert.equal(found.find((record) => record.nominationId === keyed.nominationId)?.trackingCode, keyed.trackingCode);
      assert.deepEqual(await store().nominations.listDuplicateCandidates({ duplicateKey: randomUUID(), awardTypeId: randomUUID(), period }), []);
    });

    it('when many submissions list their duplicate candidates at once, then each gets exactly its own, oldest first', async () => {
      const groups = Array.from({ length: 12 }, () => ({ awardTypeId: randomUUID(), period: randomUUID(), duplicateKey: randomUUID() }));
      const stored = new Map<string, string[]>();
      for (const group of groups) {
        const members = [newNomination(group), newNomination({ awardTypeId: group.awardTypeId, period: group.period }), newNomination(group)];
        for (const nomination of members) await store().nominations.create(nomination);
        stored.set(group.duplicateKey, members.map((nomination) => nomination.nominationId));
      }
      // Each group asked twice, and one query that matches nothing, all at once.
      const queries = [...groups, ...groups, { awardTypeId: randomUUID(), period: randomUUID(), duplicateKey: randomUUID() }];
      const answers = await Promise.all(queries.map((query) => store().nominations.listDuplicateCandidates(query)));
      for (const [index, query] of queries.entries()) {
        const found = answers[index]!.map((record) => record.nominationId);
        assert.deepEqual([...found].sort(), [...(stored.get(query.duplicateKey) ?? [])].sort(), `query ${index}`);
        const createdAt = answers[index]!.map((record) => record.createdAt.getTime());
        assert.deepEqual(createdAt, [...createdAt].sort((a, b) => a - b), `query ${index} oldest first`);
      }
    });

    it('when a search value looks like a query operator or SQL, then it finds nothing and does not throw', async () => {
      const nomination = newNomination();
      await store().nominations.create(nomination);
      for (const hostile of ['{"$gt": ""}', "' OR 1=1 --", "'; DROP TABLE nominations; --", '%', '.*']) {
        assert.deepEqual(await store().nominations.search({ unitId: hostile }), [], `unitId ${hostile}`);
        assert.deepEqual(await store().nominations.search({ awardTypeId: hostile, period: hostile }), [], `award/period ${hostile}`);
        assert.equal(await store().nominations.getByTrackingCode(hostile), null);
        assert.equal(await store().nominations.get(hostile), null);
      }
      assert.equal((await store().nominations.get(nomination.nominationId))?.nominationId, nomination.nominationId);
    });
  });

  describe('decisions.allocateNumber', () => {
    it('when numbers are allocated one after another, then they run 1, 2, 3', async () => {
      const authority = `ubnd-${randomUUID()}`;
      const numbers = [];
      for (let i = 0; i < 3; i += 1) numbers.push(await store().decisions.allocateNumber(authority, 2025));
      assert.deepEqual(numbers, [1, 2, 3].map((number) => ({ authority, year: 2025, number })));
    });

    it('when another authority or another year allocates, then each counts on its own from 1', async () => {
      const authority = `ubnd-${randomUUID()}`;
      const other = `bo-noi-vu-${randomUUID()}`;
      await store().decisions.allocateNumber(authority, 2025);
      await store().decisions.allocateNumber(authority, 2025);
      assert.equal((await store().decisions.allocateNumber(other, 2025)).number, 1);
      assert.equal((await store().decisions.allocateNumber(authority, 2026)).number, 1);
      assert.equal((await store().decisions.allocateNumber(authority, 2025)).number, 3);
      assert.equal((await store().decisions.allocateNumber(other, 2025)).number, 2);
    });

    it('when 50 numbers are allocated at once for one authority and year, then they are exactly 1..50', async () => {
      const authority = `ubnd-${randomUUID()}`;
      const allocated = await Promise.all(Array.from({ length: 50 }, () => store().decisions.allocateNumber(authority, 2025)));
      assert.deepEqual(
        allocated.map((decision) => decision.number).sort((a, b) => a - b),
        Array.from({ length: 50 }, (_, index) => index + 1),
      );
      assert.ok(allocated.every((decision) => decision.authority === authority && decision.year === 2025));
    });
  });

  describe('decisions.issue', () => {
    it('when two bodies whose signatories print alike each issue their first decision of a year, then both are numbered 1 in their own register', async () => {
      // Two communes of the same name in two provinces: "Chủ tịch UBND xã Tân Phú" signs for each.
      const authority = `Chủ tịch UBND xã Tân Phú ${randomUUID().slice(0, 6)}`;
      const draftFor = (unit: string) => ({
        decisionId: `dec-${randomUUID()}`, nominationId: randomUUID(), instanceId: randomUUID(), authority, issuerCode: 'QĐ-UBND',
        year: 2025, awardTypeId: 'giay-khen', decisionDate: new Date('2025-08-10T00:00:00Z'), amountVnd: 702_000, amountBasis: { unit },
      });
      const registers = [`xa-tan-phu-dong-nai-${randomUUID()} QĐ-UBND`, `xa-tan-phu-vinh-long-${randomUUID()} QĐ-UBND`];
      const issued = [];
      for (const key of registers) issued.push(await store().decisions.issue(draftFor(key), null, { key, continues: [authority] }));

      assert.deepEqual(issued.map((result) => [result.outcome, result.decision.decisionNumber]), [['created', '1/QĐ-UBND'], ['created', '1/QĐ-UBND']]);
      for (const result of issued) assert.equal((await store().decisions.get(result.decision.decisionId))?.decisionNumber, '1/QĐ-UBND');
      const second = await store().decisions.issue(draftFor(registers[1]!), null, { key: registers[1]!, continues: [authority] });
      assert.equal(second.decision.decisionNumber, '2/QĐ-UBND');
    });
  });

  describe('idempotent submissions', () => {
    it('when a nomination carries an idempotency key, then getByIdempotencyKey finds it with its request hash', async () => {
      const key = `idem-${randomUUID()}`;
      const nomination = newNomination({ idempotencyKey: key, requestHash: 'sha256-of-body' });
      await store().nominations.create(nomination);
      const found = await store().nominations.getByIdempotencyKey(key);
      assert.equal(found?.nominationId, nomination.nominationId);
      assert.equal(found?.requestHash, 'sha256-of-body');
      assert.equal(await store().nominations.getByIdempotencyKey(`idem-${randomUUID()}`), null);
    });

    it('when a second nomination reuses an idempotency key, then it is refused and the first is kept', async () => {
      const key = `idem-${randomUUID()}`;
      const first = newNomination({ idempotencyKey: key });
      await store().nominations.create(first);
      await assert.rejects(store().nominations.create(newNomination({ idempotencyKey: key })));
      assert.equal((await store().nominations.getByIdempotencyKey(key))?.nominationId, first.nominationId);
    });
  });

  describe('units', () => {
    it('when a unit is upserted twice, then get and list return the latest version', async () => {
      const unitId = `unit-${randomUUID()}`;
      const unit = { unitId, nameVi: 'Sở Nội vụ tỉnh Bắc Giang', nameEn: 'Bac Giang Department of Home Affairs', parentId: null, approvers: { unitLeader: 'giam.doc@bg.gov.vn' } };
      await store().units.upsert(unit);
      await store().units.upsert({ ...unit, approvers: { unitLeader: 'pho.giam.doc@bg.gov.vn', officer: 'thi.dua@bg.gov.vn' } });
      assert.deepEqual(await store().units.get(unitId), { ...unit, approvers: { unitLeader: 'pho.giam.doc@bg.gov.vn', officer: 'thi.dua@bg.gov.vn' } });
      assert.equal((await store().units.list()).filter((u) => u.unitId === unitId).length, 1);
      assert.equal(await store().units.get(`unit-${randomUUID()}`), null);
    });

    it('when a unit holds council member lists and a signing profile, then they read back as written, and dropping the profile removes it', async () => {
      const unitId = `unit-${randomUUID()}`;
      const unit = {
        unitId, nameVi: 'UBND tỉnh Bắc Giang', nameEn: 'Bac Giang PPC', parentId: null,
        approvers: { provinceChairman: 'chu.tich@bg.gov.vn', provinceCouncil: ['a@bg.gov.vn', 'b@bg.gov.vn'] },
        profile: { abbreviation: 'UBND', issuingBody: 'province' as const, signatories: { provinceChairman: 'Chủ tịch UBND tỉnh Bắc Giang' } },
      };
      await store().units.upsert(unit);
      assert.deepEqual(await store().units.get(unitId), unit);
      const { profile: _dropped, ...withoutProfile } = unit;
      await store().units.upsert(withoutProfile);
      assert.deepEqual(await store().units.get(unitId), withoutProfile);
    });
  });

  describe('decisions and award history', () => {
    const draftFor = (overrides: Partial<DecisionDraft> = {}): DecisionDraft => ({
      decisionId: `dec-${randomUUID()}`,
      nominationId: randomUUID(),
      instanceId: randomUUID(),
      authority: `UBND tỉnh ${randomUUID().slice(0, 6)}`,
      issuerCode: 'QĐ-UBND',
      year: 2025,
      awardTypeId: 'bang-khen-bo-nganh-tinh',
      decisionDate: new Date('2025-03-10T00:00:00Z'),
      amountVnd: 2_340_000,
      amountBasis: { multiplier: 1, baseSalaryVnd: 2_340_000 },
      ...overrides,
    });
    const historyFor = (nomineeKey: string) => ({
      nomineeKey,
      awardTypeId: 'bang-khen-bo-nganh-tinh',
      year: 2025,
      decisionDate: new Date('2025-03-10T00:00:00Z'),
      disciplined: false,
      source: 'decision' as const,
    });

    it('when a decision is issued, then it gets the next number, and its history entry and documents read back', async () => {
      const draft = draftFor();
      const nomineeKey = `individual:${randomUUID()}`;
      const first = await store().decisions.issue(draft, historyFor(nomineeKey), { key: draft.authority });
      assert.equal(first.outcome, 'created');
      assert.deepEqual(first.decision, { ...draft, number: 1, decisionNumber: '1/QĐ-UBND' });
      const second = await store().decisions.issue(draftFor({ authority: draft.authority }), null, { key: draft.authority });
      assert.equal(second.decision.decisionNumber, '2/QĐ-UBND');
      assert.deepEqual(await store().decisions.get(draft.decisionId), first.decision);
      assert.deepEqual((await store().decisions.listByNomination(draft.nominationId)).map((d) => d.decisionId), [draft.decisionId]);
      assert.deepEqual(await store().awardHistory.listByNominee(nomineeKey), [{ ...historyFor(nomineeKey), decisionNumber: '1/QĐ-UBND' }]);

      const pdf = Buffer.from('%PDF-1.7 quyết định');
      await store().decisions.saveDocuments([{ decisionId: draft.decisionId, kind: 'decision', contentType: 'application/pdf', content: pdf }]);
      await store().decisions.saveDocuments([{ decisionId: draft.decisionId, kind: 'decision', contentType: 'application/pdf', content: Buffer.from('other') }]);
      const document = await store().decisions.getDocument(draft.decisionId, 'decision');
      assert.equal(document?.contentType, 'application/pdf');
      assert.deepEqual(document?.content, pdf, 'a stored document is kept as it is');
      assert.equal(await store().decisions.getDocument(draft.decisionId, 'certificate'), null);
    });

    it('when the same decision is issued twice, then the second returns the first and takes no number', async () => {
      const draft = draftFor();
      const nomineeKey = `individual:${randomUUID()}`;
      const first = await store().decisions.issue(draft, historyFor(nomineeKey), { key: draft.authority });
      const again = await store().decisions.issue(draft, historyFor(nomineeKey), { key: draft.authority });
      assert.equal(again.outcome, 'exists');
      assert.deepEqual(again.decision, first.decision);
      assert.equal((await store().awardHistory.listByNominee(nomineeKey)).length, 1);
      assert.equal((await store().decisions.issue(draftFor({ authority: draft.authority }), null, { key: draft.authority })).decision.number, 2);
    });

    it('when 50 decisions of one authority are issued at once, then they get 50 distinct consecutive numbers', async () => {
      const authority = `Thủ tướng Chính phủ ${randomUUID().slice(0, 6)}`;
      const issued = await Promise.all(Array.from({ length: 50 }, () => store().decisions.issue(draftFor({ authority, issuerCode: 'QĐ-TTg' }), null, { key: authority })));
      assert.deepEqual(issued.map((r) => r.decision.number).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('when two people sign for one body, then their decisions share its register: one sequence, no number twice', async () => {
      const register = { key: `bac-giang-${randomUUID().slice(0, 6)} QĐ-UBND` };
      const byChairman = await store().decisions.issue(draftFor({ authority: 'Chủ tịch UBND tỉnh Bắc Giang' }), null, register);
      const byOffice = await store().decisions.issue(draftFor({ authority: 'Chánh Văn phòng UBND tỉnh Bắc Giang' }), null, register);
      const byChairmanAgain = await store().decisions.issue(draftFor({ authority: 'Chủ tịch UBND tỉnh Bắc Giang' }), null, register);
      assert.deepEqual([byChairman, byOffice, byChairmanAgain].map((issued) => issued.decision.decisionNumber), ['1/QĐ-UBND', '2/QĐ-UBND', '3/QĐ-UBND']);
      assert.equal((await store().decisions.issue(draftFor(), null, { key: `lang-son-${randomUUID().slice(0, 6)} QĐ-UBND` })).decision.number, 1, 'another body counts on its own');
    });

    it('when a register continues others, then its first number of a year follows the highest they reached that year', async () => {
      const [chairman, office] = [`Chủ tịch ${randomUUID()}`, `Chánh Văn phòng ${randomUUID()}`];
      for (let i = 0; i < 4; i += 1) await store().decisions.issue(draftFor({ authority: chairman }), null, { key: chairman });
      await store().decisions.issue(draftFor({ authority: office }), null, { key: office });
      await store().decisions.issue(draftFor({ authority: chairman, year: 2024 }), null, { key: chairman });
      const register = { key: `unit-${randomUUID()} QĐ-UBND`, continues: [chairman, office, `nobody-${randomUUID()}`] };
      const first = await store().decisions.issue(draftFor({ authority: office }), null, register);
      const second = await store().decisions.issue(draftFor({ authority: chairman }), null, register);
      assert.deepEqual([first.decision.number, second.decision.number], [5, 6], 'after the 4 of 2025 counted by signatory');
      assert.equal((await store().decisions.issue(draftFor({ authority: chairman, year: 2026 }), null, register)).decision.number, 1, 'a year none of them reached starts at 1');
    });

    it('when history entries are added, then listByNominee returns that nominee\'s entries oldest year first', async () => {
      const nomineeKey = `collective:${randomUUID()}`;
      await store().awardHistory.add([
        { nomineeKey, awardTypeId: 'tap-the-lao-dong-xuat-sac', year: 2024, decisionDate: null, decisionNumber: null, disciplined: false, source: 'import' },
        { nomineeKey, awardTypeId: null, year: 2022, decisionDate: null, decisionNumber: null, disciplined: true, source: 'import' },
      ]);
      await store().awardHistory.add([{ nomineeKey: `collective:${randomUUID()}`, awardTypeId: 'x', year: 2020, decisionDate: null, decisionNumber: null, disciplined: false, source: 'import' }]);
      const entries = await store().awardHistory.listByNominee(nomineeKey);
      assert.deepEqual(entries.map((e) => [e.year, e.awardTypeId, e.disciplined]), [[2022, null, true], [2024, 'tap-the-lao-dong-xuat-sac', false]]);
    });

    it('when one of several history entries cannot be stored, then none of them is', async () => {
      const nomineeKey = `individual:${randomUUID()}`;
      const entry = { nomineeKey, awardTypeId: 'chien-si-thi-dua-co-so', year: 2020, decisionDate: null, decisionNumber: null, disciplined: false, source: 'import' as const };
      // An entry without its nominee: the second insert fails after the first one ran.
      await assert.rejects(store().awardHistory.add([entry, { ...entry, year: 2021, nomineeKey: null as unknown as string }]));
      assert.deepEqual(await store().awardHistory.listByNominee(nomineeKey), []);
      await store().awardHistory.add([]);
      assert.deepEqual(await store().awardHistory.listByNominee(nomineeKey), []);
    });

    it('when the same entries are recorded if unrecorded, by calls at the same time and again later, then each is recorded once, whatever its source', async () => {
      const nomineeKey = `individual:${randomUUID()}`;
      const entry = { nomineeKey, awardTypeId: 'chien-si-thi-dua-co-so', year: 2020, decisionDate: null, decisionNumber: null, disciplined: false, source: 'import' as const };
      const discipline = { ...entry, awardTypeId: null, year: 2021, disciplined: true };
      const counts = await Promise.all(Array.from({ length: 5 }, () => store().awardHistory.addUnrecorded([entry, discipline, entry])));
      assert.equal(counts.reduce((sum, count) => sum + count, 0), 2, `recorded ${JSON.stringify(counts)}`);
      const decided = { ...entry, year: 2022, source: 'decision' as const };
      await store().awardHistory.add([decided]);
      assert.equal(await store().awardHistory.addUnrecorded([entry, discipline, { ...decided, source: 'import' }, { ...entry, disciplined: true }]), 1, 'only the entry no source holds');
      assert.deepEqual((await store().awardHistory.listByNominee(nomineeKey)).map((e) => [e.year, e.awardTypeId, e.disciplined, e.source]), [
        [2020, 'chien-si-thi-dua-co-so', false, 'import'],
        [2020, 'chien-si-thi-dua-co-so', true, 'import'],
        [2021, null, true, 'import'],
        [2022, 'chien-si-thi-dua-co-so', false, 'decision'],
      ]);
      assert.equal(await store().awardHistory.addUnrecorded([]), 0);
    });

    it('when many nominees\' histories are read at once, then each gets exactly its own entries, oldest year first', async () => {
      const nominees = Array.from({ length: 20 }, (_, index) => ({ key: `individual:${randomUUID()}`, years: [2024 - (index % 3), 2019 + (index % 4)] }));
      for (const { key, years } of nominees) {
        for (const year of years) {
          await store().awardHistory.add([{ nomineeKey: key, awardTypeId: 'chien-si-thi-dua-co-so', year, decisionDate: null, decisionNumber: null, disciplined: false, source: 'import' }]);
        }
      }
      const unknown = `individual:${randomUUID()}`;
      const lists = await Promise.all([...nominees.map(({ key }) => store().awardHistory.listByNominee(key)), store().awardHistory.listByNominee(unknown)]);

      nominees.forEach(({ key, years }, index) => {
        assert.deepEqual(lists[index]!.map((entry) => [entry.nomineeKey, entry.year]), [...years].sort((a, b) => a - b).map((year) => [key, year]));
      });
      assert.deepEqual(lists.at(-1), []);
    });

    it('when documents are saved and one of them cannot be (its decision does not exist), then none of them is', async () => {
      const draft = draftFor();
      await store().decisions.issue(draft, null, { key: draft.authority });
      const pdf = (text: string) => Buffer.from(`%PDF-1.7 ${text}`);
      await assert.rejects(
        store().decisions.saveDocuments([
          { decisionId: draft.decisionId, kind: 'decision', contentType: 'application/pdf', content: pdf('decision') },
          { decisionId: `dec-${randomUUID()}`, kind: 'certificate', contentType: 'application/pdf', content: pdf('certificate') },
        ]),
      );
      assert.equal(await store().decisions.getDocument(draft.decisionId, 'decision'), null, 'the first one is not kept either');
      await store().decisions.saveDocuments([{ decisionId: draft.decisionId, kind: 'decision', contentType: 'application/pdf', content: pdf('decision') }]);
      assert.ok(await store().decisions.getDocument(draft.decisionId, 'decision'));
    });

    it('when the process runs in a time zone behind UTC, then a decision\'s and a history entry\'s date come back as the same day', async () => {
      const zone = process.env.TZ;
      process.env.TZ = 'America/New_York';
      try {
        assert.equal(new Date('2025-03-10T00:00:00Z').getDate(), 9, 'the zone took effect');
        const draft = draftFor();
        const nomineeKey = `individual:${randomUUID()}`;
        await store().decisions.issue(draft, historyFor(nomineeKey), { key: draft.authority });
        assert.equal((await store().decisions.get(draft.decisionId))?.decisionDate.toISOString(), '2025-03-10T00:00:00.000Z');
        assert.equal((await store().awardHistory.listByNominee(nomineeKey))[0]?.decisionDate?.toISOString(), '2025-03-10T00:00:00.000Z');
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    });
  });
}
