import { parseArgs } from 'node:util';
import { wholeNumberPattern, type Config } from '@vinh-danh/config';
import type { FailedEffectSelection, Store } from '@vinh-danh/store';
import { StoreUnavailableError, UsageError } from './ops-errors.ts';
import { formatFailedWork, listFailedWork, retryFailedWork } from './failed-work.ts';
import { assertKeptStore, describeStore, openOpsStore } from './open-store.ts';
import { checkStore, formatStoreCheck } from './store-check.ts';
import { exportStore } from './store-export.ts';
import { importStore, verifyExportFile } from './store-import.ts';

export const usage = `Usage (settings from the environment, as the services read them: DATABASE_URL, DATABASE_SCHEMA, DATA_DIR):
  npm run store:check                                   adapter, server version, migration level and indexes; exit 1 on a mismatch
  npm run store:export -- --out FILE.ndjson             every row of the store to a checksummed NDJSON file
  npm run store:import -- --in FILE.ndjson [--force] [--batch-size N]
                                                        into an empty store at the same migration level (--force replaces its data;
                                                        N rows per write, default 500)
  npm run store:failed [-- --limit N]                   events and effects the workers gave up on, with their reasons (oldest N of each, default 100); exit 3 when there is any
  npm run store:retry -- --all | --instance ID [--instance ID …] | --effect ID [--effect ID …]
                                                        puts those failed events and effects back to pending; a running worker re-drives them
`;

/** The options each command takes; any other is a usage error, not silently ignored. */
const optionsOf: Record<string, readonly string[]> = {
  check: [],
  export: ['out'],
  import: ['in', 'force', 'batch-size'],
  failed: ['limit'],
  retry: ['all', 'instance', 'effect'],
};

/** Digits only, as the config reads numbers: `0x10`, `1e3` and padded values are not numbers an operator means (NaN). */
const wholeNumber = (text: string) => (wholeNumberPattern.test(text) ? Number(text) : Number.NaN);

/** store:failed's exit code when something failed: apart from 1, which says the command could not do its work. */
export const failedWorkExitCode = 3;

/** Default and largest `--limit` of store:failed. */
const failedListDefault = 100;
const failedListMax = 10_000;

export interface CommandOutcome {
  exitCode: number;
  output: string;
}

const count = (value: number) => value.toLocaleString('en-US');

/**
 * How a command uses the store: `inspect` it as it is (check); `read` one that exists and was
 * migrated, refusing one nobody migrated (a mistyped DATABASE_SCHEMA or DATA_DIR, most likely),
 * naming where it looked; `fill` it, creating it if need be and migrating it only once the
 * import has found it fit (import).
 */
type StoreUse = 'inspect' | 'read' | 'fill';

