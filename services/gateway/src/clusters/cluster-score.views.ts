/**
 * The score sheets of the cluster task pages: the self-assessment (a score per criterion within
 * its scale, and the evidence) and cross-scoring (a sheet per member still to score, beside that
 * member's own assessment and evidence).
 */
import { weightedTotal, type Criterion } from '@vinh-danh/domain';
import { unscoredBy, type ClusterEvaluationContext } from '@vinh-danh/workflows';
import { html, type SafeHtml } from '../http/html.ts';
import type { Lang } from '../i18n/i18n.ts';
import { textArea, textInput } from '../views/form-controls.ts';
import { criterionName, formatNumber, memberName, scaleText } from './cluster-format.ts';
import { ct } from './cluster-messages.ts';
import { crossScoreField, evidenceLimits, selfScoreField } from './cluster-task-forms.ts';
import type { FormParts } from './cluster-task.views.ts';

const criterionLabel = (criterion: Criterion, lang: Lang) => `${criterionName(criterion, lang)} (${ct(lang, 'table.weight').toLowerCase()} ${formatNumber(criterion.weight, lang)})`;

function scoreInput(parts: FormParts, criterion: Criterion, field: string): SafeHtml {
  const { lang } = parts;
  return textInput({
    lang,
    id: field,
    label: criterionLabel(criterion, lang),
    hint: `${ct(lang, 'table.scale')}: ${scaleText(criterion.scale, lang)}`,
    value: parts.value(field),
    error: parts.error(field),
    inputmode: 'decimal',
    maxlength: 20,
    short: true,
  });
}

/** Sheets of this member refused earlier in this stage, with the machine's reasons. */
function refusals(parts: FormParts, type: 'selfAssess' | 'crossScore'): SafeHtml {
  const { context, memberId } = parts.subject;
  const refused = context.refusals.filter((refusal) => refusal.memberId === memberId && refusal.stage === context.stage && refusal.type === type);
  if (refused.length === 0) return html``;
  return html`<div class="notice warning"><p>${ct(parts.lang, 'self.refused')}</p>
<ul>${refused.flatMap((refusal) => refusal.problems).map((problem) => html`<li>${problem.message}</li>`)}</ul></div>`;
}

export function selfAssessmentBody(parts: FormParts): SafeHtml {
  const { lang, subject } = parts;
  const { context } = subject;
  return html`${refusals(parts, 'selfAssess')}
<p>${ct(lang, 'self.intro', { member: memberName(context, subject.memberId) })}</p>
<fieldset id="scores">
<legend>${ct(lang, 'self.scoresLegend')}</legend>
${context.criteria.map((criterion) => scoreInput(parts, criterion, selfScoreField(criterion.criterionId)))}
</fieldset>
${textArea({
  lang,
  id: 'evidence',
  label: ct(lang, 'self.evidence'),
  hint: ct(lang, 'self.evidenceHint', { max: evidenceLimits.items }),
  value: parts.value('evidence'),
  error: parts.error('evidence'),
  rows: 6,
})}
<button type="submit" class="button">${ct(lang, 'self.submit')}</button>`;
}

/** What the member being scored said of itself: its scores and its evidence. */
function theirSelfAssessment(context: ClusterEvaluationContext, target: string, lang: Lang): SafeHtml {
  const own = context.selfAssessments[target];
  const name = memberName(context, target);
  if (!own) return html`<p class="hint">${ct(lang, 'cross.noSelf', { member: name })}</p>`;
  return html`<details class="self-assessment"><summary>${ct(lang, 'cross.theirSelf', { member: name })}</summary>
<ul>${context.criteria.map((criterion) => html`<li>${criterionName(criterion, lang)}: ${formatNumber(own.scores[criterion.criterionId] ?? 0, lang)}</li>`)}
<li>${ct(lang, 'table.total')}: ${formatNumber(weightedTotal(context.criteria, own.scores), lang)}</li></ul>
<ul class="evidence">${own.evidence.map((item) => html`<li>${item}</li>`)}</ul>
</details>`;
}

export function crossScoringBody(parts: FormParts): SafeHtml {
  const { lang, subject } = parts;
  const { context } = subject;
  const targets = unscoredBy(context, subject.memberId);
  if (targets.length === 0) return html`<p>${ct(lang, 'cross.nothingLeft')}</p>`;
  return html`${refusals(parts, 'crossScore')}
<p>${ct(lang, 'cross.intro')}</p>
${targets.map(
  (target) => html`<fieldset id="sheet-${target}" class="sheet">
<legend>${ct(lang, 'cross.sheetLegend', { member: memberName(context, target) })}</legend>
${theirSelfAssessment(context, target, lang)}
${context.criteria.map((criterion) => scoreInput(parts, criterion, crossScoreField(target, criterion.criterionId)))}
</fieldset>`,
)}
<button type="submit" class="button">${ct(lang, 'cross.submit')}</button>`;
}
