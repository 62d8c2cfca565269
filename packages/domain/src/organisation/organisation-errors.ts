/**
 * Typed errors of the organisation map. They signal bad data or a caller's mistake (an unknown
 * unit id, a succession that loops) — never a business outcome: "this unit had ceased on that
 * date" is a value (`undefined` from `unitAt`), not an error. Each carries `httpStatus` for the
 * gateway's one error middleware.
 */

export class OrganisationError extends Error {
  override name = 'OrganisationError';
  readonly httpStatus: number = 400;
}

/** No unit with that id in the list given. */
export class UnknownUnitError extends OrganisationError {
  override name = 'UnknownUnitError';
  override readonly httpStatus = 404;
  constructor(readonly unitId: string, options?: ErrorOptions) {
    super(`Unknown organisation unit "${unitId}"`, options);
  }
}

/** The units contradict themselves; `problems` names every bad field as `unitId.field: why`. */
export class InvalidOrganisationError extends OrganisationError {
  override name = 'InvalidOrganisationError';
  override readonly httpStatus = 500;
  constructor(readonly problems: readonly string[], options?: ErrorOptions) {
    super(`Invalid organisation data: ${problems.join('; ')}`, options);
  }
}
