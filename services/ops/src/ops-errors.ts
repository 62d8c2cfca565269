/**
 * Why an operator command stopped. Each carries the exit code the command ends with, so
 * `main.ts` needs no knowledge of the individual failures.
 */
export class OpsError extends Error {
  override readonly name: string = 'OpsError';
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The command line was not understood; nothing was touched. */
export class UsageError extends OpsError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}

/** The configured store could not be opened (missing data folder, unreachable server, unsupported URL). */
export class StoreUnavailableError extends OpsError {
  override readonly name = 'StoreUnavailableError';
}

/** An export file that is not one, is damaged, or does not match its own header. */
export class TransferFileError extends OpsError {
  override readonly name = 'TransferFileError';
}

/** The import would be unsafe as asked: a non-empty target without `--force`, or another migration level. */
export class ImportRefusedError extends OpsError {
  override readonly name = 'ImportRefusedError';
}

/** After the import the target does not hold exactly the rows the file declares. */
export class ImportCountMismatchError extends OpsError {
  override readonly name = 'ImportCountMismatchError';
}
