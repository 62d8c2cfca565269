/**
 * Test support: the seed cluster as input with tiny distinct deadlines, helpers that act for a
 * member, and a stand-in for the engine that drives the machine through xstate's pure
 * `initialTransition` / `transition`, keeping armed timers as the engine's scheduler would.
 */
import assert from 'node:assert/strict';
import { isAnyEffectType, northernMidlandsMembers, type AnyEffectParamsByType, type AnyEffectType } from '@vinh-danh/domain';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { clusterEvaluationMachine as machine, seedClusterEvaluationInput, type ClusterEvaluationEvent, type ClusterEvaluationInput } from './index.ts';

export type Snapshot = SnapshotFrom<typeof machine>;
export interface Action {
  type: string;
  params?: unknown;
}
interface TimerParams {
  id: string;
  delay: number;
  event: { type: string };
}

export const m = northernMidlandsMembers;
/** The seven in the seed report's order. */
export const seven = [m.bacGiang, m.bacKan, m.thaiNguyen, m.hoaBinh, m.tuyenQuang, m.yenBai, m.phuTho];

/** Tiny, distinct durations, so each timer is told apart by its delay. */
export const deadlines = {
  signingMs: 1000, selfAssessmentMs: 2000, crossScoringMs: 3000, chairActionMs: 500, votingMs: 800, reminderBeforeMs: 100, escalationWindowMs: 300,
};

export function input(overrides: Partial<ClusterEvaluationInput> = {}): ClusterEvaluationInput {
  return { ...seedClusterEvaluationInput({ deadlines }), ...overrides };
}

const domainOf = (memberId: string) => memberId.replace(/^ubnd-tinh-/, '').replaceAll('-', '');
/** The representative of a seed member (Ban Thi đua – Khen thưởng). */
export const rep = (memberId: string) => `ban-tdkt@${domainOf(memberId)}.example`;
/** The head of a seed member (Chủ tịch UBND tỉnh). */
export const head = (memberId: string) => `chu-tich@ubnd.${domainOf(memberId)}.example`;

/** A full score sheet on the seed criteria: `base` everywhere, whole points on the cluster-work criterion (its steps are 1). */
export const sheet = (base: number) => ({ 'phat-trien-kt-xh': base, 'phong-trao-thi-dua': base, 'cong-tac-khen-thuong': base, 'hoat-dong-cum': Math.floor(base) });

/** Params of every effect of one type, in emission order. */
export function effectsOf<T extends AnyEffectType>(actions: readonly Action[], type: T): Array<AnyEffectParamsByType[T]> {
  return actions.filter((action) => action.type === type).map((action) => action.params as AnyEffectParamsByType[T]);
}

/** `xstate.after.signingDeadline.clusterEvaluation.signing.open` → `signingDeadline`. */
export const delayName = (timerId: string) => timerId.split('.')[2] ?? timerId;

/** One instance run in memory, as the engine would run it. */
export class SimulatedInstance {
  snapshot: Snapshot;
  actions: readonly Action[];
  /** Every action since the start, for checks over the whole run. */
  readonly history: Action[] = [];
  private armed = new Map<string, TimerParams>();

  constructor(startInput: ClusterEvaluationInput = input()) {
    const [snapshot, actions] = initialTransition(machine, startInput);
    this.snapshot = snapshot;
    this.actions = actions;
    this.track(actions);
  }

  send(event: ClusterEvaluationEvent): this {
    const [snapshot, actions] = transition(machine, this.snapshot, event);
    this.snapshot = snapshot;
    this.actions = actions;
    this.track(actions);
    return this;
  }

  /** Fires the armed timer with that delay name, e.g. `signingDeadline`. */
  fire(name: string): this {
    const timerId = this.pendingTimerIds().find((id) => delayName(id) === name);
    assert.ok(timerId, `no ${name} timer armed; armed: ${this.pendingTimerIds().map(delayName).join(', ')}`);
    return this.fireId(timerId);
  }

  fireId(timerId: string): this {
    const timer = this.armed.get(timerId);
    assert.ok(timer, `timer ${timerId} is not armed`);
    this.armed.delete(timerId);
    return this.send(timer.event as unknown as ClusterEvaluationEvent);
  }

  pendingTimerIds(): string[] {
    return [...this.armed.keys()];
  }

  /** Delays armed by the latest transition, by delay name. */
  timerDelays(): Record<string, number> {
    return Object.fromEntries(
      this.actions.filter((action) => action.type === 'xstate.raise').map((action) => action.params as TimerParams).map((timer) => [delayName(timer.id), timer.delay]),
    );
  }

  /** Effects of the latest transition as the engine writes them to the outbox. */
  effects(): Array<{ type: AnyEffectType; params: unknown }> {
    return this.actions.flatMap(({ type, params }) => (isAnyEffectType(type) ? [{ type, params }] : []));
  }

  /** An independent copy at this point, timers included, to try another branch. */
  clone(): SimulatedInstance {
    const copy = Object.create(SimulatedInstance.prototype) as SimulatedInstance;
    Object.assign(copy, { snapshot: this.snapshot, actions: this.actions, history: [...this.history] });
    copy.armed = new Map(this.armed);
    return copy;
  }

  persistAndRestore(): this {
    const stored: unknown = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(this.snapshot)));
    this.snapshot = machine.resolveState(stored as Parameters<typeof machine.resolveState>[0]);
    return this;
  }

  private track(actions: readonly Action[]): void {
    this.history.push(...actions);
    for (const action of actions) {
      if (action.type === 'xstate.raise') {
        const timer = action.params as TimerParams;
        this.armed.set(timer.id, timer);
      } else if (action.type === 'xstate.cancel') {
        this.armed.delete((action.params as { sendId: string }).sendId);
      }
    }
  }
}

/** Every member in `members` signs. */
export function signAll(run: SimulatedInstance, members: readonly string[] = seven): SimulatedInstance {
  for (const member of members) run.send({ type: 'sign', by: rep(member) });
  return run;
}

/** Every member in `members` hands in a self-assessment of `scoreOf(member)` everywhere. */
export function selfAssessAll(run: SimulatedInstance, members: readonly string[], scoreOf: (member: string) => number = () => 8): SimulatedInstance {
  for (const member of members) run.send({ type: 'selfAssess', by: rep(member), scores: sheet(scoreOf(member)), evidence: [`https://${domainOf(member)}.example/bao-cao-2022.pdf`] });
  return run;
}

/** Each of `scorers` scores every other of `targets` (default: the scorers): `sheet(scoreOf(scorer, target))`. */
export function crossScoreAll(
  run: SimulatedInstance, scorers: readonly string[], scoreOf: (scorer: string, target: string) => number, targets: readonly string[] = scorers,
): SimulatedInstance {
  for (const scorer of scorers) {
    for (const target of targets) if (target !== scorer) run.send({ type: 'crossScore', by: rep(scorer), member: target, scores: sheet(scoreOf(scorer, target)) });
  }
  return run;
}
