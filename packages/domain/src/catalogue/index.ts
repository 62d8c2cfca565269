/**
 * The award catalogue: routes, dossiers, eligibility rules and reward money per award id,
 * effective-dated. † values throughout are reference values to confirm against Law
 * 06/2022/QH15, Decree 98/2023/NĐ-CP and Circular 01/2024/TT-BNV before they are relied on.
 */
export {
  CatalogueError, CatalogueNotInForceError, InvalidCatalogueDateError, NomineeKindMismatchError,
  NotProposedByClustersError, SimplifiedProcedureNotAllowedError, UnknownAwardTypeError,
} from './catalogue-errors.ts';
export { assertIsoDate, inForce, latestVersion, requireInForce, type EffectiveDated } from './effective-dated.ts';
export { catalogueAt, type CatalogueVersion } from './catalogue-at.ts';

// Reward money
export { baseSalaryVnd, rewardRounding, roundReward, type RewardRounding } from './base-salary.ts';
export { multipliersFor, rewardMultipliers, type RewardMultipliers } from './reward-multipliers.ts';
export {
  rewardAmount, type PayableReward, type RewardAmount, type RewardAmountInput, type UnpaidReason, type UnpaidReward,
} from './reward-amount.ts';
export { issuerCode, issuerCodeByAuthority, PROVINCE_DECISION_CODE, type IssuingBody } from './issuer-codes.ts';

// Routes
export { councilVoteRules } from './council-vote-rules.ts';
export {
  DECISION_LEVEL_ID, decisionRole, decisionTemplates, levelTemplates, type CouncilLevelId, type LevelTemplate, type StepLevelId,
} from './route-levels.ts';
export { routeDeadlines2024, type RouteDeadlines, type RouteDeadlineSet } from './route-deadlines.ts';
export { awardRouteSpecs, type AwardRouteSpec, type LevelSpec } from './award-route-specs.ts';
export {
  allowsSimplified, awardRoutes, buildRouteTable, routeFor, routeVersions, type AwardRoutes, type RouteOptions, type RouteTable,
} from './award-routes.ts';

// Dossiers and eligibility
export { dossierFor, dossierVersions, recordedByProcedure, type AwardDossier, type DossierItem, type DossierItemId, type DossierTable } from './dossier-items.ts';
export { eligibilityVersions, type EligibilityRule, type EligibilityTable } from './eligibility-rules.ts';
export {
  checkEligibility, firstCheckablePeriod, shareRuleTitles, type AwardHistoryEntry, type EligibilityFailure, type EligibilityInput, type EligibilityResult, type UnitFigures,
} from './check-eligibility.ts';
export {
  duplicateKeyOf, findDuplicateNominations, findStoredDuplicates, normaliseIdentifier, normaliseName, type DuplicateFacts, type NominationForDuplicates,
  type StoredNominationForDuplicates,
} from './duplicate-nominations.ts';
