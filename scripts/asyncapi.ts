// Writes libs/contracts/asyncapi.json from the contracts (a test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApiDocument } from '@roster/contracts';

const root = join(__dirname, '..');
const { version } = require(join(root, 'package.json')) as { version: string };
const target = join(root, 'libs/contracts/asyncapi.json');
writeFileSync(target, JSON.stringify(buildAsyncApiDocument(version), null, 2) + '\n');
console.log(`wrote ${target}`);
