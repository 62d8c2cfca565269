/** Every procedure the engine can run, one folder each. */
import { commendationDefinition, commendationDefinitionV1 } from './commendation/index.ts';
import { nominationApprovalDefinition } from './nomination-approval/index.ts';
import { clusterEvaluationDefinition } from './cluster-evaluation/index.ts';

export * from './commendation/index.ts';
export * from './nomination-approval/index.ts';

/** All workflow definitions, for the engine to register by `id` and `version`. */
export const definitions = [nominationApprovalDefinition, commendationDefinitionV1, commendationDefinition, clusterEvaluationDefinition] as const;

export * from './cluster-evaluation/index.ts';
