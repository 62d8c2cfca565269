/** Test support for packages that use the store: fresh stores per adapter and stores full of sample rows. */
export { openTestStore, postgresTarget, postgresUnreachable, pgliteTarget, storeTargets, type StoreTarget, type StoreTargetName } from './store-targets.ts';
export { exportedTables, populateThroughPort, sampleFile, type PopulatedIds } from './populate-store.ts';
