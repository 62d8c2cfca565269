/**
 * A nomination end to end in a real browser (headless Chromium through playwright-core): the
 * whole system as `npm start` runs it, the form filled in Vietnamese with a real PDF, check
 * your answers, confirm, the tracking code; then every task mail as it arrives, its link
 * opened in the browser and the page's positive action taken, level after level, until the
 * procedure ends; then the tracking page, found from the home page by its code.
 *
 * Every page on the way, and the HTML of a task mail, is audited with axe-core (accessibility.ts)
 * as it is seen: one accessibility violation fails the test.
 *
 * Screenshots of every page go to test-results/e2e/ (gitignored); `E2E_UPDATE_DOCS=1` also
 * writes the filled-in form to docs/form.png, the README's picture.
 *
 * Needs /usr/bin/chromium (Debian's `chromium`; .ci/run installs it). Without it the test is
 * skipped and says so loudly: browsers are never downloaded.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CapturedMail } from '@vinh-danh/mail';
import type { TaskRecord } from '@vinh-danh/store';
import { chromium, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import { t } from '../../services/gateway/src/i18n/i18n.ts';
import { vi } from '../../services/gateway/src/i18n/messages.vi.ts';
import { repoRoot } from '../support/child-process.ts';
import { stopTestRedis } from '../support/redis.ts';
import { waitFor } from '../support/wait.ts';
import { assertAccessible, mailRules, pageRules, withAxe } from './accessibility.ts';
import { browserSkipReason, chromiumArgs, chromiumPath, positiveOf, samplePdf, startE2eSystem, taskLinkIn, type E2eSystem } from './e2e-support.ts';

const skipReason = browserSkipReason('BROWSER END-TO-END TEST');

/** Giấy khen: the shortest route (the unit's council votes, the head of the unit decides). */
const awardTypeId = 'giay-khen';
const unitId = 'so-noi-vu-bac-giang';
const maxSteps = 40;
const mailTimeoutMs = 60_000;

/** What the page after a choice is titled: a decision recorded, or a ballot recorded (never echoed). */
const recordedTitles = (['task.recordedTitle', 'task.ballotRecordedTitle'] as const).filter((key) => key in vi).map((key) => t('vi', key as keyof typeof vi));

const shotsDir = path.join(repoRoot, 'test-results', 'e2e');
const shots: string[] = [];
const audited: string[] = [];

/** Saves a full-page screenshot and audits the page's accessibility (accessibility.ts): any violation fails the test. */
async function screenshot(page: Page, name: string, rules: readonly string[] = pageRules): Promise<string> {
  await assertAccessible(page, `the ${name} page`, rules);
  audited.push(name);
  const file = path.join(shotsDir, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
  return file;
}

/** Waits until the instance has no event waiting to be applied and no effect waiting to be carried out. */
async function settled(store: E2eSystem['store'], instanceId: string): Promise<void> {
  const farFuture = new Date(Date.now() + 3_600_000);
  await waitFor(
    async () => {
      const [inbox, outbox] = await Promise.all([store.inbox.listPending(farFuture, 1000), store.outbox.listPending(farFuture, 1000)]);
      return [...inbox, ...outbox].filter((row) => row.instanceId === instanceId).length;
    },
    (pending) => pending === 0,
    { what: `instance ${instanceId} settled`, timeoutMs: 60_000 },
  );
}

/** Clicks a submit control and resolves with the response of the page it leads to (after redirects). */
async function submitWith(page: Page, control: Locator): Promise<Response> {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), control.click()]);
  assert.ok(response, 'the submit led to a page');
  return response;
}

/** The values of the given attribute over every element a locator matches. */
async function attributes(locator: Locator, name: string): Promise<Array<string | null>> {
  const values: Array<string | null> = [];
  for (let index = 0; index < (await locator.count()); index += 1) values.push(await locator.nth(index).getAttribute(name));
  return values;
}

/**
 * Takes the positive action a task form offers, whatever the step: a control marked with a
 * positive `data-action` (approve, forward, yes, decide-approve…), else the positive value of
 * each radio group (decision=approve, ballot=yes…) then the form's submit button, else a submit
 * button whose value is positive. Returns what it chose, and the page the submit led to.
 */
