// Prints a bearer token: npm run token -- --tenant acme --role admin [--ttl 3600] [--sub user-1]
// (--role operator: the SaaS operator's token for that tenant's plan)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OPERATOR_ROLE, ROLES, Role, signToken } from '@roster/http';

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

const roles: string[] = [...ROLES, OPERATOR_ROLE];
if (!values.tenant) fail(`usage: npm run token -- --tenant <id> [--role ${roles.join('|')}] [--ttl seconds] [--sub user]`);
if (!roles.includes(values.role!)) fail(`--role must be one of ${roles.join(', ')}`);
if (!secret) fail('AUTH_JWT_SECRET is not set and no local secret exists yet (run `npm start` once, or export AUTH_JWT_SECRET)');

console.log(signToken(secret, { tenantId: values.tenant, role: values.role as Role, subject: values.sub }, Number(values.ttl)));
