export { startAllInOne, type AllInOne, type AllInOneUrls, type StartAllInOneOptions } from './all-in-one.ts';
export { loadOrCreateTaskLinkSecret } from './task-link-secret.ts';
