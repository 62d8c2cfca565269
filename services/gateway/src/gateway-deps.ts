import type { Config } from '@vinh-danh/config';
import type { RouteTiming } from '@vinh-danh/domain';
import type { Runtime } from '@vinh-danh/engine';
import type { Logger } from '@vinh-danh/log';
import type { TaskLinks } from '@vinh-danh/task-links';
import type { Csrf } from './http/csrf.ts';
import type { SharedCounters } from './http/shared-limits.ts';

/** What every route of the gateway is built from; passed in, never global. */
export interface GatewayDeps {
  config: Config;
  log: Logger;
  runtime: Runtime;
  taskLinks: TaskLinks;
  csrf: Csrf;
  /** Base of the links the gateway prints (tracking URLs), without a trailing slash. */
  publicUrl: string;
  /** The engine's clock, so business time is one source everywhere. */
  now(): Date;
  /** How a route's working days become the procedure's milliseconds. */
  routeTiming: RouteTiming;
  /** The counters behind the rate limits and upload budget, shared by every gateway process (Redis). */
  limits: SharedCounters;
}
