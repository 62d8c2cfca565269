/**
 * Typed signals of the engine. `permanent` errors fail a job for good (the worker turns them
 * into BullMQ's UnrecoverableError); the others are retried.
 */
export class EngineError extends Error {
  readonly permanent: boolean;
  constructor(message: string, options: { permanent: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.permanent = options.permanent;
  }
}

export class InstanceNotFoundError extends EngineError {
  override readonly name = 'InstanceNotFoundError';
  readonly status = 404;
  constructor(readonly instanceId: string) {
    super(`workflow instance ${instanceId} does not exist`, { permanent: true });
  }
}

/**
 * No definition of that id (and version) here. Permanent, except for a version newer than any
 * this process registers: a newer process started that instance (a rolling deploy, where this
 * one is the old), so the event is retried, for a newer worker to take.
 */
export class UnknownDefinitionError extends EngineError {
  override readonly name = 'UnknownDefinitionError';
  constructor(definitionId: string, version?: number, options: { newer?: boolean } = {}) {
    super(
      `no workflow definition ${definitionId}${version === undefined ? '' : `@${version}`} is registered` +
        (options.newer ? ' in this version of the workers (a newer one has it); retried' : ''),
      { permanent: !options.newer },
    );
  }
}

/** The machine refused the input it was started with (its initial transition ended in error). */
export class InvalidInstanceInputError extends EngineError {
  override readonly name = 'InvalidInstanceInputError';
  readonly status = 400;
  constructor(definitionId: string, cause: unknown) {
    super(`${definitionId} cannot start with this input: ${cause instanceof Error ? cause.message : String(cause)}`, {
      permanent: true,
      cause,
    });
  }
}

/**
 * No handler for an effect's type here. Retried while the effect is `newer` (recorded within the
 * grace of a rolling deploy: a newer version's worker wrote it and may be running beside this
 * one); permanent otherwise, and for a job naming no outbox row at all.
 */
export class UnknownEffectError extends EngineError {
  override readonly name = 'UnknownEffectError';
  constructor(type: string, options: { newer?: boolean } = {}) {
    super(`no handler for effect type "${type}"${options.newer ? ' in this version of the workers (a newer one may have it); retried' : ''}`, { permanent: !options.newer });
  }
}

/**
 * A machine emitted a store effect (`createTask`, `closeTask`, `setNominationStatus`) whose
 * params do not match its schema. Those effects are applied by the commit, so the event that
 * produced it fails for good and nothing of its transition is committed.
 */
export class InvalidEffectError extends EngineError {
  override readonly name = 'InvalidEffectError';
  constructor(
    readonly instanceId: string,
    readonly effectType: string,
    issues: string,
  ) {
    super(`instance ${instanceId}: invalid ${effectType} effect payload: ${issues}`, { permanent: true });
  }
}

/**
 * The machine threw while taking an event (a guard or an assignment that throws), or its
 * instance's stored snapshot cannot be restored on it (`restoring`: a machine edited in place
 * without a new version). The instance is pinned to its machine version, so the same event
 * throws every time: it fails for good, and `store:failed` shows it.
 */
export class MachineError extends EngineError {
  override readonly name = 'MachineError';
  constructor(instanceId: string, eventType: string, cause: unknown, options: { restoring?: boolean } = {}) {
    const what = options.restoring ? 'the stored snapshot cannot be restored on its machine' : `the machine failed on event ${eventType}`;
    super(`instance ${instanceId}: ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      permanent: true,
      cause,
    });
  }
}

/**
 * A workflow job names an event the store's inbox never took. Events enter through `dispatch`
 * or a timer's firing, both recorded in the store first; a job in Redis alone (written there
 * by something else) applies nothing, however it is worded.
 */
export class UnrecordedEventError extends EngineError {
  override readonly name = 'UnrecordedEventError';
  readonly instanceId: string;
  readonly eventId: string;
  constructor(instanceId: string, eventId: string) {
    super(`event ${eventId} of instance ${instanceId} is not in the store's inbox: refused (events enter through dispatch or a timer, never through the queue alone)`, { permanent: true });
    this.instanceId = instanceId;
    this.eventId = eventId;
  }
}

/** Another worker kept advancing the instance first; the job is retried with backoff. */
export class ConcurrencyConflictError extends EngineError {
  override readonly name = 'ConcurrencyConflictError';
  constructor(instanceId: string, attempts: number) {
    super(`instance ${instanceId} changed under ${attempts} consecutive attempts`, { permanent: false });
  }
}

export function isPermanent(error: unknown): boolean {
  return error instanceof EngineError && error.permanent;
}
