import type { TimerDueRequest } from '@vinh-danh/domain';
import type { AnyStateMachine } from 'xstate';
import { UnknownDefinitionError } from './errors.ts';

/** A versioned procedure: instances stay pinned to the version that started them. */
export interface WorkflowDefinition {
  id: string;
  version: number;
  machine: AnyStateMachine;
  /**
   * The event as the history and the inbox keep it once applied, for procedures with secrets
   * (a secret ballot's choice): the machine sees the whole event, the store never keeps it, and
   * the event's BullMQ job is rewritten without it once applied. Returns the event itself when
   * it holds no secret.
   */
  redactEvent?: (event: { type: string; [field: string]: unknown }) => { type: string; [field: string]: unknown };
  /**
   * Where the engine has a working calendar: when the delayed event of the named `delay` falls
   * due, read in working days from the context the transition left (the machine itself knows no
   * clock). Undefined for a delay that counts in milliseconds: it falls due at `now + delayMs`.
   */
  timerDue?: (request: TimerDueRequest) => number | undefined;
}

export type { TimerDueRequest };

export interface DefinitionRegistry {
  get(id: string, version: number): WorkflowDefinition;
  /** The newest version of a definition: the one new instances start on. */
  latest(id: string): WorkflowDefinition;
  list(): WorkflowDefinition[];
}

export function createDefinitionRegistry(definitions: readonly WorkflowDefinition[]): DefinitionRegistry {
  const byKey = new Map<string, WorkflowDefinition>();
  const latestById = new Map<string, WorkflowDefinition>();
  for (const definition of definitions) {
    const key = `${definition.id}@${definition.version}`;
    if (byKey.has(key)) throw new Error(`workflow definition ${key} is registered twice`);
    byKey.set(key, definition);
    const current = latestById.get(definition.id);
    if (!current || current.version < definition.version) latestById.set(definition.id, definition);
  }
  return {
    get(id, version) {
      const definition = byKey.get(`${id}@${version}`);
      if (!definition) throw new UnknownDefinitionError(id, version, { newer: version > (latestById.get(id)?.version ?? Infinity) });
      return definition;
    },
    latest(id) {
      const definition = latestById.get(id);
      if (!definition) throw new UnknownDefinitionError(id);
      return definition;
    },
    list: () => [...byKey.values()],
  };
}
