/**
 * Test support: the cluster's year-end evaluation on the real runtime (real Redis, PGlite),
 * with the worker's cluster handlers. Members act through `engine.dispatch` as the gateway
 * would; business time moves by firing the stored timer that is due next through the timers
 * queue, as the reconciler does when its time comes, so no test waits on a clock.
 */
import { clusterYearRecord, createClusterHandlers, seedNorthernMidlandsCluster } from '@vinh-danh/clusters';
import { northernMidlandsCluster, northernMidlandsMembers } from '@vinh-danh/domain';
import type { Runtime, WorkflowDefinition } from '@vinh-danh/engine';
import type { InstanceRecord } from '@vinh-danh/store';
import { definitions, type ClusterEvaluationContext, type ClusterEvaluationOutput } from '@vinh-danh/workflows';
import { startHarness, testLog, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';

export const m = northernMidlandsMembers;
/** The seven in the seed report's order. */
export const seven = [m.bacGiang, m.bacKan, m.thaiNguyen, m.hoaBinh, m.tuyenQuang, m.yenBai, m.phuTho];

const domainOf = (memberId: string) => memberId.replace(/^ubnd-tinh-/, '').replaceAll('-', '');
/** Who signs and scores for a member (its Ban Thi đua – Khen thưởng), as the seed directory has it. */
export const rep = (memberId: string) => `ban-tdkt@${domainOf(memberId)}.example`;
/** The member's head (Chủ tịch UBND tỉnh), asked when a deadline is missed. */
export const head = (memberId: string) => `chu-tich@ubnd.${domainOf(memberId)}.example`;

/** A full score sheet on the seed criteria: `base` everywhere, whole points on the cluster-work criterion (its steps are 1). */
export const sheet = (base: number) => ({ 'phat-trien-kt-xh': base, 'phong-trao-thi-dua': base, 'cong-tac-khen-thuong': base, 'hoat-dong-cum': Math.floor(base) });

/** A runtime with the worker's handlers, the cluster's included, and the seed cluster with its directory. */
export async function startClusterHarness(): Promise<Harness> {
  const harness = await startHarness({
    definitions: definitions as unknown as WorkflowDefinition[],
    extraHandlers: (runtime) => createClusterHandlers({ store: runtime.store, engine: runtime.engine, log: testLog }),
  });
  await seedNorthernMidlandsCluster(harness.runtime.store);
  return harness;
}

/** The seed's 2022 under another cluster id, so each test evaluates a year of its own. */
export async function seedCopy(runtime: Runtime, clusterId: string): Promise<void> {
  await runtime.store.clusters.upsertYear({ ...clusterYearRecord(northernMidlandsCluster, 2022), clusterId });
}

export interface EvaluationView {
  instance: InstanceRecord;
  context: ClusterEvaluationContext;
  output: ClusterEvaluationOutput | undefined;
}

export async function viewOf(runtime: Runtime, instanceId: string): Promise<EvaluationView> {
  const instance = await runtime.store.instances.get(instanceId);
  if (!instance) throw new Error(`instance ${instanceId} is not stored`);
  const snapshot = instance.snapshot as { context: ClusterEvaluationContext; output?: ClusterEvaluationOutput };
  return { instance, context: snapshot.context, output: snapshot.output };
}

/** Waits until the evaluation is in `state` (e.g. `selfAssessment.open`, `voting`, `concluded`). */
export function waitForState(runtime: Runtime, instanceId: string, state: string, what = state): Promise<EvaluationView> {
  return waitFor(() => viewOf(runtime, instanceId), (view) => view.instance.stateValue === state, { what: `${instanceId} in ${what}` });
}

/** Waits until the evaluation's context satisfies `done`. */
export function waitForContext(runtime: Runtime, instanceId: string, done: (context: ClusterEvaluationContext) => boolean, what: string): Promise<EvaluationView> {
  return waitFor(() => viewOf(runtime, instanceId), (view) => done(view.context), { what: `${instanceId}: ${what}` });
}

/** An event as a member's representative (or head) sends it through the gateway. */
export function act(runtime: Runtime, instanceId: string, eventId: string, event: { type: string; by?: string; [field: string]: unknown }): Promise<unknown> {
  return runtime.engine.dispatch({ instanceId, eventId, event, meta: { actor: event.by ?? 'system', source: 'test' } });
}

export async function signAll(runtime: Runtime, instanceId: string, members: readonly string[]): Promise<void> {
  await Promise.all(members.map((member) => act(runtime, instanceId, `sign-${member}`, { type: 'sign', by: rep(member) })));
}

export async function selfAssessAll(runtime: Runtime, instanceId: string, members: readonly string[], scoreOf: (member: string) => number = () => 8): Promise<void> {
  await Promise.all(
    members.map((member) =>
      act(runtime, instanceId, `self-${member}`, { type: 'selfAssess', by: rep(member), scores: sheet(scoreOf(member)), evidence: [`https://${domainOf(member)}.example/bao-cao-2022.pdf`] }),
    ),
  );
}

/** Each of `scorers` scores every other of `targets`: `sheet(scoreOf(target))`. */
export async function crossScoreAll(
  runtime: Runtime, instanceId: string, scorers: readonly string[], scoreOf: (target: string) => number, targets: readonly string[] = scorers,
): Promise<void> {
  const sheets = scorers.flatMap((scorer) => targets.filter((target) => target !== scorer).map((target) => [scorer, target] as const));
  await Promise.all(
    sheets.map(([scorer, target]) => act(runtime, instanceId, `cross-${scorer}-${target}`, { type: 'crossScore', by: rep(scorer), member: target, scores: sheet(scoreOf(target)) })),
  );
}

/**
 * The certificate's round once Bắc Kạn holds the flag: every voter's ballot for Thái Nguyên, but
 * Thái Nguyên's own, which goes to Phú Thọ (no member votes for itself).
 */
export function certificateBallots(voters: readonly string[]): Record<string, string> {
  return Object.fromEntries(voters.map((voter) => [voter, voter === m.thaiNguyen ? m.phuTho : m.thaiNguyen]));
}

/** One ballot round: voter → choice. */
export async function vote(runtime: Runtime, instanceId: string, round: number, choices: Record<string, string>): Promise<void> {
  await Promise.all(Object.entries(choices).map(([voter, choice]) => act(runtime, instanceId, `vote-${round}-${voter}`, { type: 'vote', by: rep(voter), choice })));
}

/** `xstate.after.signingDeadline.clusterEvaluation.signing.open` → `signingDeadline`. */
const delayName = (sendId: string) => sendId.split('.')[2] ?? sendId;

/**
 * Business time passes up to the instance's pending `delay` timer (e.g. `signingDeadline`): the
 * stored timer is fired now, as the timers worker fires it when due, rather than weeks away (a
 * timer job added now would wait in the delayed set for its due time).
 */
export async function fireTimer(runtime: Runtime, instanceId: string, delay: string): Promise<void> {
  const farAhead = new Date(Date.now() + 400 * 24 * 3_600_000);
  const timers = (await runtime.store.timers.listPending(farAhead, 10_000)).filter((timer) => timer.instanceId === instanceId);
  const timer = timers.find((candidate) => delayName(candidate.sendId) === delay);
  if (!timer) throw new Error(`no pending ${delay} timer for ${instanceId}; pending: ${timers.map((candidate) => delayName(candidate.sendId)).join(', ')}`);
  const fired = await runtime.store.timers.fire(timer.timerId, { actor: 'system', source: 'timer', via: timer.timerId });
  if (!fired) throw new Error(`the ${delay} timer of ${instanceId} was no longer pending`);
  await runtime.engine.enqueueEvent(fired);
}

/**
 * The outbox rows of the transition that produced the instance's current version: effect ids
 * are `<instanceId>.<version>.<action index>` (engine `planEffects`), so they are read back by id.
 */
export async function effectsOfLatestTransition(runtime: Runtime, instanceId: string) {
  const { version } = (await runtime.store.instances.get(instanceId))!;
  const rows = await Promise.all(Array.from({ length: 200 }, (_, index) => runtime.store.outbox.get(`${instanceId}.${version}.${index}`)));
  return rows.filter((row) => row !== null);
}

/** Waits until the concluding transition's `proposeAward` and `handOverChair` effects are carried out; returns them. */
export async function waitForClusterEffectsDone(runtime: Runtime, instanceId: string) {
  const isCluster = (type: string) => type === 'proposeAward' || type === 'handOverChair';
  return waitFor(
    async () => (await effectsOfLatestTransition(runtime, instanceId)).filter((row) => isCluster(row.type)),
    (rows) => rows.length > 0 && rows.every((row) => row.done),
    { what: `the proposals and handover of ${instanceId} carried out` },
  );
}
