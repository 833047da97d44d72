import { Producer } from 'kafkajs';
import { ContactCreated, ContactsMerged, EventEnvelope, TagChanged, Topics, createEvent, exampleContact, physicalTopic } from '@roster/contracts';
import { waitFor } from '@roster/testing';
import { SegmentationHarness, startSegmentation } from './segmentation-harness';

type Membership = EventEnvelope<{ segmentId: string; contactId: string; change: string; segmentVersion: number; cause: { kind: string; eventType?: string; eventId?: string } }>;

describe('segmentation over the real stack', () => {
  let h: SegmentationHarness;
  let producer: Producer;
  const DAY = 86_400_000;

  beforeAll(async () => {
    h = await startSegmentation('segmentation');
    producer = h.infra.kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await h.close();
  });

  const membershipEvents = (filter: (e: Membership) => boolean) => h.membershipEvents.values<Membership>().filter(filter);
  const eventsFor = (segmentId: string, contactId: string) => membershipEvents((e) => e.data.segmentId === segmentId && e.data.contactId === contactId);
  const waitForEvents = (what: string, segmentId: string, contactId: string, count: number) =>
    waitFor(what, async () => (eventsFor(segmentId, contactId).length >= count ? eventsFor(segmentId, contactId) : undefined), 20_000);

  const createContact = async (tenant: string, body: Record<string, unknown>) => {
    const { auth, contacts } = h.as(tenant);
    return (await contacts.post('/v1/contacts').set('Authorization', auth).send(body).expect(201)).body.id as string;
  };
  const createSegment = async (tenant: string, body: Record<string, unknown>) => {
    const { auth, segments } = h.as(tenant);
    return (await segments.post('/v1/segments').set('Authorization', auth).send(body).expect(201)).body;
  };
  const waitReady = (tenant: string, id: string) => {
    const { auth, segments } = h.as(tenant);
    return waitFor(`segment ${id} to be ready`, async () => {
      const body = (await segments.get(`/v1/segments/${id}`).set('Authorization', auth).expect(200)).body;
      return body.status === 'ready' ? body : undefined;
    }, 20_000);
  };

  it('moves a contact in and out as tags change through the contacts API, with events on the real topic', async () => {
    const tenant = 'seg-tags';
    const { auth, contacts, segments } = h.as(tenant);
    const vip = await createSegment(tenant, { name: 'VIP', rule: { field: 'tags', op: 'hasAny', value: ['vip'] } });
    expect(vip).toMatchObject({ version: 1, status: 'backfilling' });
    await waitReady(tenant, vip.id);

    const id = await createContact(tenant, { phone: '+4915111111111', firstName: 'Anna' });
    await contacts.post(`/v1/contacts/${id}/tags`).set('Authorization', auth).send({ add: [' Vip '] }).expect(201);
    const [entered] = await waitForEvents('entry event', vip.id, id, 1);
    expect(entered).toMatchObject({ type: 'roster.segment.membership-changed.v1', subject: id, tenantid: tenant, sequence: 1 });
    expect(entered.data).toMatchObject({ change: 'entered', segmentVersion: 1, cause: { kind: 'contact-event', eventType: TagChanged.type } });

    const members = (await segments.get(`/v1/segments/${vip.id}/members`).set('Authorization', auth).expect(200)).body;
    expect(members.items.map((m: { contactId: string }) => m.contactId)).toEqual([id]);
    expect((await segments.get(`/v1/segments/${vip.id}`).set('Authorization', auth).expect(200)).body.memberCount).toBe(1);
    const mine = (await segments.get(`/v1/contacts/${id}/segments`).set('Authorization', auth).expect(200)).body;
    expect(mine.items).toEqual([expect.objectContaining({ segmentId: vip.id, name: 'VIP', version: 1 })]);

    await contacts.post(`/v1/contacts/${id}/tags`).set('Authorization', auth).send({ remove: ['VIP'] }).expect(201);
    const [, exited] = await waitForEvents('exit event', vip.id, id, 2);
    expect(exited).toMatchObject({ sequence: 2, data: { change: 'exited' } });
    await waitFor('member list to empty', async () => {
      const page = (await segments.get(`/v1/segments/${vip.id}/members`).set('Authorization', auth).expect(200)).body;
      return page.items.length === 0 ? true : undefined;
    });

    // Another tenant sees nothing of it.
    const other = h.as('seg-other');
    await other.segments.get(`/v1/segments/${vip.id}`).set('Authorization', other.auth).expect(404);
    await other.segments.get(`/v1/contacts/${id}/segments`).set('Authorization', other.auth).expect(404);
  });

  it('emits once for an event delivered twice, and never lets an older event override a newer state', async () => {
    const tenant = 'seg-replay';
    const gold = await createSegment(tenant, { name: 'Gold', rule: { field: 'tags', op: 'hasAll', value: ['gold'] } });
    const silver = await createSegment(tenant, { name: 'Silver', rule: { field: 'tags', op: 'hasAll', value: ['silver'] } });
    await waitReady(tenant, gold.id);
    await waitReady(tenant, silver.id);
    const contactId = '6650f0c2a1b2c3d4e5f6aa01';
    const snapshot = (version: number, tags: string[]) => ({ ...exampleContact, id: contactId, tenantId: tenant, tags, version });
    const event = (version: number, tags: string[]) =>
      createEvent(TagChanged, { tenantId: tenant, subject: contactId, sequence: version, source: '/test', data: { contact: snapshot(version, tags), added: tags, removed: [] } });
    const send = (e: EventEnvelope) =>
      producer.send({ topic: physicalTopic(Topics.Contacts, h.infra.topicPrefix), messages: [{ key: contactId, value: JSON.stringify(e) }] });

    const second = event(2, ['gold']);
    await send(second);
    await send(second);
    await send(event(1, []));
    // Version 3 is the first to enter Silver: once that entry is out, the duplicate and the older
    // event before it (same key, same partition) have been consumed.
    await send(event(3, ['gold', 'silver']));
    await waitForEvents('version 3 entering Silver', silver.id, contactId, 1);
    const last = event(4, []);
    await send(last);
    const [, silverExit] = await waitForEvents('version 4 leaving Silver', silver.id, contactId, 2);
    expect(silverExit.data.cause).toMatchObject({ eventId: last.id });
    // Membership events of one contact share a partition: everything before Silver's exit is here.
    // Gold's whole stream: one entry (version 2, however often delivered), one exit (version 4).
    const goldStream = eventsFor(gold.id, contactId);
    expect(goldStream.map((e) => [e.data.change, e.data.cause.eventId])).toEqual([['entered', second.id], ['exited', last.id]]);
  });

  it('lets merged-away contacts exit every segment while the survivor stays', async () => {
    const tenant = 'seg-merge';
    const segment = await createSegment(tenant, { name: 'Gold', rule: { field: 'tags', op: 'hasAny', value: ['gold'] } });
    await waitReady(tenant, segment.id);
    const [survivor, merged] = ['6650f0c2a1b2c3d4e5f6bb01', '6650f0c2a1b2c3d4e5f6bb02'];
    const snapshot = (id: string, version: number) => ({ ...exampleContact, id, tenantId: tenant, tags: ['Gold'], version });
    const send = (e: EventEnvelope) => producer.send({ topic: physicalTopic(Topics.Contacts, h.infra.topicPrefix), messages: [{ key: e.subject, value: JSON.stringify(e) }] });
    for (const id of [survivor, merged]) {
      await send(createEvent(ContactCreated, { tenantId: tenant, subject: id, sequence: 1, source: '/test', data: { contact: snapshot(id, 1) } }));
      await waitForEvents('entry', segment.id, id, 1);
    }
    await send(createEvent(ContactsMerged, {
      tenantId: tenant, subject: survivor, sequence: 2, source: '/test',
      data: { contact: snapshot(survivor, 2), survivorId: survivor, mergedIds: [merged], decisionId: 'dec-1' },
    }));
    const [, exited] = await waitForEvents('exit of the merged-away contact', segment.id, merged, 2);
    expect(exited.data).toMatchObject({ change: 'exited', cause: { kind: 'contact-event', eventType: ContactsMerged.type } });
    expect(eventsFor(segment.id, survivor)).toHaveLength(1);
    const { auth, segments } = h.as(tenant);
    await segments.get(`/v1/contacts/${merged}/segments`).set('Authorization', auth).expect(404);
  });

  it('lets a relative-date segment flip with no event at all when the clock passes the boundary', async () => {
    const tenant = 'seg-time';
    const { auth, contacts } = h.as(tenant);
    const fresh = await createSegment(tenant, { name: 'New customers', rule: { field: 'traits.firstPurchaseAt', op: 'withinLast', value: { amount: 30, unit: 'days' } } });
    await waitReady(tenant, fresh.id);
    const id = await createContact(tenant, { phone: '+4915122222222' });
    await contacts.post(`/v1/contacts/${id}/activities`).set('Authorization', auth).send({ activities: [{ kind: 'purchase', amount: 20, currency: 'EUR' }] }).expect(201);
    await waitForEvents('entry', fresh.id, id, 1);
    // A contact whose purchase was two days earlier: its exit at 29 days shows that the time sweep
    // has run past the clock's move.
    const earlier = await createContact(tenant, { phone: '+4915122222223' });
    const twoDaysAgo = new Date(h.clock.now() - 2 * DAY).toISOString();
    await contacts.post(`/v1/contacts/${earlier}/activities`).set('Authorization', auth).send({ activities: [{ kind: 'purchase', amount: 20, currency: 'EUR', occurredAt: twoDaysAgo }] }).expect(201);
    await waitForEvents('entry of the earlier buyer', fresh.id, earlier, 1);

    h.clock.advance(29 * DAY);
    await waitForEvents('exit of the earlier buyer as time passes', fresh.id, earlier, 2);
    expect(eventsFor(fresh.id, id)).toHaveLength(1);

    h.clock.advance(1 * DAY + 60_000);
    const [, exited] = await waitForEvents('exit as time passes', fresh.id, id, 2);
    expect(exited.data).toMatchObject({ change: 'exited', cause: { kind: 'time-passed' } });
  });

  it('backfills a new segment over existing contacts, scopes it to a list, and lets every member go when deleted', async () => {
    const tenant = 'seg-backfill';
    const { auth, contacts, segments } = h.as(tenant);
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await createContact(tenant, { phone: `+49151333333${10 + i}`, company: i % 2 === 0 ? 'Acme GmbH' : 'Other', location: { country: i < 4 ? 'DE' : 'FR' } }));
    const list = (await contacts.post('/v1/lists').set('Authorization', auth).send({ name: 'Fair' }).expect(201)).body;
    await contacts.post(`/v1/lists/${list.id}/contacts`).set('Authorization', auth).send({ contactIds: ids.slice(1, 4) }).expect(201);
    // The projection holds the list membership once a segment of the list has its three members
    // (previews alone may run ahead of the projection: they follow the topic themselves).
    const fair = await createSegment(tenant, { name: 'At the fair', rule: { field: 'lists', op: 'hasAny', value: [list.id] } });
    await waitFor('projection of list membership', async () => ((await waitReady(tenant, fair.id)).memberCount === 3 ? true : undefined), 20_000);
    for (const id of ids) await waitFor(`projection of ${id}`, async () => ((await segments.get(`/v1/contacts/${id}/segments`).set('Authorization', auth)).status === 200 ? true : undefined), 20_000);

    const rule = { all: [{ field: 'location.country', op: 'eq', value: 'de' }, { field: 'company', op: 'startsWith', value: 'acme' }] };
    const preview = (await segments.post('/v1/segments/preview').set('Authorization', auth).send({ rule }).expect(200)).body;
    expect(preview).toMatchObject({ matching: 2, messageable: 0, evaluated: 6, conditions: [{ matching: 4 }, { matching: 3 }] });
    expect(preview.sample).toHaveLength(2);

    const german = await createSegment(tenant, { name: 'German Acme', rule });
    const scoped = await createSegment(tenant, { name: 'German Acme at the fair', rule, listId: list.id });
    const ready = await waitReady(tenant, german.id);
    expect(ready).toMatchObject({ memberCount: 2, backfill: { processed: 6, total: 6, percent: 100 } });
    expect((await waitReady(tenant, scoped.id)).memberCount).toBe(1);
    // The backfill's entries: both members, each announced as the segment's creation.
    const entries = await waitFor('the backfill entries', () => {
      const found = membershipEvents((e) => e.data.segmentId === german.id);
      return found.length === 2 ? found : undefined;
    }, 20_000);
    expect(entries.map((e) => [e.data.change, e.data.cause.kind])).toEqual([['entered', 'segment-created'], ['entered', 'segment-created']]);

    await segments.post('/v1/segments').set('Authorization', auth).send({ name: 'German Acme', rule }).expect(409);
    await segments.delete(`/v1/segments/${german.id}`).set('Authorization', auth).expect(202);
    await waitFor('exits of a deleted segment', async () => (membershipEvents((e) => e.data.segmentId === german.id && e.data.change === 'exited').length === 2 ? true : undefined), 20_000);
    await waitFor('deleted segment gone', async () => ((await segments.get(`/v1/segments/${german.id}`).set('Authorization', auth)).status === 404 ? true : undefined));
    expect(membershipEvents((e) => e.data.segmentId === german.id && e.data.change === 'exited').every((e) => e.data.cause.kind === 'segment-deleted')).toBe(true);

    // A new rule is a new version: membership moves to match it.
    const updated = (await segments.put(`/v1/segments/${scoped.id}`).set('Authorization', auth).send({ rule: { field: 'company', op: 'startsWith', value: 'other' } }).expect(200)).body;
    expect(updated).toMatchObject({ version: 2, status: 'backfilling' });
    expect((await waitReady(tenant, scoped.id)).memberCount).toBe(2);
    const moved = await waitFor('events of version 2', async () => {
      const found = membershipEvents((e) => e.data.segmentId === scoped.id && e.data.segmentVersion === 2);
      return found.length >= 3 ? found : undefined;
    });
    expect(moved.map((e) => [e.data.contactId, e.data.change, e.data.cause.kind]).sort()).toEqual([
      [ids[1], 'entered', 'segment-updated'], [ids[2], 'exited', 'segment-updated'], [ids[3], 'entered', 'segment-updated'],
    ].sort());

    // A deleted contact exits every segment it was in.
    await contacts.delete(`/v1/contacts/${ids[1]}`).set('Authorization', auth).expect(204);
    await waitForEvents('exit of a deleted contact', scoped.id, ids[1], 2);
  });

  it('keeps previews current as contacts change after the first preview', async () => {
    const tenant = 'seg-preview';
    const { auth, contacts, segments } = h.as(tenant);
    const preview = async () => (await segments.post('/v1/segments/preview').set('Authorization', auth).send({ rule: { field: 'tags', op: 'hasAny', value: ['vip'] } }).expect(200)).body;
    const anna = await createContact(tenant, { phone: '+4915144444401', firstName: 'Anna' });
    await createContact(tenant, { phone: '+4915144444402', firstName: 'Ben' });
    await waitFor('both contacts previewed', async () => ((await preview()).evaluated === 2 ? true : undefined), 20_000);

    await contacts.post(`/v1/contacts/${anna}/tags`).set('Authorization', auth).send({ add: ['VIP'] }).expect(201);
    const entered = await waitFor('the tagged contact counted', async () => { const p = await preview(); return p.matching === 1 ? p : undefined; }, 20_000);
    expect(entered).toMatchObject({ evaluated: 2, sample: [{ id: anna, firstName: 'Anna' }] });

    await contacts.delete(`/v1/contacts/${anna}`).set('Authorization', auth).expect(204);
    const gone = await waitFor('the deleted contact gone', async () => { const p = await preview(); return p.evaluated === 1 ? p : undefined; }, 20_000);
    expect(gone.matching).toBe(0);
  });

  it('lists the fields a rule may name with their types and operators, for rule editors', async () => {
    const { auth, segments } = h.as('fields');
    const { body } = await segments.get('/v1/segments/fields').set('Authorization', auth).expect(200);
    const byField = Object.fromEntries(body.fields.map((f: { field: string }) => [f.field, f]));
    expect(byField['traits.totalSpent']).toEqual({ field: 'traits.totalSpent', type: 'number' });
    expect(byField.status).toEqual({ field: 'status', type: 'enum', values: ['active', 'inactive', 'invalid', 'blocked'] });
    expect(body.operators.date).toContain('withinLast');
    expect(body.timeUnits).toContain('months');
  });

  it('refuses invalid and injected rules, naming the path', async () => {
    const { auth, segments } = h.as('seg-invalid');
    const refuse = async (rule: unknown) => (await segments.post('/v1/segments').set('Authorization', auth).send({ name: 'x', rule }).expect(422)).body;
    const injected = await refuse({ all: [{ field: 'email', op: 'eq', value: 'a' }, { $where: 'sleep(100)' }] });
    expect(injected).toMatchObject({ type: expect.stringMatching(/invalid-rule$/), errors: [{ field: 'rule.all[1].$where' }] });
    expect((await refuse({ field: 'traits.totalSpent', op: 'gt', value: { $gt: 0 } })).errors[0].field).toBe('rule.value.$gt');
    expect((await refuse({ any: [{ field: 'shoeSize', op: 'eq', value: 42 }] })).errors[0]).toEqual({ field: 'rule.any[0].field', messages: [expect.stringContaining('unknown field')] });
    expect((await refuse({ field: 'traits.totalSpent', op: 'gt', value: 'lots' })).errors[0].messages).toEqual(['must be a number, not string']);
    let deep: unknown = { field: 'email', op: 'isSet' };
    for (let i = 0; i < 10; i++) deep = { not: deep };
    expect((await refuse(deep)).errors[0].messages[0]).toContain('deeper than 8');
    await segments.post('/v1/segments/preview').set('Authorization', auth).send({ rule: { $function: {} } }).expect(422);

    // Custom fields are checked against the tenant's definitions in the contacts service.
    const { contacts } = h.as('seg-invalid');
    await contacts.patch('/v1/tenant').set('Authorization', auth).send({ customFields: [{ key: 'tier', label: 'Tier', type: 'number' }] }).expect(200);
    expect((await refuse({ field: 'custom.tier', op: 'contains', value: 'gold' })).errors[0]).toEqual({ field: 'rule.op', messages: [expect.stringContaining('for custom.tier')] });
    expect((await refuse({ field: 'custom.plan', op: 'eq', value: 'gold' })).errors[0].messages).toEqual(['unknown custom field "plan"']);
    await segments.post('/v1/segments').set('Authorization', auth).send({ name: 'Big tiers', rule: { field: 'custom.tier', op: 'gte', value: 3 } }).expect(201);
    const viewer = h.as('seg-invalid', 'viewer');
    await viewer.segments.post('/v1/segments').set('Authorization', viewer.auth).send({ name: 'x', rule: { field: 'email', op: 'isSet' } }).expect(403);
  });
});
