/**
 * What the end-to-end tests share: the whole system started in this process as `npm start`
 * starts it (all-in-one: PGlite in a temp data dir, the workers, the gateway) on the test
 * Redis, with a development mail capture whose `waitFor` wakes on each arriving mail; the
 * links found in captured mail; the task forms' positive action; a small real PDF.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAllInOne, type AllInOne } from '@vinh-danh/all-in-one';
import { loadConfig } from '@vinh-danh/config';
import type { RouteTiming } from '@vinh-danh/domain';
import { createLogger } from '@vinh-danh/log';
import { startMailCapture, type CapturedMail, type MailCapture } from '@vinh-danh/mail';
import type { Store, TaskRecord } from '@vinh-danh/store';
import { createTaskLinks, type TaskLinks } from '@vinh-danh/task-links';
import { freshPrefix, testRedisUrl } from '../support/redis.ts';

/** Debian's chromium (`apt-get install -y chromium`), or CHROMIUM_PATH; browsers are never downloaded. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless, and quiet: no sandbox (containers), no GPU, no calls home. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why a browser suite cannot run here (chromium missing), or undefined when it can; when it
 * cannot, says so in one loud line naming the suite and how to install chromium.
 */
export function browserSkipReason(suite: string): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  const reason = `chromium is not installed (${chromiumPath} is missing); install it with \`apt-get update && apt-get install -y chromium\` (.ci/run does)`;
  process.stdout.write(`\n!!!!! ${suite} SKIPPED: ${reason} !!!!!\n\n`);
  return reason;
}

export interface E2eSystem {
  system: AllInOne;
  /** Where the gateway is reached, as mailed links name it: `http://localhost:<port>`. */
  base: string;
  capture: MailCapture;
  store: Store;
  taskLinks: TaskLinks;
  /** The task a mailed task link opens (by its token's hash), or null. */
  taskOfLink(url: string): Promise<TaskRecord | null>;
  stop(): Promise<void>;
}

/**
 * Starts the all-in-one system (what `npm start` runs) in this process, with the route timing
 * given (default the real one): a temp `DATA_DIR`,
 * `PORT=0`, the test Redis under a fresh queue prefix, and SMTP to a mail capture of our own
 * (the one `npm start` serves at /dev/mail), so a test can wait on arriving mail.
 */
export async function startE2eSystem(env: Record<string, string> = {}, options: { routeTiming?: Partial<RouteTiming> } = {}): Promise<E2eSystem> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vd-e2e-'));
  const capture = await startMailCapture();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    DATA_DIR: dataDir,
    REDIS_URL: await testRedisUrl(),
    QUEUE_PREFIX: freshPrefix('e2e'),
    SMTP_URL: capture.smtpUrl,
    SUBMIT_RATE_LIMIT_PER_MIN: '100000',
    TOKEN_RATE_LIMIT_PER_MIN: '100000',
    ...env,
  });
  const log = createLogger({ service: 'e2e', level: config.logLevel });
  let system: AllInOne;
  try {
    system = await startAllInOne({ config, log, ...(options.routeTiming ? { routeTiming: options.routeTiming } : {}) });
  } catch (error) {
    await capture.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const taskLinks = createTaskLinks({ secret: system.config.taskLinkSecret!, publicUrl: system.urls.base });
  const store = system.runtime.store;
  return {
    system,
    base: system.urls.base,
    capture,
    store,
    taskLinks,
    async taskOfLink(url) {
      const token = /\/tasks\/([^/?#]+)/.exec(url)?.[1];
      if (!token || !taskLinks.isWellFormed(token)) return null;
      return store.tasks.getByTokenHash(taskLinks.hashToken(token));
    },
    async stop() {
      const queues = Object.values(system.runtime.queues) as Array<{ obliterate(options: { force: boolean }): Promise<void> }>;
      await Promise.all(queues.map((queue) => queue.obliterate({ force: true }).catch(() => {})));
      await system.stop();
      await capture.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const htmlEntities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
export const decodeEntities = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => htmlEntities[entity]!);

/** Every link a mail carries: URLs in its text body, `href`/`src` targets in its HTML body. */
export function linksIn(mail: Pick<CapturedMail, 'text' | 'html'>): string[] {
  const found = new Set<string>();
  for (const match of mail.text.matchAll(/https?:\/\/[^\s<>"'()[\]]+/g)) found.add(match[0].replace(/[.,;:!?]+$/, ''));
  for (const match of (mail.html ?? '').matchAll(/\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const value = decodeEntities((match[1] ?? match[2] ?? '').trim());
    if (/^https?:\/\//i.test(value)) found.add(value);
  }
  return [...found];
}

/** The task link of a mail on this system (the first), or undefined when it carries none. */
export const taskLinkIn = (mail: Pick<CapturedMail, 'text' | 'html'>, base: string) =>
  linksIn(mail).find((url) => url.startsWith(`${base}/tasks/`));

/**
 * The positive actions a task form can offer, best first: approve (review), forward (a review
 * level passing the dossier on), a yes ballot (council), an approving decision. A step driver
 * looks for them in `data-action` attributes first, then in the values of radios and buttons.
 */
const positivePatterns = [
  /^approve$/i,
  /^forward$/i,
  /^(?:vote|ballot)?[-_:.]?yes$/i,
  /^decide[-_:.]?approve$/i,
  /^(?:accept|agree|true)$/i,
];

/** The most positive of the offered values, or undefined when none is positive. */
export function positiveOf(values: ReadonlyArray<string | null | undefined>): string | undefined {
  for (const pattern of positivePatterns) {
    const found = values.find((value) => value != null && pattern.test(value));
    if (found != null) return found;
  }
  return undefined;
}

/**
 * A small, well-formed one-page PDF (header, catalogue, page tree, a page with text in a
 * standard font, cross-reference table with exact byte offsets, trailer).
 */
export function samplePdf(lines: string[] = ['Bao cao thanh tich nam', 'Vinh Danh - tai lieu kem theo ho so']): Buffer {
  const content = ['BT', '/F1 16 Tf', '72 770 Td', ...lines.flatMap((line, index) => [...(index ? ['0 -24 Td'] : []), `(${line.replace(/[()\\]/g, '\\$&')}) Tj`]), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