async function takePositiveAction(page: Page): Promise<{ action: string; response: Response }> {
  const form = page.locator('main form[method="post"]').filter({ has: page.locator('[type="submit"], button:not([type])') }).first();
  assert.equal(await form.count(), 1, `the task page has a form to act with:\n${await page.content()}`);
  const submits = form.locator('button[type="submit"], button:not([type]), input[type="submit"]');

  // A comment goes with a decision; on a ballot the text box is the reason for standing aside, left empty.
  const comment = async (choice: string) => {
    const box = form.locator('textarea[name="comment"]');
    if (!/yes$/i.test(choice) && (await box.count()) === 1 && !(await box.inputValue())) await box.fill('Đồng ý. (kiểm thử đầu cuối)');
  };

  const marked = form.locator('[data-action]');
  const markedAction = positiveOf(await attributes(marked, 'data-action'));
  if (markedAction) {
    const control = marked.and(form.locator(`[data-action="${markedAction}"]`)).first();
    await comment(markedAction);
    if ((await control.getAttribute('type')) === 'radio') {
      await control.check();
      return { action: `data-action=${markedAction}`, response: await submitWith(page, submits.first()) };
    }
    return { action: `data-action=${markedAction}`, response: await submitWith(page, control) };
  }

  const chosen: string[] = [];
  const radioNames = [...new Set((await attributes(form.locator('input[type="radio"]'), 'name')).filter((name): name is string => !!name))];
  for (const name of radioNames) {
    const value = positiveOf(await attributes(form.locator(`input[type="radio"][name="${name}"]`), 'value'));
    if (value) {
      await form.locator(`input[type="radio"][name="${name}"][value="${value}"]`).check();
      await comment(value);
      chosen.push(`${name}=${value}`);
    }
  }
  const buttonValue = positiveOf(await attributes(submits, 'value'));
  if (buttonValue) {
    const button = form.locator(`button[value="${buttonValue}"], input[type="submit"][value="${buttonValue}"]`).first();
    await comment(buttonValue);
    chosen.push(`${(await button.getAttribute('name')) ?? 'button'}=${buttonValue}`);
    return { action: chosen.join(' '), response: await submitWith(page, button) };
  }
  assert.ok(chosen.length > 0, `the task form offers no positive action (data-action, radio or button value):\n${await form.innerHTML()}`);
  return { action: chosen.join(' '), response: await submitWith(page, submits.first()) };
}

