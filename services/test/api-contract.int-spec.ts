import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '@roster/config';
import { signToken, startService } from '@roster/http';
import { FUZZ_SEED, IsolatedInfrastructure, TEST_JWT_SECRET, fuzzService, isolatedInfrastructure, waitFor } from '@roster/testing';
import { ContactsServiceModule, contactsEventConsumer } from '../contacts/src/contacts.module';
import { ContactsSettings } from '../contacts/src/contacts.settings';
import { DedupeServiceModule, dedupeEventConsumer } from '../dedupe/src/dedupe.module';
import { DedupeSettings } from '../dedupe/src/dedupe.settings';
import { ImportsServiceModule } from '../imports/src/imports.module';
import { ImportsSettings } from '../imports/src/imports.settings';
import { SegmentationServiceModule, segmentationEventConsumer } from '../segmentation/src/segmentation.module';
import { SegmentationSettings } from '../segmentation/src/segmentation.settings';

const ROOT = join(__dirname, '..', '..');
/** Test cases per operation and phase: about a minute for the four services. */
const EXAMPLES = Number(process.env.FUZZ_EXAMPLES ?? 25);
const TENANT = 'contract';

const urlOf = async (app: INestApplication) => (await app.getUrl()).replace('[::1]', '127.0.0.1');

/**
 * Each service's live API keeps its own OpenAPI document: a bounded property-based run
 * (schemathesis, fixed seed) finds no server error, no undocumented status or content type, and no
 * response off its schema. Run it alone with `npx jest services/test/api-contract`.
 */
describe('the APIs keep their documents', () => {
  let infra: IsolatedInfrastructure;
  const apps = new Map<string, INestApplication>();
  const knownIds = new Map<string, Record<string, string[]>>();
  const command = join(execFileSync('bash', [join(ROOT, 'deploy/local/ops-tools.sh'), 'bin']).toString().trim(), 'st');
  const auth = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: TENANT, role: 'admin', subject: 'api-contract' })}`;

  beforeAll(async () => {
    infra = await isolatedInfrastructure('contract');
    const contactsSettings = loadConfig(ContactsSettings, infra.env());
    apps.set('contacts', await startService({ name: 'contacts', module: ContactsServiceModule.register(contactsSettings), settings: contactsSettings, port: 0, consumer: contactsEventConsumer }));
    const env = infra.env({ CONTACTS_URL: await urlOf(apps.get('contacts')!) });
    const imports = loadConfig(ImportsSettings, env);
    const segmentation = loadConfig(SegmentationSettings, env);
    const dedupe = loadConfig(DedupeSettings, env);
    apps.set('imports', await startService({ name: 'imports', module: ImportsServiceModule.register(imports), settings: imports, port: 0 }));
    apps.set('segmentation', await startService({ name: 'segmentation', module: SegmentationServiceModule.register(segmentation), settings: segmentation, port: 0, consumer: segmentationEventConsumer }));
    apps.set('dedupe', await startService({ name: 'dedupe', module: DedupeServiceModule.register(dedupe), settings: dedupe, port: 0, consumer: dedupeEventConsumer }));

    // Resources that exist, so that the run reaches past the 404 of operations on one of them.
    const http = (name: string) => request(apps.get(name)!.getHttpServer());
    const contact = (await http('contacts').post('/v1/contacts').set('Authorization', auth).send({ phone: '+4915123459001', firstName: 'Ada', tags: ['vip'] }).expect(201)).body;
    await http('contacts').post('/v1/contacts').set('Authorization', auth).send({ phone: '+4915123459002', firstName: 'Ada' }).expect(201);
    const list = (await http('contacts').post('/v1/lists').set('Authorization', auth).send({ name: 'Newsletter' }).expect(201)).body;
    knownIds.set('contacts', { id: [contact.id, list.id], tag: ['vip'] });
    // An import whose run has ended: its progress stream closes at once (one still running streams until it ends).
    const upload = await http('imports').post('/v1/imports').set('Authorization', auth).attach('file', Buffer.from('phone,name\n+4915123459003,Bo\n'), 'people.csv').expect(201);
    await http('imports').post(`/v1/imports/${upload.body.id}/run`).set('Authorization', auth).expect(202);
    await waitFor('the import run', async () => (await http('imports').get(`/v1/imports/${upload.body.id}`).set('Authorization', auth)).body.run?.state === 'completed' || undefined, 30_000);
    knownIds.set('imports', { id: [upload.body.id] });
    const segment = (await http('segmentation').post('/v1/segments').set('Authorization', auth).send({ name: 'VIPs', rule: { field: 'tags', op: 'hasAny', value: ['vip'] } }).expect(201)).body;
    await waitFor('the contact in segmentation', async () => (await http('segmentation').get(`/v1/contacts/${contact.id}/segments`).set('Authorization', auth)).status === 200 || undefined, 30_000);
    knownIds.set('segmentation', { id: [segment.id, contact.id] });
    const scan = (await http('dedupe').post('/v1/dedupe/scans').set('Authorization', auth).expect(202)).body;
    knownIds.set('dedupe', { scanId: [scan.id] });
  }, 120_000);

  afterAll(async () => {
    for (const app of apps.values()) await app.close();
    await infra?.cleanup();
  });

  it.each(['contacts', 'imports', 'segmentation', 'dedupe'])(`%s: no finding with seed ${FUZZ_SEED}`, async (name) => {
    const result = await fuzzService({ baseUrl: await urlOf(apps.get(name)!), token: auth.slice('Bearer '.length), maxExamples: EXAMPLES, command, knownIds: knownIds.get(name) });
    if (!result.passed) throw new Error(`schemathesis found problems in ${name}:\n${result.output}`);
    expect(result.output).toMatch(/Fuzzing \(in/);
  }, 300_000);
});
