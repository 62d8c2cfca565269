/**
 * Mail scanners (link checkers of mail servers, antivirus, previewers) fetch every link of a
 * mail, often several times, before the person reads it. Here, over HTTP against the whole
 * system as `npm start` runs it: nominations at different points of their procedures (fresh,
 * one step taken, two steps taken), then every link in every captured mail, text and HTML
 * bodies, fetched again and again. Nothing may move: no instance version, state or status, no
 * task, no nomination record, no mail. The one thing the gateway writes on a GET is an audit
 * entry when a link of a finished task is opened (`link.refused`, `changed: false`), one per task
 * and reason however often it is opened; that is asserted exactly. Then the same on a system
 * whose deadlines pass within a second: a task mail, its reminder (each with a link of its own)
 * and the escalation to the person above.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { HistoryEntry } from '@vinh-danh/store';
import { stopTestRedis } from '../support/redis.ts';
import { waitFor } from '../support/wait.ts';
import { decodeEntities, linksIn, positiveOf, startE2eSystem, taskLinkIn, type E2eSystem } from './e2e-support.ts';

let e2e: E2eSystem;
before(async () => {
  e2e = await startE2eSystem();
});
after(async () => {
  await e2e?.stop();
  await stopTestRedis();
});

const year = String(new Date().getUTCFullYear());

interface Submitted {
  trackingCode: string;
  nominationId: string;
  instanceId: string;
}

async function submit(unitId: string, awardTypeId: string, name: string, identifier: string, simplified = false): Promise<Submitted> {
  const response = await fetch(`${e2e.base}/api/nominations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      nominee: { kind: 'individual', name, identifier },
      unitId,
      awardTypeId,
      ...(simplified ? { simplified: true } : {}),
      period: year,
      achievementSummary: `Hoàn thành xuất sắc nhiệm vụ năm ${year}.`,
      contact: { name: 'Lê Thị Mai', email: 'mai.le@sonoivu.bacgiang.example' },
    }),
  });
  assert.equal(response.status, 202, await response.clone().text());
  const receipt = (await response.json()) as { nominationId: string; trackingCode: string };
  const nomination = await e2e.store.nominations.get(receipt.nominationId);
  assert.ok(nomination?.instanceId);
  return { ...receipt, instanceId: nomination.instanceId };
}

/** The next mail about a nomination, after `afterSeq`, that carries a task link. */
const nextTaskMail = (trackingCode: string, afterSeq: number) =>
  e2e.capture.waitFor((mail) => mail.seq > afterSeq && mail.text.includes(trackingCode) && !!taskLinkIn(mail, e2e.base), 30_000);

const attributesOf = (tag: string): Record<string, string | undefined> => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((match) => [match[1]!, decodeEntities(match[2]!)]));

/**
 * Takes a task page's positive action over HTTP, as its form would post it: hidden fields, the
 * positive radio of each group, the positive `data-action` or valued button when there is one.
 * False when the link was refused because its task closed in the meantime (410).
 */
async function actPositively(link: string): Promise<boolean> {
  const opened = await fetch(link);
  const page = await opened.text();
  // Closed in the meantime (a vote decided by the ballots before this one): nothing to do.
  if (opened.status === 410) return false;
  const form = /<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page);
  assert.ok(form, `the task page has a form:\n${page}`);
  const fields = new URLSearchParams();
  const tags = [...form[2]!.matchAll(/<(input|button|textarea)\b([^>]*)>/g)].map((match): Record<string, string | undefined> => ({ ...attributesOf(match[2]!), tag: match[1]! }));
  for (const input of tags.filter((entry) => entry.type === 'hidden' && entry.name)) fields.append(input.name!, input.value ?? '');
  const radios = tags.filter((entry) => entry.type === 'radio' && entry.name);
  let chose = false;
  for (const name of new Set(radios.map((radio) => radio.name!))) {
    const value = positiveOf(radios.filter((radio) => radio.name === name).map((radio) => radio.value));
    if (value) {
      fields.append(name, value);
      chose = true;
    }
  }
  const buttons = tags.filter((entry) => entry.tag === 'button' || entry.type === 'submit');
  const action = positiveOf(buttons.map((button) => button['data-action'])) ?? positiveOf(buttons.map((button) => button.value));
  const button = buttons.find((entry) => entry['data-action'] === action || entry.value === action);
  if (button?.name && button.value !== undefined) {
    fields.append(button.name, button.value);
    chose = true;
  }
  assert.ok(chose, `the task form offers a positive action:\n${form[2]}`);
  // A comment goes with a decision; on a ballot the text box is the reason for standing aside.
  if (!fields.getAll('decision').some((value) => /yes$/i.test(value)) && tags.some((entry) => entry.tag === 'textarea' && entry.name === 'comment')) {
    fields.append('comment', 'Đồng ý.');
  }
  const response = await fetch(new URL(form[1]!, link), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  });
  const answer = await response.text();
  if (response.status === 410) return false;
  assert.equal(response.status, 200, answer);
  return true;
}

