import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { vietnamCalendar, type WorkingCalendar } from '@vinh-danh/domain';
import { z } from 'zod';
import { isSentinelUrl, parseSentinelUrl, sentinelUrlWithoutPasswords } from './redis-sentinel-url.ts';

/** Thrown when the environment does not describe a runnable configuration. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
  }
}

/** Digits only: `0x10`, `1e3` and blanks are not numbers an operator means. */
export const wholeNumberPattern = /^\d{1,15}$/;
const wholeNumber = z.string().trim().regex(wholeNumberPattern, 'must be a whole number (digits only)').transform(Number);
const positiveInt = (fallback: number) => wholeNumber.pipe(z.number().positive()).default(fallback);

/** A secret still holding the deployment templates' placeholder (infra/k8s/secret.yaml): never a real one. */
const isPlaceholder = (secret: string) => /CHANGE-ME/i.test(secret);
const placeholderMessage = "is still the template's CHANGE-ME placeholder; put a secret of your own";

/** A URL of `schemes` that names a host (`redis://` alone names none), without the template's placeholder password. */
const serverUrl = (schemes: string[], example: string) =>
  z
    .string()
    .trim()
    .refine((url) => schemes.some((scheme) => url.startsWith(`${scheme}://`)), { message: `must start with ${schemes.map((scheme) => `${scheme}://`).join(' or ')}` })
    .refine(
      (url) => {
        try {
          return new URL(url).hostname !== '';
        } catch {
          return false;
        }
      },
      { message: `must be a URL with a host, e.g. ${example}` },
    )
    .refine((url) => !isPlaceholder(url), { message: `holds the template's CHANGE-ME placeholder; put the real password in` });

const databaseUrl = z
  .string()
  .trim()
  .refine((url) => /^(postgres|postgresql|mongodb|mongodb\+srv):\/\//.test(url), {
    message: 'must start with postgres://, postgresql:// or mongodb://',
  })
  // A PostgreSQL URL names its server: a host, or a socket folder in `?host=` (MongoDB's may list several hosts).
  .refine(
    (url) => {
      if (!/^postgres(ql)?:\/\//.test(url)) return true;
      try {
        const parsed = new URL(url);
        return parsed.hostname !== '' || parsed.searchParams.has('host');
      } catch {
        return false;
      }
    },
    { message: 'must be a URL with a host, e.g. postgres://vinhdanh@db.example.gov.vn:5432/vinhdanh' },
  )
  .refine((url) => !isPlaceholder(url), { message: `holds the template's CHANGE-ME placeholder; put the real password in` });

/** One Redis (`redis://`, `rediss://`), or a master behind Sentinel (`redis-sentinel://`, see redis-sentinel-url.ts). */
const redisUrl = z.string().trim().superRefine((url, context) => {
  if (!isSentinelUrl(url)) {
    const checked = serverUrl(['redis', 'rediss', 'redis-sentinel'], 'redis://redis:6379').safeParse(url);
    if (!checked.success) for (const issue of checked.error.issues) context.addIssue({ code: 'custom', message: issue.message });
    return;
  }
  try {
    parseSentinelUrl(url);
  } catch (error) {
    context.addIssue({ code: 'custom', message: `${(error as Error).message}` });
  }
  if (isPlaceholder(url)) context.addIssue({ code: 'custom', message: "holds the template's CHANGE-ME placeholder; put the real password in" });
});

/** The entries of a comma-separated list, trimmed, blanks left out. */
const commaList = (text: string) => text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');

/** A comma-separated list of days that `check` accepts (it throws a RangeError naming a bad entry). */
const dayList = (check: (entries: string[]) => unknown) =>
  z
    .string()
    .transform((text, context) => {
      const entries = commaList(text);
      try {
        check(entries);
      } catch (error) {
        context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      }
      return entries;
    })
    .default([]);

/** One entry of a TRUST_PROXY list: an IP address, a CIDR range, or one of Express's named ranges. */
const proxyNames = ['loopback', 'linklocal', 'uniquelocal'] as const;
const isProxyEntry = (entry: string) => {
  if ((proxyNames as readonly string[]).includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
};
/** A range of every address (`0.0.0.0/0`, `::/0`): trusting it is trusting any client. */
const isEveryAddress = (entry: string) => /\/0+$/.test(entry);

/**
 * Which peers' X-Forwarded-For the gateway believes (the client address that rate limits key
 * on): `false`, a number of proxy hops in front, or the proxies' addresses. `true` is refused:
 * it believes any header, so a client could choose its own address.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((text, context): false | number | string[] => {
    if (text === 'false') return false;
    if (/^\d+$/.test(text)) {
      const hops = Number(text);
      if (hops <= 10) return hops === 0 ? false : hops;
    }
    const entries = commaList(text);
    const everyone = entries.filter(isEveryAddress);
    if (text === 'true' || everyone.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `${text === 'true' ? 'true' : everyone.join(', ')} would let any client choose its own address; give the number of proxies in front (e.g. 1) or their addresses`,
      });
      return z.NEVER;
    }
    const bad = entries.filter((entry) => !isProxyEntry(entry));
    if (entries.length === 0 || bad.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `must be false, a number of proxy hops from 0 to 10, or a comma-separated list of addresses, CIDR ranges and ${proxyNames.join('/')}${bad.length > 0 ? `; not an address or range: ${bad.join(', ')}` : ''}`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** A named bearer token of the officers' API: `name:token`, the name recorded as who acted. */
export interface OfficerToken {
  name: string;
  token: string;
}

/** `OFFICER_API_TOKENS`: comma-separated `name:token` pairs; names unique, tokens of 32 or more characters. */
/** An officer's name in OFFICER_API_TOKENS and OFFICER_CLUSTERS: 1–50 lower-case letters, digits, ".", "_" or "-". */
const officerName = '[a-z0-9][a-z0-9._-]{0,49}';
const officerNameOnly = new RegExp(`^${officerName}$`);
const clusterIdPattern = '[a-z0-9]+(?:-[a-z0-9]+)*';
/** `name:*` or `name:cluster-id|cluster-id`. */
const officerClustersEntry = new RegExp(`^(${officerName}):(\\*|${clusterIdPattern}(?:\\|${clusterIdPattern})*)$`);

const officerTokens = z
  .string()
  .trim()
  .transform((text, context): OfficerToken[] => {
    const entries = commaList(text);
    const tokens: OfficerToken[] = [];
    entries.forEach((entry, index) => {
      const colon = entry.indexOf(':');
      const name = colon === -1 ? '' : entry.slice(0, colon);
      const token = colon === -1 ? entry : entry.slice(colon + 1);
      const position = `entry ${index + 1}`;
      // Only the entry's position is named: a pair written the wrong way round would show its token as the name.
      if (!officerNameOnly.test(name)) {
        context.addIssue({ code: 'custom', message: `${position}: must be name:token, the name 1–50 lower-case letters, digits, ".", "_" or "-" (e.g. ban-tdkt:$(openssl rand -hex 32))` });
      } else if (token.length < 32 || /\s/.test(token)) {
        context.addIssue({ code: 'custom', message: `${position}: the token must be at least 32 characters, without spaces` });
      } else if (isPlaceholder(token)) {
        context.addIssue({ code: 'custom', message: `${position}: the token ${placeholderMessage}` });
      } else if (tokens.some((known) => known.name === name)) {
        context.addIssue({ code: 'custom', message: `${position}: its name is given twice` });
      } else tokens.push({ name, token });
    });
    if (entries.length === 0) context.addIssue({ code: 'custom', message: 'must hold at least one name:token pair' });
    return tokens;
  });

/**
 * `OFFICER_CLUSTERS`: which clusters each officer's token may act on (start an evaluation,
 * record a merger), `name:cluster-id|cluster-id`, comma-separated; `name:*` for every cluster.
 */
const officerClusters = z
  .string()
  .trim()
  .transform((text, context): Record<string, string[]> => {
    const scopes: Record<string, string[]> = {};
    commaList(text).forEach((entry, index) => {
      const match = officerClustersEntry.exec(entry);
      if (!match) {
        context.addIssue({ code: 'custom', message: `entry ${index + 1} ("${entry}"): must be name:cluster-id|cluster-id or name:* (e.g. ban-tdkt:cum-trung-du-mien-nui-phia-bac)` });
      } else if (Object.hasOwn(scopes, match[1]!)) {
        context.addIssue({ code: 'custom', message: `entry ${index + 1}: ${match[1]} is given twice` });
      } else scopes[match[1]!] = match[2]!.split('|');
    });
    // Blank or commas alone would read as "set, naming nobody": every officer shut out of every cluster.
    if (commaList(text).length === 0) context.addIssue({ code: 'custom', message: 'must hold at least one name:cluster-id entry (unset it to let every officer act on every cluster)' });
    return scopes;
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: databaseUrl.optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and "_", starting with a letter or "_"')
    .optional(),
  DATA_DIR: z
    .string()
    .trim()
    .min(1)
    .refine((dir) => dir.startsWith('memory://') || !existsSync(dir) || statSync(dir).isDirectory(), {
      message: 'must be a folder (made if missing) or memory://; something other than a folder is there',
    })
    .default('./data'),
  REDIS_URL: redisUrl.optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only')
    .default('vinhdanh'),
  WORKER_CONCURRENCY: positiveInt(16).pipe(z.number().max(1000)),
  // Below the orchestrator's grace period (75 s in infra/), so the process closes its connections
  // and exits itself; jobs still running then are retried once their locks lapse.
  WORKER_DRAIN_TIMEOUT_MS: positiveInt(60_000).pipe(z.number().min(1_000).max(3_600_000)),
  // At most an hour: timers due within 2 × this get their delayed job at once, and a Redis that
  // lost its data is repaired within it. At least 100 ms, or the reconciler would do nothing else.
  RECONCILE_INTERVAL_MS: positiveInt(15_000).pipe(z.number().min(100).max(3_600_000)),
  // At least a second (below, work merely in flight would be queued again), at most a day.
  OUTBOX_STALE_MS: positiveInt(30_000).pipe(z.number().min(1_000).max(86_400_000)),
  DB_POOL_SIZE: positiveInt(10).pipe(z.number().max(200)),
  PORT: wholeNumber.pipe(z.number().max(65535)).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: z
    .string()
    .trim()
    .refine((url) => /^https?:\/\/[^\s/]+\S*$/.test(url) && URL.canParse(url) && new URL(url).hostname !== '', {
      message: 'must be an http(s) URL with a host, a port up to 65535 and no spaces, such as https://vinhdanh.example.gov.vn',
    })
    // Links are made by appending a path (`/tasks/…`): after a query or a fragment it would not be one.
    .refine((url) => !/[?#]/.test(url), { message: 'must hold no query (?…) or fragment (#…): mailed links add their path after it' })
    // The gateway serves its pages from the root and links them from there (`/tasks/…`, `/assets/…`).
    .refine((url) => !URL.canParse(url) || /^\/*$/.test(new URL(url).pathname), {
      message: 'must be the address of the site\'s root, with no path such as /vinhdanh: the gateway\'s pages link from the root, so serve it at its own host name or port',
    })
    .optional(),
  TASK_LINK_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)')
    .refine((secret) => secret.replace(/\s/g, '').length >= 32, 'must hold at least 32 characters other than spaces (e.g. `openssl rand -base64 48`)')
    .refine((secret) => !isPlaceholder(secret), placeholderMessage)
    .optional(),
  OFFICER_API_TOKENS: officerTokens.optional(),
  OFFICER_CLUSTERS: officerClusters.optional(),
  SMTP_URL: serverUrl(['smtp', 'smtps'], 'smtp://user:pass@mail.example.gov.vn:587').optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'must be an address or "Name <address>", e.g. Vinh Danh <no-reply@example.gov.vn>')
    .default('Vinh Danh <no-reply@vinh-danh.local>'),
  TRUST_PROXY: trustProxy.default(false),
  SUBMIT_RATE_LIMIT_PER_MIN: positiveInt(60),
  OBJECTIONS_PER_HOUR: positiveInt(10),
  TOKEN_RATE_LIMIT_PER_MIN: positiveInt(30),
  MAX_UPLOAD_BYTES: positiveInt(10 * 1024 * 1024),
  MAX_ATTACHMENTS: positiveInt(5).pipe(z.number().max(20)),
  MAX_UPLOAD_BYTES_PER_HOUR: positiveInt(200 * 1024 * 1024),
  PUBLIC_HOLIDAYS: dayList((entries) => vietnamCalendar({ holidays: entries })),
  MAKEUP_WORKING_DAYS: dayList((entries) => vietnamCalendar({ makeupWorkingDays: entries })),
});

export type Env = z.infer<typeof envSchema>;

/** Every environment variable the configuration reads; deployment files may set these and no others. */
export const configVariables = Object.keys(envSchema.shape) as ReadonlyArray<keyof Env>;

/**
 * What separate gateway and worker processes require in production beyond their own needs, and
 * why: the defaults serve one process on one machine.
 */
export const sharedServiceReasons = {
  PUBLIC_URL: 'the links in mails and pages are made of it; unset, they point at http://localhost',
  DATABASE_URL: 'unset, each process keeps an embedded store of its own, which no other process sees',
  REDIS_URL: 'unset, each process starts a redis-server of its own, and jobs never reach another process',
} as const satisfies Partial<Record<keyof Env, string>>;

/**
 * What a production deployment of separate gateway and worker processes must set, because the
 * defaults suit one process on a developer's machine only: an embedded store and a private
 * redis-server belong to one process, unset SMTP only logs mail, links would point at
 * localhost, and the gateway listens on 127.0.0.1 unless told otherwise.
 */
export const productionVariables = {
  /** Gateway and worker alike. */
  all: ['NODE_ENV', 'TASK_LINK_SECRET', 'SMTP_URL', ...(Object.keys(sharedServiceReasons) as Array<keyof typeof sharedServiceReasons>)],
  /** The gateway in a container or pod must listen on all interfaces (`HOST=0.0.0.0`). */
  gateway: ['HOST', 'PORT'],
} as const satisfies Record<string, ReadonlyArray<keyof Env>>;

/** The one typed configuration object; nothing else in the project reads `process.env`. */
export interface Config {
  nodeEnv: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  /** Unset: embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema to keep the tables in (created if missing); default the server's search_path. */
  databaseSchema: string | undefined;
  dataDir: string;
  /** Unset: a private `redis-server` is started under `dataDir`. */
  redisUrl: string | undefined;
  queuePrefix: string;
  workerConcurrency: number;
  /** How long a stopping worker waits for its jobs in flight before it closes anyway. */
  workerDrainTimeoutMs: number;
  /** How often the reconciler re-drives outbox rows, inbox events and timers from the store. */
  reconcileIntervalMs: number;
  /** An outbox row or inbox event still pending after this long is enqueued again. */
  outboxStaleMs: number;
  dbPoolSize: number;
  /** Gateway HTTP port; 0 picks a free one (tests). */
  port: number;
  /** Address the gateway listens on; default 127.0.0.1 (set 0.0.0.0 in a container). */
  host: string;
  /** Base of links in e-mails; default `http://localhost:<port>`. */
  publicUrl: string;
  /** Key the gateway signs its CSRF tokens with (task links are random tokens); required in production. */
  taskLinkSecret: string | undefined;
  /**
   * Who may call the officers' API routes (award-history import, cluster evaluation start), by
   * bearer token. Unset: those routes are open outside production and refused in production.
   */
  officerApiTokens: OfficerToken[] | undefined;
  /**
   * The clusters each officer (by token name) may act on; `['*']` for all. Unset: every officer
   * may act on every cluster. Set: an officer it does not name may act on none.
   */
  officerClusters: Record<string, string[]> | undefined;
  /** Unset: mail is logged, not sent (the all-in-one start runs its own capture server). */
  smtpUrl: string | undefined;
  mailFrom: string;
  /**
   * Whose X-Forwarded-For to believe, as Express's `trust proxy`: `false` (the peer is the
   * client), a number of proxy hops, or the proxies' addresses and ranges.
   */
  trustProxy: false | number | string[];
  submitRateLimitPerMin: number;
  /** Objections a client may file in an hour, over every posting (besides the per-minute limit). */
  objectionsPerHour: number;
  tokenRateLimitPerMin: number;
  /** Largest accepted attachment, in bytes. */
  maxUploadBytes: number;
  maxAttachments: number;
  /** Bytes of attachments one client may upload per hour (held in drafts until confirmed or expired). */
  maxUploadBytesPerHour: number;
  /**
   * Where deadlines in working days are counted: weekends, the Labour Code's fixed holidays,
   * `PUBLIC_HOLIDAYS` off and `MAKEUP_WORKING_DAYS` worked.
   */
  workingCalendar: WorkingCalendar;
}

/** Variables whose value is not echoed in an error: URLs may carry passwords, secrets are secret. */
const isSecret = (variable: string) => /URL$/.test(variable) || variable === 'TASK_LINK_SECRET' || variable === 'OFFICER_API_TOKENS';

/** A URL as it may be shown: its password masked; `invalid` for text that is not a URL. */
export function withoutPassword(url: string, invalid = '(not a valid URL)'): string {
  if (isSentinelUrl(url)) return sentinelUrlWithoutPasswords(url);
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    // PostgreSQL drivers also take the password (and a client key's) as parameters.
    for (const key of ['password', 'sslpassword']) if (parsed.searchParams.has(key)) parsed.searchParams.set(key, '***');
    return parsed.toString();
  } catch {
    return invalid;
  }
}

/** Why each process that runs the worker needs SMTP_URL in production. */
export const workerSmtpReason = 'without it every mail is only written to the log, each mail effect counts as done, and approvers never get their task links';

/** The issue a production process raises for a variable it requires there, `why` saying what would go wrong. */
export const productionRequirement = (variable: keyof Env, why: string) => `${variable}: required when NODE_ENV=production; ${why}`;

export interface LoadConfigOptions {
  /** Variables this process cannot run without, in any environment, each with why. */
  requires?: Partial<Record<keyof Env, string>>;
  /** Variables this process needs in production beyond those every process needs, each with why. */
  productionRequires?: Partial<Record<keyof Env, string>>;
  /**
   * An operator command (`npm run store:*`): it reads only the store's variables, so what the
   * services need in production (TASK_LINK_SECRET) is not asked of it.
   */
  operatorCommand?: boolean;
}

/**
 * Checks between variables, each made only when the variables it reads are valid on their own
 * (a bad one is reported as such already): so one report names every problem at once.
 */
function crossFieldIssues(valid: Partial<Env>, present: Record<string, string>, options: LoadConfigOptions): string[] {
  const issues: string[] = [];
  const { MAX_UPLOAD_BYTES: perFile, MAX_UPLOAD_BYTES_PER_HOUR: perHour, NODE_ENV: nodeEnv } = valid;
  if (perFile !== undefined && perHour !== undefined && perHour < perFile) {
    issues.push(`MAX_UPLOAD_BYTES_PER_HOUR: must be at least MAX_UPLOAD_BYTES (${perFile}), or no file of the largest size could ever be sent (got "${perHour}")`);
  }
  // Unset, not merely invalid (that is reported as such already).
  const unset = (variable: keyof Env) => valid[variable] === undefined && !(variable in present);
  for (const [variable, why] of Object.entries(options.requires ?? {}) as Array<[keyof Env, string]>) {
    if (unset(variable)) issues.push(`${variable}: required; ${why}`);
  }
  if (valid.PUBLIC_HOLIDAYS && valid.MAKEUP_WORKING_DAYS) {
    try {
      vietnamCalendar({ holidays: valid.PUBLIC_HOLIDAYS, makeupWorkingDays: valid.MAKEUP_WORKING_DAYS });
    } catch (error) {
      issues.push(`MAKEUP_WORKING_DAYS: ${error instanceof Error ? error.message : String(error)} (PUBLIC_HOLIDAYS lists it)`);
    }
  }
  if (nodeEnv === 'production' && !options.operatorCommand) {
    if (unset('TASK_LINK_SECRET') && !options.requires?.TASK_LINK_SECRET) issues.push('TASK_LINK_SECRET: required when NODE_ENV=production (at least 32 characters)');
    for (const [variable, why] of Object.entries(options.productionRequires ?? {}) as Array<[keyof Env, string]>) {
      if (unset(variable) && !options.requires?.[variable]) issues.push(productionRequirement(variable, why));
    }
  }
  return issues;
}

/** Parses and validates the environment; throws {@link ConfigError} naming every bad variable, all at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env, options: LoadConfigOptions = {}): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value === '' ? [] : [[key, value]];
    }),
  );
  const issues: string[] = [];
  // Each variable on its own, so the cross-field checks can still read the valid ones.
  const valid: Record<string, unknown> = {};
  for (const [variable, schema] of Object.entries(envSchema.shape) as Array<[keyof Env, z.ZodType]>) {
    const parsed = schema.safeParse(present[variable]);
    if (parsed.success) {
      valid[variable] = parsed.data;
      continue;
    }
    const shown = variable in present && !isSecret(variable) ? ` (got "${present[variable]}")` : '';
    for (const issue of parsed.error.issues) issues.push(`${variable}: ${issue.message}${shown}`);
  }
  issues.push(...crossFieldIssues(valid as Partial<Env>, present, options));
  if (issues.length > 0) throw new ConfigError(issues);
  const e = valid as Env;
  return {
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerDrainTimeoutMs: e.WORKER_DRAIN_TIMEOUT_MS,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
    outboxStaleMs: e.OUTBOX_STALE_MS,
    dbPoolSize: e.DB_POOL_SIZE,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    taskLinkSecret: e.TASK_LINK_SECRET,
    officerApiTokens: e.OFFICER_API_TOKENS,
    officerClusters: e.OFFICER_CLUSTERS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY,
    submitRateLimitPerMin: e.SUBMIT_RATE_LIMIT_PER_MIN,
    objectionsPerHour: e.OBJECTIONS_PER_HOUR,
    tokenRateLimitPerMin: e.TOKEN_RATE_LIMIT_PER_MIN,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    maxAttachments: e.MAX_ATTACHMENTS,
    maxUploadBytesPerHour: e.MAX_UPLOAD_BYTES_PER_HOUR,
    workingCalendar: vietnamCalendar({ holidays: e.PUBLIC_HOLIDAYS, makeupWorkingDays: e.MAKEUP_WORKING_DAYS }),
  };
}

/** For process entry points: load the config or print what is wrong and exit 1. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env, options: LoadConfigOptions = {}): Config {
  try {
    return loadConfig(env, options);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
