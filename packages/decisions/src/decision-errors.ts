/**
 * Typed failures of the decision handlers. All are permanent: retrying cannot repair the
 * nomination they are about, so the worker fails the effect for good (BullMQ's
 * UnrecoverableError) and the outbox row keeps the reason for an operator.
 */
import { EngineError } from '@vinh-danh/engine';

export class DecisionError extends EngineError {
  override readonly name: string = 'DecisionError';
  constructor(message: string, cause?: unknown) {
    super(message, { permanent: true, cause });
  }
}

/** The effect names no nomination, or one the store does not hold. */
export class DecisionNominationNotFoundError extends DecisionError {
  override readonly name = 'DecisionNominationNotFoundError';
  constructor(readonly nominationId: string | null, readonly effectId: string) {
    super(nominationId ? `nomination ${nominationId} of effect ${effectId} does not exist` : `effect ${effectId} names no nomination`);
  }
}

/** The nomination's nominee lacks what a decision must print. */
export class InvalidNomineeError extends DecisionError {
  override readonly name = 'InvalidNomineeError';
  constructor(readonly nominationId: string, readonly field: 'kind' | 'name') {
    super(`nomination ${nominationId} has no valid nominee ${field}`);
  }
}

/** The award type of the effect is not in the catalogue, or does not fit the nominee. */
export class DecisionAwardError extends DecisionError {
  override readonly name = 'DecisionAwardError';
  constructor(message: string, cause?: unknown) {
    super(message, cause);
  }
}

/** No body can be found whose register numbers the decision: numbering it elsewhere could repeat a number. */
export class DecisionIssuerError extends DecisionError {
  override readonly name = 'DecisionIssuerError';
  constructor(message: string) {
    super(message);
  }
}
