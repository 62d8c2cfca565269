/**
 * Accessibility checks in the real browser: axe-core (Deque's rule engine, the one behind most
 * audit tools) run on the page as the person sees it, against WCAG 2.0, 2.1 and 2.2 A and AA
 * (labels, names, contrast, language, landmarks, target size…) and axe's best practices.
 *
 * axe is put into every page of a browser context by an init script (DevTools protocol, so the
 * gateway's Content-Security-Policy stays on: a page that needs an inline script still breaks).
 */
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeScript = require.resolve('axe-core/axe.min.js');

// The page's globals, for the function that runs in the browser (page.evaluate): the project is
// type-checked without the DOM library, so they are declared here, for this module alone.
declare const window: { axe?: { run(context: unknown, options: object): Promise<AxeResults> } };
declare const document: unknown;

/** What every gateway page is held to. */
export const pageRules = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] as const;
/**
 * What a mail's HTML is held to: WCAG alone. Best practices about page landmarks and a single
 * `h1` are for pages; a mail is read inside the reader's own page.
 */
export const mailRules = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

/** Loads axe into every page the context opens from now on. */
export async function withAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ path: axeScript });
}

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeRuleResult {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}
export interface AxeResults {
  violations: AxeRuleResult[];
  passes: AxeRuleResult[];
}

/** Runs axe on the page as it is now; the page must come from a context given {@link withAxe}. */
export async function audit(page: Page, rules: readonly string[] = pageRules): Promise<AxeResults> {
  // The function runs in the page: no named helpers inside it (the TypeScript loader would name them with one of its own).
  const results = await page.evaluate(async (tags) => {
    const axe = window.axe;
    if (!axe) throw new Error('axe-core is not loaded in this page (the context needs withAxe)');
    return axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
  }, [...rules]);
  const strip = (rule: AxeRuleResult): AxeRuleResult => ({
    id: rule.id,
    impact: rule.impact,
    help: rule.help,
    nodes: rule.nodes.map((node) => ({ target: node.target.map(String), failureSummary: node.failureSummary })),
  });
  return { violations: results.violations.map(strip), passes: results.passes.map(strip) };
}

/** Every violation, one per element, readable in a failed assertion. */
export function describeViolations(results: AxeResults): string {
  return results.violations
    .flatMap((rule) => rule.nodes.map((node) => `- ${rule.id} (${rule.impact ?? 'n/a'}): ${rule.help}\n    at ${node.target.join(' ')}\n    ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`))
    .join('\n');
}

/**
 * Fails, naming every violation, unless axe finds none on the page; also fails when axe ran no
 * rule at all (nothing on the page to check means the page did not load as meant).
 */
export async function assertAccessible(page: Page, what: string, rules: readonly string[] = pageRules): Promise<AxeResults> {
  const results = await audit(page, rules);
  if (results.passes.length === 0) throw new Error(`axe checked nothing on ${what} (${page.url()}): the page is empty or axe did not run`);
  if (results.violations.length > 0) {
    throw new Error(`${what} (${page.url()}) has ${results.violations.length} accessibility violation(s):\n${describeViolations(results)}`);
  }
  return results;
}
