/** Setup phases of the engine benchmark: start the instances, wait for their effects. */
import type { Engine } from '@vinh-danh/engine';
import { queueNames, type Queues } from '@vinh-danh/queue';
import type { BenchInstance } from './event-driver.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Far beyond any run: no reminder, deadline or escalation timer fires during the bench. */
const benchTiming = {
  unitLeaderReviewMs: 30 * DAY_MS,
  officerReviewMs: 30 * DAY_MS,
  reminderBeforeMs: DAY_MS,
  escalationWindowMs: 30 * DAY_MS,
  resubmitWindowMs: 30 * DAY_MS,
};

/** Starts `count` nomination-approval instances, `concurrency` at a time, appending them to `out`. */
export async function startInstances(
  engine: Engine,
  count: number,
  concurrency: number,
  out: BenchInstance[],
  say: (line: string) => void,
): Promise<{ perSec: number }> {
  const startedAt = performance.now();
  let next = 0;
  const progress = setInterval(() => say(`started ${next}/${count} instances`), 2000);
  const startOne = async (i: number) => {
    const instance: BenchInstance = { instanceId: `bench-${i}`, unitLeader: `leader-${i % 200}@bench.vn`, officer: `officer-${i % 20}@bench.vn` };
    const submitter = `unit-${i % 50}@bench.vn`;
    const started = await engine.startInstance({
      definitionId: 'nomination-approval',
      instanceId: instance.instanceId,
      nominationId: `nom-${i}`,
      input: {
        nominationId: `nom-${i}`,
        submitter,
        approvers: {
          unitLeader: instance.unitLeader,
          unitLeaderEscalation: `deputy-${i % 200}@bench.vn`,
          officer: instance.officer,
          officerEscalation: `chief-officer-${i % 20}@bench.vn`,
        },
        timing: benchTiming,
      },
      meta: { actor: submitter, source: 'bench' },
    });
    if (!started.created || started.state !== 'unitLeaderReview.pending') {
      throw new Error(`instance ${instance.instanceId} did not start cleanly: ${JSON.stringify(started)}`);
    }
    out[i - 1] = instance;
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) await startOne(++next);
      }),
    );
  } finally {
    clearInterval(progress);
  }
  return { perSec: (count * 1000) / (performance.now() - startedAt) };
}

/**
 * Waits until the effect and mail queues hold no waiting or active job; returns how long it
 * took. Polls job counts: the drain is a property of several queues, not one event.
 */
export async function waitForEffectsDrained(queues: Queues, say: (line: string) => void): Promise<number> {
  const startedAt = performance.now();
  let lastSaid = startedAt;
  for (;;) {
    const counts = await Promise.all(
      [queues[queueNames.workflow], queues[queueNames.effects], queues[queueNames.mail]].map((queue) =>
        queue.getJobCounts('waiting', 'active', 'prioritized', 'paused'),
      ),
    );
    const left = counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
    if (left === 0) return performance.now() - startedAt;
    if (performance.now() - lastSaid > 2000) {
      say(`waiting for ${left} workflow/effect/mail jobs to finish`);
      lastSaid = performance.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