/** Opens the store for `use`, runs `work`, always closes it. */
async function withStore<T>(config: Config, use: StoreUse, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openOpsStore(config, { migrate: false, mustExist: use !== 'fill' });
  try {
    if (use === 'read' && (await store.info()).migrationLevel === 0) {
      throw new StoreUnavailableError(
        `${describeStore(config)} holds no Vinh Danh store (never migrated): check DATABASE_URL, DATABASE_SCHEMA and DATA_DIR (npm run store:check says more)`,
      );
    }
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * Runs one operator command. Failures the operator can act on are thrown as `OpsError`s
 * (each with its exit code); a failed check is an outcome, not an exception.
 */
export async function runOpsCommand(args: string[], config: Config): Promise<CommandOutcome> {
  const [command, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        out: { type: 'string' },
        in: { type: 'string' },
        force: { type: 'boolean' },
        'batch-size': { type: 'string' },
        limit: { type: 'string' },
        all: { type: 'boolean' },
        instance: { type: 'string', multiple: true },
        effect: { type: 'string', multiple: true },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  const allowed = optionsOf[command ?? ''];
  const stray = allowed ? Object.keys(parsed).filter((option) => !allowed.includes(option)) : [];
  if (stray.length > 0) throw new UsageError(`${command} takes no ${stray.map((option) => `--${option}`).join(', ')}\n${usage}`);
  switch (command) {
    case 'check': {
      const report = await withStore(config, 'inspect', checkStore);
      return { exitCode: report.problems.length === 0 ? 0 : 1, output: `Store: ${describeStore(config)}\n${formatStoreCheck(report)}` };
    }
    case 'export': {
      if (!parsed.out) throw new UsageError(`export needs --out FILE\n${usage}`);
      const out = parsed.out;
      const { header } = await withStore(config, 'read', (store) => exportStore(store, out));
      const tables = Object.entries(header.counts).map(([table, rows]) => `${table} ${count(rows)}`).join(', ');
      return {
        exitCode: 0,
        output:
          `Exported ${count(header.rows)} rows from ${header.sourceAdapter} (${header.sourceServerVersion}, ` +
          `migration level ${header.migrationLevel}) to ${out}\n  ${tables}\n  ${header.checksum}\n`,
      };
    }
    case 'import': {
      if (!parsed.in) throw new UsageError(`import needs --in FILE\n${usage}`);
      const input = parsed.in;
      const batchSize = parsed['batch-size'] === undefined ? undefined : wholeNumber(parsed['batch-size']);
      if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) throw new UsageError(`--batch-size must be a positive integer, got ${JSON.stringify(parsed['batch-size'])}\n${usage}`);
      // The file first: one that is missing or damaged opens (and creates) no store.
      assertKeptStore(config);
      const verified = await verifyExportFile(input);
      const summary = await withStore(config, 'fill', (store) => importStore(store, input, { force: parsed.force ?? false, batchSize, verified }));
      const replaced = Object.keys(summary.replaced).length > 0 ? `  replaced what the target held (--force)\n` : '';
      return {
        exitCode: 0,
        output:
          `Imported ${count(summary.header.rows)} rows from ${input} (exported from ${summary.header.sourceAdapter}) into ` +
          `${describeStore(config)} in ${summary.batches} batch(es); counts checked\n${replaced}`,
      };
    }
    case 'failed': {
      const limit = parsed.limit === undefined ? failedListDefault : wholeNumber(parsed.limit);
      if (!(Number.isInteger(limit) && limit > 0 && limit <= failedListMax)) {
        throw new UsageError(`--limit must be a whole number from 1 to ${count(failedListMax)}, got ${JSON.stringify(parsed.limit)}\n${usage}`);
      }
      const report = await withStore(config, 'read', (store) => listFailedWork(store, limit));
      const any = report.events.length + report.effects.length > 0;
      return { exitCode: any ? failedWorkExitCode : 0, output: `Store: ${describeStore(config)}\n${formatFailedWork(report, limit)}` };
    }
    case 'retry': {
      const selection = retrySelection(parsed);
      const { events, effects, unknownInstanceIds, idleInstanceIds } = await withStore(config, 'read', (store) => retryFailedWork(store, selection));
      const unknownInstances =
        (unknownInstanceIds.length > 0 ? `No instance has the id(s) ${unknownInstanceIds.join(', ')}.\n` : '') +
        (idleInstanceIds.length > 0 ? `The instance(s) ${idleInstanceIds.join(', ')} held no failed event or effect.\n` : '');
      if (events + effects === 0) {
        return { exitCode: 1, output: `Nothing put back: no failed event or effect matched (npm run store:failed lists them).\n${unknownInstances}` };
      }
      // Effect ids select one effect each: fewer put back means some named nothing failed.
      const unmatched = selection !== 'all' && 'effectIds' in selection ? new Set(selection.effectIds).size - effects : 0;
      return {
        exitCode: unmatched > 0 || unknownInstanceIds.length + idleInstanceIds.length > 0 ? 1 : 0,
        output:
          `Put back ${count(events)} event(s) and ${count(effects)} effect(s) as pending in ${describeStore(config)}.\n` +
          (unmatched > 0 ? `${count(unmatched)} of the effect ids given named no failed effect (unknown, pending or done): check them with npm run store:failed.\n` : '') +
          unknownInstances +
          `A running worker re-drives them on its reconciler's next pass (every RECONCILE_INTERVAL_MS, 15 s by default).\n`,
      };
    }
    case undefined:
    case 'help':
    case '--help':
      return { exitCode: command === undefined ? 2 : 0, output: usage };
    default:
      throw new UsageError(`unknown command "${command}"\n${usage}`);
  }
}

/** Exactly one of --all, --instance ID (repeatable), --effect ID (repeatable); ids must not be blank. */
function retrySelection(parsed: { all?: boolean; instance?: string[]; effect?: string[] }): FailedEffectSelection {
  const given = [parsed.all ? '--all' : null, parsed.instance ? '--instance' : null, parsed.effect ? '--effect' : null].filter(Boolean);
  if (given.length !== 1) {
    throw new UsageError(`retry needs exactly one of --all, --instance ID, --effect ID (got ${given.length === 0 ? 'none' : given.join(' and ')})\n${usage}`);
  }
  if (parsed.all) return 'all';
  const [flag, ids] = parsed.instance ? ['--instance', parsed.instance] : ['--effect', parsed.effect!];
  const blank = ids.findIndex((id) => id.trim() === '');
  if (blank >= 0) throw new UsageError(`${flag} needs an id, got an empty one\n${usage}`);
  return flag === '--instance' ? { instanceIds: ids } : { effectIds: ids };
}
