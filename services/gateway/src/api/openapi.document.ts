import type { Config } from '@vinh-danh/config';
import { openApiSchemas } from './openapi.schemas.ts';

const error = { $ref: '#/components/responses/Error' };
/** A browser on another site posted (its Origin names that site); API clients send no Origin. */
const crossOrigin = { ...error, description: 'The request’s Origin (or, without one, its Referer) names another site (`cross_origin`); API clients send neither.' };
/** The officers' routes: a bearer token, and the answers without one. */
const officersOnly = { security: [{ officerToken: [] }] };
/** A unit's (or cluster's) id as the paths and bodies take it: lower-case words joined by `-`. */
const unitIdSchema = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 100 };
/** The path of a cluster's year: `/api/clusters/{clusterId}/{year}/…`. */
const clusterYearParameters = [
  { name: 'clusterId', in: 'path', required: true, schema: unitIdSchema },
  { name: 'year', in: 'path', required: true, schema: { type: 'integer', minimum: 2000, maximum: 2100 } },
];
const officerRefusals = {
  '401': { ...error, description: 'No officer\'s token, or not a valid one (`officer_token_required`).' },
  '403': { ...error, description: 'The request’s Origin or Referer names another site (`cross_origin`), or OFFICER_API_TOKENS is not set on a production server (`officer_api_disabled`).' },
};
/** A cluster's routes refuse, besides, an officer OFFICER_CLUSTERS does not let act on the cluster. */
const clusterOfficerRefusals = {
  ...officerRefusals,
  '403': { ...error, description: `${officerRefusals['403'].description.slice(0, -1)}, or the token’s officer may not act on this cluster (\`cluster_not_allowed\`, OFFICER_CLUSTERS).` },
};

