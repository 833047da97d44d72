// The API contract check against the running stack (npm start): every service's live API against
// its own OpenAPI document. npm run fuzz [-- --examples 25 --only contacts,dedupe]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signToken } from '@roster/http';
import { fuzzService } from '@roster/testing';

const PORTS: Record<string, number> = { contacts: 3001, imports: 3002, segmentation: 3003, dedupe: 3004 };
const { values } = parseArgs({ options: { examples: { type: 'string', default: '25' }, only: { type: 'string' } } });
const root = join(__dirname, '..');
const secretFile = join(root, '.infra', 'dev-jwt-secret');
const secret = process.env.AUTH_JWT_SECRET ?? (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : undefined);
if (!secret) throw new Error('AUTH_JWT_SECRET is not set and no local secret exists yet (run npm start)');
const command = join(execFileSync('bash', [join(root, 'deploy/local/ops-tools.sh'), 'bin']).toString().trim(), 'st');

async function main(): Promise<void> {
  let failed = 0;
  for (const name of values.only ? values.only.split(',') : Object.keys(PORTS)) {
    const port = Number(process.env[`${name.toUpperCase()}_PORT`] ?? PORTS[name]);
    const token = signToken(secret!, { tenantId: `fuzz-${name}`, role: 'admin', subject: 'api-fuzz' }, 3600);
    const result = await fuzzService({ baseUrl: `http://127.0.0.1:${port}`, token, maxExamples: Number(values.examples), command });
    console.log(`\n===== ${name}: ${result.passed ? 'passed' : 'FAILED'}\n${result.output}`);
    if (!result.passed) failed++;
  }
  process.exit(failed ? 1 : 0);
}

void main();
