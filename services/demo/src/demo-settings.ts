/** The demo's settings from the environment, each checked; a bad one is named with what it accepts. */

export interface DemoSettings {
  seed: number;
  dayMs: number;
  timeoutMs: number;
}

type Read = { ok: true; value: DemoSettings } | { ok: false; problems: string[] };

function integer(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

export function readDemoSettings(env: Record<string, string | undefined>): Read {
  const problems: string[] = [];
  const value = {
    seed: integer(env, 'DEMO_SEED', 2023, 0, 2 ** 31 - 1, problems),
    dayMs: integer(env, 'DEMO_DAY_MS', 400, 50, 86_400_000, problems),
    timeoutMs: integer(env, 'DEMO_TIMEOUT_MS', 900_000, 10_000, 86_400_000, problems),
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}