/**
 * Takes the positive action on each task mail of a nomination as it arrives, up to `steps`
 * actions or the end of its procedure; a link whose task is no longer open is passed over.
 */
async function drive(submitted: Submitted, steps: number): Promise<void> {
  let seq = 0;
  for (let acted = 0; acted < steps; ) {
    const mail = await e2e.capture.waitFor((candidate) => candidate.seq > seq && candidate.text.includes(submitted.trackingCode), 30_000);
    seq = mail.seq;
    const instance = await e2e.store.instances.get(submitted.instanceId);
    if (instance?.status !== 'active') return;
    const link = taskLinkIn(mail, e2e.base);
    if (!link || (await e2e.taskOfLink(link))?.status !== 'open') continue;
    if (await actPositively(link)) acted += 1;
    // As people do, the next one acts after this choice has been carried out (a vote may close the sitting).
    await settled([submitted]);
  }
}

/** Everything a GET must not change, for the nominations of this test. */
async function stateOf(submitted: Submitted[]) {
  const { store } = e2e;
  return Promise.all(
    submitted.map(async ({ nominationId, instanceId }) => {
      const [instance, tasks, history, nomination] = await Promise.all([
        store.instances.get(instanceId),
        store.tasks.listByInstance(instanceId),
        store.history.list(instanceId),
        store.nominations.get(nominationId),
      ]);
      return {
        instanceId,
        version: instance!.version,
        stateValue: instance!.stateValue,
        status: instance!.status,
        tasks: tasks.map((task) => ({ taskId: task.taskId, status: task.status, outcome: task.outcome, completedAt: task.completedAt?.toISOString() ?? null })),
        history,
        nomination: { status: nomination!.status, details: JSON.stringify(nomination!.details) },
      };
    }),
  );
}

/** Waits until nothing is in flight for these instances: no pending inbox event, no pending effect. */
async function settled(submitted: Submitted[]) {
  const ids = new Set(submitted.map((entry) => entry.instanceId));
  const farFuture = new Date(Date.now() + 3_600_000);
  await waitFor(
    async () => {
      const [inbox, outbox] = await Promise.all([e2e.store.inbox.listPending(farFuture, 1000), e2e.store.outbox.listPending(farFuture, 1000)]);
      return [...inbox, ...outbox].filter((row) => ids.has(row.instanceId)).length;
    },
    (pending) => pending === 0,
    { what: 'no pending events or effects', timeoutMs: 30_000 },
  );
}

