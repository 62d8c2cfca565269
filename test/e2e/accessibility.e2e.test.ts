/**
 * Accessibility in a real browser (headless Chromium through playwright-core), against the whole
 * system as `npm start` runs it:
 *
 * - axe-core (accessibility.ts) on the pages the end-to-end walk does not pass through: both
 *   languages of the form and of its error page, the home page, a tracking code that does not
 *   exist, a forged task link, a page that does not exist, public disclosures, the emulation
 *   cluster's year and record pages;
 * - the keyboard alone: the skip link, every control of the form reached in order with a focus
 *   that can be seen, the form sent and confirmed with keys; the error summary takes the focus
 *   and its links lead to the field at fault;
 * - an approver on a phone: the task page at 360 CSS pixels wide scrolls only up and down and
 *   passes the same audit (WCAG 2.2's target sizes included).
 *
 * The harness is checked too: a page with a planted fault (an unlabeled field, an image without
 * text) must fail the audit, so a clean result is not an audit that looked at nothing.
 *
 * Needs /usr/bin/chromium; without it the test is skipped and says so loudly.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { t } from '../../services/gateway/src/i18n/i18n.ts';
import { stopTestRedis } from '../support/redis.ts';
import { assertAccessible, audit, withAxe } from './accessibility.ts';
import { browserSkipReason, chromiumArgs, chromiumPath, startE2eSystem, taskLinkIn, type E2eSystem } from './e2e-support.ts';

// The page's globals, for the functions that run in the browser (page.evaluate): the project is
// type-checked without the DOM library, so they are declared here, for this module alone.
declare const document: any;
declare const getComputedStyle: (element: unknown) => { outlineStyle: string; outlineWidth: string; boxShadow: string };
declare const innerHeight: number;
declare const innerWidth: number;

const skipReason = browserSkipReason('BROWSER ACCESSIBILITY TEST');

const year = String(new Date().getUTCFullYear());
const unitId = 'so-noi-vu-bac-giang';
const awardTypeId = 'giay-khen';
/** Tab presses allowed to cross the form: a bound, well above its controls. */
const maxTabStops = 60;

interface Focused {
  /** The element's id, else `name=value` for a radio, else its tag and class. */
  key: string;
  tag: string;
  type: string | null;
  id: string;
  name: string | null;
  value: string;
  /** An outline or a shadow is drawn around it, or its colours change, as the focus style does. */
  focusVisible: boolean;
  /** Its box lies at least partly inside the viewport. */
  onScreen: boolean;
}

/** What has the keyboard focus now, and whether a sighted person can see that it has. */
async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none';
    const box = element.getBoundingClientRect();
    const input = element;
    const id = element.id;
    return {
      key: id || (input.type === 'radio' ? `${input.name}=${input.value}` : `${element.tagName.toLowerCase()}.${element.className}`),
      tag: element.tagName.toLowerCase(),
      type: element.getAttribute('type'),
      id,
      name: element.getAttribute('name'),
      value: 'value' in element ? String(input.value) : '',
      focusVisible: outline || shadow,
      onScreen: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth && box.width > 0 && box.height > 0,
    };
  });
}

/** Presses Tab and says what took the focus. */
async function tab(page: Page): Promise<Focused | null> {
  await page.keyboard.press('Tab');
  return focused(page);
}

/** Chooses an option of the focused `<select>` with the arrow keys alone, as a keyboard user does. */
async function chooseWithKeys(page: Page, value: string): Promise<void> {
  const options = await page.evaluate(() => document.activeElement.options.length);
  await page.keyboard.press('Home');
  for (let step = 0; step <= options; step += 1) {
    if ((await focused(page))?.value === value) return;
    await page.keyboard.press('ArrowDown');
  }
  assert.fail(`the option ${value} cannot be reached with the arrow keys`);
}

/** Presses a key that leads to another page, and waits for that page. */
async function pressToNavigate(page: Page, key: string) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
  assert.ok(response, `${key} led to a page`);
  return response;
}

