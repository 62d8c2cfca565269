/**
 * Simulated people acting on their mail: every task link that arrives in the development inbox
 * is opened as the recipient would open it, the page's form is filled in by that person's
 * answers and posted. Nothing is taken from the store or derived from a secret: a person knows
 * only the mail and the page. Each link is acted on once; reminders repeating it are skipped.
 */
import type { CapturedMail } from '@vinh-danh/mail';
import { fillForm, readForms, type Answers, type PageForm } from './page-forms.ts';

/** One thing a simulated person did. */
export interface PersonAction {
  to: string;
  subject: string;
  link: string;
  /** The fields posted (hidden anti-forgery values left out). */
  posted: Record<string, string>;
  status: number;
}

export interface SimulatedPeopleOptions {
  /** Gateway base URL; only links under it are followed. */
  base: string;
  /** Every mail received so far, oldest first. */
  mails(): CapturedMail[];
  /** How `to` answers the page behind `link`. */
  answersFor(to: string, page: string): Answers;
  onAction?(action: PersonAction): void;
  /** Posts to one page before giving up on it (a page whose form keeps coming back). Default 12. */
  maxPostsPerPage?: number;
}

export interface SimulatedPeople {
  /** Acts on every mail not yet handled; resolves with what was done. */
  actOnNewMail(): Promise<PersonAction[]>;
  /** Links acted on so far. */
  readonly handled: ReadonlySet<string>;
}

/** Task links in a mail's text: `<base>/tasks/<token>`. */
export function taskLinksIn(text: string, base: string): string[] {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...new Set([...text.matchAll(new RegExp(`${escaped}/tasks/[A-Za-z0-9_-]+`, 'g'))].map((match) => match[0]))];
}

const visible = (fields: Array<[string, string]>) => Object.fromEntries(fields.filter(([name]) => !name.startsWith('_')));

export function simulatedPeople(options: SimulatedPeopleOptions): SimulatedPeople {
  const handled = new Set<string>();
  let lastSeq = 0;
  const maxPosts = options.maxPostsPerPage ?? 12;

  async function postable(link: string): Promise<{ form: PageForm; page: string } | null> {
    const response = await fetch(link, { redirect: 'follow' });
    const page = await response.text();
    if (response.status !== 200) return null;
    const form = readForms(page).find((candidate) => candidate.method === 'post');
    return form ? { form, page } : null;
  }

  async function actOn(mail: CapturedMail, link: string): Promise<PersonAction[]> {
    const actions: PersonAction[] = [];
    let previous = '';
    for (let attempt = 0; attempt < maxPosts; attempt += 1) {
      const found = await postable(link);
      if (!found) break;
      // The answer is applied after the page answered: the same form again means it is not
      // applied yet, not a new question (a page with several sheets shows the next one).
      const shape = JSON.stringify(found.form.controls.map((control) => [control.name, control.type === 'hidden' ? control.value : '']));
      if (shape === previous) break;
      previous = shape;
      const fields = fillForm(found.form, options.answersFor(mail.to, found.page));
      const target = new URL(found.form.action || link, link).toString();
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'follow',
      });
      await response.arrayBuffer();
      const action = { to: mail.to, subject: mail.subject, link, posted: visible(fields), status: response.status };
      actions.push(action);
      options.onAction?.(action);
      // A refused answer would be refused again: stop rather than loop on it.
      if (response.status >= 400) break;
    }
    return actions;
  }

  return {
    handled,
    async actOnNewMail() {
      const fresh = options.mails().filter((mail) => mail.seq > lastSeq);
      lastSeq = Math.max(lastSeq, ...fresh.map((mail) => mail.seq));
      const actions: PersonAction[] = [];
      for (const mail of fresh) {
        for (const link of taskLinksIn(mail.text, options.base)) {
          if (handled.has(link)) continue;
          handled.add(link);
          actions.push(...(await actOn(mail, link)));
        }
      }
      return actions;
    },
  };
}
