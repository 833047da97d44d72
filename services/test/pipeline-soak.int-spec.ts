import { EventConsumerOptions, signToken } from '@roster/http';
import { MetricsRegistry } from '@roster/observability';
import { IsolatedInfrastructure, SlowProxy, TEST_JWT_SECRET, isolatedInfrastructure, serviceLag, waitFor } from '@roster/testing';
import { contactsEventConsumer } from '../contacts/src/contacts.module';
import { dedupeEventConsumer } from '../dedupe/src/dedupe.module';
import { segmentationEventConsumer } from '../segmentation/src/segmentation.module';
import { Pipeline, PipelineService, startPipeline } from './pipeline-harness';

jest.setTimeout(600_000);

const IMPORT_ROWS = 3_000;
/** The broker's smallest session timeout: handlers stall on the database for longer than this. */
const SESSION_TIMEOUT_MS = 6_000;
const IMPORTING = 'soak-import';
const EDITING = 'soak-edits';

const log = (message: string) => process.stdout.write(`[soak] ${message}\n`);

/**
 * The event pipeline under a burst, as a tenant's large import makes one: a CSV import in one tenant
 * and API writes in two, while the consumers' database answers slowly and once stalls for longer
 * than their session timeout. Every consumer group must catch up without a rejoin, and membership
 * must then equal a fresh evaluation of the contacts service's data.
 */
