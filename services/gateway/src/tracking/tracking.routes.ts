import { findAwardType } from '@vinh-danh/domain';
import type { DocumentKind } from '@vinh-danh/store';
import { Router } from 'express';
import type { GatewayDeps } from '../gateway-deps.ts';
import { notFound } from '../http/http-errors.ts';
import { both, langOf } from '../i18n/i18n.ts';
import { loadProgress } from '../nominations/nomination-progress.ts';
import { trackingCodePattern } from '../nominations/submit-nomination.ts';
import { homePage, trackingPage } from './tracking.views.ts';

/** Codes are read out and typed: accept lower case, spaces and a missing prefix. */
export function normaliseTrackingCode(input: string): string {
  const spaced = input.toUpperCase().replace(/[\s-]/g, '');
  // The prefix only when the rest is a whole code: a code's own characters may begin with VD too.
  const compact = spaced.length === 14 && spaced.startsWith('VD') ? spaced.slice(2) : spaced;
  return compact.length === 12 ? `VD-${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}` : input.toUpperCase();
}

const documentKinds = new Set<string>(['decision', 'certificate'] satisfies DocumentKind[]);

/** Vietnamese as plain ASCII for a file name: `Đ` → `D`, marks dropped. */
const asciiOf = (text: string) => text.replaceAll('Đ', 'D').replaceAll('đ', 'd').normalize('NFD').replace(/\p{M}/gu, '');

/**
 * The name a document downloads as: `quyet-dinh-12-QD-UBND.pdf` for the decision; for the
 * certificate, what it is: `giay-chung-nhan-…` for a title (a flag included), else `giay-khen-…`,
 * `bang-khen-…`, `huan-chuong-…`, as the document's own heading says.
 */
export function documentFilename(kind: DocumentKind, awardTypeId: string, decisionNumber: string): string {
  const award = findAwardType(awardTypeId);
  const certificate =
    award?.category === 'title' ? 'giay-chung-nhan'
    : /^(giay-khen|bang-khen|huan-chuong|huy-chuong|ky-niem-chuong)/.exec(awardTypeId)?.[1] ?? 'chung-nhan';
  const number = asciiOf(decisionNumber).replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${kind === 'decision' ? 'quyet-dinh' : certificate}-${number}.pdf`;
}

/** The home page and the public tracking pages. */
export function trackingRoutes(deps: GatewayDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.type('html').send(homePage(langOf(res)));
  });
  router.get('/track', (req, res) => {
    const code = typeof req.query.code === 'string' ? normaliseTrackingCode(req.query.code.slice(0, 40)) : '';
    if (!trackingCodePattern.test(code)) throw notFound(both('track.notFound'));
    res.redirect(303, `/track/${code}`);
  });
  router.get('/track/:trackingCode', async (req, res) => {
    const code = normaliseTrackingCode(String(req.params.trackingCode).slice(0, 40));
    const nomination = trackingCodePattern.test(code) ? await deps.runtime.store.nominations.getByTrackingCode(code) : null;
    if (!nomination) throw notFound(both('track.notFound'));
    const progress = await loadProgress(deps.runtime.store, nomination);
    res.set('Cache-Control', 'no-store').type('html').send(trackingPage(progress, langOf(res)));
  });
  /** The decision and the certificate of a decided nomination, once the decisions worker has rendered them. */
  router.get('/track/:trackingCode/documents/:kind', async (req, res) => {
    const code = normaliseTrackingCode(String(req.params.trackingCode).slice(0, 40));
    const kind = String(req.params.kind);
    const nomination = trackingCodePattern.test(code) && documentKinds.has(kind) ? await deps.runtime.store.nominations.getByTrackingCode(code) : null;
    const decision = nomination ? (await deps.runtime.store.decisions.listByNomination(nomination.nominationId)).at(-1) : undefined;
    const document = decision ? await deps.runtime.store.decisions.getDocument(decision.decisionId, kind as DocumentKind) : null;
    if (!document) throw notFound(both('track.documentNotFound'));
    const filename = documentFilename(kind as DocumentKind, nomination!.awardTypeId, decision!.decisionNumber);
    res.set({
      'Content-Type': document.contentType,
      'Content-Length': String(document.content.length),
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      // Served as a download only: even opened directly it runs nothing.
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    res.end(Buffer.from(document.content));
  });
  return router;
}