/** GETs every link of every captured mail on this system `times` times; returns the statuses seen per link. */
async function scanAll(times: number): Promise<Map<string, Set<number>>> {
  const seen = new Map<string, Set<number>>();
  const links = [...new Set(e2e.capture.messages().flatMap((mail) => linksIn(mail)))].filter((url) => url.startsWith(`${e2e.base}/`));
  for (let round = 0; round < times; round += 1) {
    for (const url of links) {
      const response = await fetch(url, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (compatible; MailScanner/1.0)' } });
      await response.arrayBuffer();
      if (!seen.has(url)) seen.set(url, new Set());
      seen.get(url)!.add(response.status);
    }
  }
  return seen;
}

/**
 * GETs every link of every captured mail again and again, then checks that no procedure of
 * `submitted` moved: the same states, tasks and nomination records, no mail sent, and the history
 * only appended with one `link.refused` (view) per finished task link never opened before.
 */
async function assertScansChangeNothing(submitted: Submitted[], expect: { minimumMails: number; minimumStaleLinks: number }): Promise<void> {
  const mails = e2e.capture.messages();
  const before = await stateOf(submitted);
  const allLinks = [...new Set(mails.flatMap((mail) => linksIn(mail)))];
  const ours = allLinks.filter((url) => url.startsWith(`${e2e.base}/`));
  const taskLinks = ours.filter((url) => url.startsWith(`${e2e.base}/tasks/`));
  assert.ok(mails.length >= expect.minimumMails && taskLinks.length >= expect.minimumMails, `mails with task links were sent (${mails.length} mails, ${taskLinks.length} task links)`);
  assert.ok(mails.every((mail) => mail.html !== null), 'every mail has an HTML body, scanned too');

  // What the gateway does on a GET of a task link: an open task's page (200); a council member's
  // own ballot after they voted or stood aside, "recorded" (200); any other finished task's link
  // is refused (410) and leaves one audit entry per task and reason, however often it is opened.
  const expectedRefusals = new Map<string, Array<{ taskId: string; reason: string }>>();
  const expectedStatus = new Map<string, number>();
  for (const url of taskLinks) {
    const task = await e2e.taskOfLink(url);
    assert.ok(task, `every mailed task link opens a task: ${url}`);
    const ownBallot = task.status === 'done' && (task.outcome === 'vote' || task.outcome === 'recuse');
    if (task.status === 'open' || ownBallot) {
      expectedStatus.set(url, 200);
      continue;
    }
    expectedStatus.set(url, 410);
    // As the gateway tells them apart: closed by the procedure before its holder acted, withdrawn, or used.
    const reason =
      task.status === 'expired' ? 'expired'
      : task.status === 'cancelled' ? 'withdrawn'
      : ['closed', 'merged', 'carried', 'reassigned'].includes(task.outcome ?? '') ? 'closed'
      : 'used';
    const list = expectedRefusals.get(task.instanceId) ?? [];
    // Once per task and reason, ever: a view already recorded (the link opened earlier) adds nothing.
    const recordedBefore = before
      .find((entry) => entry.instanceId === task.instanceId)!
      .history.some((entry) => entry.eventType === 'link.refused' && entry.event.attempt === 'view' && entry.event.taskId === task.taskId && entry.event.reason === reason);
    if (!recordedBefore && !list.some((entry) => entry.taskId === task.taskId && entry.reason === reason)) list.push({ taskId: task.taskId, reason });
    expectedRefusals.set(task.instanceId, list);
  }
  const refusalCount = [...expectedRefusals.values()].reduce((sum, list) => sum + list.length, 0);
  const staleLinks = [...expectedStatus.values()].filter((status) => status === 410).length;
  assert.ok(staleLinks >= expect.minimumStaleLinks && refusalCount >= 1, `some mailed links are of finished tasks (${staleLinks}, ${refusalCount} never opened)`);

  const statuses = await scanAll(3);
  for (const [url, seen] of statuses) {
    const expected = expectedStatus.get(url) ?? 200;
    assert.deepEqual([...seen], [expected], `GET ${url.replace(/\/tasks\/[^/?#]+/, '/tasks/…')} answers ${expected} every time`);
  }
  await settled(submitted);

  const afterScan = await stateOf(submitted);
  assert.equal(e2e.capture.messages().length, mails.length, 'no mail was sent');
  for (const [index, was] of before.entries()) {
    const now = afterScan[index]!;
    const refusals = expectedRefusals.get(was.instanceId) ?? [];
    assert.deepEqual({ ...now, version: 0, history: [] }, { ...was, version: 0, history: [] }, 'state, status, tasks and the nomination record are unchanged');
    assert.deepEqual(now.history.slice(0, was.history.length), was.history, 'the history is only appended to');
    const added: HistoryEntry[] = now.history.slice(was.history.length);
    assert.equal(now.version - was.version, added.length, 'each version step is one history entry');
    assert.deepEqual(
      added.map((entry) => ({ type: entry.eventType, changed: entry.changed, attempt: entry.event.attempt, from: entry.fromState, to: entry.toState })),
      refusals.map(() => ({ type: 'link.refused', changed: false, attempt: 'view', from: was.stateValue, to: was.stateValue })),
      `only one link.refused (view) entry per finished task link of ${was.instanceId}`,
    );
    assert.deepEqual(
      added.map((entry) => `${String(entry.event.taskId)}:${String(entry.event.reason)}`).sort(),
      refusals.map((entry) => `${entry.taskId}:${entry.reason}`).sort(),
    );
  }

  // Fetching them all again adds nothing at all.
  await scanAll(2);
  await settled(submitted);
  assert.deepEqual(await stateOf(submitted), afterScan, 'a second scan changes nothing');
  assert.equal(e2e.capture.messages().length, mails.length);
  process.stdout.write(
    `mail-scanner: ${mails.length} mails, ${ours.length} links fetched 5 times each (${taskLinks.length} task links, ${staleLinks} of finished tasks → ${refusalCount} new link.refused entries)` +
      `${allLinks.length > ours.length ? `; ${allLinks.length - ours.length} links elsewhere not fetched` : ''}\n`,
  );
}

describe('mail scanners fetching every mailed link', () => {
  it('when every link in every mail is fetched again and again, then no procedure moves and each finished task link leaves exactly one link.refused entry', { timeout: 180_000 }, async () => {
    const submitted = [
      await submit('so-noi-vu-bac-giang', 'giay-khen', 'Nguyễn Thị Hoa', '024185000123'),
      await submit('so-giao-duc-bac-giang', 'lao-dong-tien-tien', 'Phạm Văn Đức', '024090001234'),
      await submit('ubnd-huyen-yen-dung', 'bang-khen-bo-nganh-tinh', 'Hoàng Thị Lan', '024188004321'),
    ];
    // The first nomination one step on, the second to its end: mails then hold links of open
    // tasks, of ballots cast, of ballots closed by the vote, of a decision taken.
    await drive(submitted[0]!, 1);
    await drive(submitted[1]!, 50);
    await nextTaskMail(submitted[2]!.trackingCode, 0);
    await settled(submitted);

    await assertScansChangeNothing(submitted, { minimumMails: 5, minimumStaleLinks: 2 });
  });
});

/**
 * Working days of 250 ms: a first deadline passes within a few seconds, its reminder a working
 * day before it, time enough for the reminder's event to apply first on a loaded machine; the
 * escalated step then has hours.
 */
const shortTiming = { workingDayMs: 250, calendarDayMs: 250, escalationWorkingDays: 200_000 };

describe('mail scanners fetching reminder and escalation links', () => {
  before(async () => {
    await e2e.stop();
    e2e = await startE2eSystem({}, { routeTiming: shortTiming });
  });

  it('when the links of a task mail, its reminder and the escalation are fetched again and again, then nothing moves and the expired task leaves one link.refused entry for both its links', { timeout: 120_000 }, async () => {
    const submitted = await submit('so-noi-vu-bac-giang', 'bang-khen-bo-nganh-tinh', 'Đặng Thị Thu', '024185000999', true);
    // The head of the unit's task mail and reminder, then the deadline: the step goes to the person above.
    const escalation = await e2e.capture.waitFor((mail) => mail.text.includes(submitted.trackingCode) && /chuyển cho Ông\/Bà xử lý/.test(mail.text), 30_000);
    assert.ok(taskLinkIn(escalation, e2e.base), 'the escalation mail carries the new task link');
    // The reminder's timer fired a working day before the deadline's; its mail may still be on its way.
    const reminder = await e2e.capture.waitFor((mail) => mail.text.includes(submitted.trackingCode) && mail.subject.includes('Nhắc'), 15_000);
    assert.ok(taskLinkIn(reminder, e2e.base), 'the reminder carries a task link');
    await settled([submitted]);
    await assertScansChangeNothing([submitted], { minimumMails: 3, minimumStaleLinks: 2 });
  });
});
