/**
 * The collections of the store: one per table of the SQL schema, with the same names, so the
 * adapter-neutral export (`table` = snake_case table name) maps onto them one to one.
 */
export const collections = {
  instances: 'instances',
  history: 'history',
  inbox: 'inbox',
  outbox: 'outbox',
  timers: 'timers',
  tasks: 'tasks',
  taskLinks: 'task_links',
  nominations: 'nominations',
  units: 'units',
  attachments: 'attachments',
  drafts: 'drafts',
  draftAttachments: 'draft_attachments',
  decisionCounters: 'decision_counters',
  decisions: 'decisions',
  decisionDocuments: 'decision_documents',
  awardHistory: 'award_history',
  clusterYears: 'cluster_years',
  /** Bookkeeping of the migration runner: never exported, never cleared. */
  migrations: 'schema_migrations',
  /** Key generators (what a `bigserial` is in SQL): never exported, reset by `clear()`. */
  sequences: 'store_sequences',
} as const;

export type CollectionKey = keyof typeof collections;
export type CollectionName = (typeof collections)[CollectionKey];

/** The sequence that numbers `award_history` entries (SQL: `award_history.entry_id bigserial`). */
export const awardHistorySequence = 'award_history.entry_id';
