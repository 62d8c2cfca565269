import type { Config } from '@vinh-danh/config';
import { awardTypes } from '@vinh-danh/domain';
import { countedTitles, maxHeadcount, textLimits } from '../nominations/nomination.schema.ts';
import { maxHistoryEntries } from './award-history.handlers.ts';

const nullableString = { type: ['string', 'null'] };
const ruleFailure = {
  type: 'object',
  properties: {
    ruleId: { type: 'string', examples: ['chien-si-thi-dua-toan-quoc/consecutive-chien-si-thi-dua-bo-nganh-tinh'] },
    kind: { type: 'string' },
    messageVi: { type: 'string' },
    messageEn: { type: 'string', examples: ['Needs 2 consecutive times Ministerial / Provincial Emulation Soldier; missing 2022, 2025'] },
    missingYears: { type: 'array', items: { type: 'integer' } },
    conflictingYears: { type: 'array', items: { type: 'integer' } },
  },
};
const tally = {
  type: 'object',
  description: 'A closed council vote: counts only, never who voted how (secret ballot).',
  properties: {
    levelId: { type: 'string' }, round: { type: 'integer' }, yes: { type: 'integer' }, no: { type: 'integer' }, abstain: { type: 'integer' },
    eligible: { type: 'integer', description: 'Members who did not stand aside.' },
    members: { type: ['integer', 'null'], description: 'All the council members, those who stood aside included: the quorum and a share of members count on them. null for a tally recorded before members were kept.' },
    quorumMet: { type: 'boolean' }, outcome: { enum: ['passed', 'failed'] },
  },
};

