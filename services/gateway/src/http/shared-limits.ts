import type { Redis } from 'ioredis';
import type { Store as RateLimitStore, IncrementResponse } from 'express-rate-limit';

/**
 * Counters every gateway process shares, in Redis, so a limit is one limit however many
 * replicas serve behind the load balancer. Each counter lives for a window that starts at its
 * first count and ends with the key's expiry. A Redis that does not answer within `timeoutMs`
 * fails the call; the limits built on it then let the request through (see {@link
 * sharedRateLimitStore}), as a submission goes on without Redis too.
 */
export interface SharedCounters {
  /** Adds `amount` to `key`'s window (starting one of `windowMs` if none runs); the total and the ms left. */
  add(key: string, amount: number, windowMs: number): Promise<{ total: number; msLeft: number }>;
  /**
   * Adds `amount` unless the total would pass `limit`; when it would, nothing is added.
   * `added` says which; `total` is the window's total after the call.
   */
  addWithin(key: string, amount: number, limit: number, windowMs: number): Promise<{ added: boolean; total: number; msLeft: number }>;
  /** The window's total and ms left, or undefined when none runs. */
  get(key: string): Promise<{ total: number; msLeft: number } | undefined>;
  /** Takes one back (a request the limiter chose not to count); never below 0, never starts a window. */
  subtractOne(key: string): Promise<void>;
  remove(key: string): Promise<void>;
}

// KEYS[1] counter; ARGV amount, window ms, limit (-1: none). Returns {added, total, pttl}.
const addScript = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = tonumber(ARGV[1])
local limit = tonumber(ARGV[3])
if limit >= 0 and current + amount > limit then
  return {0, current, redis.call('PTTL', KEYS[1])}
end
local total = redis.call('INCRBY', KEYS[1], amount)
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {1, total, ttl}`;

const subtractScript = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

export interface SharedCountersOptions {
  /** Prepended to every key, with `:limits:`; the deployment's queue prefix. */
  prefix: string;
  /** How long a call waits for Redis; default 1 000 ms. */
  timeoutMs?: number;
}

/** The scripts as ioredis commands: sent by digest (EVALSHA), the body only when Redis lacks it. */
interface LimitCommands {
  vdLimitAdd(key: string, amount: number, windowMs: number, limit: number): Promise<[number, number, number]>;
  vdLimitSubtractOne(key: string): Promise<number>;
}

function withLimitCommands(redis: Redis): Redis & LimitCommands {
  const commands = redis as Redis & Partial<LimitCommands>;
  if (!commands.vdLimitAdd) redis.defineCommand('vdLimitAdd', { numberOfKeys: 1, lua: addScript });
  if (!commands.vdLimitSubtractOne) redis.defineCommand('vdLimitSubtractOne', { numberOfKeys: 1, lua: subtractScript });
  return redis as Redis & LimitCommands;
}

export function createSharedCounters(connection: Redis, options: SharedCountersOptions): SharedCounters {
  const redis = withLimitCommands(connection);
  const timeoutMs = options.timeoutMs ?? 1_000;
  const keyOf = (key: string) => `${options.prefix}:limits:${key}`;
  /** The call, or an error naming the wait once `timeoutMs` passed (the command may still land later). */
  const bounded = <T>(call: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Redis did not answer the shared limit within ${timeoutMs} ms`)), timeoutMs);
      call.then(
        (value) => (clearTimeout(timer), resolve(value)),
        (error: unknown) => (clearTimeout(timer), reject(error)),
      );
    });
  const run = async (key: string, amount: number, limit: number, windowMs: number) => {
    if (!(Number.isSafeInteger(amount) && amount >= 0)) throw new RangeError(`a shared count must be a whole number ≥ 0, got ${amount}`);
    const [added, total, ttl] = (await bounded(redis.vdLimitAdd(keyOf(key), amount, Math.max(1, Math.round(windowMs)), limit)));
    return { added: added === 1, total, msLeft: Math.max(0, ttl) };
  };
  return {
    add: async (key, amount, windowMs) => {
      const { total, msLeft } = await run(key, amount, -1, windowMs);
      return { total, msLeft };
    },
    addWithin: (key, amount, limit, windowMs) => run(key, amount, limit, windowMs),
    async get(key) {
      const [total, ttl] = await bounded(Promise.all([redis.get(keyOf(key)), redis.pttl(keyOf(key))]));
      return total === null || ttl < 0 ? undefined : { total: Number(total), msLeft: ttl };
    },
    async subtractOne(key) {
      await bounded(redis.vdLimitSubtractOne(keyOf(key)));
    },
    async remove(key) {
      await bounded(redis.del(keyOf(key)));
    },
  };
}

/**
 * An express-rate-limit store on {@link SharedCounters}: the limiter named `name` counts each
 * client's requests per window in Redis, shared by every gateway process.
 */
export function sharedRateLimitStore(counters: SharedCounters, name: string): RateLimitStore {
  let windowMs = 60_000;
  const keyOf = (client: string) => `${name}:${client}`;
  const response = ({ total, msLeft }: { total: number; msLeft: number }): IncrementResponse => ({ totalHits: total, resetTime: new Date(Date.now() + msLeft) });
  return {
    localKeys: false,
    prefix: `${name}:`,
    init(options) {
      windowMs = options.windowMs;
    },
    async get(client) {
      const found = await counters.get(keyOf(client));
      return found && response(found);
    },
    increment: async (client) => response(await counters.add(keyOf(client), 1, windowMs)),
    decrement: (client) => counters.subtractOne(keyOf(client)),
    resetKey: (client) => counters.remove(keyOf(client)),
  };
}
