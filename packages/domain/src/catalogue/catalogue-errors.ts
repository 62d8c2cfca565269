/**
 * Typed errors of the award catalogue. They signal a caller's mistake (an unknown award id, a
 * nominee kind the award is not given to, a malformed date, a procedure the law does not allow
 * for that award) — never a business outcome: "not eligible" and "no reward money" are values.
 * Each carries `httpStatus` so the gateway's one error middleware can answer without a lookup.
 */

export class CatalogueError extends Error {
  override name = 'CatalogueError';
  readonly httpStatus: number = 400;
}

/** No award with that id in `awardTypes`. */
export class UnknownAwardTypeError extends CatalogueError {
  override name = 'UnknownAwardTypeError';
  constructor(readonly awardTypeId: string, options?: ErrorOptions) {
    super(`Unknown award type "${awardTypeId}"`, options);
  }
}

/** The award is not given to that kind of nominee (e.g. Cờ thi đua to an individual). */
export class NomineeKindMismatchError extends CatalogueError {
  override name = 'NomineeKindMismatchError';
  constructor(readonly awardTypeId: string, readonly nomineeKind: string, options?: ErrorOptions) {
    super(`Award type "${awardTypeId}" is not given to a ${nomineeKind} nominee`, options);
  }
}

/** A date that is not a real calendar day written `YYYY-MM-DD`. */
export class InvalidCatalogueDateError extends CatalogueError {
  override name = 'InvalidCatalogueDateError';
  constructor(readonly date: string, options?: ErrorOptions) {
    super(`Expected a calendar date YYYY-MM-DD, got "${date}"`, options);
  }
}

/** The simplified procedure (thủ tục đơn giản, for ad-hoc achievements) is not allowed for that award. */
export class SimplifiedProcedureNotAllowedError extends CatalogueError {
  override name = 'SimplifiedProcedureNotAllowedError';
  override readonly httpStatus = 422;
  constructor(readonly awardTypeId: string, options?: ErrorOptions) {
    super(`Award type "${awardTypeId}" cannot be proposed by the simplified procedure`, options);
  }
}

/** The award is not one a cluster proposes its elected leading members for: no cluster-proposal route. */
export class NotProposedByClustersError extends CatalogueError {
  override name = 'NotProposedByClustersError';
  override readonly httpStatus = 422;
  constructor(readonly awardTypeId: string, options?: ErrorOptions) {
    super(`Award type "${awardTypeId}" is not one a cluster proposes its leading members for`, options);
  }
}

/** The catalogue holds no rules in force at that date (e.g. a route before Law 06/2022 applied). */
export class CatalogueNotInForceError extends CatalogueError {
  override name = 'CatalogueNotInForceError';
  override readonly httpStatus = 422;
  constructor(readonly what: string, readonly date: string, options?: ErrorOptions) {
    super(`The catalogue has no ${what} in force on ${date}`, options);
  }
}
