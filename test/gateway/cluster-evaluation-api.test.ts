/**
 * `POST /api/clusters/:clusterId/:year/evaluation` through the real gateway, runtime (Redis,
 * PGlite) and the seed cluster written to the store: started once, mailed to every member,
 * refused with the right status and message for an unknown year, bad parameters or a year that
 * cannot be evaluated — and nothing started then.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clusterEvaluationInstanceId, seedNorthernMidlandsCluster } from '@vinh-danh/clusters';
import { northernMidlandsCluster } from '@vinh-danh/domain';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway.ts';
import { waitFor } from '../support/wait.ts';

let fixture: GatewayFixture;
before(async () => {
  fixture = await startGatewayFixture();
  await seedNorthernMidlandsCluster(fixture.harness.runtime.store);
});
after(async () => {
  await fixture?.close();
});

const clusterId = northernMidlandsCluster.clusterId;
const start = (id: string, year: string | number) => fetch(`${fixture.url}/api/clusters/${id}/${year}/evaluation`, { method: 'POST' });

describe('POST /api/clusters/:clusterId/:year/evaluation', () => {
  it('when a recorded year is started, then it answers 202 and every member gets a signing task; a repeat answers 200 with the same instance', async () => {
    const response = await start(clusterId, 2022);
    const body = (await response.json()) as { instanceId: string; created: boolean; yearUrl: string };
    assert.equal(response.status, 202, JSON.stringify(body));
    assert.deepEqual([body.instanceId, body.created], [clusterEvaluationInstanceId(clusterId, 2022), true]);
    assert.ok(body.yearUrl.endsWith(`/clusters/${clusterId}/2022`));
    const tasks = await waitFor(
      () => fixture.harness.runtime.store.tasks.listByInstance(body.instanceId),
      (list) => list.filter((task) => task.step === 'signing' && task.status === 'open').length === 7,
      { what: 'a signing task per member' },
    );
    assert.equal(new Set(tasks.map((task) => task.assignee)).size, 7);

    const again = await start(clusterId, 2022);
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { ...body, created: false });
  });

  it('when another site posts from a visitor\'s browser, then 403 and nothing is started', async () => {
    // A plain HTML form on another site: a browser sends it without asking, with its Origin.
    const response = await fetch(`${fixture.url}/api/clusters/${clusterId}/2023/evaluation`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x=1',
    });
    assert.equal(response.status, 403);
    assert.equal(((await response.json()) as { error: string }).error, 'cross_origin');
    assert.equal(await fixture.harness.runtime.store.instances.get(clusterEvaluationInstanceId(clusterId, 2023)), null);
  });

  it('when the year is not recorded, then 404 names the cluster and the year', async () => {
    const response = await start(clusterId, 2030);
    const body = (await response.json()) as { error: string; message: string };
    assert.equal(response.status, 404);
    assert.equal(body.error, 'cluster_year_not_found');
    assert.match(body.message, new RegExp(`${clusterId} has no record for 2030`));
  });

  it('when the cluster id or the year is malformed, then 400 and nothing is started', async () => {
    for (const [id, year] of [['Cum_Xau', '2022'], [clusterId, '22'], [clusterId, '3000']] as const) {
      const response = await start(id, year);
      assert.equal(response.status, 400, `${id}/${year}`);
      assert.equal(((await response.json()) as { error: string }).error, 'invalid_cluster_year');
    }
    assert.equal(await fixture.harness.runtime.store.instances.get(clusterEvaluationInstanceId(clusterId, 3000)), null);
  });

  it('when the year has no agreement, then 422 names the problem and nothing is started', async () => {
    const store = fixture.harness.runtime.store;
    const recorded = (await store.clusters.getYear(clusterId, 2022))!;
    const { handover: _handover, ...year } = recorded;
    await store.clusters.upsertYear({ ...year, year: 2025, agreement: null });
    const response = await start(clusterId, 2025);
    const body = (await response.json()) as { error: string; fields: Array<{ field: string; message: string }> };
    assert.equal(response.status, 422, JSON.stringify(body));
    assert.equal(body.error, 'cluster_year_not_ready');
    assert.ok(body.fields.some((field) => /no agreement/.test(field.message)), JSON.stringify(body.fields));
    assert.equal(await store.instances.get(clusterEvaluationInstanceId(clusterId, 2025)), null);
  });
});
