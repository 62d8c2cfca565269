/**
 * The all-in-one process's entry point. A stop signal while its modules load (a couple of seconds)
 * exits 0 at once instead of killing it; then ./serve.ts starts the service.
 */
import { exitCleanlyWhileLoading } from '@vinh-danh/log/loading-signals';

exitCleanlyWhileLoading('all-in-one');
await import('./serve.ts');
