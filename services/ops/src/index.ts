export { checkStore, formatStoreCheck, type StoreCheckReport } from './store-check.ts';
export { exportStore, type ExportSummary } from './store-export.ts';
export { importStore, verifyExportFile, type ImportOptions, type ImportSummary } from './store-import.ts';
export { exportFormat, exportFormatVersion, parseHeader, type ExportHeader } from './transfer-format.ts';
export { openOpsStore, describeStore } from './open-store.ts';
export { runOpsCommand, usage, failedWorkExitCode, type CommandOutcome } from './ops-commands.ts';
export * from './ops-errors.ts';
export { listFailedWork, formatFailedWork, retryFailedWork, type FailedWorkReport, type RetryOutcome } from './failed-work.ts';
