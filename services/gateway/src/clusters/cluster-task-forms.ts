/**
 * The forms of the cluster-evaluation task pages: which step a task is, what its page posts,
 * and the checks that turn a posted form into the procedure's events — or into problems named
 * per field. The checks are the machine's own (the domain's scales, the workflow's evidence
 * rule, the ballot's candidates), so what passes here the machine accepts.
 */
import { validateScore, type Criterion } from '@vinh-danh/domain';
import type { WorkflowEvent } from '@vinh-danh/store';
import {
  clusterRolesProblem, currentClusterMembers, evidenceProblems, signatoriesOf, unscoredBy, type ClusterEvaluationContext, type OpenTask,
} from '@vinh-danh/workflows';
import { isCleanText, typedText } from '../http/body-safety.ts';
import type { FormFields } from '../http/form-body.ts';
import type { Localized } from '../http/http-errors.ts';
import type { Lang } from '../i18n/i18n.ts';
import { criterionName, formatNumber, memberName, scaleText } from './cluster-format.ts';
import { ctBoth } from './cluster-messages.ts';

/** The steps of the cluster-evaluation's tasks, as `createTask` names them. */
export const clusterSteps = ['signing', 'proceedWithoutSigning', 'selfAssessment', 'crossScoring', 'consolidation', 'voting'] as const;
export type ClusterStep = (typeof clusterSteps)[number];
export const isClusterStep = (step: string): step is ClusterStep => (clusterSteps as readonly string[]).includes(step);

/** What a task page is about: its step, the member its holder acts for, and the evaluation as it stands. */
export interface ClusterTaskSubject {
  step: ClusterStep;
  memberId: string;
  kind: OpenTask['kind'];
  context: ClusterEvaluationContext;
}

export interface ClusterFieldProblem {
  /** The input's id (and name), or a fieldset's id. */
  field: string;
  label: Localized;
  message: Localized;
  /** Well formed but refused by the agreement's rules (a score off its scale, too few signatures): 422, not 400. */
  unprocessable?: boolean;
}

/** One event to dispatch, without `by` (the task's assignee); `key` tells apart the events of one task (cross-score sheets). */
export interface ClusterSubmission {
  key: string;
  event: WorkflowEvent;
}

export type ReadSubmissions = { ok: true; submissions: ClusterSubmission[] } | { ok: false; status: 400 | 422; problems: ClusterFieldProblem[] };

export const reasonLimit = 2000;
export const evidenceLimits = { items: 50, itemLength: 2000 } as const;

export const selfScoreField = (criterionId: string) => `score.${criterionId}`;
export const crossScoreField = (target: string, criterionId: string) => `score.${target}.${criterionId}`;

/**
 * Candidates the member may vote for in the open round: the round's, less itself unless the rule
 * allows it, in the order of the consolidated ranking (best first; a unit the ranking lacks last).
 */
