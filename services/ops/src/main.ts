/**
 * Operator commands over the configured store (`npm run store:check | store:export | store:import | store:failed | store:retry`).
 * Prints what it did or why it stopped; exits 0, 1 (a problem found or a refusal), 2 (usage) or
 * 3 (`store:failed` found failed work).
 */
import { loadConfigOrExit } from '@vinh-danh/config';
import { OpsError } from './ops-errors.ts';
import { runOpsCommand } from './ops-commands.ts';

const config = loadConfigOrExit(process.env, { operatorCommand: true });

try {
  const { exitCode, output } = await runOpsCommand(process.argv.slice(2), config);
  process.stdout.write(output);
  process.exitCode = exitCode;
} catch (error) {
  if (error instanceof OpsError) {
    process.stderr.write(`${error.name}: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`store command failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
    process.exitCode = 1;
  }
}
