/** Every procedure the engine can run, one folder each. */
import { nominationApprovalDefinition } from './nomination-approval/index.ts';

export * from './nomination-approval/index.ts';

/** All workflow definitions, for the engine to register by `id` and `version`. */
export const definitions = [nominationApprovalDefinition] as const;
