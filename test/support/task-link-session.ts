/**
 * Test support: acting on task pages through a link made for each task (as its mail carries
 * one), remembering every token used so a test can check none reached the logs; submitting a
 * simplified Bằng khen tỉnh; and checking that an instance did not move.
 */
import assert from 'node:assert/strict';
import type { TaskRecord } from '@vinh-danh/store';
import { hiddenValue, validNomination, type GatewayFixture } from './gateway.ts';

export function taskLinkSession(fixture: () => GatewayFixture) {
  /** Every token a test used, to check none reached the logs. */
  const usedTokens = new Set<string>();
  const store = () => fixture().harness.runtime.store;

  /** A Bằng khen tỉnh by the simplified procedure: head of the unit → provincial office → the Chairman decides. */
  async function submitted(overrides: Record<string, unknown> = {}) {
    const response = await fixture().submitJson(validNomination({ simplified: true, ...overrides }));
    assert.equal(response.status, 202);
    const receipt = (await response.json()) as { nominationId: string; trackingCode: string };
    const nomination = await store().nominations.get(receipt.nominationId);
    return { ...receipt, instanceId: nomination!.instanceId! };
  }

  async function linkOf(task: TaskRecord) {
    usedTokens.add(await fixture().taskToken(task.taskId));
    return fixture().taskUrl(task.taskId);
  }

  /** Opens the task page and returns it with its CSRF token. */
  async function openPage(task: TaskRecord) {
    const response = await fetch(await linkOf(task));
    const page = await response.text();
    return { response, page, csrf: response.status === 200 ? hiddenValue(page, '_csrf') : '' };
  }

  function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
  }

  async function decide(task: TaskRecord, decision: string, comment = '') {
    const { csrf } = await openPage(task);
    return post(await linkOf(task), { _csrf: csrf, decision, comment });
  }

  const history = (instanceId: string) => store().history.list(instanceId);

  /** Nothing was dispatched: no pending inbox event for the instance and the history is as it was. */
  async function assertUnchanged(instanceId: string, historyLength: number) {
    const pending = await store().inbox.listPending(new Date(Date.now() + 60_000), 1000);
    assert.deepEqual(pending.filter((event) => event.instanceId === instanceId), []);
    assert.equal((await history(instanceId)).length, historyLength);
  }

  return { usedTokens, store, submitted, linkOf, openPage, post, decide, history, assertUnchanged };
}
