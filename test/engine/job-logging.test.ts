/**
 * What the worker's log lines carry: every line about a job names its queue, its job id and the
 * instance, so an operator can follow one nomination through the log. Real Redis and PGlite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@vinh-danh/log';
import { startHarness, type Harness } from '../support/harness.ts';
import { testDefinitions } from '../support/test-machines.ts';
import { waitFor } from '../support/wait.ts';

describe('the ids on a worker job\'s log lines', () => {
  let harness: Harness;
  const lines: Array<Record<string, unknown>> = [];
  before(async () => {
    const workerLog = createLogger({ service: 'worker', level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
    harness = await startHarness({ definitions: testDefinitions, workerLog });
  });
  after(async () => {
    await harness?.close();
  });

  it('when a job fails for good, then its error line names the queue, the job and the instance, with the reason', async () => {
    const { queues } = harness.runtime;
    const job = await queues.workflow.add('record', { instanceId: 'no-such-instance', eventId: 'e-1', event: { type: 'record', seq: 1 }, meta: {} });
    const line = await waitFor(
      async () => lines.find((entry) => entry.jobId === job.id),
      Boolean,
      { what: 'a log line about the job' },
    );
    assert.equal(line!.level, 50, 'an error');
    assert.equal(line!.msg, 'job failed for good');
    assert.equal(line!.queue, 'workflow');
    assert.equal(line!.instanceId, 'no-such-instance');
    assert.equal(line!.service, 'worker');
    assert.match(JSON.stringify(line!.err), /no-such-instance/);
  });
});
