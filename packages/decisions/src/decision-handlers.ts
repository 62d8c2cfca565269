/**
 * The effect handlers of this package, to merge into the worker's handlers:
 * `issueDecision` (number, record, documents, answer), `publishDisclosure` and `recordTally`
 * (what pages show of a posting and of a council vote).
 */
import { effectPayloadSchemas, type EffectType, type PlannedEffect } from '@vinh-danh/domain';
import type { Clock, EffectHandlers, Engine } from '@vinh-danh/engine';
import type { Logger } from '@vinh-danh/log';
import type { Store } from '@vinh-danh/store';
import { DecisionError } from './decision-errors.ts';
import { preloadFonts } from './documents/pdf-writer.ts';
import { issueDecision } from './issue-decision.ts';
import { publishDisclosure, recordTally } from './public-notices.ts';

export interface DecisionHandlersOptions {
  store: Store;
  /** Answers the instance with `decisionIssued`; its clock is the default business clock. */
  engine: Pick<Engine, 'dispatch' | 'clock'>;
  log: Logger;
  /** Business time: dates decisions (in Asia/Ho_Chi_Minh) and notices. Default: the engine's clock. */
  clock?: Clock;
}

/** A payload the schema refuses fails for good, every bad field named. */
function parse<T extends EffectType>(type: T, payload: Record<string, unknown>): PlannedEffect<T> {
  const parsed = effectPayloadSchemas[type].safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
    throw new DecisionError(`invalid ${type} effect payload: ${issues}`);
  }
  return parsed.data as PlannedEffect<T>;
}

/**
 * Handlers for `issueDecision`, `publishDisclosure` and `recordTally`. Each is idempotent on
 * the effect id. The document fonts are loaded here, so a missing font fails at start.
 */
export function createDecisionHandlers(options: DecisionHandlersOptions): EffectHandlers {
  const { store, engine } = options;
  const clock = options.clock ?? engine.clock;
  const font = preloadFonts();
  options.log.debug({ font }, 'decision documents use DejaVu Serif');
  return {
    async issueDecision(payload, context) {
      await issueDecision({ store, engine, clock }, parse('issueDecision', payload), context);
    },
    async publishDisclosure(payload, context) {
      await publishDisclosure({ store, clock }, parse('publishDisclosure', payload), context);
    },
    async recordTally(payload, context) {
      await recordTally({ store, clock }, parse('recordTally', payload), context);
    },
  };
}
