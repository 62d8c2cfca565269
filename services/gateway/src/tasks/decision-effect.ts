import type { Store } from '@vinh-danh/store';
import type { Response } from 'express';

/** How long a decision's answer waits to see it applied, to say whether it counted. */
export const appliedWaitMs = 2_000;

/** The first pause between looks, and the longest: looks thin out while the workers are behind. */
const firstPauseMs = 20;
const longestPauseMs = 250;

/**
 * For each event a task page dispatched (in the order given): whether it changed the procedure
 * once applied; false when the procedure had moved on (the deadline passed the task on in the
 * instant before, another objection sent the dossier back), undefined when it is not applied
 * within `waitMs` (the workers are behind; it is queued all the same) or the asker left.
 *
 * Each look reads only the history entries still unknown, one by its (instance, event) key;
 * looks stop as soon as the answer's connection closes, so a client that gave up costs nothing
 * more.
 */
export async function decisionEffects(
  history: Pick<Store['history'], 'get'>,
  instanceId: string,
  eventIds: readonly string[],
  options: { res?: Response; waitMs?: number } = {},
): Promise<Array<boolean | undefined>> {
  const effects = new Array<boolean | undefined>(eventIds.length).fill(undefined);
  const until = Date.now() + (options.waitMs ?? appliedWaitMs);
  let left = false;
  let wake: (() => void) | undefined;
  const onClose = () => {
    left = true;
    wake?.();
  };
  options.res?.once('close', onClose);
  try {
    let pause = firstPauseMs;
    for (;;) {
      for (const [index, eventId] of eventIds.entries()) {
        if (effects[index] !== undefined) continue;
        const entry = await history.get(instanceId, eventId);
        if (entry) effects[index] = entry.changed;
      }
      const now = Date.now();
      if (left || effects.every((effect) => effect !== undefined) || now >= until) return effects;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(pause, until - now));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      pause = Math.min(pause * 2, longestPauseMs);
    }
  } finally {
    options.res?.off('close', onClose);
  }
}

/** Whether the one event a task page dispatched changed its procedure: see {@link decisionEffects}. */
export async function decisionEffect(
  history: Pick<Store['history'], 'get'>,
  instanceId: string,
  eventId: string,
  options: { res?: Response; waitMs?: number } = {},
): Promise<boolean | undefined> {
  const [effect] = await decisionEffects(history, instanceId, [eventId], options);
  return effect;
}