describe('accessibility in a real browser', { skip: skipReason }, () => {
  let e2e: E2eSystem;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A page in a context of its own (no language cookie or draft carried over), with axe loaded. */
  async function freshPage(options: Parameters<Browser['newContext']>[0] = { viewport: { width: 1100, height: 900 } }): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    await withAxe(context);
    return context.newPage();
  }

  before(async () => {
    e2e = await startE2eSystem();
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  });

  after(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => {})));
    await browser?.close().catch(() => {});
    await e2e?.stop();
    await stopTestRedis();
  });

  it('when a page has an unlabeled field and an image without text, then the audit fails and names both', async () => {
    const page = await freshPage();
    try {
      await page.goto(`${e2e.base}/nominations/new`);
      await page.evaluate(() => {
        const main = document.querySelector('main')!;
        main.insertAdjacentHTML('beforeend', '<input type="text" name="planted"><img src="/assets/app.css" id="planted-image">');
      });
      const results = await audit(page);
      const rules = results.violations.map((rule) => rule.id);
      assert.ok(rules.includes('label'), `the unlabeled field is found: ${rules.join(', ')}`);
      assert.ok(rules.includes('image-alt'), `the image without text is found: ${rules.join(', ')}`);
      await assert.rejects(assertAccessible(page, 'the planted page'), /accessibility violation\(s\):[\s\S]*label[\s\S]*image-alt|image-alt[\s\S]*label/);
    } finally {
      await page.close();
    }
  });

  it('when the pages outside the submission walk are opened in either language, then none has an accessibility violation', async () => {
    const page = await freshPage();
    try {
      const { base } = e2e;
      const cluster = new URL(e2e.system.urls.cluster).pathname;
      const pages: Array<[string, string, number]> = [
        ['home', '/', 200],
        ['home (English)', '/?lang=en', 200],
        ['form (English)', '/nominations/new?lang=en', 200],
        ['unknown tracking code', '/track/VD-0000-0000-0000', 404],
        ['forged task link', `/tasks/${'A'.repeat(43)}`, 404],
        ['missing page', '/no-such-page', 404],
        ['public disclosures', '/disclosures', 200],
        ['emulation cluster year', cluster, 200],
        ['emulation cluster record', `${cluster}/record`, 200],
      ];
      const seen: string[] = [];
      for (const [what, url, status] of pages) {
        const response = await page.goto(`${base}${url}`);
        assert.equal(response?.status(), status, `${what} (${url}) answers ${status}`);
        await assertAccessible(page, `the ${what} page`);
        seen.push(what);
      }
      // The form's error page, in each language: the summary and the messages next to each field.
      for (const lang of ['vi', 'en'] as const) {
        await page.goto(`${base}/nominations/new?lang=${lang}`);
        const response = await Promise.all([page.waitForNavigation(), page.locator('form[action="/nominations/review"] button[type="submit"]').click()]).then(([r]) => r);
        assert.equal(response?.status(), 400, `an empty form is refused (${lang})`);
        assert.ok((await page.locator('.error-summary li').count()) > 1, 'the error summary lists the problems');
        await assertAccessible(page, `the form's error page (${lang})`);
        seen.push(`form errors (${lang})`);
      }
      process.stdout.write(`accessibility: no violation on ${seen.join(', ')}\n`);
    } finally {
      await page.close();
    }
  });

  it('when a submitter uses the keyboard alone, then every control of the form is reached in order with a visible focus, and the nomination is sent and confirmed', { timeout: 120_000 }, async () => {
    const page = await freshPage();
    try {
      await page.goto(`${e2e.base}/nominations/new`);
      // The first Tab: the skip link, brought on screen; Enter takes the focus past the header.
      const skip = await tab(page);
      assert.equal(skip?.key, 'a.skip-link');
      assert.ok(skip.onScreen && skip.focusVisible, 'the skip link shows itself when focused');
      await page.keyboard.press('Enter');
      assert.equal((await focused(page))?.id, 'main', 'the skip link moves the focus to the main content');

      const controls = await page.evaluate(() =>
        [...document.querySelectorAll('form[action="/nominations/review"] :is(input, select, textarea, button)')]
          .filter((element: any) => element.type !== 'hidden')
          .map((element: any) => {
            const input = element;
            return input.type === 'radio' ? `radio:${input.name}` : element.id || `${element.tagName.toLowerCase()}[type=${input.type}]`;
          }),
      );
      const expectedStops = [...new Set(controls)];
      const values: Record<string, string> = {
        nomineeName: 'Phạm Thị Lan',
        nomineeIdentifier: '024185000456',
        nomineePosition: 'Chuyên viên, Sở Nội vụ tỉnh Bắc Giang',
        period: year,
        achievementSummary: `Hoàn thành xuất sắc nhiệm vụ năm ${year}; nhập bằng bàn phím.`,
        contactName: 'Đỗ Văn Bình',
        contactEmail: 'binh.do@sonoivu.bacgiang.example',
      };
      const choices: Record<string, string> = { unitId, awardTypeId };

      const stops: string[] = [];
      for (let press = 0; press < maxTabStops; press += 1) {
        const stop = await tab(page);
        assert.ok(stop, `Tab press ${press + 1} put the focus somewhere`);
        const key = stop.type === 'radio' ? `radio:${stop.name}` : stop.id || `${stop.tag}[type=${stop.type}]`;
        if (!expectedStops.includes(key)) continue; // links in the text (hints, the language switch) are stops too
        assert.ok(stop.focusVisible, `the focus on ${key} can be seen`);
        assert.ok(stop.onScreen, `${key} is scrolled into view when focused`);
        stops.push(key);
        if (values[key] !== undefined) await page.keyboard.type(values[key]);
        if (choices[key] !== undefined) await chooseWithKeys(page, choices[key]);
        if (stop.tag === 'button') break;
      }
      assert.deepEqual(stops, expectedStops, 'Tab reaches every control of the form once, in the order they are shown');

      // Enter on the focused button sends the form: check your answers, then confirm, by keys alone.
      const review = await pressToNavigate(page, 'Enter');
      assert.equal(review.status(), 200, await page.locator('main').innerText());
      assert.equal((await page.locator('h1').first().textContent())?.trim(), t('vi', 'review.title'));
      await assertAccessible(page, 'the check-your-answers page reached by keyboard');
      let confirmButton = null;
      for (let press = 0; press < maxTabStops && !confirmButton; press += 1) {
        const stop = await tab(page);
        if (stop?.tag === 'button' && (await page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('action'))) === '/nominations/confirm') {
          if ((await page.evaluate(() => document.activeElement.value)) === 'confirm') confirmButton = stop;
        }
      }
      assert.ok(confirmButton?.focusVisible, 'the confirm button is reached by Tab and shows its focus');
      const submitted = await pressToNavigate(page, 'Enter');
      assert.equal(submitted.status(), 200);
      assert.match(page.url(), /\/nominations\/submitted\/VD-/);
      const code = (await page.locator('.code').first().textContent())?.trim() ?? '';
      const nomination = await e2e.store.nominations.getByTrackingCode(code);
      assert.equal(nomination?.nominee.name, values.nomineeName, 'the nomination typed on the keyboard is stored');
    } finally {
      await page.close();
    }
  });

  it('when the form comes back with errors, then the summary has the focus and each of its links leads the keyboard to the field at fault', async () => {
    const page = await freshPage();
    try {
      await page.goto(`${e2e.base}/nominations/new`);
      await page.locator('#nomineeName').fill('Phạm Thị Lan');
      await page.locator('form[action="/nominations/review"] button[type="submit"]').focus();
      const refused = await pressToNavigate(page, 'Enter');
      assert.equal(refused.status(), 400);
      const summary = await focused(page);
      assert.equal(summary?.key, 'div.error-summary', 'the error summary takes the focus, so a screen reader reads it first');
      const targets = await page.locator('.error-summary a').evaluateAll((links) => links.map((link) => link.getAttribute('href')!.slice(1)));
      assert.ok(targets.length >= 3, `several problems are listed: ${targets.join(', ')}`);
      assert.ok(!targets.includes('nomineeName'), 'the field filled in is not listed');
      for (const [index, target] of targets.entries()) {
        // Start again from the summary each time, as a person going through the list would.
        await page.locator('.error-summary').focus();
        for (let press = 0; press <= index; press += 1) await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), `#${target}`);
        await page.keyboard.press('Enter');
        // A field takes the focus itself; a group of choices (a fieldset) is entered with the next Tab.
        let inside = await page.evaluate((id) => !!document.getElementById(id)?.contains(document.activeElement), target);
        if (!inside) {
          await page.keyboard.press('Tab');
          inside = await page.evaluate((id) => !!document.getElementById(id)?.contains(document.activeElement), target);
        }
        assert.ok(inside, `the link to ${target} leads the keyboard there`);
        const describedBy = await page.evaluate((id) => {
          const field = document.getElementById(id)!;
          return (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean).map((ref: string) => document.getElementById(ref)?.textContent ?? '').join(' ');
        }, target);
        assert.match(describedBy, /\S/, `the field ${target} carries its message for a screen reader (aria-describedby)`);
      }
    } finally {
      await page.close();
    }
  });

  it('when an approver opens the task link from the mail on a phone, then the page fits the screen and passes the audit', { timeout: 120_000 }, async () => {
    const response = await fetch(`${e2e.base}/api/nominations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        nominee: { kind: 'individual', name: 'Vũ Thị Hằng', identifier: '024185000789' },
        unitId,
        awardTypeId,
        period: year,
        achievementSummary: `Hoàn thành xuất sắc nhiệm vụ năm ${year}.`,
        contact: { name: 'Lê Thị Mai', email: 'mai.le@sonoivu.bacgiang.example' },
      }),
    });
    assert.equal(response.status, 202, await response.clone().text());
    const { trackingCode } = (await response.json()) as { trackingCode: string };
    const mail = await e2e.capture.waitFor((candidate) => candidate.text.includes(trackingCode) && !!taskLinkIn(candidate, e2e.base), 30_000);
    const link = taskLinkIn(mail, e2e.base)!;

    const page = await freshPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      for (const [what, url] of [
        ['task page', link],
        ['tracking page', `${e2e.base}/track/${trackingCode}`],
        ['form', `${e2e.base}/nominations/new`],
      ] as const) {
        const opened = await page.goto(url);
        assert.equal(opened?.status(), 200, `the ${what} opens on the phone`);
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
        assert.ok(scrollWidth <= clientWidth, `the ${what} fits 360 px without sideways scrolling (content ${scrollWidth} px wide)`);
        await assertAccessible(page, `the ${what} on a phone`);
      }
      // The decision can be taken by touch: its controls are big enough to hit (WCAG 2.5.8: 24 × 24 px).
      const small = await page.goto(link).then(() =>
        page.locator('main form[method="post"] :is(button, input[type="radio"], input[type="submit"])').evaluateAll((controls) =>
          controls.filter((control) => {
            const box = (control.closest('label, .choice') ?? control).getBoundingClientRect();
            return box.width < 24 || box.height < 24;
          }).map((control) => control.outerHTML.slice(0, 120)),
        ),
      );
      assert.deepEqual(small, [], 'every decision control offers at least 24 × 24 px to a finger');
    } finally {
      await page.close();
    }
  });
});
