/**
 * Test support: acting on the gateway's task pages the way a person does, through the link
 * mailed to them (the token derived for the task, as every gateway test reads it), and waiting
 * for the procedure to move on.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { RouteTiming } from '@vinh-danh/domain';
import type { InstanceRecord, TaskRecord } from '@vinh-danh/store';
import { hiddenValue, startGatewayFixture, type GatewayFixture } from './gateway.ts';
import { waitFor } from './wait.ts';

export type TaskPages = ReturnType<typeof taskPages>;

/**
 * A gateway with `routeTiming` for the whole test file: started before its tests (`started`
 * receives it and its task pages) and closed after them.
 */
export function gatewayForFile(routeTiming: Partial<RouteTiming>, started: (fixture: GatewayFixture, pages: TaskPages) => void): void {
  let fixture: GatewayFixture | undefined;
  before(async () => {
    fixture = await startGatewayFixture({}, { routeTiming });
    started(fixture, taskPages(fixture));
  });
  after(async () => {
    await fixture?.close();
  });
}

export function taskPages(fixture: GatewayFixture) {
  const store = () => fixture.harness.runtime.store;

  /** The task's link, after checking a mail about that very task reached its holder. */
  async function mailedLink(task: TaskRecord): Promise<string> {
    const taskKey = task.taskId.slice(task.taskId.indexOf('/') + 1);
    await waitFor(
      async () => fixture.harness.mailer.sent.filter((mail) => mail.to === task.assignee && mail.subject.endsWith(`: ${taskKey}`)),
      (mails) => mails.length > 0,
      { what: `the mail of ${taskKey} to ${task.assignee}` },
    );
    return await fixture.taskUrl(task.taskId);
  }

  async function openPage(task: TaskRecord) {
    const response = await fetch(await mailedLink(task));
    const page = await response.text();
    // A used ballot link answers 200 too (the ballot recorded), without a form.
    return { response, page, csrf: response.status === 200 && page.includes('name="_csrf"') ? hiddenValue(page, '_csrf') : '' };
  }

  function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
  }

  /** Opens the task's page and posts a choice (and comment) from it; the answer must be 200. */
  async function act(task: TaskRecord, decision: string, comment = ''): Promise<string> {
    const { csrf, response } = await openPage(task);
    assert.equal(response.status, 200, `the page of ${task.taskId}`);
    const answer = await post(await fixture.taskUrl(task.taskId), { _csrf: csrf, decision, comment });
    const page = await answer.text();
    assert.equal(answer.status, 200, page.slice(0, 500));
    return page;
  }

  /** The open tasks of a step once there are `count` of them, in member (task key) order. */
  async function openTasks(instanceId: string, step: string, count = 1): Promise<TaskRecord[]> {
    const tasks = await waitFor(
      () => store().tasks.listByInstance(instanceId),
      (list) => list.filter((task) => task.status === 'open' && task.step === step).length >= count,
      { what: `${count} open ${step} task(s)` },
    );
    const ballotIndex = (task: TaskRecord) => Number(/-(\d+)$/.exec(task.taskId)?.[1] ?? 0);
    return tasks.filter((task) => task.status === 'open' && task.step === step).sort((a, b) => ballotIndex(a) - ballotIndex(b));
  }

  /** Waits until the instance's state satisfies `done`. */
  function stateOf(instanceId: string, done: (state: string) => boolean, what: string): Promise<InstanceRecord | null> {
    return waitFor(() => store().instances.get(instanceId), (instance) => instance !== null && done(instance.stateValue), { what });
  }

  /** The answer of `GET /api/nominations/:id`. */
  async function details<T = Record<string, unknown>>(nominationId: string): Promise<T> {
    return (await (await fetch(`${fixture.url}/api/nominations/${nominationId}`)).json()) as T;
  }

  return { mailedLink, openPage, post, act, openTasks, stateOf, details };
}

/** Submits through the API; the receipt with the instance id. */
export async function submitThroughApi(fixture: GatewayFixture, body: Record<string, unknown>) {
  const response = await fixture.submitJson(body);
  const answer = (await response.json()) as { nominationId: string; trackingCode: string };
  assert.equal(response.status, 202, JSON.stringify(answer));
  const nomination = await fixture.harness.runtime.store.nominations.get(answer.nominationId);
  return { ...answer, instanceId: nomination!.instanceId! };
}
