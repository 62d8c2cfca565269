/**
 * kubectl run in a temporary folder that is its HOME and holds its kubeconfig, so neither the
 * user's ~/.kube (config, discovery cache) nor a cluster the environment names is ever used.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';

const run = promisify(execFile);

export interface KubectlResult {
  /** kubectl's exit code; a run killed at the bound throws instead. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlSandbox {
  /** The temporary folder: kubectl's HOME, and free for copies of manifests. */
  folder: string;
  /** The client's `major` and `minor` version, from `kubectl version --client`. */
  clientVersion(): Promise<{ major: string; minor: string }>;
  /** Writes the kubeconfig: one cluster at `server`, plain http, no credentials. */
  useServer(server: string): Promise<void>;
  /** Runs kubectl, killing it after `timeoutMs`. */
  run(args: readonly string[], timeoutMs?: number): Promise<KubectlResult>;
  remove(): Promise<void>;
}

export async function createKubectlSandbox(kubectl: string): Promise<KubectlSandbox> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'vd-kubectl-'));
  const kubeconfig = path.join(folder, 'kubeconfig');
  const env = { PATH: process.env.PATH, HOME: folder, KUBECONFIG: kubeconfig };

  const sandbox: KubectlSandbox = {
    folder,
    async run(args, timeoutMs = 60_000) {
      try {
        const { stdout, stderr } = await run(kubectl, [...args], { env, timeout: timeoutMs });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const failed = error as { code?: unknown; killed?: boolean; stdout?: string; stderr?: string };
        if (typeof failed.code === 'number') return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
        if (failed.killed) throw new Error(`kubectl ${args.join(' ')} did not finish within ${timeoutMs} ms`, { cause: error });
        throw error;
      }
    },
    async clientVersion() {
      const { code, stdout, stderr } = await sandbox.run(['version', '--client', '-o', 'json'], 15_000);
      if (code !== 0) throw new Error(`kubectl version --client exited ${code}: ${stderr}`);
      const { major, minor } = (JSON.parse(stdout) as { clientVersion: { major: string; minor: string } }).clientVersion;
      // Vendor builds report a minor like "32+".
      return { major, minor: minor.replace(/\D+$/, '') };
    },
    async useServer(server) {
      const config = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'stub', cluster: { server } }],
        users: [{ name: 'stub', user: {} }],
        contexts: [{ name: 'stub', context: { cluster: 'stub', user: 'stub' } }],
        'current-context': 'stub',
      };
      await writeFile(kubeconfig, stringify(config), { mode: 0o600 });
    },
    remove: () => rm(folder, { recursive: true, force: true }),
  };
  return sandbox;
}
