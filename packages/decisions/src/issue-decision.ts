/**
 * Issues one decision (quyết định khen thưởng) for an `issueDecision` effect, reading as the
 * story: find the nomination and the nominee, date the decision today in Vietnam, compute the
 * reward in force that day, have the store number and record it with the nominee's award
 * history in one transaction, render the decision and the certificate, and answer the
 * instance with `decisionIssued`.
 *
 * Guarantees (the effect is delivered at least once):
 * - One decision and one number per effect: the decision id is the effect id, and a repeat
 *   gets the decision already issued (same number, date and amount, even after midnight).
 * - Numbers of an issuing body and document code in a year have no gaps and no duplicates,
 *   whoever signs for the body (the store allocates the number from the body's register in the
 *   transaction that records the decision).
 * - Every later step repeats harmlessly: documents already stored are kept, and the answer's
 *   event id is derived from the decision, so the instance applies it once.
 */
import { findAwardType, rewardAmount, unitChain, type RewardAmount } from '@vinh-danh/domain';
import type { Clock, EffectContext, Engine } from '@vinh-danh/engine';
import type { AwardHistoryEntry, DecisionDraft, DecisionRecord, NominationRecord, NumberRegister, Store, UnitRecord } from '@vinh-danh/store';
import { dayAsDate, vietnamDay } from './decision-date.ts';
import { DecisionAwardError, DecisionIssuerError, DecisionNominationNotFoundError } from './decision-errors.ts';
import { renderCertificatePdf } from './documents/certificate-pdf.ts';
import { renderDecisionPdf } from './documents/decision-pdf.ts';
import { certificateContent, decisionContent, type DocumentFacts } from './documents/document-content.ts';
import { nomineeFacts, nomineeKey, type NomineeFacts } from './nominee-facts.ts';

export interface IssueDecisionDeps {
  store: Store;
  engine: Pick<Engine, 'dispatch'>;
  clock: Clock;
}

export interface IssueDecisionRequest {
  levelId: string;
  authority: string;
  issuerCode: string;
  /** The unit that issues it; absent from effects planned before routes recorded it. */
  issuingUnitId?: string;
  awardTypeId: string;
  nominationId: string | null;
}

/** The key of a body's register for one document code, e.g. `bac-giang QĐ-UBND`. */
export const registerKeyOf = (issuingUnitId: string, issuerCode: string) => `${issuingUnitId} ${issuerCode}`;

/** The document code a unit's decisions carry, from its profile (as routes resolve it). */
const codeOf = (unit: UnitRecord) =>
  unit.profile?.issuingBody === 'province' ? 'QĐ-UBND' : unit.profile?.abbreviation ? `QĐ-${unit.profile.abbreviation}` : undefined;

/**
 * The signatories of a unit whose old counters a register of `issuerCode` continues: a role
 * deciding under a code of its own (the Văn phòng's QĐ-VP) numbered in that code's register only,
 * the others in the body's.
 */
function signatoriesNumberingIn(unit: UnitRecord | null, issuerCode: string): string[] {
  const ownCodes = new Map(Object.entries(unit?.profile?.roleAbbreviations ?? {}).map(([role, abbreviation]) => [role, `QĐ-${abbreviation}`]));
  const roleCode = [...ownCodes.values()].includes(issuerCode);
  return Object.entries(unit?.profile?.signatories ?? {})
    .filter(([role]) => (roleCode ? ownCodes.get(role) === issuerCode : !ownCodes.has(role)))
    .map(([, text]) => text.trim());
}

/**
 * The register the decision's number is taken from: the issuing body's, for its document code.
 * It continues the counters its signatories kept when numbers were counted by signatory text
 * (see {@link signatoriesNumberingIn}).
 * An effect planned before routes recorded the issuing unit finds it among the nomination's unit
 * and the bodies above it: the nearest whose signatories include the decision's, else the nearest
 * issuing its document code. With neither, the effect fails for good naming why: numbering the
 * decision anywhere else could give it a number its body already gave.
 */
async function registerOf(store: Store, request: IssueDecisionRequest, nomination: NominationRecord): Promise<NumberRegister> {
  let issuing: UnitRecord | null;
  if (request.issuingUnitId) {
    issuing = await store.units.get(request.issuingUnitId);
  } else {
    const chain = await unitChain(nomination.unitId, (unitId) => store.units.get(unitId));
    const signs = (unit: UnitRecord) => Object.values(unit.profile?.signatories ?? {}).some((text) => text.trim() === request.authority);
    issuing = chain.find(signs) ?? chain.find((unit) => codeOf(unit) === request.issuerCode) ?? null;
    if (!issuing) {
      throw new DecisionIssuerError(
        `no unit from ${nomination.unitId} upwards signs as "${request.authority}" or issues ${request.issuerCode}: record the issuing body in the directory, then put the effect back (store:retry)`,
      );
    }
  }
  return { key: registerKeyOf(request.issuingUnitId ?? issuing!.unitId, request.issuerCode), continues: [...new Set([request.authority, ...signatoriesNumberingIn(issuing, request.issuerCode)])] };
}

/** The event id of the answer to a decision: one per decision, so the instance applies it once. */
export const decisionIssuedEventId = (decisionId: string) => `decision-issued-${decisionId}`;

