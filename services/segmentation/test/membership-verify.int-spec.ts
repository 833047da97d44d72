import mongoose, { Connection } from 'mongoose';
import { waitFor } from '@roster/testing';
import { SegmentationHarness, startSegmentation } from './segmentation-harness';

describe('verifying membership against the contacts service', () => {
  let h: SegmentationHarness;
  let db: Connection;
  const tenant = 'verify-tenant';

  beforeAll(async () => {
    h = await startSegmentation('verify');
    db = await mongoose.createConnection(h.infra.mongoUrl, { dbName: h.infra.mongoDb }).asPromise();
  });
  afterAll(async () => {
    await db?.close();
    await h?.close();
  });

  const verify = async (body: Record<string, unknown> = {}) => {
    const { auth, segments } = h.as(tenant);
    return (await segments.post('/v1/segments/verify').set('Authorization', auth).send(body).expect(200)).body;
  };

  it('finds members lost and members left behind, repairs them on request, and then finds none', async () => {
    const { auth, contacts, segments } = h.as(tenant);
    const vip = (await segments.post('/v1/segments').set('Authorization', auth).send({ name: 'VIP', rule: { field: 'tags', op: 'hasAny', value: ['vip'] } }).expect(201)).body;
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const body = { phone: `+49151222333${i}0`, firstName: `P${i}`, tags: i < 4 ? ['vip'] : [] };
      ids.push((await contacts.post('/v1/contacts').set('Authorization', auth).send(body).expect(201)).body.id);
    }
    const memberIds = async () => (await segments.get(`/v1/segments/${vip.id}/members`).set('Authorization', auth).expect(200)).body.items.map((m: { contactId: string }) => m.contactId).sort();
    await waitFor('four members', async () => ((await memberIds()).length === 4 ? true : undefined), 30_000);
    expect((await verify()).segments).toEqual([expect.objectContaining({ segmentId: vip.id, name: 'VIP', expected: 4, stored: 4, missing: 0, extra: 0 })]);

    // Drift as an incident leaves it: a member document lost, one left for a contact that is no
    // longer a member, and one for a contact the contacts service never had.
    const members = db.collection('segment_members');
    await members.deleteOne({ _id: `${vip.id}:${ids[0]}` } as never);
    await members.insertMany([
      { _id: `${vip.id}:${ids[5]}`, tenantId: tenant, segmentId: vip.id, contactId: ids[5], since: new Date() },
      { _id: `${vip.id}:ghost`, tenantId: tenant, segmentId: vip.id, contactId: 'ghost', since: new Date() },
    ] as never[]);

    const found = await verify();
    expect(found).toMatchObject({ contacts: 6, driftedContacts: 3, repaired: 0 });
    expect(found.segments[0]).toMatchObject({ expected: 4, stored: 5, missing: 1, extra: 2, missingSample: [ids[0]] });
    expect(found.segments[0].extraSample.sort()).toEqual([ids[5], 'ghost'].sort());
    // Reporting alone changes nothing.
    expect(await memberIds()).toEqual([...ids.slice(1, 4), ids[5], 'ghost'].sort());

    const repaired = await verify({ repair: true });
    expect(repaired).toMatchObject({ driftedContacts: 3, repaired: 3 });
    expect(await memberIds()).toEqual(ids.slice(0, 4).sort());
    expect((await verify()).segments[0]).toMatchObject({ expected: 4, stored: 4, missing: 0, extra: 0 });
  });

  it('is for admins only, and refuses fields it does not know', async () => {
    for (const role of ['agent', 'viewer'] as const) {
      const { auth, segments } = h.as(tenant, role);
      await segments.post('/v1/segments/verify').set('Authorization', auth).send({}).expect(403);
    }
    const { auth, segments } = h.as(tenant);
    const refused = await segments.post('/v1/segments/verify').set('Authorization', auth).send({ repair: 'yes', all: true }).expect(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
