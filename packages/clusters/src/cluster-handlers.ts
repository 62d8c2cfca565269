/**
 * The effect handlers of the cluster procedures, to merge into the worker's handlers:
 * `proposeAward` (a leading unit's nomination and its commendation procedure) and
 * `handOverChair` (next year's chair and deputy). Both are idempotent on the effect id.
 */
import { defaultRouteTiming, effectPayloadSchemas, type ClusterEffectType, type PlannedEffect, type RouteTiming } from '@vinh-danh/domain';
import type { Clock, EffectHandlers, Engine } from '@vinh-danh/engine';
import type { Logger } from '@vinh-danh/log';
import type { Store } from '@vinh-danh/store';
import { ClusterError } from './cluster-errors.ts';
import { handOverChair } from './hand-over-chair.ts';
import { proposeAward } from './propose-award.ts';

export interface ClusterHandlersOptions {
  store: Store;
  /** Starts the proposals' procedures; its clock is the default business clock. */
  engine: Pick<Engine, 'startInstance' | 'clock'>;
  log: Logger;
  /** Business time: the day a proposal's route must be in force on. Default: the engine's clock. */
  clock?: Clock;
  /** Durations the proposals' routes are resolved with; default the domain's, as the gateway's submissions. */
  routeTiming?: RouteTiming;
}

/** A payload the schema refuses fails for good, every bad field named. */
function parse<T extends ClusterEffectType>(type: T, payload: Record<string, unknown>): PlannedEffect<T> {
  const parsed = effectPayloadSchemas[type].safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
    throw new ClusterError(`invalid ${type} effect payload: ${issues}`);
  }
  return parsed.data as PlannedEffect<T>;
}

/** Handlers for `proposeAward` and `handOverChair`; see the module comment. */
export function createClusterHandlers(options: ClusterHandlersOptions): EffectHandlers {
  const { store, engine } = options;
  const deps = { store, engine, clock: options.clock ?? engine.clock, routeTiming: options.routeTiming ?? defaultRouteTiming };
  return {
    async proposeAward(payload, context) {
      await proposeAward(deps, parse('proposeAward', payload), context);
    },
    async handOverChair(payload, context) {
      await handOverChair(store, parse('handOverChair', payload), context);
    },
  };
}
