/**
 * Test support: commendation procedures on the real runtime, driven by simulated actors.
 * Routes come from the catalogue resolved to test people (resolveRouteForTest), with deadlines
 * far enough not to fire, a posting period short enough that its timer ends the disclosure,
 * and the decision level signed by a real-looking authority with its document code.
 */
import { randomUUID } from 'node:crypto';
import { findAwardType, issuerCode, routeFor, type DecidingAuthority, type NomineeKind, type ResolvedLevel } from '@vinh-danh/domain';
import type { Runtime } from '@vinh-danh/engine';
import type { HistoryEntry, InstanceRecord } from '@vinh-danh/store';
import { resolveRouteForTest } from '../../workflows/commendation/commendation.test-support.ts';
import { waitFor } from './wait.ts';

/** Who signs, as printed, the document code and the body whose register numbers it, per deciding authority. */
export const signers: Record<DecidingAuthority, { authority: string; issuerCode: string; issuingUnitId: string }> = {
  unitHead: { authority: 'Sở Nội vụ tỉnh Bắc Giang', issuerCode: issuerCode('unitHead', { kind: 'unit', abbreviation: 'SNV' }), issuingUnitId: 'so-noi-vu-bac-giang' },
  ministerOrProvincialChairman: {
    authority: 'UBND tỉnh Bắc Giang', issuerCode: issuerCode('ministerOrProvincialChairman', { kind: 'province' }), issuingUnitId: 'ubnd-tinh-bac-giang',
  },
  primeMinister: { authority: 'Thủ tướng Chính phủ', issuerCode: issuerCode('primeMinister'), issuingUnitId: 'van-phong-chinh-phu' },
  president: { authority: 'Chủ tịch nước', issuerCode: issuerCode('president'), issuingUnitId: 'van-phong-chu-tich-nuoc' },
};

export const testUnit = { unitId: 'so-noi-vu-bac-giang', nameVi: 'Sở Nội vụ tỉnh Bắc Giang', nameEn: 'Bac Giang Department of Home Affairs', parentId: null, approvers: {} };

/** Far beyond any test: no reminder, escalation or expiry fires. */
const FAR_MS = 10 * 60_000;
/** The posting period of a disclosure in tests: its timer ends the posting. */
export const POSTING_MS = 200;

/** The catalogue route of an award, resolved for a test run. */
export function routeForRun(awardTypeId: string, options: { simplified?: boolean; councilSize?: number } = {}): ResolvedLevel[] {
  const award = findAwardType(awardTypeId);
  if (!award) throw new Error(`unknown award ${awardTypeId}`);
  const signer = signers[award.decidingAuthority];
  return resolveRouteForTest(routeFor(awardTypeId, { simplified: options.simplified }), { councilSize: options.councilSize ?? 3 }).map((level) => ({
    ...level,
    deadlineMs: level.kind === 'disclosure' ? POSTING_MS : FAR_MS,
    ...(level.kind === 'decision' ? signer : {}),
  }));
}

export interface RunRequest {
  awardTypeId: string;
  route: ResolvedLevel[];
  nominee: { kind: NomineeKind; name: string; identifier?: string; position?: string };
  simplified?: boolean;
  achievementSummary?: string;
  period?: string;
}

/** Starts `commendation` for a new nomination of the test unit. */
export async function startRun(runtime: Runtime, request: RunRequest): Promise<{ instanceId: string; nominationId: string }> {
  const nominationId = randomUUID();
  const { instanceId } = await runtime.engine.startInstance({
    definitionId: 'commendation',
    input: {
      nominationId, awardTypeId: request.awardTypeId, submitter: 'can-bo@sonoivu.example', route: request.route,
      simplified: request.simplified ?? false, resubmitWindowMs: FAR_MS,
    },
    nomination: {
      nominationId,
      trackingCode: `VD-${nominationId.slice(0, 8).toUpperCase()}`,
      unitId: testUnit.unitId,
      awardTypeId: request.awardTypeId,
      period: request.period ?? '2024',
      nominee: { ...request.nominee },
      details: { achievementSummary: request.achievementSummary ?? 'Hoàn thành xuất sắc nhiệm vụ năm 2024, có sáng kiến được công nhận.' },
    },
    meta: { actor: 'can-bo@sonoivu.example', source: 'test' },
  });
  return { instanceId, nominationId };
}

