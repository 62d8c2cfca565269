import { migrations, type Store, type StoreIndex } from '@vinh-danh/store';

/** What `npm run store:check` found; `problems` empty means the store matches this code. */
export interface StoreCheckReport {
  adapter: string;
  serverVersion: string;
  migrationLevel: number;
  latestMigration: number;
  appliedMigrations: number[];
  indexes: {
    expected: number;
    found: number;
    /** Defined by the migrations, absent from the database. */
    missing: StoreIndex[];
    /** Present under the expected name with another definition. */
    changed: Array<{ expected: StoreIndex; found: StoreIndex }>;
    /** Present but defined by no migration (an operator's own, or left from elsewhere): noted, not a failure. */
    extra: StoreIndex[];
  };
  /** Each a sentence saying what is wrong and what to do; the command exits 1 when there is any. */
  problems: string[];
}

const key = (index: StoreIndex) => `${index.table}\u0000${index.name}`;
const list = (versions: number[]) => versions.join(', ');

/**
 * Compares the configured store with what this version of the code expects: its migration
 * level (behind, ahead, or with gaps) and its indexes (missing or changed).
 */
export async function checkStore(store: Store): Promise<StoreCheckReport> {
  const [info, serverVersion, applied, indexes] = await Promise.all([
    store.info(),
    store.admin.serverVersion(),
    store.admin.appliedMigrations(),
    store.admin.indexes(),
  ]);
  const problems: string[] = [];
  if (applied.length === 0) {
    // Nothing to compare index by index: say the one thing that is wrong.
    problems.push(
      `the store has never been migrated (no migration applied, ${indexes.found.length} of the ${indexes.expected.length} indexes present): ` +
        'check DATABASE_URL / DATABASE_SCHEMA / DATA_DIR, or start the gateway or the worker, which migrate at start',
    );
    return {
      adapter: info.adapter,
      serverVersion,
      migrationLevel: 0,
      latestMigration: info.latestMigration,
      appliedMigrations: [],
      indexes: { expected: indexes.expected.length, found: indexes.found.length, missing: indexes.expected, changed: [], extra: [] },
      problems,
    };
  }
  const known = migrations.map((migration) => migration.version);
  const notApplied = known.filter((version) => !applied.includes(version));
  const unknown = applied.filter((version) => !known.includes(version));
  if (info.migrationLevel < info.latestMigration) {
    problems.push(
      `migration level ${info.migrationLevel} is behind this code's latest ${info.latestMigration}: ` +
        `migration(s) ${list(notApplied)} not applied (the gateway and the worker apply them when they start)`,
    );
  } else if (notApplied.length > 0) {
    problems.push(`migration(s) ${list(notApplied)} missing below level ${info.migrationLevel}: the schema was changed by hand or restored in part`);
  }
  if (unknown.length > 0) {
    problems.push(
      `migration level ${info.migrationLevel} is ahead of this code's latest ${info.latestMigration}: ` +
        `migration(s) ${list(unknown)} come from a newer version; run that version, or restore a backup taken before it`,
    );
  }

  const found = new Map(indexes.found.map((index) => [key(index), index]));
  const expected = new Set(indexes.expected.map(key));
  const missing = indexes.expected.filter((index) => !found.has(key(index)));
  const changed = indexes.expected.flatMap((index) => {
    const actual = found.get(key(index));
    return actual && actual.definition !== index.definition ? [{ expected: index, found: actual }] : [];
  });
  const extra = indexes.found.filter((index) => !expected.has(key(index)));
  for (const index of missing) problems.push(`index ${index.name} on ${index.table} is missing; expected: ${index.definition}`);
  for (const { expected: wanted, found: actual } of changed) {
    problems.push(`index ${wanted.name} on ${wanted.table} differs; expected: ${wanted.definition}; found: ${actual.definition}`);
  }
  return {
    adapter: info.adapter,
    serverVersion,
    migrationLevel: info.migrationLevel,
    latestMigration: info.latestMigration,
    appliedMigrations: applied,
    indexes: { expected: indexes.expected.length, found: indexes.found.length, missing, changed, extra },
    problems,
  };
}

/** The report as the command prints it. */
export function formatStoreCheck(report: StoreCheckReport): string {
  const lines = [
    'Store check',
    `  adapter:          ${report.adapter} (${report.serverVersion})`,
    `  migration level:  ${report.migrationLevel} of ${report.latestMigration} (applied: ${list(report.appliedMigrations) || 'none'})`,
    `  indexes:          ${report.indexes.found} found, ${report.indexes.expected} defined by the migrations`,
    ...report.indexes.extra.map((index) => `  note: index ${index.name} on ${index.table} is not defined by any migration: ${index.definition}`),
    ...report.problems.map((problem) => `  PROBLEM: ${problem}`),
    report.problems.length === 0 ? 'OK: the store matches this version of the code.' : `FAILED: ${report.problems.length} problem(s).`,
  ];
  return `${lines.join('\n')}\n`;
}
