import type { Config } from '@vinh-danh/config';
import { awardTypes } from '@vinh-danh/domain';
import { textLimits } from '../nominations/nomination.schema.ts';

const error = { $ref: '#/components/responses/Error' };

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
          description:
            'Stores the nomination, its files and its procedure in one transaction. With an `Idempotency-Key`, a retry with the same body returns the first answer (same status and body) and creates nothing; the same key with another body is refused with 422.',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'A client-chosen key, 1–200 printable ASCII characters, unique per nomination.',
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
          summary: 'A nomination: its state, open tasks and full history',
          parameters: [{ name: 'nominationId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            '200': { description: 'The nomination.', content: { 'application/json': { schema: { $ref: '#/components/schemas/NominationDetails' } } } },
            '404': error,
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
      responses: {
        Error: { description: 'The request was refused; nothing was stored.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      schemas: {
        NominationRequest: {
          type: 'object',
          additionalProperties: false,
          required: ['nominee', 'unitId', 'awardTypeId', 'period', 'achievementSummary', 'contact'],
          properties: {
            nominee: {
              type: 'object',
              additionalProperties: false,
              required: ['kind', 'name'],
              properties: {
                kind: { enum: ['individual', 'collective'] },
                name: { type: 'string', minLength: 1, maxLength: textLimits.name },
                position: { type: 'string', maxLength: textLimits.position, description: 'Position (individual) or description (collective).' },
              },
            },
            unitId: { type: 'string', description: 'A unit id from the store, e.g. `so-noi-vu-bac-giang`.' },
            awardTypeId: { enum: awardTypes.map((awardType) => awardType.id) },
            period: { type: 'string', pattern: '^[0-9]{4}$', description: 'The award year.' },
            achievementSummary: { type: 'string', minLength: 1, maxLength: textLimits.summary },
            contact: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'email'],
              properties: { name: { type: 'string', minLength: 1, maxLength: textLimits.contactName }, email: { type: 'string', format: 'email' } },
            },
            attachments: {
              type: 'array',
              maxItems: options.config.maxAttachments,
              description: `PDF, JPEG or PNG, each at most ${options.config.maxUploadBytes} bytes and within the 100 kB JSON body; the content must match the type and the extension.`,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['filename', 'contentType', 'contentBase64'],
                properties: {
                  filename: { type: 'string', maxLength: 255 },
                  contentType: { type: 'string', examples: ['application/pdf', 'image/jpeg', 'image/png'], description: 'Must agree with the content; other types are refused with 415.' },
                  contentBase64: { type: 'string', contentEncoding: 'base64' },
                },
              },
            },
          },
        },
        SubmissionReceipt: {
          type: 'object',
          required: ['nominationId', 'trackingCode', 'trackingUrl', 'status'],
          properties: {
            nominationId: { type: 'string', format: 'uuid' },
            trackingCode: { type: 'string', pattern: '^VD-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$' },
            trackingUrl: { type: 'string', format: 'uri' },
            status: { const: 'submitted' },
          },
        },
        NominationDetails: {
          type: 'object',
          required: ['nominationId', 'trackingCode', 'status', 'state', 'openTasks', 'history'],
          properties: {
            nominationId: { type: 'string', format: 'uuid' },
            trackingCode: { type: 'string' },
            trackingUrl: { type: 'string', format: 'uri' },
            status: { enum: ['submitted', 'in_review', 'approved', 'rejected', 'withdrawn', 'expired'] },
            state: { type: ['string', 'null'], description: 'The procedure state, e.g. `officerReview.pending`.' },
            instanceStatus: { type: ['string', 'null'] },
            unit: { type: 'object' },
            awardType: { type: 'object' },
            period: { type: 'string' },
            nominee: { type: 'object' },
            achievementSummary: { type: ['string', 'null'] },
            contact: { type: ['object', 'null'] },
            submittedAt: { type: 'string', format: 'date-time' },
            attachments: { type: 'array', items: { type: 'object' } },
            openTasks: {
              type: 'array',
              items: {
                type: 'object',
                properties: { taskId: { type: 'string' }, step: { type: 'string' }, role: { type: ['string', 'null'] }, assignee: { type: 'string' }, dueAt: { type: ['string', 'null'], format: 'date-time' } },
              },
            },
            history: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  version: { type: 'integer' },
                  at: { type: 'string', format: 'date-time' },
                  eventId: { type: 'string' },
                  type: { type: 'string' },
                  event: { type: 'object' },
                  actor: { type: ['string', 'null'] },
                  source: { type: ['string', 'null'] },
                  via: { type: ['string', 'null'] },
                  fromState: { type: ['string', 'null'] },
                  toState: { type: 'string' },
                  changed: { type: 'boolean' },
                },
              },
            },
          },
        },
        Readiness: {
          type: 'object',
          properties: {
            status: { enum: ['ready', 'not_ready'] },
            checks: { type: 'object', properties: { store: { type: 'string' }, redis: { type: 'string' } } },
          },
        },
        Error: {
          type: 'object',
          required: ['error', 'message'],
          properties: {
            error: { type: 'string', description: 'Stable code, e.g. `validation_failed`, `idempotency_key_conflict`.' },
            message: { type: 'string' },
            fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
            requestId: { type: 'string' },
          },
        },
      },
    },
  };
}
