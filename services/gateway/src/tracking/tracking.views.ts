import { html } from '../http/html.ts';
import { t, type Lang } from '../i18n/i18n.ts';
import { roleOfTask, roleText, stateText, type NominationProgress } from '../nominations/nomination-progress.ts';
import { formatDateTime, page } from '../views/layout.ts';
import { nominationSummary, timelineList } from '../views/nomination.views.ts';
import { procedureSection } from '../views/procedure.views.ts';

export function homePage(lang: Lang): string {
  const body = html`<h1>${t(lang, 'home.title')}</h1>
<p>${t(lang, 'home.intro')}</p>
<p><a class="button" href="/nominations/new">${t(lang, 'home.start')}</a></p>
<p><a href="/disclosures">${t(lang, 'home.disclosures')}</a></p>
<h2>${t(lang, 'home.trackHeading')}</h2>
<form method="get" action="/track">
<div class="field">
<label for="code">${t(lang, 'home.trackLabel')}</label>
<p class="hint" id="code-hint">${t(lang, 'home.trackHint')}</p>
<input type="text" id="code" name="code" autocomplete="off" spellcheck="false" aria-describedby="code-hint" maxlength="20">
</div>
<button type="submit" class="button secondary">${t(lang, 'home.trackButton')}</button>
</form>`;
  return page({ lang, title: t(lang, 'home.title'), body, langSwitchPath: '/' });
}

/**
 * Where a nomination is: the step in plain words, who holds it (a role or a body, not an
 * address), until when, the route with its tallies, objections and decision, and its history.
 * Anyone with the tracking code sees this, so no e-mail address is shown.
 */
export function trackingPage(progress: NominationProgress, lang: Lang): string {
  const code = progress.nomination.trackingCode;
  const openTask = progress.openTasks[0];
  const level = progress.procedure?.currentLevel;
  const holder = level ? (lang === 'vi' ? level.nameVi : level.nameEn) : openTask ? roleText(roleOfTask(openTask), lang) : t(lang, 'track.nobody');
  // The commendation route section gives the deadline of the current level itself.
  const due = progress.procedure ? null : openTask?.dueAt;
  const body = html`<h1>${t(lang, 'track.title', { code })}</h1>
<dl class="summary-list">
<div><dt>${t(lang, 'track.currentStep')}</dt><dd><strong class="status-tag">${stateText(progress.instance?.stateValue, lang)}</strong></dd></div>
<div><dt>${t(lang, 'track.holder')}</dt><dd>${progress.procedure && !level ? t(lang, 'track.nobody') : holder}</dd></div>
${due ? html`<div><dt>${t(lang, 'track.deadline')}</dt><dd><time datetime="${due.toISOString()}">${formatDateTime(due, lang)}</time></dd></div>` : ''}
</dl>
${procedureSection(progress, lang)}
${nominationSummary(progress, lang)}
<h2>${t(lang, 'track.history')}</h2>
${timelineList(progress, lang)}`;
  return page({ lang, title: t(lang, 'track.title', { code }), body, langSwitchPath: `/track/${code}` });
}
