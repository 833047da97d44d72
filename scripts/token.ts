// Prints a bearer token: npm run token -- --tenant acme --role admin [--ttl 3600] [--sub user-1]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, Role, signToken } from '@roster/http';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    role: { type: 'string', default: 'admin' },
    ttl: { type: 'string', default: '3600' },
    sub: { type: 'string' },
  },
});

const devSecretFile = join(__dirname, '..', '.infra', 'dev-jwt-secret');
const secret = process.env.AUTH_JWT_SECRET ?? (existsSync(devSecretFile) ? readFileSync(devSecretFile, 'utf8').trim() : undefined);

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

if (!values.tenant) fail('usage: npm run token -- --tenant <id> [--role admin|agent|viewer] [--ttl seconds] [--sub user]');
if (!ROLES.includes(values.role as Role)) fail(`--role must be one of ${ROLES.join(', ')}`);
if (!secret) fail('AUTH_JWT_SECRET is not set and no local secret exists yet (run `npm start` once, or export AUTH_JWT_SECRET)');

console.log(signToken(secret, { tenantId: values.tenant, role: values.role as Role, subject: values.sub }, Number(values.ttl)));