/** The request and answer schemas of the OpenAPI document. */
export function openApiSchemas(config: Pick<Config, 'maxAttachments' | 'maxUploadBytes'>) {
  return {
    NominationRequest: {
      type: 'object',
      additionalProperties: false,
      required: ['nominee', 'unitId', 'awardTypeId', 'period', 'achievementSummary', 'contact'],
      properties: {
        nominee: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'name', 'identifier'],
          properties: {
            kind: { enum: ['individual', 'collective'] },
            name: { type: 'string', minLength: 1, maxLength: textLimits.name },
            position: { type: 'string', maxLength: textLimits.position, description: 'Position (individual) or description (collective).' },
            identifier: {
              type: 'string',
              maxLength: textLimits.identifier,
              description: 'Citizen id (CCCD) or staff code of a person, unit code of a collective; at least 3 letters or digits. The award history is looked up by `<kind>:<identifier, letters and digits upper-cased>`.',
            },
          },
        },
        unitId: { type: 'string', description: 'A proposing unit id from the store, e.g. `so-noi-vu-bac-giang`.' },
        awardTypeId: { enum: awardTypes.map((awardType) => awardType.id) },
        period: { type: 'string', pattern: '^[0-9]{4}$', description: 'The award year.' },
        achievementSummary: { type: 'string', minLength: 1, maxLength: textLimits.summary },
        contact: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'email'],
          properties: { name: { type: 'string', minLength: 1, maxLength: textLimits.contactName }, email: { type: 'string', format: 'email' } },
        },
        simplified: {
          type: 'boolean',
          default: false,
          description: 'An ad-hoc (đột xuất) achievement by the simplified procedure: a shorter route. Refused with 422 `simplified_not_allowed` for awards that do not allow it (only Giấy khen, both Bằng khen and the Labour Order, Third Class do).',
        },
        unitFigures: {
          type: 'object',
          additionalProperties: false,
          required: ['headcount'],
          description:
            'The unit’s figures for the period, for the share rules: of the proposing unit for an individual’s title (Chiến sĩ thi đua cơ sở: at most 15% of its Lao động tiên tiến, counting its nominations for the award and period not ended without it), of the nominated collective for a collective’s (Tập thể lao động tiên tiến / xuất sắc: the share of members holding Lao động tiên tiến, a Chiến sĩ thi đua cơ sở among them). Given, they must count the holders of each title the award’s rules read (else 422 at `unitFigures.memberTitles.<title>`), and the share rules are checked like the others (422 `not_eligible` on `unitFigures`, overridable); left out, they are left to the reviewers (`eligibility.unchecked`). For an award without share rules they are not kept.',
          properties: {
            headcount: { type: 'integer', minimum: 1, maximum: maxHeadcount },
            memberTitles: {
              type: 'object',
              additionalProperties: false,
              description: 'Holders of each title in the period, by award id; each at most the headcount.',
              properties: Object.fromEntries(countedTitles.map((id) => [id, { type: 'integer', minimum: 0, maximum: maxHeadcount }])),
            },
          },
        },
        eligibilityOverride: {
          type: 'object',
          additionalProperties: false,
          required: ['by', 'reason'],
          description: 'An official of the nomination’s route (`by`: an officer, a head or a council member who will review it) accepts a nominee the eligibility check refuses; anyone else is refused with 422 `override_not_on_route`. Recorded with the rules it overrode in `eligibility.override` and in the start event’s `audit`, and flagged to every reviewer.',
          properties: { by: { type: 'string', format: 'email' }, reason: { type: 'string', minLength: 1, maxLength: textLimits.reason } },
        },
        attachments: {
          type: 'array',
          maxItems: config.maxAttachments,
          description: `PDF, JPEG or PNG, each at most ${config.maxUploadBytes} bytes and within the 100 kB JSON body; the content must match the type and the extension.`,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['filename', 'contentType', 'contentBase64'],
            properties: {
              filename: { type: 'string', maxLength: 255 },
              contentType: { type: 'string', examples: ['application/pdf', 'image/jpeg', 'image/png'], description: 'Must agree with the content; other types are refused with 415.' },
              contentBase64: { type: 'string', contentEncoding: 'base64' },
              item: {
                type: 'string',
                maxLength: textLimits.id,
                examples: ['toTrinh', 'baoCaoThanhTich', 'sangKienCoSo'],
                description: 'The dossier item the file is, one of the award’s (Decree 98/2023, the lists in `packages/domain/src/catalogue/dossier-items.ts`: `toTrinh`, `baoCaoThanhTich`, `baoCaoTomTat`, `bienBanHoiDong`, `bienBanKiemPhieu`, `bienBanCumKhoi`, `danhSachThanhVien`, `sangKienCoSo`, `sangKienCapTinh`, `sangKienToanQuoc`, `ketQuaCongKhai`, `xacNhanNghiaVu`, as the award has them); another is refused with 422 naming the file and the award’s items. Required items the unit provides that no file is given as are recorded in `dossier.missing` for the reviewers, who return the dossier for them.',
              },
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
      required: ['nominationId', 'trackingCode', 'status', 'state', 'flags', 'openTasks', 'history'],
      properties: {
        nominationId: { type: 'string', format: 'uuid' },
        trackingCode: { type: 'string' },
        trackingUrl: { type: 'string', format: 'uri' },
        status: { enum: ['submitted', 'in_review', 'approved', 'rejected', 'withdrawn', 'expired'] },
        state: { ...nullableString, description: 'The procedure state, e.g. `council.voting`, `disclosure.posted`, `decided`.' },
        instanceStatus: nullableString,
        definitionId: { ...nullableString, description: '`commendation` (every new nomination) or `nomination-approval` (started before).' },
        unit: { type: 'object' },
        awardType: { type: 'object' },
        period: { type: 'string' },
        nominee: { type: 'object' },
        simplified: { type: 'boolean' },
        achievementSummary: nullableString,
        contact: { type: ['object', 'null'] },
        submittedAt: { type: 'string', format: 'date-time' },
        flags: {
          type: 'object',
          description: 'What a reviewer must see first.',
          properties: { duplicate: { type: 'boolean', description: 'The same nominee is already proposed for the same award and period, by another unit or the same one.' }, eligibilityOverridden: { type: 'boolean' } },
        },
        dossier: {
          type: ['object', 'null'],
          description: 'Null for a nomination stored before dossiers were sorted, and for a cluster’s proposal (its record is the cluster’s). The award’s dossier on this route: each item (`recordedBy`: `unit`, a file of the unit, or `procedure`, recorded by a council’s tally or a posting), the files given as it, the required items missing, and the files given as no item.',
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' }, labelVi: { type: 'string' }, labelEn: { type: 'string' }, required: { type: 'boolean' },
                  recordedBy: { enum: ['unit', 'procedure'] }, attachmentIds: { type: 'array', items: { type: 'string' } },
                },
              },
            },
            missing: { type: 'array', items: { type: 'string' } },
            untagged: { type: 'array', items: { type: 'string' } },
          },
        },
        duplicates: {
          type: 'array',
          description: "Other units' nominations of the same nominee, award and period: the unit and the status only (their ids and tracking codes are on the reviewers' task pages).",
          items: { type: 'object', properties: { unitId: { type: 'string' }, status: { type: 'string' } } },
        },
        eligibility: {
          type: ['object', 'null'],
          properties: {
            nomineeKey: { type: 'string' },
            eligible: { type: 'boolean' },
            failures: { type: 'array', items: ruleFailure, description: 'Rules the history fails (present only with an override).' },
            unchecked: { type: 'array', items: ruleFailure, description: 'Share rules left to the reviewers (the submission gave no `unitFigures`).' },
            unitFigures: {
              type: 'object',
              description: 'The `unitFigures` given, with `alreadyNominated`: the unit’s nominations for the award and period counted when the share rules were checked.',
              properties: { headcount: { type: 'integer' }, memberTitles: { type: 'object' }, alreadyNominated: { type: 'integer' } },
            },
            override: { type: ['object', 'null'], properties: { by: { type: 'string' }, reason: { type: 'string' }, at: { type: 'string', format: 'date-time' } } },
          },
        },
        attachments: { type: 'array', items: { type: 'object' } },
        openTasks: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              taskId: { ...nullableString, description: 'null for a ballot: its id names the member.' },
              step: { type: 'string' },
              kind: { enum: ['review', 'ballot', 'decision', 'resubmit', null] },
              role: nullableString,
              assignee: { ...nullableString, description: 'null for a ballot (bỏ phiếu kín): who has yet to vote would tell who just did.' },
              dueAt: { ...nullableString, format: 'date-time' },
            },
          },
        },
        procedure: {
          type: ['object', 'null'],
          description: 'The commendation route: levels, the current one and its deadline, tallies, objections, the decision.',
          properties: {
            round: { type: 'integer' },
            route: { type: 'array', items: { type: 'object', properties: { levelId: { type: 'string' }, kind: { type: 'string' }, nameVi: { type: 'string' }, nameEn: { type: 'string' }, status: { enum: ['passed', 'current', 'ended', 'ahead'], description: '`ended`: where a refused, withdrawn or expired procedure stopped.' } } } },
            currentLevel: { type: ['object', 'null'] },
            tallies: { type: 'array', items: tally },
            objections: { type: 'array', description: 'Objections their writers confirmed during public disclosure, in order.', items: { type: 'object', properties: { levelId: { type: 'string' }, round: { type: 'integer' }, objection: { type: 'string' } } } },
            openObjection: nullableString,
            rejection: { type: ['object', 'null'] },
            decision: {
              type: ['object', 'null'],
              properties: {
                decisionNumber: { type: 'string', examples: ['12/QĐ-UBND'] },
                amountVnd: { type: ['integer', 'null'], description: 'null: the catalogue sets no amount for this award (an order paid by class, say); the decision document says why.' },
                authority: nullableString,
                decisionDate: nullableString,
                documents: { type: 'object', properties: { decision: { type: 'string', format: 'uri' }, certificate: { type: 'string', format: 'uri' } } },
              },
            },
          },
        },
        history: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              version: { type: 'integer' },
              at: { type: 'string', format: 'date-time' },
              eventId: { ...nullableString, description: 'null for a council member\'s `vote` or `recuse`, and for a `link.refused` of a ballot\'s link: it is made of the ballot\'s task.' },
              type: { type: 'string' },
              event: { type: 'object', description: 'As recorded; a `vote` or `recuse` shows as `{ type }` alone: that a member voted or stood aside, never who nor the ballot. A `link.refused` of a ballot\'s link (posted twice, or opened after its sitting closed) shows as `{ type, reason, attempt }`, without the ballot\'s task. An objection during disclosure shows as `{ type: \'object\' }` when filed and `{ type: \'confirmObjection\' }` when its writer confirmed it, `{ type: \'objectionLapsed\' }` when it lapsed unconfirmed (only a confirmed one sends the dossier back to review; its text is in `procedure.objections`), never who wrote it.' },
              actor: { ...nullableString, description: 'Who acted; null for an objection filed, confirmed or lapsed, and for a council member\'s vote or recusal.' },
              source: nullableString,
              via: { ...nullableString, description: 'The task or request it came through; null for a vote or recusal, and for a refused ballot link.' },
              audit: { type: 'object', description: 'Facts recorded with the event, e.g. `eligibilityOverride` on the start event.' },
              fromState: nullableString,
              toState: { type: 'string' },
              changed: { type: ['boolean', 'null'], description: 'Whether the event changed the procedure; null for an objection filed (telling apart one from an address whose objection already waits, or one refused, would tell something of who objected).' },
            },
          },
        },
      },
    },
    AwardHistoryRequest: {
      type: 'object',
      additionalProperties: false,
      required: ['nominee', 'entries'],
      properties: {
        nominee: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'identifier'],
          properties: { kind: { enum: ['individual', 'collective'] }, identifier: { type: 'string', maxLength: textLimits.identifier } },
        },
        entries: {
          type: 'array',
          minItems: 1,
          maxItems: maxHistoryEntries,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['year'],
            properties: {
              awardTypeId: { enum: awardTypes.map((awardType) => awardType.id), description: 'Omitted only for an entry recording a disciplinary measure.' },
              year: { type: 'integer', description: 'The emulation year it is for.' },
              decisionDate: { type: 'string', format: 'date' },
              decisionNumber: { type: 'string', maxLength: 50, examples: ['123/QĐ-UBND'] },
              disciplined: { type: 'boolean', default: false },
            },
          },
        },
      },
    },
    AwardHistory: {
      type: 'object',
      properties: {
        nomineeKey: { type: 'string', examples: ['individual:024185000123'] },
        recorded: { type: 'integer' },
        alreadyRecorded: { type: 'integer' },
        history: { type: 'array', items: { type: 'object' } },
      },
    },
    ClusterEvaluationStarted: {
      type: 'object',
      required: ['clusterId', 'year', 'instanceId', 'created', 'yearUrl'],
      properties: {
        clusterId: { type: 'string', examples: ['cum-trung-du-mien-nui-phia-bac'] },
        year: { type: 'integer', examples: [2022] },
        instanceId: { type: 'string' },
        created: { type: 'boolean', description: 'False when the evaluation had been started before.' },
        yearUrl: { type: 'string', format: 'uri', description: 'The year-at-a-glance page.' },
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
        error: {
          type: 'string',
          description:
            'Stable code, e.g. `validation_failed`, `bad_characters`, `invalid_json`, `forbidden_key`, `operator_not_allowed`, `invalid_body`, `invalid_path`, `cross_origin`, `method_not_allowed`, `payload_too_large`, `json_required`, `charset_unsupported`, `content_encoding_unsupported`, `idempotency_key_conflict`, `not_eligible`, `override_not_on_route`, `role_unresolvable`, `simplified_not_allowed`, `officer_token_required`, `cluster_not_allowed`, `rate_limited`.',
        },
        message: { type: 'string' },
        fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
        requestId: { type: 'string' },
      },
    },
  };
}
