/**
 * Decisions (quyết định khen thưởng): the worker side of `issueDecision` — number, reward,
 * award history, the decision and certificate PDFs, the `decisionIssued` answer — and the
 * public notices of a procedure (`publishDisclosure`, `recordTally`).
 */
export { createDecisionHandlers, type DecisionHandlersOptions } from './decision-handlers.ts';
export { decisionIssuedEventId, issueDecision, type IssueDecisionDeps, type IssueDecisionRequest } from './issue-decision.ts';
export { publishDisclosure, recordTally, type NoticeDeps } from './public-notices.ts';
export { DECISION_TIME_ZONE, vietnamDay } from './decision-date.ts';
export { nomineeFacts, nomineeKey, type NomineeFacts } from './nominee-facts.ts';
export { DecisionAwardError, DecisionError, DecisionIssuerError, DecisionNominationNotFoundError, InvalidNomineeError } from './decision-errors.ts';
export { certificateContent, decisionContent, type CertificateContent, type DecisionContent, type DocumentFacts } from './documents/document-content.ts';
export { renderCertificatePdf } from './documents/certificate-pdf.ts';
export { renderDecisionPdf } from './documents/decision-pdf.ts';
