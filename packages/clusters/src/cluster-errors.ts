/**
 * Typed failures of the cluster procedures' runtime side. All are permanent: retrying cannot
 * repair the data they are about, so a worker fails the effect for good (BullMQ's
 * UnrecoverableError) and the outbox row keeps the message for an operator; a caller of the
 * start API gets the message and the HTTP status it stands for.
 */
import { EngineError } from '@vinh-danh/engine';

export class ClusterError extends EngineError {
  override readonly name: string = 'ClusterError';
  readonly status: number = 422;
  constructor(message: string, cause?: unknown) {
    super(message, { permanent: true, cause });
  }
}

/** The store holds no record of the cluster in that year. */
export class ClusterYearNotFoundError extends ClusterError {
  override readonly name = 'ClusterYearNotFoundError';
  override readonly status = 404;
  constructor(readonly clusterId: string, readonly year: number) {
    super(`cluster ${clusterId} has no record for ${year}`);
  }
}

/** The year cannot be evaluated as recorded: no agreement, a member nobody acts for … every problem listed. */
export class ClusterSetupError extends ClusterError {
  override readonly name = 'ClusterSetupError';
  constructor(readonly clusterId: string, readonly year: number, readonly problems: readonly string[], cause?: unknown) {
    super(`cluster ${clusterId} cannot evaluate ${year}: ${problems.join('; ')}`, cause);
  }
}

/** A leading unit's proposal cannot become a nomination: unknown unit or award, or a route nobody can walk. */
export class ClusterProposalError extends ClusterError {
  override readonly name = 'ClusterProposalError';
}

/** Next year's chair and deputy cannot be recorded. */
export class ClusterHandoverError extends ClusterError {
  override readonly name = 'ClusterHandoverError';
}