describe('a nomination end to end in a real browser', { skip: skipReason }, () => {
  let e2e: E2eSystem;
  let context: BrowserContext;
  let userDataDir: string;

  before(async () => {
    rmSync(shotsDir, { recursive: true, force: true });
    mkdirSync(shotsDir, { recursive: true });
    e2e = await startE2eSystem();
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 'vd-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1100, height: 900 },
    });
    await withAxe(context);
  });

  after(async () => {
    await context?.close().catch(() => {});
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await e2e?.stop();
    await stopTestRedis();
    if (shots.length) process.stdout.write(`e2e screenshots:\n${shots.map((file) => `  ${file}`).join('\n')}\n`);
    if (audited.length) process.stdout.write(`e2e: no accessibility violation (axe-core, WCAG 2.2 AA) on: ${audited.join(', ')}\n`);
  });

  it(
    'when a unit fills in the form with a PDF and every approver takes the positive action from their mail, then the tracking page shows the award given with its whole history',
    { timeout: 300_000 },
    async () => {
      const { base, capture, store } = e2e;
      const page = context.pages()[0] ?? (await context.newPage());
      const year = String(new Date().getUTCFullYear());

      // The form, in Vietnamese without asking.
      const form = await page.goto(`${base}/nominations/new`);
      assert.equal(form?.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), 'vi');
      assert.equal((await page.locator('h1').first().textContent())?.trim(), t('vi', 'form.title'));
      await screenshot(page, 'form');

      await page.locator('input[name="nomineeKind"][value="individual"]').check();
      await page.fill('#nomineeName', 'Nguyễn Thị Hoa');
      if (await page.locator('#nomineeIdentifier').count()) await page.fill('#nomineeIdentifier', '024185000123');
      await page.fill('#nomineePosition', 'Chuyên viên Phòng Tổ chức – Biên chế, Sở Nội vụ tỉnh Bắc Giang');
      await page.selectOption('#unitId', unitId);
      await page.selectOption('#awardTypeId', awardTypeId);
      await page.fill('#period', year);
      await page.fill('#achievementSummary', `Hoàn thành xuất sắc nhiệm vụ năm ${year}; chủ trì số hóa 12.000 hồ sơ thi đua, rút thời gian xử lý từ 20 xuống 7 ngày.`);
      await page.setInputFiles('#attachments', { name: 'bao-cao-thanh-tich.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
      await page.fill('#contactName', 'Trần Văn Nam');
      await page.fill('#contactEmail', 'nam.tran@sonoivu.bacgiang.example');
      // Every field a submitter fills has a value: nothing was left for the server to default.
      // (The officer's eligibility override, `#eligibility`, is for a refused nomination only; the
      // unit's figures, `#unitFigures`, for the awards given by share, not this Giấy khen.)
      const reviewForm = page.locator('form[action="/nominations/review"]');
      const submitterFields = reviewForm.locator(
        'input:not([type="hidden"]):not([type="radio"]):not([type="checkbox"]):not(#eligibility *):not(#unitFigures *), select:not(#eligibility *), textarea:not(#eligibility *)',
      );
      for (const control of await submitterFields.all()) {
        const name = await control.getAttribute('name');
        const filled = (await control.getAttribute('type')) === 'file' ? (await control.inputValue()) !== '' : (await control.inputValue()).trim() !== '';
        assert.ok(filled, `field ${name} is filled in`);
      }
      await page.locator('#contactEmail').blur();
      const filledShot = await screenshot(page, 'form-filled');
      if (process.env.E2E_UPDATE_DOCS === '1') {
        mkdirSync(path.join(repoRoot, 'docs'), { recursive: true });
        copyFileSync(filledShot, path.join(repoRoot, 'docs', 'form.png'));
      }

      // Check your answers.
      const review = await submitWith(page, reviewForm.locator('[data-action="continue"], button[type="submit"]').first());
      assert.equal(review.status(), 200, await page.content());
      assert.equal((await page.locator('h1').first().textContent())?.trim(), t('vi', 'review.title'));
      assert.match(await page.locator('main').innerText(), /bao-cao-thanh-tich\.pdf/);
      assert.match(await page.locator('main').innerText(), /Nguyễn Thị Hoa/);
      await screenshot(page, 'check-answers');

      // Confirm: the tracking code.
      const confirmed = await submitWith(page, page.locator('form[action="/nominations/confirm"]').locator('[data-action="confirm"], button[value="confirm"]').first());
      assert.equal(confirmed.status(), 200);
      assert.match(page.url(), /\/nominations\/submitted\/VD-/);
      const trackingCode = (await page.locator('.code').first().textContent())?.trim() ?? '';
      assert.match(trackingCode, /^VD-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      await screenshot(page, 'submitted');
      process.stdout.write(`e2e: submitted ${trackingCode} (${awardTypeId})\n`);
      const nomination = await store.nominations.getByTrackingCode(trackingCode);
      assert.ok(nomination?.instanceId, 'the nomination and its procedure are stored');

      // Every task mail, as it arrives: open its link, take the positive action.
      const acted: Array<{ task: TaskRecord; action: string; step: string }> = [];
      const visited = new Set<string>();
      let refusedShot = false;
      let mailShot = false;
      let lastSeq = 0;
      let finalStatus: string | undefined;
      for (let step = 0; step < maxSteps && !finalStatus; step += 1) {
        let mail: CapturedMail;
        try {
          mail = await capture.waitFor((candidate) => candidate.seq > lastSeq && candidate.text.includes(trackingCode), mailTimeoutMs);
        } catch (error) {
          const instance = await store.instances.get(nomination.instanceId);
          const open = (await store.tasks.listByInstance(nomination.instanceId)).filter((task) => task.status === 'open');
          throw new Error(
            `no further mail for ${trackingCode} within ${mailTimeoutMs} ms after ${acted.length} action(s); the procedure is in ` +
              `${instance?.stateValue} (${instance?.status}), open tasks: ${JSON.stringify(open.map((task) => [task.step, task.assignee]))}`,
            { cause: error },
          );
        }
        lastSeq = mail.seq;
        const link = taskLinkIn(mail, base);
        if (!link) {
          // A mail with no task: an outcome, or a notice. The procedure may have ended.
          const current = await store.nominations.get(nomination.nominationId);
          const instance = await store.instances.get(nomination.instanceId);
          if (instance && instance.status !== 'active') finalStatus = current?.status;
          continue;
        }
        if (visited.has(link)) continue; // a reminder for a task already handled
        visited.add(link);
        if (!mailShot && mail.html) {
          const mailPage = await context.newPage();
          await mailPage.setContent(mail.html, { waitUntil: 'load' });
          await screenshot(mailPage, 'task-mail', mailRules);
          await mailPage.close();
          mailShot = true;
        }
        const task = await e2e.taskOfLink(link);
        assert.ok(task, `the mailed link opens a task: ${mail.subject}`);
        const opened = await page.goto(link);
        if (opened?.status() === 410) {
          // A ballot closed because the vote was already decided: the link says so and acts on nothing.
          assert.notEqual((await store.tasks.get(task.taskId))?.status, 'open', 'only a finished task refuses its link');
          if (!refusedShot) await screenshot(page, `link-closed-${task.step}`);
          refusedShot = true;
          continue;
        }
        assert.equal(opened?.status(), 200, `the task page of ${task.step} opens: ${await page.content()}`);
        if (acted.length === 0) {
          const files = page.locator('main a[download]');
          assert.match((await files.allTextContents()).join(' '), /bao-cao-thanh-tich\.pdf/, 'the task page offers the uploaded PDF');
        }
        await screenshot(page, `task-${acted.length + 1}-${task.step}`);
        const { action, response } = await takePositiveAction(page);
        assert.equal(response.status(), 200, `the decision on ${task.step} is recorded: ${await page.content()}`);
        const recorded = (await page.locator('h1').first().textContent())?.trim();
        assert.ok(recordedTitles.includes(recorded ?? ''), `the page says the choice on ${task.step} is recorded: ${recorded}`);
        acted.push({ task, action, step: task.step });
        process.stdout.write(`e2e: step ${acted.length}: ${task.step} (${task.assignee}) → ${action}\n`);
        // As people do, the next one acts after this choice has been carried out: a vote may close the sitting.
        await settled(store, nomination.instanceId);
        if (acted.length === 1) await screenshot(page, 'decision-recorded');
      }
      assert.equal(finalStatus, 'approved', `the procedure ended approved after: ${acted.map((entry) => `${entry.step}:${entry.action}`).join(', ')}`);

      // The tracking page, found from the home page by the code as a person would.
      await page.goto(`${base}/`);
      await page.fill('#code', trackingCode.toLowerCase());
      const tracked = await submitWith(page, page.locator('form[action="/track"] button[type="submit"]'));
      assert.equal(tracked.status(), 200);
      assert.ok(page.url().endsWith(`/track/${trackingCode}`), page.url());
      await screenshot(page, 'tracking');

      const details = (await (await fetch(`${base}/api/nominations/${nomination.nominationId}`)).json()) as {
        status: string;
        state: string;
        openTasks: unknown[];
        history: Array<{ type: string; via: string | null; actor: string | null; changed: boolean }>;
      };
      assert.equal(details.status, 'approved');
      assert.deepEqual(details.openTasks, []);
      const stateKey = `state.${details.state}`;
      assert.ok(stateKey in vi, `the gateway has words for the final state ${details.state}`);
      assert.equal((await page.locator('.status-tag').first().textContent())?.trim(), t('vi', stateKey as keyof typeof vi));
      assert.match(await page.locator('main').innerText(), new RegExp(t('vi', 'track.nobody')));
      // The whole history: every entry on the page, each action taken through a link among them.
      assert.equal(await page.locator('ol.timeline > li').count(), details.history.length);
      assert.equal(details.history[0]?.type, 'xstate.init');
      assert.match((await page.locator('ol.timeline > li').first().innerText()).trim(), new RegExp(t('vi', 'event.submitted')));
      // The store keeps who acted through each link; the API names no council member by their vote.
      const stored = await store.history.list(nomination.instanceId!);
      for (const { task } of acted) {
        const entry = stored.find((candidate) => candidate.meta.via === task.taskId && candidate.changed);
        assert.ok(entry, `the history holds the action on ${task.step} by ${task.assignee}`);
        assert.equal(entry.meta.actor, task.assignee);
        assert.notEqual((await store.tasks.get(task.taskId))?.status, 'open');
        if (entry.eventType !== 'vote') assert.ok(details.history.some((shown) => shown.via === task.taskId && shown.actor === task.assignee), `the API shows the action on ${task.step} and who took it`);
      }
      const votes = details.history.filter((entry) => entry.type === 'vote');
      assert.ok(votes.length > 0 && votes.every((vote) => vote.actor === null && vote.via === null), 'the API shows the votes, not who cast them');
      process.stdout.write(`e2e: ${trackingCode} ended ${details.state} after ${acted.length} action(s) and ${details.history.length} history entries\n`);
    },
  );
});
