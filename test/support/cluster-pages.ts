/**
 * Test support for the cluster pages: a three-member cluster built from the seed cluster, started
 * on the real engine under its derived instance id, and acting on its tasks the way a member's
 * office does — through the link mailed for the task (as `task-pages.ts`), posting the form.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { clusterEvaluationInstanceId } from '@vinh-danh/clusters';
import { northernMidlandsMembers } from '@vinh-danh/domain';
import type { HistoryEntry, TaskRecord } from '@vinh-danh/store';
import {
  seedClusterEvaluationInput, type ClusterEvaluationContext, type ClusterEvaluationDeadlines, type ClusterEvaluationInput,
} from '@vinh-danh/workflows';
import { hiddenValue, startGatewayFixture, type GatewayFixture } from './gateway.ts';
import { taskPages } from './task-pages.ts';
import { waitFor } from './wait.ts';

export const m = northernMidlandsMembers;
/** The smallest cluster the procedure takes: Bắc Giang chairs, Bắc Kạn deputises, Thái Nguyên. */
export const trio = [m.bacGiang, m.bacKan, m.thaiNguyen] as const;

/** The seed cluster's 2022 evaluation cut down to `trio`, under its own cluster id so each test has its own year. */
export function trioInput(clusterId: string, deadlines?: Partial<ClusterEvaluationDeadlines>): ClusterEvaluationInput {
  const seed = seedClusterEvaluationInput({ year: 2022, ...(deadlines ? { deadlines } : {}) });
  return {
    ...seed,
    clusterId,
    members: seed.members.filter((member) => (trio as readonly string[]).includes(member.memberId)),
    rotationOrder: [...trio],
  };
}

/** A score sheet of the seed criteria as form fields (Vietnamese decimal comma), under `prefix`. */
export function sheetFields(prefix: string, base: number): Record<string, string> {
  const score = (value: number) => String(value).replace('.', ',');
  return {
    [`${prefix}phat-trien-kt-xh`]: score(base),
    [`${prefix}phong-trao-thi-dua`]: score(base),
    [`${prefix}cong-tac-khen-thuong`]: score(base),
    [`${prefix}hoat-dong-cum`]: score(Math.floor(base)),
  };
}

/** The `<section id="…">` of a page. */
export function sectionOf(page: string, id: string): string {
  const match = new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(page);
  assert.ok(match, `no section #${id}`);
  return match[0];
}

/** Cross-scores that rank Thái Nguyên first, Bắc Giang second, Bắc Kạn third, whoever scores. */
export const rankedCrossScore = (_scorer: string, target: string) => (target === m.thaiNguyen ? 9 : target === m.bacGiang ? 8 : 6);

export type ClusterPages = ReturnType<typeof clusterPages>;

/**
 * A gateway and its cluster pages for the whole test file: started before its tests (`started`
 * receives them) and closed after them.
 */
export function clusterGatewayForFile(started: (fixture: GatewayFixture, cluster: ClusterPages) => void): void {
  let fixture: GatewayFixture | undefined;
  before(async () => {
    fixture = await startGatewayFixture();
    started(fixture, clusterPages(fixture));
  });
  after(async () => {
    await fixture?.close();
  });
}

export function clusterPages(fixture: GatewayFixture) {
  const pages = taskPages(fixture);
  const store = () => fixture.harness.runtime.store;
  const representative = (memberId: string) => trioInput('x').members.find((member) => member.memberId === memberId)!.representative;

  async function start(clusterId: string, deadlines?: Partial<ClusterEvaluationDeadlines>) {
    const instanceId = clusterEvaluationInstanceId(clusterId, 2022);
    const started = await fixture.harness.runtime.engine.startInstance({
      definitionId: 'cluster-evaluation', instanceId, input: trioInput(clusterId, deadlines), meta: { actor: 'test', source: 'test' },
    });
    assert.equal(started.created, true);
    return instanceId;
  }

  /** The open task of `step` held by `assignee`, once the procedure opened it. */
  async function taskOf(instanceId: string, step: string, assignee: string): Promise<TaskRecord> {
    const tasks = await waitFor(
      () => store().tasks.listByInstance(instanceId),
      (list) => list.some((task) => task.status === 'open' && task.step === step && task.assignee === assignee),
      { what: `an open ${step} task for ${assignee}` },
    );
    return tasks.find((task) => task.status === 'open' && task.step === step && task.assignee === assignee)!;
  }

  /** The member's task of `step`, held by its representative. */
  const memberTask = (instanceId: string, step: string, memberId: string) => taskOf(instanceId, step, representative(memberId));

  /** Opens the mailed link (200 with a form) and returns the page and its CSRF token. */
  async function open(task: TaskRecord, headers: Record<string, string> = {}) {
    const link = await pages.mailedLink(task);
    const response = await fetch(link, { headers });
    const page = await response.text();
    assert.equal(response.status, 200, page.slice(0, 400));
    return { page, csrf: hiddenValue(page, '_csrf') };
  }

  /** Opens the task's page and posts `fields` from it. */
  async function submit(task: TaskRecord, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const { csrf } = await open(task, headers);
    const response = await pages.post(await fixture.taskUrl(task.taskId), { _csrf: csrf, ...fields }, headers);
    return { status: response.status, page: await response.text() };
  }

  /** Posts and expects the step recorded (200). */
  async function accepted(task: TaskRecord, fields: Record<string, string>) {
    const answer = await submit(task, fields);
    assert.equal(answer.status, 200, answer.page.slice(0, 600));
    return answer.page;
  }

  async function context(instanceId: string): Promise<ClusterEvaluationContext> {
    return ((await store().instances.get(instanceId))!.snapshot as { context: ClusterEvaluationContext }).context;
  }

  function contextWhen(instanceId: string, done: (context: ClusterEvaluationContext) => boolean, what: string) {
    return waitFor(() => context(instanceId), done, { what });
  }

  const history = (instanceId: string): Promise<HistoryEntry[]> => store().history.list(instanceId);

  async function get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${fixture.url}${path}`, { headers });
    return { status: response.status, page: await response.text(), response };
  }

  /**
   * Signs, self-assesses (8 everywhere) and cross-scores (`crossScore(scorer, target)`) for the
   * trio, then the chair settles the ranking: the evaluation waits on the ballot.
   */
  async function runToVoting(instanceId: string, crossScore: (scorer: string, target: string) => number) {
    for (const member of trio) await accepted(await memberTask(instanceId, 'signing', member), { agree: 'yes' });
    for (const member of trio) {
      await accepted(await memberTask(instanceId, 'selfAssessment', member), { ...sheetFields('score.', 8), evidence: `bao-cao-${member}.pdf` });
    }
    for (const scorer of trio) {
      const targets = trio.filter((target) => target !== scorer);
      const fields = Object.assign({}, ...targets.map((target) => sheetFields(`score.${target}.`, crossScore(scorer, target))));
      await accepted(await memberTask(instanceId, 'crossScoring', scorer), fields);
    }
    await accepted(await memberTask(instanceId, 'consolidation', m.bacGiang), { confirm: 'yes' });
    return contextWhen(instanceId, (current) => current.stage === 'voting', 'the ballot open');
  }

  return { pages, start, taskOf, memberTask, representative, open, submit, accepted, context, contextWhen, history, get, runToVoting };
}