export function ballotChoices(context: ClusterEvaluationContext, memberId: string): string[] {
  const candidates = context.election?.pending[0]?.candidates ?? [];
  const rankOf = new Map(context.ranking.map((entry) => [entry.memberId, entry.rank]));
  const rank = (unitId: string) => rankOf.get(unitId) ?? Number.MAX_SAFE_INTEGER;
  return candidates
    .filter((candidate) => context.rules.vote.selfVote || candidate !== memberId)
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const decimal = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/** A score typed into a form (`8,5` or `8.5`), checked against its criterion's scale. */
function readScore(raw: string | undefined, criterion: Criterion, field: string, label: Localized): { score: number } | { problem: ClusterFieldProblem } {
  const text = (raw ?? '').trim();
  const named = (lang: Lang) => ({ criterion: criterionName(criterion, lang), scale: scaleText(criterion.scale, lang) });
  if (!text) return { problem: { field, label, message: ctBoth('error.scoreMissing', named) } };
  if (!decimal.test(text) || text.length > 20) return { problem: { field, label, message: ctBoth('error.scoreNotNumber', named) } };
  const score = Number(text.replace(',', '.'));
  // More decimals than the step has are off the step, even where the number rounds onto it (10.0000000000000001 is not 10).
  const typedDecimals = (text.split(/[.,]/)[1] ?? '').replace(/0+$/, '').length;
  const finer = typedDecimals > (String(criterion.scale.step).split('.')[1] ?? '').length;
  if (!finer && validateScore(criterion, score) === null) return { score };
  const outside = score < criterion.scale.min || score > criterion.scale.max;
  const message = ctBoth(outside ? 'error.scoreOutside' : 'error.scoreOffStep', (lang) => ({ ...named(lang), score: finer ? text : formatNumber(score, lang) }));
  return { problem: { field, label, message, unprocessable: true } };
}

/** A score for every criterion of the agreement, from the fields `fieldOf(criterionId)`. */
function readSheet(context: ClusterEvaluationContext, form: FormFields, fieldOf: (criterionId: string) => string, labelOf: (criterion: Criterion) => Localized) {
  const scores: Record<string, number> = {};
  const problems: ClusterFieldProblem[] = [];
  for (const criterion of context.criteria) {
    const field = fieldOf(criterion.criterionId);
    const read = readScore(form.get(field), criterion, field, labelOf(criterion));
    if ('score' in read) scores[criterion.criterionId] = read.score;
    else problems.push(read.problem);
  }
  return { scores, problems };
}

const criterionLabel = (criterion: Criterion): Localized => ({ vi: criterion.nameVi, en: criterion.nameEn });

/** A comment-like text: required, bounded, clean. */
function readText(raw: string | undefined, field: string, label: Localized, required: Localized): { text: string; problem?: ClusterFieldProblem } {
  const text = typedText(raw ?? '');
  if (!text) return { text, problem: { field, label, message: required } };
  if (text.length > reasonLimit) return { text, problem: { field, label, message: ctBoth('error.tooLong', { max: reasonLimit }) } };
  if (!isCleanText(text)) return { text, problem: { field, label, message: ctBoth('error.badCharacters') } };
  return { text };
}

/**
 * Next year's chair and deputy as the meeting chose them (`nextChair`, `nextDeputy`): both, two
 * different current members, or neither (the rotation decides) — the machine's own rule.
 */
function readNextRoles(context: ClusterEvaluationContext, form: FormFields): { chosen: { nextChair?: string; nextDeputy?: string }; problems: ClusterFieldProblem[] } {
  const chair = (form.get('nextChair') ?? '').trim();
  const deputy = (form.get('nextDeputy') ?? '').trim();
  if (!chair && !deputy) return { chosen: {}, problems: [] };
  const labels = { nextChair: ctBoth('consolidate.nextChair'), nextDeputy: ctBoth('consolidate.nextDeputy') };
  if (!chair || !deputy) {
    const field = chair ? 'nextDeputy' : 'nextChair';
    return { chosen: {}, problems: [{ field, label: labels[field], message: ctBoth('consolidate.rolesBoth'), unprocessable: true }] };
  }
  const members = currentClusterMembers(context);
  const problems: ClusterFieldProblem[] = (['nextChair', 'nextDeputy'] as const)
    .filter((field) => !members.includes(field === 'nextChair' ? chair : deputy))
    .map((field) => ({ field, label: labels[field], message: ctBoth('consolidate.roleNotMember') }));
  if (problems.length === 0 && clusterRolesProblem(context, chair, deputy) === 'same') {
    problems.push({ field: 'nextDeputy', label: labels.nextDeputy, message: ctBoth('consolidate.rolesSame'), unprocessable: true });
  }
  return { chosen: { nextChair: chair, nextDeputy: deputy }, problems };
}

function readEvidence(form: FormFields): { evidence: string[]; problem?: ClusterFieldProblem } {
  const raw = (form.get('evidence') ?? '').normalize('NFC');
  const evidence = raw.split(/\r?\n/).map(typedText).filter(Boolean);
  const problem = (message: Localized) => ({ evidence, problem: { field: 'evidence', label: ctBoth('self.evidence'), message } });
  if (evidence.length === 0) return problem(ctBoth('self.evidenceRequired'));
  if (evidence.length > evidenceLimits.items) return problem(ctBoth('self.evidenceTooMany', { max: evidenceLimits.items }));
  if (evidence.some((item) => item.length > evidenceLimits.itemLength)) return problem(ctBoth('self.evidenceTooLong', { max: evidenceLimits.itemLength }));
  if (!isCleanText(raw)) return problem(ctBoth('error.badCharacters'));
  // The machine's own rule, last: whatever passes here it accepts.
  if (evidenceProblems(evidence).length > 0) return problem(ctBoth('self.evidenceRequired'));
  return { evidence };
}

const confirmed = (form: FormFields, field: string) => form.get(field) === 'yes';

const result = (problems: ClusterFieldProblem[], submissions: () => ClusterSubmission[]): ReadSubmissions =>
  problems.length > 0 ? { ok: false, status: problems.some((problem) => problem.unprocessable) ? 422 : 400, problems } : { ok: true, submissions: submissions() };

/** Checks the form a task page posted and returns the events it stands for (without `by`). */
export function readClusterSubmission(subject: ClusterTaskSubject, form: FormFields): ReadSubmissions {
  const { context, memberId } = subject;
  const member = memberName(context, memberId);
  switch (subject.step) {
    case 'signing': {
      const label = ctBoth('sign.agree', { member, year: context.year });
      const problems = confirmed(form, 'agree') ? [] : [{ field: 'agree', label, message: ctBoth('sign.agreeRequired') }];
      return result(problems, () => [{ key: '', event: { type: 'sign' } }]);
    }
    case 'proceedWithoutSigning': {
      const label = ctBoth('proceed.reason');
      const { text, problem } = readText(form.get('reason'), 'reason', label, ctBoth('proceed.reasonRequired'));
      const { minimumSignatories } = context.rules;
      const signed = signatoriesOf(context).length;
      const tooFew = signed < minimumSignatories
        ? [{ field: 'reason', label, message: ctBoth('proceed.tooFew', { signed, count: minimumSignatories }), unprocessable: true }]
        : [];
      return result([...(problem ? [problem] : []), ...tooFew], () => [{ key: '', event: { type: 'proceedWithoutSigning', reason: text } }]);
    }
    case 'selfAssessment': {
      const sheet = readSheet(context, form, selfScoreField, criterionLabel);
      const { evidence, problem } = readEvidence(form);
      return result([...sheet.problems, ...(problem ? [problem] : [])], () => [{ key: '', event: { type: 'selfAssess', scores: sheet.scores, evidence } }]);
    }
    case 'crossScoring':
      return readCrossScores(subject, form);
    case 'consolidation': {
      const problems: ClusterFieldProblem[] = confirmed(form, 'confirm') ? [] : [{ field: 'confirm', label: ctBoth('consolidate.confirm'), message: ctBoth('consolidate.confirmRequired') }];
      const roles = readNextRoles(context, form);
      problems.push(...roles.problems);
      return result(problems, () => [{ key: '', event: { type: 'consolidate', ...roles.chosen } }]);
    }
    case 'voting': {
      const choice = form.get('choice') ?? '';
      const problems = ballotChoices(context, memberId).includes(choice) ? [] : [{ field: 'choice', label: ctBoth('vote.legend'), message: ctBoth('vote.choiceRequired') }];
      return result(problems, () => [{ key: '', event: { type: 'vote', choice } }]);
    }
  }
}

/**
 * A sheet per member still to score; a sheet left wholly blank waits for a later visit, any
 * other is checked in full. At least one sheet is required.
 */
function readCrossScores(subject: ClusterTaskSubject, form: FormFields): ReadSubmissions {
  const { context, memberId } = subject;
  const targets = unscoredBy(context, memberId);
  const problems: ClusterFieldProblem[] = [];
  const submissions: ClusterSubmission[] = [];
  for (const target of targets) {
    const fieldOf = (criterionId: string) => crossScoreField(target, criterionId);
    if (context.criteria.every((criterion) => !(form.get(fieldOf(criterion.criterionId)) ?? '').trim())) continue;
    const name = memberName(context, target);
    const sheet = readSheet(context, form, fieldOf, (criterion) => ({ vi: `${name} — ${criterion.nameVi}`, en: `${name} — ${criterion.nameEn}` }));
    problems.push(...sheet.problems);
    submissions.push({ key: target, event: { type: 'crossScore', member: target, scores: sheet.scores } });
  }
  if (targets.length > 0 && submissions.length === 0) {
    const first = crossScoreField(targets[0]!, context.criteria[0]!.criterionId);
    problems.push({ field: first, label: { vi: memberName(context, targets[0]!), en: memberName(context, targets[0]!) }, message: ctBoth('cross.oneRequired') });
  }
  return result(problems, () => submissions);
}
