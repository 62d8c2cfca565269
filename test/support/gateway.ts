import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@vinh-danh/config';
import type { RouteTiming } from '@vinh-danh/domain';
import { seedDemoData, startGateway, type Gateway } from '@vinh-danh/gateway';
import { createLogger } from '@vinh-danh/log';
import type { TaskRecord } from '@vinh-danh/store';
import { createTaskLinks, type TaskLinks } from '@vinh-danh/task-links';
import { definitions } from '@vinh-danh/workflows';
import type { WorkflowDefinition } from '@vinh-danh/engine';
import { startHarness, type Harness } from './harness.ts';
import { waitFor } from './wait.ts';

export const testSecret = 'test-task-link-secret-0123456789abcdef';

/** A real gateway on port 0 over a real runtime (Redis, PGlite) with in-process workers and the demo units. */
export interface GatewayFixture {
  harness: Harness;
  gateway: Gateway;
  taskLinks: TaskLinks;
  url: string;
  /** Every line the gateway logged, as JSON text. */
  logLines: string[];
  /**
   * The task page URL of a task, on this gateway: a link made and bound to the task as its mail
   * would carry it (a random token), the same one each time for one task within a fixture.
   * Like a mail's, it is made only while the task is open (rejects afterwards).
   */
  taskUrl(taskId: string): Promise<string>;
  /** The token in {@link GatewayFixture.taskUrl}'s link of that task. */
  taskToken(taskId: string): Promise<string>;
  /** POSTs a JSON body (an object, or raw text/bytes as given) to `/api/nominations`. */
  submitJson(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Resolves once the instance has an open task of that step, and returns it. */
  openTask(instanceId: string, step: string): Promise<TaskRecord>;
  /** Rows in every table of the store (nominations, files, drafts, instances, history, inbox, outbox, tasks…): to show a refused request stored nothing. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startGatewayFixture(env: Record<string, string> = {}, options: { routeTiming?: Partial<RouteTiming> } = {}): Promise<GatewayFixture> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vd-gateway-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    TASK_LINK_SECRET: testSecret,
    DATA_DIR: dataDir,
    MAX_UPLOAD_BYTES: String(200 * 1024),
    MAX_ATTACHMENTS: '3',
    SUBMIT_RATE_LIMIT_PER_MIN: '100000',
    OBJECTIONS_PER_HOUR: '100000',
    TOKEN_RATE_LIMIT_PER_MIN: '100000',
    ...env,
  });
  const taskLinks = createTaskLinks({ secret: testSecret, publicUrl: 'http://localhost' });
  const harness = await startHarness({ definitions: definitions as unknown as WorkflowDefinition[] });
  await seedDemoData(harness.runtime.store);
  const logLines: string[] = [];
  const log = createLogger({ service: 'gateway', level: 'debug', destination: { write: (line: string) => void logLines.push(line) } });
  const gateway = await startGateway({ config, log, taskLinks, runtime: harness.runtime, routeTiming: options.routeTiming });
  const { store } = harness.runtime;
  const tokens = new Map<string, Promise<string>>();
  const taskToken = (taskId: string) => {
    let token = tokens.get(taskId);
    if (!token) {
      const link = taskLinks.newLink();
      token = store.tasks.addLink(taskId, link.tokenHash).then((bound) => {
        // As with mail: a closed task gets no new link. A test of a closed task's page takes its link while it is open.
        if (!bound) throw new Error(`task ${taskId} has closed: no link is made for it now; take its taskUrl while it is open`);
        return link.token;
      });
      tokens.set(taskId, token);
    }
    return token;
  };
  return {
    harness,
    gateway,
    taskLinks,
    url: gateway.url,
    logLines,
    taskToken,
    taskUrl: async (taskId) => `${gateway.url}/tasks/${await taskToken(taskId)}`,
    submitJson(body, headers = {}) {
      const raw = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      return fetch(`${gateway.url}/api/nominations`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
    },
    async openTask(instanceId, step) {
      const tasks = await waitFor(
        () => store.tasks.listByInstance(instanceId),
        (list) => list.some((task) => task.status === 'open' && task.step === step),
        { what: `an open ${step} task` },
      );
      return tasks.find((task) => task.status === 'open' && task.step === step)!;
    },
    counts: () => store.admin.counts(),
    async close() {
      await gateway.stop();
      await harness.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid body for `POST /api/nominations` with the demo units. */
export function validNomination(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    nominee: { kind: 'individual', name: 'Nguyễn Thị Hoa', position: 'Chuyên viên Phòng Tổ chức – Biên chế', identifier: '024185000123' },
    unitId: 'so-noi-vu-bac-giang',
    awardTypeId: 'bang-khen-bo-nganh-tinh',
    period: '2025',
    achievementSummary: 'Hoàn thành xuất sắc nhiệm vụ năm 2025; sáng kiến số hóa hồ sơ thi đua được áp dụng toàn tỉnh.',
    contact: { name: 'Trần Văn Nam', email: 'nam.tran@sonoivu.bacgiang.example' },
    ...overrides,
  };
}

/** Small files whose bytes really are of their type (magic numbers), and one that is not. */
export const sampleFiles = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]),
  exe: Buffer.from('MZ\x90\x00\x03\x00\x00\x00this is not a pdf', 'latin1'),
};

/** The value of a hidden input in a page. */
export function hiddenValue(page: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (!match) throw new Error(`no hidden input "${name}" in the page`);
  return match[1]!.replaceAll('&amp;', '&');
}

/** The cookies a response sets, as a Cookie header. */
export function cookiesOf(response: Response, previous = ''): string {
  const jar = new Map(previous.split(';').filter(Boolean).map((part) => part.trim().split('=') as [string, string]));
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return [...jar.entries()].map(([name, value]) => `${name}=${value}`).join('; ');
}