const contextOf = (instance: InstanceRecord) => (instance.snapshot as { context: { levelIndex: number; round: number } }).context;

/** What the actor of the current state does: forward, vote yes (every member), decide approve. */
async function act(runtime: Runtime, instance: InstanceRecord, level: ResolvedLevel, key: string): Promise<void> {
  const dispatch = (eventId: string, by: string, event: Record<string, unknown>) =>
    runtime.engine.dispatch({ instanceId: instance.instanceId, eventId, event: { ...event, by } as never, meta: { actor: by, source: 'test' } });
  if (instance.stateValue === 'review.pending') await dispatch(`forward-${key}`, level.assignee, { type: 'forward' });
  if (instance.stateValue === 'decision.pending') await dispatch(`decide-${key}`, level.assignee, { type: 'decide', approve: true });
  if (instance.stateValue === 'council.voting') {
    await Promise.all(level.members.map((member, index) => dispatch(`vote-${key}-${index}`, member, { type: 'vote', ballot: 'yes' })));
  }
}

/**
 * Acts at each level as its people would until the instance finishes; disclosures and the
 * decision's issuing are waited out. Each level is acted on once (event ids are per level and round).
 */
export async function driveToEnd(runtime: Runtime, instanceId: string, route: ResolvedLevel[], timeoutMs = 90_000): Promise<InstanceRecord> {
  const acted = new Set<string>();
  const final = await waitFor(
    async () => {
      const instance = await runtime.store.instances.get(instanceId);
      if (!instance || instance.status !== 'active') return instance;
      const { levelIndex, round } = contextOf(instance);
      const key = `${levelIndex}-${round}`;
      if (!acted.has(`${instance.stateValue}:${key}`)) {
        acted.add(`${instance.stateValue}:${key}`);
        await act(runtime, instance, route[levelIndex]!, key);
      }
      return instance;
    },
    (instance) => instance?.status !== 'active',
    { timeoutMs, intervalMs: 100, what: `instance ${instanceId} to finish` },
  );
  if (!final) throw new Error(`instance ${instanceId} disappeared`);
  return final;
}

/** The levels a route expects to be passed, as markers {@link historyMarkers} reads back. */
export function routeMarkers(route: readonly ResolvedLevel[]): string[] {
  return route.flatMap((level) => {
    if (level.kind === 'review') return [`review:${level.id}:${level.assignee}`];
    if (level.kind === 'council') return [`council:${level.members[0]!.split('.member')[0]}`];
    if (level.kind === 'disclosure') return ['disclosure'];
    return [`decision:${level.assignee}`, 'decisionIssued'];
  });
}

/** The levels the history shows passed, in order (each council once, however many ballots it took). */
export function historyMarkers(history: readonly HistoryEntry[], route: readonly ResolvedLevel[]): string[] {
  const markers: string[] = [];
  for (const entry of history.filter((candidate) => candidate.changed)) {
    const by = String(entry.event.by ?? '');
    let marker: string | undefined;
    if (entry.eventType === 'forward') marker = `review:${route.find((level) => level.kind === 'review' && entry.eventId.startsWith(`forward-${route.indexOf(level)}-`))?.id}:${by}`;
    else if (entry.eventType === 'vote') marker = `council:${by.split('.member')[0]}`;
    else if (entry.eventType.startsWith('xstate.after.postingPeriod')) marker = 'disclosure';
    else if (entry.eventType === 'decide') marker = `decision:${by}`;
    else if (entry.eventType === 'decisionIssued') marker = 'decisionIssued';
    if (marker && markers.at(-1) !== marker) markers.push(marker);
  }
  return markers;
}
