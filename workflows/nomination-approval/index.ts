/**
 * Nomination approval: unit leader review → officer review, with reminders, escalation,
 * requests for changes and withdrawal. See `nomination-approval.machine.ts` for guarantees.
 */
import { nominationApprovalMachine } from './nomination-approval.machine.ts';

export { nominationApprovalMachine } from './nomination-approval.machine.ts';
export {
  defaultNominationApprovalTiming,
  resolveNominationApprovalTiming,
  type NominationApprovalTiming,
} from './nomination-approval.timing.ts';
export type * from './nomination-approval.types.ts';

/**
 * What the engine registers and stores with each instance. `version` pins running instances
 * to the machine they started with: bump it (and keep the old definition) when a change
 * would not restore old persisted snapshots.
 */
export const nominationApprovalDefinition = {
  id: 'nomination-approval',
  version: 1,
  machine: nominationApprovalMachine,
} as const;
