import { Topics, laneOf, physicalTopic, withBulkLane } from '@roster/contracts';
import { laneGroup } from '@roster/messaging';
import { MetricsRegistry } from '@roster/observability';
import { waitFor } from '@roster/testing';
import { ImportsHarness, brazilRows, startImports } from './imports-harness';

jest.setTimeout(120_000);

const MAX_LAG = 100;

/**
 * With pacing on, an import waits between chunks while a consumer of contact events is more than
 * IMPORT_PACE_MAX_LAG events behind, and goes on as soon as it catches up.
 */
describe('imports pace themselves to the consumers of their events', () => {
  let h: ImportsHarness;
  const tenant = 'paced';

  beforeAll(async () => {
    h = await startImports('pacing', { IMPORT_PACE_MAX_LAG: String(MAX_LAG), IMPORT_PACE_GROUPS: 'segmentation,not-deployed' });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The segmentation groups of both lanes, as if their consumers stood still at `offsets` ('end': caught up). */
  async function placeSegmentationGroup(offsets: 'start' | 'end'): Promise<void> {
    const admin = h.infra.kafka.admin();
    await admin.connect();
    try {
      for (const logical of withBulkLane(Topics.Contacts)) {
        const topic = physicalTopic(logical, h.infra.topicPrefix);
        const partitions = (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: offsets === 'end' ? p.high : p.low }));
        await admin.setOffsets({ groupId: `${h.infra.topicPrefix}.${laneGroup('segmentation', laneOf(logical))}`, topic, partitions });
      }
    } finally {
      await admin.disconnect();
    }
  }

  it('stops adding contacts while a consumer is far behind, and finishes once it catches up', async () => {
    await placeSegmentationGroup('start');
    const { auth, imports } = h.as(tenant);
    const id = (await h.upload(tenant, ['phone,name', ...brazilRows(400)].join('\n')).expect(201)).body.id as string;
    await imports.put(`/v1/imports/${id}/mapping`).set('Authorization', auth).send({ columns: { phone: 'phone', name: 'firstName' }, options: { mode: 'create', defaultCountry: 'BR' } }).expect(200);
    await imports.post(`/v1/imports/${id}/run`).set('Authorization', auth).expect(202);
    const holds = async () => (await h.imports.get(MetricsRegistry).registry.getSingleMetric('roster_import_pace_holds_total')!.get()).values.reduce((sum, v) => sum + v.value, 0);
    const created = async () => (await imports.get(`/v1/imports/${id}`).set('Authorization', auth).expect(200)).body.run.counts.created as number;

    // Chunks of 40: from the fourth on, a chunk waits while over 100 events are unconsumed (the
    // contacts service publishes a chunk's events just after answering, so one more may slip by).
    await waitFor('the first chunks', async () => ((await created()) >= 120 ? true : undefined), 30_000);
    // Held: the gate has found the consumer behind; while it finds it behind three more times, no
    // chunk goes in.
    await waitFor('the import held back', async () => ((await holds()) > 0 ? true : undefined), 30_000);
    const held = await created();
    const holdsThen = await holds();
    await waitFor('three more checks holding it back', async () => ((await holds()) >= holdsThen + 3 ? true : undefined), 30_000);
    expect(await created()).toBe(held);
    expect(held).toBeLessThanOrEqual(200);

    // The consumer catches up, and keeps up from then on.
    let keepingUp = true;
    const consumer = (async () => {
      while (keepingUp) {
        await placeSegmentationGroup('end');
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    const done = await h.waitForPass(tenant, id, 'run', 60_000).finally(() => (keepingUp = false));
    await consumer;
    expect(done.run).toMatchObject({ state: 'completed', counts: { created: 400 } });
  });
});
