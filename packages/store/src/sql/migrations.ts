import type { SqlDriver } from './sql-driver.ts';

/**
 * Versioned schema migrations, applied in order at start. Never edit a released one:
 * add the next. Index comments name the query each serves.
 */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'workflow runtime',
    sql: `
      CREATE TABLE instances (
        instance_id        text PRIMARY KEY,
        definition_id      text NOT NULL,
        definition_version integer NOT NULL,
        snapshot           jsonb NOT NULL,
        version            integer NOT NULL,
        status             text NOT NULL,
        state_value        text NOT NULL,
        nomination_id      text,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now()
      );
      -- countByStatus, operators' views
      CREATE INDEX instances_status_idx ON instances (status);

      CREATE TABLE history (
        instance_id text NOT NULL REFERENCES instances (instance_id),
        version     integer NOT NULL,
        event_id    text NOT NULL,
        event_type  text NOT NULL,
        event       jsonb NOT NULL,
        meta        jsonb NOT NULL,
        from_state  text,
        to_state    text NOT NULL,
        changed     boolean NOT NULL,
        at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (instance_id, version),
        -- an event is applied to an instance at most once
        UNIQUE (instance_id, event_id)
      );

      CREATE TABLE inbox (
        instance_id text NOT NULL,
        event_id    text NOT NULL,
        event       jsonb NOT NULL,
        meta        jsonb NOT NULL,
        status      text NOT NULL DEFAULT 'pending',
        -- millisecond precision, so a JavaScript Date is an exact keyset cursor
        created_at  timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        applied_at  timestamptz,
        error       text,
        PRIMARY KEY (instance_id, event_id)
      );
      -- reconciler: events accepted but not applied, oldest first
      CREATE INDEX inbox_pending_idx ON inbox (created_at) WHERE status = 'pending';

      CREATE TABLE outbox (
        effect_id   text PRIMARY KEY,
        instance_id text NOT NULL,
        queue       text NOT NULL,
        type        text NOT NULL,
        payload     jsonb NOT NULL,
        status      text NOT NULL DEFAULT 'pending',
        -- millisecond precision, so a JavaScript Date is an exact keyset cursor
        created_at  timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        done_at     timestamptz,
        error       text
      );
      -- reconciler: effects not yet carried out, oldest first
      CREATE INDEX outbox_pending_idx ON outbox (created_at) WHERE status = 'pending';

      CREATE TABLE timers (
        timer_id    text PRIMARY KEY,
        instance_id text NOT NULL,
        send_id     text NOT NULL,
        event       jsonb NOT NULL,
        due_at      timestamptz NOT NULL,
        status      text NOT NULL DEFAULT 'pending',
        created_at  timestamptz NOT NULL DEFAULT now(),
        fired_at    timestamptz
      );
      -- reconciler: pending timers by due time
      CREATE INDEX timers_pending_due_idx ON timers (due_at) WHERE status = 'pending';
      -- commit: cancel an instance's pending timers by XState send id
      CREATE INDEX timers_pending_send_idx ON timers (instance_id, send_id) WHERE status = 'pending';

      CREATE TABLE tasks (
        task_id          text PRIMARY KEY,
        instance_id      text NOT NULL,
        nomination_id    text,
        step             text NOT NULL,
        assignee         text NOT NULL,
        status           text NOT NULL DEFAULT 'open',
        due_at           timestamptz,
        token_hash       text UNIQUE,
        token_expires_at timestamptz,
        outcome          text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        completed_at     timestamptz
      );
      -- an approver's task list
      CREATE INDEX tasks_assignee_idx ON tasks (assignee, status);
      -- a nomination's tasks on its pages
      CREATE INDEX tasks_instance_idx ON tasks (instance_id);

      CREATE TABLE nominations (
        nomination_id text PRIMARY KEY,
        tracking_code text NOT NULL UNIQUE,
        unit_id       text NOT NULL,
        award_type_id text NOT NULL,
        period        text NOT NULL,
        nominee       jsonb NOT NULL,
        details       jsonb NOT NULL,
        status        text NOT NULL DEFAULT 'submitted',
        instance_id   text,
        created_at    timestamptz NOT NULL DEFAULT now()
      );
      -- search by unit / award / period / state
      CREATE INDEX nominations_search_idx ON nominations (unit_id, award_type_id, period, status);
      CREATE INDEX nominations_award_period_idx ON nominations (award_type_id, period);

      CREATE TABLE decision_counters (
        authority   text NOT NULL,
        year        integer NOT NULL,
        last_number integer NOT NULL,
        PRIMARY KEY (authority, year)
      );
    `,
  },
  {
    version: 2,
    name: 'units and idempotent submissions',
    sql: `
      CREATE TABLE units (
        unit_id    text PRIMARY KEY,
        name_vi    text NOT NULL,
        name_en    text NOT NULL,
        parent_id  text,
        -- who acts at each step of the unit's procedures: { unitLeader, officer, … } → e-mail
        approvers  jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      ALTER TABLE nominations ADD COLUMN idempotency_key text;
      ALTER TABLE nominations ADD COLUMN request_hash text;
      -- a retried submission with the same Idempotency-Key finds the first one
      CREATE UNIQUE INDEX nominations_idempotency_key_idx ON nominations (idempotency_key) WHERE idempotency_key IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'attachments and form drafts',
    sql: `
      CREATE TABLE attachments (
        attachment_id text PRIMARY KEY,
        nomination_id text NOT NULL REFERENCES nominations (nomination_id),
        position      integer NOT NULL,
        filename      text NOT NULL,
        content_type  text NOT NULL,
        size          integer NOT NULL,
        sha256        text NOT NULL,
        content       bytea NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now()
      );
      -- a nomination's files on its pages, in upload order
      CREATE INDEX attachments_nomination_idx ON attachments (nomination_id, position);

      CREATE TABLE drafts (
        draft_id   text PRIMARY KEY,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- clean-up of abandoned drafts
      CREATE INDEX drafts_expires_idx ON drafts (expires_at);

      CREATE TABLE draft_attachments (
        draft_id      text NOT NULL REFERENCES drafts (draft_id) ON DELETE CASCADE,
        attachment_id text NOT NULL,
        position      integer NOT NULL,
        filename      text NOT NULL,
        content_type  text NOT NULL,
        size          integer NOT NULL,
        sha256        text NOT NULL,
        content       bytea NOT NULL,
        PRIMARY KEY (draft_id, attachment_id)
      );
    `,
  },
  {
    version: 4,
    name: 'decisions and award history',
    sql: `
      CREATE TABLE decisions (
        decision_id     text PRIMARY KEY,
        nomination_id   text NOT NULL,
        instance_id     text NOT NULL,
        authority       text NOT NULL,
        issuer_code     text NOT NULL,
        year            integer NOT NULL,
        number          integer NOT NULL,
        decision_number text NOT NULL,
        award_type_id   text NOT NULL,
        decision_date   date NOT NULL,
        amount_vnd      bigint,
        amount_basis    jsonb NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        -- one number per authority and year, never two decisions with it
        UNIQUE (authority, year, number)
      );
      -- a nomination's decisions on its pages
      CREATE INDEX decisions_nomination_idx ON decisions (nomination_id);

      CREATE TABLE decision_documents (
        decision_id  text NOT NULL REFERENCES decisions (decision_id),
        kind         text NOT NULL,
        content_type text NOT NULL,
        content      bytea NOT NULL,
        PRIMARY KEY (decision_id, kind)
      );

      CREATE TABLE award_history (
        entry_id        bigserial PRIMARY KEY,
        nominee_key     text NOT NULL,
        award_type_id   text,
        year            integer NOT NULL,
        decision_date   date,
        decision_number text,
        disciplined     boolean NOT NULL DEFAULT false,
        source          text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      );
      -- eligibility: a nominee's history
      CREATE INDEX award_history_nominee_idx ON award_history (nominee_key, year);
    `,
  },
  {
    version: 5,
    name: 'unit profiles',
    sql: `
      -- how a unit signs and numbers decisions: { abbreviation, issuingBody, signatories }; {} when it signs none
      ALTER TABLE units ADD COLUMN profile jsonb NOT NULL DEFAULT '{}'::jsonb;
    `,
  },
  {
    version: 6,
    name: 'nomination duplicate keys',
    sql: `
      -- the submitter's normalised nominee, award and period (the gateway derives it); NULL on older rows
      ALTER TABLE nominations ADD COLUMN duplicate_key text;
      -- duplicate check at submission: the nominations with the same key
      CREATE INDEX nominations_duplicate_key_idx ON nominations (duplicate_key) WHERE duplicate_key IS NOT NULL;
      -- duplicate check at submission: rows stored without a key, by award and period, oldest first
      CREATE INDEX nominations_unkeyed_idx ON nominations (award_type_id, period, created_at) WHERE duplicate_key IS NULL;
    `,
  },
  {
    version: 7,
    name: 'emulation clusters',
    sql: `
      -- a cluster or bloc (Cụm, Khối thi đua) per year; getYear and listYears (by year) read its key
      CREATE TABLE cluster_years (
        cluster_id         text NOT NULL,
        year               integer NOT NULL,
        kind               text NOT NULL,
        name_vi            text NOT NULL,
        name_en            text NOT NULL,
        -- member unit ids, and the order the chair rotates in: JSON arrays of unit ids
        members            jsonb NOT NULL,
        rotation_order     jsonb NOT NULL,
        chair              text NOT NULL,
        deputy             text NOT NULL,
        -- { name, titleVi, titleEn } of the central council member responsible; NULL when unknown
        responsible        jsonb,
        roles_source       text,
        -- { criteria, ranking, selfAssessmentWeight, vote, source, signatures: [{ memberId, signedBy, signedAt }] }
        agreement          jsonb,
        -- the effect that handed this year over (its chair and deputy): a year is handed over once
        handover_effect_id text,
        handed_over_at     timestamptz,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cluster_id, year)
      );
    `,
  },
  {
    version: 8,
    name: 'task link tokens, timers by send id',
    sql: `
      -- one row per mailed task link: the SHA-256 of its random token (never the token) and its task;
      -- a task gets a link in each mail that carries one (task, reminder, escalation)
      CREATE TABLE task_links (
        token_hash text PRIMARY KEY,
        task_id    text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- commit: cancel an instance's timers by XState send id, pending or fired but not yet applied
      CREATE INDEX timers_send_idx ON timers (instance_id, send_id);
      DROP INDEX timers_pending_send_idx;
    `,
  },
  {
    version: 9,
    name: 'failed work for operators, inbox in instance order',
    sql: `
      -- operators: events and effects given up on, oldest first, by keyset (store:failed, store:retry)
      CREATE INDEX inbox_failed_idx ON inbox (created_at, instance_id, event_id) WHERE status = 'failed';
      CREATE INDEX outbox_failed_idx ON outbox (created_at, effect_id) WHERE status = 'failed';
      -- reconciler: events accepted but not applied, in the order it pages them (time, instance, event)
      CREATE INDEX inbox_pending_order_idx ON inbox (created_at, instance_id, event_id) WHERE status = 'pending';
      DROP INDEX inbox_pending_idx;
    `,
  },
  {
    version: 10,
    name: 'instances by state',
    sql: `
      -- listInState: the instances in one state, by id (the public disclosures: disclosure.posted)
      CREATE INDEX instances_state_idx ON instances (state_value, instance_id);
    `,
  },
  {
    version: 11,
    name: 'decision numbers per register',
    sql: `
      -- The register a decision's number was taken from (issuing body and document code, as
      -- decision_counters keys it). Numbers are unique per register and year: two bodies whose
      -- signatories print alike (two communes of one name) each number from 1. Decisions
      -- numbered before registers were numbered per signatory text, which keys them as before.
      -- Null only on a decision an earlier version writes during a rolling upgrade.
      ALTER TABLE decisions ADD COLUMN register text;
      UPDATE decisions SET register = authority;
      ALTER TABLE decisions DROP CONSTRAINT decisions_authority_year_number_key;
      ALTER TABLE decisions ADD CONSTRAINT decisions_register_year_number_key UNIQUE (register, year, number);
    `,
  },
];

export const latestMigration = Math.max(...migrations.map((migration) => migration.version));

/** The migration runner's own table: which versions are applied. */
export const bookkeepingTableSql = `
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`;

/** Arbitrary constant: the advisory lock that serialises migrations across processes. */
const migrationLockKey = 4_682_113;

export async function runMigrations(driver: SqlDriver): Promise<void> {
  await driver.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    await tx.query(bookkeepingTableSql);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
  });
}

export async function migrationLevel(driver: SqlDriver): Promise<number> {
  // A database nobody has migrated yet (a store opened with `migrate: false`) is at level 0,
  // not an error: info() must answer before migrate() has run.
  const { rows: bookkeeping } = await driver.query<{ present: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS present`,
  );
  if (!bookkeeping[0]?.present) return 0;
  const { rows } = await driver.query<{ level: number | null }>(
    `SELECT max(version) AS level FROM schema_migrations`,
  );
  return rows[0]?.level ?? 0;
}

/** Versions applied to the database, ascending; empty when nobody migrated it yet. */
export async function appliedMigrations(driver: SqlDriver): Promise<number[]> {
  const { rows: bookkeeping } = await driver.query<{ present: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS present`,
  );
  if (!bookkeeping[0]?.present) return [];
  const { rows } = await driver.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => Number(row.version));
}