/** The amount and what it was computed from; a null amount keeps the catalogue's reason. */
function rewardFor(awardTypeId: string, facts: NomineeFacts, decisionDay: string): { amountVnd: number | null; amountBasis: Record<string, unknown> } {
  let reward: RewardAmount;
  try {
    reward = rewardAmount({ awardTypeId, nomineeKind: facts.kind, decisionDate: decisionDay });
  } catch (error) {
    throw new DecisionAwardError(`no reward for ${awardTypeId} to a ${facts.kind} nominee: ${(error as Error).message}`, error);
  }
  const context = { decisionDate: decisionDay, nomineeKind: facts.kind };
  if (reward.amountVnd === null) {
    return { amountVnd: null, amountBasis: { ...context, reason: reward.reason, reasonVi: reward.reasonVi, reasonEn: reward.reasonEn } };
  }
  const { amountVnd, ...basis } = reward;
  return { amountVnd, amountBasis: { ...context, ...basis } };
}

/** The emulation year the award is for: the nomination's period when it is a year, else the decision's. */
const awardYear = (nomination: NominationRecord, decisionYear: number) =>
  /^\d{4}$/.test(nomination.period) ? Number(nomination.period) : decisionYear;

async function loadNomination(store: Store, nominationId: string | null, effectId: string): Promise<NominationRecord> {
  const nomination = nominationId ? await store.nominations.get(nominationId) : null;
  if (!nomination) throw new DecisionNominationNotFoundError(nominationId, effectId);
  return nomination;
}

/** Renders and stores both documents unless a previous attempt already stored them (`factsOf` is read only to render). */
async function storeDocuments(store: Store, decision: DecisionRecord, factsOf: () => Promise<DocumentFacts>): Promise<void> {
  const [decisionPdf, certificatePdf] = await Promise.all([
    store.decisions.getDocument(decision.decisionId, 'decision'),
    store.decisions.getDocument(decision.decisionId, 'certificate'),
  ]);
  if (decisionPdf && certificatePdf) return;
  const facts = await factsOf();
  const meta = { decisionNumber: decision.decisionNumber, decisionDate: decision.decisionDate };
  const [decisionContentPdf, certificateContentPdf] = await Promise.all([
    renderDecisionPdf(decisionContent(facts), meta),
    renderCertificatePdf(certificateContent(facts), meta),
  ]);
  await store.decisions.saveDocuments([
    { decisionId: decision.decisionId, kind: 'decision', contentType: 'application/pdf', content: decisionContentPdf },
    { decisionId: decision.decisionId, kind: 'certificate', contentType: 'application/pdf', content: certificateContentPdf },
  ]);
}

/** Carries out one `issueDecision` effect; returns the decision (new or issued before). */
export async function issueDecision(deps: IssueDecisionDeps, request: IssueDecisionRequest, context: EffectContext): Promise<DecisionRecord> {
  const { store, engine, clock } = deps;
  const nomination = await loadNomination(store, request.nominationId, context.effectId);
  const awardOf = (awardTypeId: string) => {
    const award = findAwardType(awardTypeId);
    if (!award) throw new DecisionAwardError(`award type "${awardTypeId}" is not in the catalogue`);
    return award;
  };

  /** Numbers the decision: dated today in Vietnam, priced on that day's base salary. */
  const issueNew = async () => {
    const award = awardOf(request.awardTypeId);
    const nominee = nomineeFacts(nomination);
    const decisionDay = vietnamDay(clock.now());
    const year = Number(decisionDay.slice(0, 4));
    const draft: DecisionDraft = {
      decisionId: context.effectId,
      nominationId: nomination.nominationId,
      instanceId: context.instanceId,
      authority: request.authority,
      issuerCode: request.issuerCode,
      year,
      awardTypeId: award.id,
      decisionDate: dayAsDate(decisionDay),
      ...rewardFor(award.id, nominee, decisionDay),
    };
    const history: Omit<AwardHistoryEntry, 'decisionNumber'> = {
      nomineeKey: nomineeKey(nominee, nomination.unitId),
      awardTypeId: award.id,
      year: awardYear(nomination, year),
      decisionDate: draft.decisionDate,
      disciplined: false,
      source: 'decision',
    };
    return store.decisions.issue(draft, history, await registerOf(store, request, nomination));
  };
  // Carried out again (its answer to the instance was lost, say): the decision issued then
  // stands as it was, whatever the directory, the catalogue or the clock say by now.
  const issued = await store.decisions.get(context.effectId);
  const { outcome, decision } = issued ? { outcome: 'exists' as const, decision: issued } : await issueNew();
  context.log.info({ decisionId: decision.decisionId, decisionNumber: decision.decisionNumber, amountVnd: decision.amountVnd, outcome }, 'decision issued');

  await storeDocuments(store, decision, async () => {
    const unit = await store.units.get(nomination.unitId);
    const summary = nomination.details.achievementSummary;
    return {
      decision,
      award: awardOf(decision.awardTypeId),
      nominee: nomineeFacts(nomination),
      unitName: unit?.nameVi ?? null,
      achievementSummary: typeof summary === 'string' && summary.trim() !== '' ? summary.trim() : null,
      period: nomination.period,
    };
  });

  await engine.dispatch({
    instanceId: decision.instanceId,
    eventId: decisionIssuedEventId(decision.decisionId),
    event: { type: 'decisionIssued', decisionNumber: decision.decisionNumber, amountVnd: decision.amountVnd },
    meta: { actor: 'system', source: 'decision', via: decision.decisionId },
  });
  return decision;
}
