import { MessageReceived } from '@roster/contracts';
import { EventConsumerOptions, signToken } from '@roster/http';
import { MetricsRegistry } from '@roster/observability';
import { CampaignService, IsolatedInfrastructure, SlowProxy, TEST_JWT_SECRET, isolatedInfrastructure, serviceLag, waitFor } from '@roster/testing';
import { contactsEventConsumer } from '../contacts/src/contacts.module';
import { dedupeEventConsumer } from '../dedupe/src/dedupe.module';
import { segmentationEventConsumer } from '../segmentation/src/segmentation.module';
import { Pipeline, PipelineService, startPipeline } from './pipeline-harness';

jest.setTimeout(300_000);

const TENANT = 'stalled';
const auth = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: TENANT, role: 'admin', subject: 'stall-test' })}`;
const log = (message: string) => process.stdout.write(`[stalled-db] ${message}\n`);

/**
 * The database stops answering on every connection open at one moment, for good, while each
 * service's consumer has events in flight: an operation sent then never gets a reply. Handler time
 * limits let those attempts go, socket timeouts close the dead connections, the events are tried
 * again on new ones (dead-lettered when they keep failing), and every partition of every group
 * reaches lag 0; what was dead-lettered is then repaired from the source by verify.
 */
describe('consumers whose database stops answering mid-stream', () => {
  let infra: IsolatedInfrastructure;
  let proxy: SlowProxy;
  let campaigns: CampaignService;
  let pipeline: Pipeline;
  const http = (name: PipelineService) => pipeline.http(name);

  beforeAll(async () => {
    infra = await isolatedInfrastructure('stalleddb');
    const slow = await SlowProxy.forMongo(infra.mongoUrl);
    proxy = slow.proxy;
    // Every service reaches the database through the proxy: a second's handler limit, sockets
    // silent for 2 s are closed.
    pipeline = await startPipeline(infra, { env: { MONGO_URL: slow.url, KAFKA_HANDLER_TIMEOUT_MS: '1000', MONGO_SOCKET_TIMEOUT_MS: '2000' } });
    campaigns = new CampaignService(infra.kafka, infra.topicPrefix);
  });

  afterAll(async () => {
    await campaigns?.stop();
    await pipeline?.close();
    await proxy?.close();
    await infra?.cleanup();
  });

  const lagOf = (consumer: EventConsumerOptions) => serviceLag(infra.kafka, infra.topicPrefix, consumer);
  const handledBy = async (name: PipelineService) =>
    (await pipeline.app(name).get(MetricsRegistry).eventsConsumed.get()).values.filter((v) => v.labels.outcome === 'handled').reduce((sum, v) => sum + v.value, 0);
  const deadLetteredBy = async (name: PipelineService) =>
    (await pipeline.app(name).get(MetricsRegistry).eventsConsumed.get()).values.filter((v) => v.labels.outcome === 'dead-lettered').reduce((sum, v) => sum + v.value, 0);
  const timeoutsOf = async (name: PipelineService) => (await pipeline.app(name).get(MetricsRegistry).handlerTimeouts.get()).values.reduce((sum, v) => sum + v.value, 0);

  it('lets stuck handlers go, brings every group to lag 0, and leaves derived state that verify makes whole', async () => {
    const { body: segment } = await http('segmentation').post('/v1/segments').set('Authorization', auth).send({ name: 'VIP', rule: { field: 'tags', op: 'hasAny', value: ['vip'] } }).expect(201);
    await waitFor('the segment to be ready', async () => ((await http('segmentation').get(`/v1/segments/${segment.id}`).set('Authorization', auth)).body.status === 'ready' ? true : undefined), 60_000);

    const contacts = Array.from({ length: 300 }, (_, i) => ({ phone: `+4915112${String(i).padStart(6, '0')}`, firstName: `Vip ${i}`, lastName: i % 10 === 0 ? 'Twin' : `P${i}`, tags: ['vip'] }));
    const { body: upserted } = await http('contacts').post('/v1/contacts/bulk-upsert').set('Authorization', auth).send({ batchKey: 'stall-1', mode: 'upsert', contacts }).expect(200);
    const ids = (upserted.results as Array<{ contactId: string }>).map((r) => r.contactId);
    await campaigns.report(TENANT, ids.slice(0, 100).map((contactId, i) => ({
      definition: MessageReceived,
      data: { messageId: `in-${i}`, contactId, occurredAt: new Date().toISOString(), text: 'hello' },
    })));

    // Each consumer is slowed so that it has events in flight when the database stops answering.
    proxy.slowDown(15);
    await waitFor('every consumer to be handling events', async () => {
      const counts = await Promise.all((['contacts', 'segmentation', 'dedupe'] as const).map(handledBy));
      return counts.every((n) => n > 0) ? true : undefined;
    }, 60_000);
    proxy.hang();
    const hungAt = Date.now();
    log('every open database connection stops answering');
    proxy.slowDown(0);

    for (const [name, consumer] of [['contacts', contactsEventConsumer], ['segmentation', segmentationEventConsumer], ['dedupe', dedupeEventConsumer]] as const) {
      await waitFor(`${name} to reach lag 0`, async () => ((await lagOf(consumer)) === 0 ? true : undefined), 180_000);
      log(`${name}: lag 0 ${Date.now() - hungAt} ms after the hang; ${await timeoutsOf(name)} handler attempts let go`);
    }
    const letGo = (await Promise.all((['contacts', 'segmentation', 'dedupe'] as const).map(timeoutsOf))).reduce((a, b) => a + b, 0);
    expect(letGo).toBeGreaterThan(0);
    const deadLettered = await Promise.all((['contacts', 'segmentation', 'dedupe'] as const).map(deadLetteredBy));
    log(`dead-lettered after three attempts: contacts ${deadLettered[0]}, segmentation ${deadLettered[1]}, dedupe ${deadLettered[2]}`);

    // Events that kept failing while the database was away went to the dead-letter topics; what
    // they would have changed is found and repaired from the source, and then all is whole.
    await http('segmentation').post('/v1/segments/verify').set('Authorization', auth).send({ repair: true }).expect(200);
    await http('dedupe').post('/v1/dedupe/verify').set('Authorization', auth).send({ repair: true }).expect(200);
    const { body: verified } = await http('segmentation').post('/v1/segments/verify').set('Authorization', auth).send({}).expect(200);
    expect(verified.segments.map((s: { name: string; expected: number; missing: number; extra: number }) => [s.name, s.expected, s.missing, s.extra])).toEqual([['VIP', 300, 0, 0]]);
    const { body: pairs } = await http('dedupe').post('/v1/dedupe/verify').set('Authorization', auth).send({}).expect(200);
    expect(pairs).toMatchObject({ missing: 0, extra: 0 });
    const { body: member } = await http('segmentation').get(`/v1/segments/${segment.id}`).set('Authorization', auth).expect(200);
    expect(member.memberCount).toBe(300);
  });
});