describe('the event pipeline under an import burst and a slow database', () => {
  let infra: IsolatedInfrastructure;
  let proxy: SlowProxy;
  let pipeline: Pipeline;
  const http = (name: PipelineService) => pipeline.http(name);
  const auth = (tenant: string) => `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: tenant, role: 'admin', subject: 'soak' })}`;

  beforeAll(async () => {
    infra = await isolatedInfrastructure('soak');
    const slow = await SlowProxy.forMongo(infra.mongoUrl);
    proxy = slow.proxy;
    // The two consumers of contact events reach the database through the slow proxy.
    pipeline = await startPipeline(infra, {
      imports: { IMPORT_CHUNK_ROWS: '250' },
      consumers: { MONGO_URL: slow.url, KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS) },
    });
  });

  afterAll(async () => {
    await pipeline?.close();
    await proxy?.close();
    await infra?.cleanup();
  });

  /** Joins per consumer group (one group per lane) of a service. */
  const groupJoins = async (name: PipelineService) => (await pipeline.app(name).get(MetricsRegistry).consumerGroupJoins.get()).values.map((v) => v.value);
  const lagOf = (consumer: EventConsumerOptions) => serviceLag(infra.kafka, infra.topicPrefix, consumer);

  async function createSegment(tenant: string, name: string, rule: object): Promise<string> {
    const { body } = await http('segmentation').post('/v1/segments').set('Authorization', auth(tenant)).send({ name, rule }).expect(201);
    await waitFor(`segment ${name} ready`, async () => ((await http('segmentation').get(`/v1/segments/${body.id}`).set('Authorization', auth(tenant))).body.status === 'ready' ? true : undefined), 60_000);
    return body.id;
  }

  /** A few hundred API writes in both tenants: contacts created, tagged and untagged. */
  async function apiWrites(tenant: string, offset: number): Promise<number> {
    let writes = 0;
    for (let i = 0; i < 60; i++) {
      const { body } = await http('contacts').post('/v1/contacts').set('Authorization', auth(tenant))
        .send({
          phone: `+49151${String(offset + i).padStart(8, '0')}`, firstName: `Edit ${i}`, lastName: i % 7 === 0 ? 'Twin' : `Person${i}`, company: 'Soak GmbH',
          // Three pairs of the same person under two phones: dedupe has candidates to keep right.
          ...(i % 10 === 0 ? { firstName: 'Twin', email: `twin-${(i / 10) % 3}@soak.example` } : {}),
        }).expect(201);
      await http('contacts').post(`/v1/contacts/${body.id}/tags`).set('Authorization', auth(tenant)).send({ add: ['vip'] }).expect(201);
      if (i % 3 === 0) await http('contacts').post(`/v1/contacts/${body.id}/tags`).set('Authorization', auth(tenant)).send({ remove: ['vip'] }).expect(201);
      writes += i % 3 === 0 ? 3 : 2;
    }
    return writes;
  }

  it('drains every group to lag 0 without a rejoin, and membership equals a fresh evaluation', async () => {
    await createSegment(IMPORTING, 'VIP', { field: 'tags', op: 'hasAny', value: ['vip'] });
    await createSegment(IMPORTING, 'Named A', { field: 'firstName', op: 'startsWith', value: 'A' });
    await createSegment(EDITING, 'VIP', { field: 'tags', op: 'hasAny', value: ['vip'] });
    proxy.slowDown(10);

    const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => `(11) 9${String(71000000 + i)},${['Ana', 'Bruno', 'Alice', 'Caio'][i % 4]} ${i},${i % 3 === 0 ? 'vip' : ''}`);
    const { body: upload } = await http('imports').post('/v1/imports').set('Authorization', auth(IMPORTING))
      .attach('file', Buffer.from(`Phone,Name,Tags\r\n${rows.join('\r\n')}\r\n`), 'burst.csv').expect(201);
    await http('imports').put(`/v1/imports/${upload.id}/mapping`).set('Authorization', auth(IMPORTING))
      .send({ columns: { Phone: 'phone', Name: 'firstName', Tags: 'tags' }, options: { mode: 'create', defaultCountry: 'BR' } }).expect(200);
    const started = Date.now();
    await http('imports').post(`/v1/imports/${upload.id}/run`).set('Authorization', auth(IMPORTING)).expect(202);

    // Writes of both tenants during the import, and a database stall past the session timeout.
    const stall = new Promise<void>((resolve) => setTimeout(() => {
      log(`database stalls for ${SESSION_TIMEOUT_MS + 3_000} ms`);
      proxy.stall(SESSION_TIMEOUT_MS + 3_000);
      resolve();
    }, 8_000));
    const writes = (await Promise.all([apiWrites(EDITING, 0), apiWrites(IMPORTING, 1_000), stall])).slice(0, 2).reduce((a, b) => a! + b!, 0);
    const done = await waitFor('the import to finish', async () => {
      const { body } = await http('imports').get(`/v1/imports/${upload.id}`).set('Authorization', auth(IMPORTING)).expect(200);
      return ['completed', 'failed', 'cancelled'].includes(body.run.state) ? body : undefined;
    }, 300_000);
    expect(done.run).toMatchObject({ state: 'completed', counts: { created: IMPORT_ROWS } });
    log(`import of ${IMPORT_ROWS} rows and ${writes} API writes done in ${Date.now() - started} ms`);

    for (const [name, consumer] of [['segmentation', segmentationEventConsumer], ['contacts', contactsEventConsumer], ['dedupe', dedupeEventConsumer]] as const) {
      await waitFor(`${name} to reach lag 0`, async () => ((await lagOf(consumer)) === 0 ? true : undefined), 300_000);
      log(`${name}: lag 0 after ${Date.now() - started} ms`);
    }
    // One join per lane at start; a member that lost its session would have joined again, and again.
    expect(await groupJoins('segmentation')).toEqual([1, 1]);
    expect(await groupJoins('dedupe')).toEqual([1, 1]);

    proxy.slowDown(0);
    for (const tenant of [IMPORTING, EDITING]) {
      const { body: members } = await http('segmentation').post('/v1/segments/verify').set('Authorization', auth(tenant)).send({}).expect(200);
      expect(members.segments).toHaveLength(tenant === IMPORTING ? 2 : 1);
      expect(members.segments.map((s: { name: string; missing: number; extra: number }) => [s.name, s.missing, s.extra])).toEqual(
        members.segments.map((s: { name: string }) => [s.name, 0, 0]),
      );
      log(`${tenant}: ${members.contacts} contacts, members ${JSON.stringify(members.segments.map((s: { expected: number }) => s.expected))}`);
    }
    // Candidate pairs too: what dedupe stored after the stall is what a fresh scan finds.
    for (const tenant of [IMPORTING, EDITING]) {
      const { body: pairs } = await http('dedupe').post('/v1/dedupe/verify').set('Authorization', auth(tenant)).send({}).expect(200);
      expect(pairs).toMatchObject({ missing: 0, extra: 0 });
      expect(pairs.contacts).toBe(tenant === IMPORTING ? IMPORT_ROWS + 60 : 60);
      expect(pairs.stored).toBeGreaterThanOrEqual(3);
      log(`${tenant}: ${pairs.contacts} contacts in dedupe, ${pairs.stored} candidate pairs, none missing or extra`);
    }
    const { body: vip } = await http('segmentation').post('/v1/segments/verify').set('Authorization', auth(IMPORTING)).send({}).expect(200);
    expect(vip.contacts).toBe(IMPORT_ROWS + 60);
    expect(vip.segments.find((s: { name: string }) => s.name === 'VIP').expected).toBe(IMPORT_ROWS / 3 + 40);
  });
});
