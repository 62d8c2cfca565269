import type { HistoryEntry, Store } from '@vinh-danh/store';
import type { Response } from 'express';

/** How long a decision's answer waits to see it applied, to say whether it counted. */
export const appliedWaitMs = 2_000;

/** The first pause between looks, and the longest: looks thin out while the workers are behind. */
const firstPauseMs = 20;
const longestPauseMs = 250;

/**
 * For each event a task page dispatched (in the order given): the history entry it produced once
 * applied, null when it is not applied within `waitMs` (the workers are behind; it is queued all
 * the same) or the asker left.
 *
 * Each look reads only the entries still unknown, one by its (instance, event) key; looks thin
 * out as it waits, and stop as soon as the answer's connection closes (or had closed already), so
 * a client that gave up costs nothing more.
 */
export async function decisionEntries(
  history: Pick<Store['history'], 'get'>,
  instanceId: string,
  eventIds: readonly string[],
  options: { res?: Response; waitMs?: number } = {},
): Promise<Array<HistoryEntry | null>> {
  const entries = new Array<HistoryEntry | null>(eventIds.length).fill(null);
  const until = Date.now() + (options.waitMs ?? appliedWaitMs);
  let left = false;
  let wake: (() => void) | undefined;
  const onClose = () => {
    left = true;
    wake?.();
  };
  options.res?.once('close', onClose);
  // Closed while the events were dispatched: its 'close' went before the listener.
  if (options.res?.destroyed) left = true;
  try {
    let pause = firstPauseMs;
    for (;;) {
      for (const [index, eventId] of eventIds.entries()) {
        if (entries[index] === null) entries[index] = await history.get(instanceId, eventId);
      }
      const now = Date.now();
      if (left || entries.every((entry) => entry !== null) || now >= until) return entries;
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

/**
 * Whether the one event a task page dispatched changed its procedure once applied: false when
 * the procedure had moved on (the deadline passed the task on in the instant before, another
 * objection sent the dossier back), undefined when not known (see {@link decisionEntries}).
 */
export async function decisionEffect(
  history: Pick<Store['history'], 'get'>,
  instanceId: string,
  eventId: string,
  options: { res?: Response; waitMs?: number } = {},
): Promise<boolean | undefined> {
  const [entry] = await decisionEntries(history, instanceId, [eventId], options);
  return entry?.changed;
}
