import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Failing on any of these: a 5xx, a status or content type the document does not list, a body not matching its schema. */
export const FUZZ_CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];
/** Fixed, so that a finding reproduces with the same command (FUZZ_SEED explores others). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261207);

export interface FuzzRun {
  /** The service's base URL; its document is read from `/docs/openapi.json`. */
  baseUrl: string;
  /** Bearer token the requests carry (an admin of a tenant of its own). */
  token: string;
  /** Test cases per operation and phase. */
  maxExamples: number;
  /** The schemathesis command (`st`), see deploy/local/ops-tools.sh. */
  command: string;
  /**
   * Ids of resources that exist, per path parameter name: used in half of the requests, so the
   * operations are exercised past their 404.
   */
  knownIds?: Record<string, string[]>;
}

/** schemathesis.toml binding each path parameter to a dictionary of known ids. */
function configOf(knownIds: Record<string, string[]>): string {
  const entries = Object.entries(knownIds).filter(([, ids]) => ids.length > 0);
  return [
    ...entries.flatMap(([name, ids]) => [`[dictionaries.${name}]`, `values = ${JSON.stringify(ids)}`, '']),
    '[parameters]',
    ...entries.map(([name]) => `"path.${name}" = { dictionary = "${name}", probability = 0.5 }`),
  ].join('\n');
}

/** Runs schemathesis against one live service; resolves with its exit code and output. */
export async function fuzzService(run: FuzzRun): Promise<{ passed: boolean; output: string }> {
  const document = await (await fetch(`${run.baseUrl}/docs/openapi.json`)).text();
  const dir = mkdtempSync(join(tmpdir(), 'roster-fuzz-'));
  const file = join(dir, 'openapi.json');
  writeFileSync(file, document);
  const config = join(dir, 'schemathesis.toml');
  writeFileSync(config, configOf(run.knownIds ?? {}));
  const args = [
    '--no-color', '--config-file', config, 'run', file, '--url', run.baseUrl,
    '--header', `Authorization: Bearer ${run.token}`,
    '--checks', FUZZ_CHECKS.join(','),
    '--seed', String(FUZZ_SEED),
    '--max-examples', String(run.maxExamples),
    '--phases', 'examples,coverage,fuzzing',
    '--workers', '1',
    '--request-timeout', '10',
  ];
  const child = spawn(run.command, args, { cwd: dir, env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { passed: code === 0, output };
}
