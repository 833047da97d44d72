import { Topics, physicalTopic, withBulkLane } from '@roster/contracts';
import { signToken } from '@roster/http';
import { consumerLanes } from '@roster/messaging';
import { IsolatedInfrastructure, TEST_JWT_SECRET, TopicReader, consumerGroupLag, isolatedInfrastructure, waitFor } from '@roster/testing';
import { segmentationEventConsumer } from '../segmentation/src/segmentation.module';
import { Pipeline, PipelineService, startPipeline } from './pipeline-harness';

jest.setTimeout(600_000);

const BURSTING = 'fair-burst';
const EDITING = 'fair-edits';
const BURST_ROWS = 5_000;
const CHUNK = 500;
const EDIT_EVERY_MS = 500;
const auth = (tenant: string) => `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: tenant, role: 'admin', subject: 'fairness' })}`;
const log = (message: string) => process.stdout.write(`[fairness] ${message}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

type Membership = { tenantid: string; data: { segmentId: string; contactId: string; change: 'entered' | 'exited' } };

/**
 * One tenant upserts thousands of contacts as fast as the API takes them, the way an import does,
 * while another tenant's person edits a contact twice a second. The edits travel in the interactive
 * lane, so their membership events follow about as fast as when nothing else happens: an edit that
 * waited behind the burst would take as long as the burst's backlog.
 */
describe('a tenant editing while another bursts', () => {
  let infra: IsolatedInfrastructure;
  let memberships: TopicReader;
  let pipeline: Pipeline;
  const http = (name: PipelineService) => pipeline.http(name);

  beforeAll(async () => {
    infra = await isolatedInfrastructure('fairness');
    pipeline = await startPipeline(infra);
    memberships = await new TopicReader(infra.kafka, Topics.Segments, infra.topicPrefix).start();
  });

  afterAll(async () => {
    await memberships?.stop();
    await pipeline?.close();
    await infra?.cleanup();
  });

  async function createSegment(tenant: string, name: string, rule: object): Promise<string> {
    const { body } = await http('segmentation').post('/v1/segments').set('Authorization', auth(tenant)).send({ name, rule }).expect(201);
    await waitFor(`segment ${name} ready`, async () => ((await http('segmentation').get(`/v1/segments/${body.id}`).set('Authorization', auth(tenant))).body.status === 'ready' ? true : undefined), 60_000);
    return body.id;
  }

  /** Segmentation's bulk-lane backlog: events the burst left on the bulk topic and not yet applied. */
  const bulkBacklog = async () => {
    const lane = consumerLanes(segmentationEventConsumer).find((l) => l.lane === 'bulk')!;
    return consumerGroupLag(infra.kafka, `${infra.topicPrefix}.${lane.groupId}`, physicalTopic(withBulkLane(Topics.Contacts)[1], infra.topicPrefix));
  };

  /**
   * Toggles the VIP tag of one contact every EDIT_EVERY_MS while `until` holds, and answers each
   * edit's time from the API's answer to its membership event.
   */
  async function edits(contactId: string, segmentId: string, until: () => boolean): Promise<number[]> {
    const latencies: number[] = [];
    let vip = false;
    while (until()) {
      vip = !vip;
      const from = memberships.messages.length;
      const change = vip ? 'entered' : 'exited';
      await http('contacts').post(`/v1/contacts/${contactId}/tags`).set('Authorization', auth(EDITING)).send(vip ? { add: ['vip'] } : { remove: ['vip'] }).expect(201);
      const answeredAt = Date.now();
      const arrived = await waitFor(`the ${change} event`, () =>
        memberships.arrivals<Membership>(from).find((m) => m.value.data.contactId === contactId && m.value.data.segmentId === segmentId && m.value.data.change === change), 120_000, 5);
      latencies.push(arrived.at - answeredAt);
      await sleep(Math.max(0, EDIT_EVERY_MS - (Date.now() - answeredAt)));
    }
    return latencies;
  }

  it('serves the editing tenant within a small multiple of its quiet latency while the burst drains', async () => {
    const segmentId = await createSegment(EDITING, 'VIP', { field: 'tags', op: 'hasAny', value: ['vip'] });
    for (const [i, rule] of [
      { field: 'tags', op: 'hasAny', value: ['vip'] },
      { field: 'firstName', op: 'startsWith', value: 'A' },
      { field: 'lastName', op: 'contains', value: '7' },
    ].entries()) await createSegment(BURSTING, `Burst ${i}`, rule);
    const { body: contact } = await http('contacts').post('/v1/contacts').set('Authorization', auth(EDITING)).send({ phone: '+4915199900001', firstName: 'Edith' }).expect(201);

    let quietEdits = 0;
    const quiet = await edits(contact.id, segmentId, () => quietEdits++ < 12);
    log(`quiet: p50 ${percentile(quiet, 50)} ms, p99 ${percentile(quiet, 99)} ms`);

    let writing = true;
    let peakBacklog = 0;
    const segmentStates = new Set<string>();
    let burstSegment = '';
    const burst = (async () => {
      burstSegment = (await http('segmentation').get('/v1/segments').set('Authorization', auth(BURSTING)).expect(200)).body.items[0].id;
      for (let start = 0; start < BURST_ROWS; start += CHUNK) {
        const contacts = Array.from({ length: CHUNK }, (_, j) => {
          const i = start + j;
          return { phone: `+5511${String(970000000 + i)}`, firstName: ['Ana', 'Bruno', 'Alice', 'Caio'][i % 4], lastName: `Person ${i}`, tags: i % 3 === 0 ? ['vip'] : [] };
        });
        await http('contacts').post('/v1/contacts/bulk-upsert').set('Authorization', auth(BURSTING)).send({ batchKey: `burst-${start}`, mode: 'upsert', contacts }).expect(200);
        peakBacklog = Math.max(peakBacklog, await bulkBacklog());
        const { body: shown } = await http('segmentation').get(`/v1/segments/${burstSegment}`).set('Authorization', auth(BURSTING)).expect(200);
        segmentStates.add(shown.status);
        if (shown.status === 'catching-up') expect(shown.freshness.behindSeconds).toBeGreaterThan(0);
      }
      writing = false;
    })();
    const started = Date.now();
    // The edits go on while the burst is written and until its backlog is drained.
    const busy = await edits(contact.id, segmentId, () => writing || Date.now() - started < 5_000);
    await burst;
    const drained = await waitFor('the burst to drain', async () => ((await bulkBacklog()) === 0 ? Date.now() : undefined), 300_000);
    log(`burst: ${BURST_ROWS} rows written in ${Date.now() - started} ms, peak bulk backlog ${peakBacklog} events, drained ${drained - started} ms after it began`);
    log(`beside the burst: ${busy.length} edits, p50 ${percentile(busy, 50)} ms, p99 ${percentile(busy, 99)} ms, max ${Math.max(...busy)} ms`);

    // The burst did build a backlog the edits could have waited behind, and the segment said so
    // while it lasted; drained, it is ready again.
    expect(peakBacklog).toBeGreaterThan(CHUNK);
    expect(segmentStates).toContain('catching-up');
    await waitFor('the burst segment to be ready', async () => {
      const { body } = await http('segmentation').get(`/v1/segments/${burstSegment}`).set('Authorization', auth(BURSTING)).expect(200);
      return body.status === 'ready' && body.freshness.status === 'current' && body.freshness.behindSeconds === 0 ? true : undefined;
    }, 30_000);
    // Each edit is served within a small multiple of the quiet figure (plus two seconds of slack for
    // a machine the burst and the suite's earlier files keep busy), and far below the backlog's own
    // drain time, which an edit waiting behind the burst would take.
    expect(percentile(busy, 99)).toBeLessThanOrEqual(4 * percentile(quiet, 99) + 2_000);
    expect(percentile(busy, 99)).toBeLessThan((drained - started) / 4);
  });
});