/** The OpenAPI 3.1 description of the JSON API and the health probes. */
export function openApiDocument(options: { serverUrl: string; config: Pick<Config, 'maxAttachments' | 'maxUploadBytes'> }) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vinh Danh API',
      version: '1.0.0',
      description:
        'Submit award nominations (đề nghị khen thưởng) and follow them through the approval procedure. Every error has `error` (a stable code), `message` and, for bad fields, `fields` naming each.',
    },
    servers: [{ url: options.serverUrl }],
    paths: {
      '/api/nominations': {
        post: {
          operationId: 'submitNomination',
          summary: 'Submit a nomination and start its approval procedure',
          description: [
            'Checks the nomination, then stores it, its files and its commendation procedure in one transaction. The route is the catalogue’s for the award (or its simplified route), each level’s role resolved to people from the proposing unit up through the province to the national bodies.',
            'Refused with 422, nothing stored: an unknown unit or award (`unprocessable`); `simplified` for an award that does not allow it (`simplified_not_allowed`); a role nobody holds for the unit (`role_unresolvable`, each field message naming the role and the unit); a nominee the award history makes ineligible (`not_eligible`, each field message naming the rule and the years missing) unless `eligibilityOverride` says which official of the route accepts it and why (`override_not_on_route` when `by` is nobody on it).',
            'Accepted but flagged (`flags.duplicate` in the GET): a nomination of the same nominee for the same award and period already made, by another unit or the same one.',
            'With an `Idempotency-Key`, a retry with the same body returns the first answer (same status and body) and creates nothing; the same key with another body is refused with 422.',
          ].join('\n\n'),
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'A client-chosen key, 1–200 printable ASCII characters, unique per nomination, sent once; keys beginning with `form:` are the web form\'s and refused.',
              schema: { type: 'string', minLength: 1, maxLength: 200 },
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NominationRequest' } } } },
          responses: {
            '202': {
              description: 'Accepted: the procedure has started.',
              headers: { 'Idempotent-Replayed': { description: '`true` when this is the answer to an earlier request with the same key.', schema: { type: 'string' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/SubmissionReceipt' } } },
            },
            '400': error,
            '403': crossOrigin,
            '413': error,
            '415': error,
            '422': error,
            '429': error,
          },
        },
      },
      '/api/nominations/{nominationId}': {
        get: {
          operationId: 'getNomination',
          summary: 'A nomination: its state, flags (duplicate, eligibility override), open tasks, route with tallies, objections and decision, and full history',
          parameters: [{ name: 'nominationId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            '200': { description: 'The nomination.', content: { 'application/json': { schema: { $ref: '#/components/schemas/NominationDetails' } } } },
            '404': error,
          },
        },
      },
      '/api/award-history': {
        post: {
          operationId: 'importAwardHistory',
          ...officersOnly,
          summary: 'Record awards a nominee received earlier (officer use), for eligibility checks',
          description:
            'Adds entries to the nominee’s award history, keyed `<kind>:<identifier>` as submissions look it up. An entry already recorded (same award, year and discipline) is not added twice, so an import can be re-run. Officers only: a bearer token of `OFFICER_API_TOKENS`, whose name is logged as who imported.',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AwardHistoryRequest' } } } },
          responses: {
            '201': { description: 'Recorded; the nominee’s whole history.', content: { 'application/json': { schema: { $ref: '#/components/schemas/AwardHistory' } } } },
            '400': error,
            ...officerRefusals,
            '413': error,
            '415': error,
            '422': error,
            '429': error,
          },
        },
      },
      '/api/clusters/{clusterId}/{year}/evaluation': {
        post: {
          operationId: 'startClusterEvaluation',
          ...officersOnly,
          summary: 'Start an emulation cluster’s year-end evaluation (chair or responsible officer use)',
          description:
            'Starts the evaluation of the year the store records for the cluster (members, chair, deputy, agreement): every member is mailed its link to sign the agreement. One evaluation per cluster and year: a repeat answers 200 with the same instance. Officers only: a bearer token of `OFFICER_API_TOKENS`, whose name the history records as who started it.',
          parameters: clusterYearParameters,
          responses: {
            '202': { description: 'Started.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ClusterEvaluationStarted' } } } },
            '200': { description: 'Already started; the same instance.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ClusterEvaluationStarted' } } } },
            '400': error,
            ...clusterOfficerRefusals,
            '404': error,
            '413': error,
            '415': error,
            '422': error,
            '429': error,
          },
        },
      },
      '/api/clusters/{clusterId}/{year}/evaluation/mergers': {
        post: {
          operationId: 'recordClusterMerger',
          ...officersOnly,
          summary: 'Record that a cluster member merged into another unit during the year (officer use)',
          description:
            'The organisation data records that `member` ceased into `successor` (a provincial merger). The evaluation applies its rule: before the vote the member’s signature and sheets pass to a successor taking part (or the member leaves the evaluation); during the vote it is recorded only. A member merges once: a repeat answers 200 and changes nothing. The member must be a seat not merged yet, the successor a seat or a unit of the directory (422 `merger_not_applicable` naming the field); an evaluation not started is 404, one that has ended 409.',
          parameters: clusterYearParameters,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['member', 'successor'],
                  properties: { member: unitIdSchema, successor: unitIdSchema },
                },
              },
            },
          },
          responses: {
            '202': { description: 'Recorded; the evaluation applies it.', content: { 'application/json': { schema: { type: 'object' } } } },
            '200': { description: 'Already recorded; nothing changed.', content: { 'application/json': { schema: { type: 'object' } } } },
            '400': error,
            ...clusterOfficerRefusals,
            '404': error,
            '409': error,
            '413': error,
            '415': error,
            '422': error,
            '429': error,
          },
        },
      },
      '/api/openapi.json': {
        get: { operationId: 'getOpenApi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'The process is up',
          responses: { '200': { description: 'Up.', content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' } } } } } } },
        },
      },
      '/readyz': {
        get: {
          operationId: 'ready',
          summary: 'The store and Redis answer',
          responses: {
            '200': { description: 'Ready.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } } },
            '503': { description: 'A dependency failed; `checks` says which.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } } },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        officerToken: { type: 'http', scheme: 'bearer', description: 'One of the tokens of `OFFICER_API_TOKENS` (`name:token` pairs); outside production, without it set, the routes are open.' },
      },
      responses: {
        Error: { description: 'The request was refused; nothing was stored.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      schemas: openApiSchemas(options.config),
    },
  };
}
