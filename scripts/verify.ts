// Checks a tenant's derived state against its source, and repairs it on request:
//   npm run verify -- --tenant acme [--repair] [--only segments|dedupe]
//   segments: members of every segment re-evaluated from the contacts service's data;
//   dedupe:   candidate pairs against a fresh scan of the dedupe service's contacts.
// Prints one JSON report per check; exits 1 when drift was found (and not repaired), 2 on misuse.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signToken } from '@roster/http';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    repair: { type: 'boolean', default: false },
    only: { type: 'string' },
    'segmentation-url': { type: 'string', default: process.env.SEGMENTATION_URL ?? 'http://127.0.0.1:3003' },
    'dedupe-url': { type: 'string', default: process.env.DEDUPE_URL ?? 'http://127.0.0.1:3004' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const devSecretFile = join(__dirname, '..', '.infra', 'dev-jwt-secret');
const secret = process.env.AUTH_JWT_SECRET ?? (existsSync(devSecretFile) ? readFileSync(devSecretFile, 'utf8').trim() : undefined);
if (!values.tenant) fail('usage: npm run verify -- --tenant <id> [--repair] [--only segments|dedupe]');
if (values.only && !['segments', 'dedupe'].includes(values.only)) fail('--only must be segments or dedupe');
if (!secret) fail('AUTH_JWT_SECRET is not set and no local secret exists yet');

const checks = [
  { name: 'segments', url: `${values['segmentation-url']}/v1/segments/verify`, drift: (r: any) => r.segments.some((s: any) => s.missing + s.extra > 0) },
  { name: 'dedupe', url: `${values['dedupe-url']}/v1/dedupe/verify`, drift: (r: any) => r.missing + r.extra > 0 },
].filter((check) => !values.only || check.name === values.only);

async function main(): Promise<number> {
  const token = signToken(secret!, { tenantId: values.tenant!, role: 'admin', subject: 'roster-verify' }, 3600);
  let drifted = false;
  for (const check of checks) {
    const response = await fetch(check.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ repair: values.repair }),
    });
    const report = (await response.json()) as Record<string, any>;
    if (!response.ok) fail(`${check.name}: ${response.status} ${report.detail ?? ''}`);
    console.log(JSON.stringify({ check: check.name, ...report }, null, 2));
    drifted ||= check.drift(report) && !values.repair;
  }
  return drifted ? 1 : 0;
}

main().then((code) => process.exit(code), (error) => fail(String(error?.message ?? error)));
