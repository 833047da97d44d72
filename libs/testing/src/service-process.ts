import { ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** A loopback port free at the moment of asking. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServiceProcessOptions {
  /** Entry point from the repository root, e.g. `services/contacts/src/main.ts`. */
  entry: string;
  port: number;
  env: Record<string, string>;
  /** Where its stdout and stderr go (else they are dropped). */
  logFile?: string;
  readyWithinMs?: number;
  maxOldSpaceMb?: number;
}

/**
 * A service as its own process, as it runs in production (its event loop shared with nobody),
 * resolved once it answers /health/ready.
 */
export function startServiceProcess(options: ServiceProcessOptions): Promise<ChildProcess> {
  const output = options.logFile ? openSync(options.logFile, 'w') : 'ignore';
  const child = spawn(process.execPath, [`--max-old-space-size=${options.maxOldSpaceMb ?? 4096}`, '-r', '@swc-node/register', options.entry], {
    cwd: ROOT,
    env: { ...process.env, ...options.env, HTTP_PORT: String(options.port) },
    stdio: ['ignore', output, output],
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + (options.readyWithinMs ?? 90_000);
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`${options.entry} exited with ${child.exitCode} before it was ready`));
      try {
        if ((await fetch(`http://127.0.0.1:${options.port}/health/ready`)).ok) return resolve(child);
      } catch {
        /* not yet listening */
      }
      if (Date.now() > deadline) return reject(new Error(`${options.entry} did not become ready`));
      setTimeout(poll, 250);
    };
    void poll();
  });
}

export async function stopServiceProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
