/**
 * `npm run demo` as a user runs it, in this process: the seed cluster's year through the whole
 * system (all-in-one, PGlite, the test Redis, a mail catcher), every person simulated through
 * the links mailed to them. Checks the outcome the summary prints, not just that it ended.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { formatSummary, runDemo } from '@vinh-danh/demo';
import { freshPrefix, stopTestRedis, testRedisUrl } from '../support/redis.ts';

after(stopTestRedis);

describe('npm run demo', () => {
  it('when the seed cluster replays its year, then it concludes, its leading units are decided and the chair is handed over', { timeout: 600_000 }, async () => {
    const lines: string[] = [];
    const summary = await runDemo({
      seed: 2023,
      dayMs: 300,
      timeoutMs: 480_000,
      print: (line) => lines.push(line),
      env: { REDIS_URL: await testRedisUrl(), QUEUE_PREFIX: freshPrefix('demo'), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' },
    });

    assert.equal(summary.outcome, 'concluded');
    assert.equal(summary.ranking.length, 7, 'all seven members ranked');
    for (const [index, row] of summary.ranking.entries()) {
      assert.ok(row.rank >= 1 && row.rank <= index + 1, `rank ${row.rank} at place ${index + 1}`);
      if (index > 0) assert.ok(row.total <= summary.ranking[index - 1]!.total, 'ranked by total, best first');
    }
    assert.ok(summary.rounds.length >= 1, 'a secret ballot was held');
    for (const round of summary.rounds) {
      assert.ok(round.cast <= round.eligible);
      assert.equal(Object.values(round.counts).reduce((sum, count) => sum + count, 0) <= round.cast, true, 'no more votes than ballots');
    }
    assert.ok(summary.nominations.length >= 1, 'a leading unit was proposed');
    assert.deepEqual(summary.nominations.map((nomination) => nomination.status), summary.nominations.map(() => 'approved'));
    assert.equal(summary.decisions.length, summary.nominations.length, 'one decision per nomination');
    for (const decision of summary.decisions) assert.match(decision.number, /^\d+\//);
    assert.deepEqual(new Set(summary.decisions.map((decision) => decision.unitId)), new Set(summary.nominations.map((nomination) => nomination.unitId)));
    assert.ok(summary.handover, 'next year’s chair and deputy recorded');
    assert.notEqual(summary.handover.chair, summary.handover.deputy);
    assert.ok(summary.actions >= 7 * 3, 'every member acted through its links (sign, assess, score at least)');

    const printed = formatSummary(summary);
    assert.match(printed, /Ranking:/);
    assert.match(printed, /Decisions:\n {2}\d+\//);
    assert.ok(lines.some((line) => line.includes('Year-end evaluation of 2022 started')), 'progress is shown while it runs');
  });
});
