import mongoose from 'mongoose';
import { EventEnvelope } from '@roster/contracts';
import { waitFor } from '@roster/testing';
import { ContactsHarness, startContacts } from './contacts-harness';

describe('contacts over the real stack', () => {
  let h: ContactsHarness;
  beforeAll(async () => {
    h = await startContacts('contacts');
  });
  afterAll(() => h?.close());

  const create = (tenant: string, body: object, role: 'admin' | 'agent' | 'viewer' = 'agent') => {
    const { auth, http } = h.as(tenant, role);
    return http.post('/v1/contacts').set('Authorization', auth).send(body);
  };
  const eventsOf = (id: string) => h.events.distinctEvents<EventEnvelope<any>>().filter((e) => e.subject === id);

  it('creates, reads, patches and deletes a contact, with an event per change in sequence', async () => {
    const { auth, http } = h.as('acme');
    await http.patch('/v1/tenant').set('Authorization', auth).send({ defaultCountry: 'DE', customFields: [{ key: 'plan', label: 'Plan', type: 'enum', options: ['Gold', 'Silver'] }] }).expect(200);
    const created = await create('acme', { phone: '0151 23456789', firstName: 'Anna', email: 'Anna@Example.com', tags: ['VIP', ' vip '], customFields: { plan: 'gold' }, notes: 'met at fair' }).expect(201);
    expect(created.body).toMatchObject({ phone: '+4915123456789', phoneType: 'MOBILE', email: 'anna@example.com', tags: ['VIP'], customFields: { plan: 'Gold' }, version: 1 });
    const id = created.body.id;

    await http.get(`/v1/contacts/${id}`).set('Authorization', auth).expect(200).expect((r) => expect(r.body.notes).toBe('met at fair'));
    const patched = await http.patch(`/v1/contacts/${id}`).set('Authorization', auth).send({ company: 'ACME', customFields: { plan: null } }).expect(200);
    expect(patched.body).toMatchObject({ company: 'ACME', customFields: {}, version: 2 });
    await http.post(`/v1/contacts/${id}/tags`).set('Authorization', auth).send({ add: ['Winter_Sale_Lead'], remove: ['vip'] }).expect(201);
    await http.post(`/v1/contacts/${id}/consent`).set('Authorization', auth).send({ status: 'opted_in', method: 'web-form', source: 'landing page', proof: 'checkbox ticked' }).expect(201);
    await http.post(`/v1/contacts/${id}/consent`).set('Authorization', auth).send({ status: 'opted_out', method: 'reply', source: 'whatsapp STOP' }).expect(201)
      .expect((r) => expect(r.body.consent).toMatchObject({ whatsapp: { status: 'opted_out' }, history: [{ status: 'opted_in' }, { status: 'opted_out' }] }));
    await http.delete(`/v1/contacts/${id}`).set('Authorization', auth).expect(204);
    await http.get(`/v1/contacts/${id}`).set('Authorization', auth).expect(404);

    const events = await waitFor('six events of the contact', () => (eventsOf(id).length >= 6 ? eventsOf(id) : undefined), 20_000);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ['roster.contact.created.v1', 1],
      ['roster.contact.updated.v1', 2],
      ['roster.contact.tag-changed.v1', 3],
      ['roster.contact.consent-changed.v1', 4],
      ['roster.contact.consent-changed.v1', 5],
      ['roster.contact.deleted.v1', 6],
    ]);
    expect(events[1].data.changedFields).toEqual(['company', 'customFields']);
    expect(events[2].data).toMatchObject({ added: ['Winter_Sale_Lead'], removed: ['VIP'] });
    expect(JSON.stringify(events)).not.toContain('met at fair');
  });

  it('answers 409 with the existing id for a known phone, and explains invalid input', async () => {
    const first = await create('acme', { phone: '+44 7911 123456' }).expect(201);
    const again = await create('acme', { phone: '+447911123456', firstName: 'Dup' }).expect(409);
    expect(again.body).toMatchObject({ type: 'https://roster.dev/problems/contact-exists', existingId: first.body.id });

    const bad = await create('acme', { phone: '12', email: 'not-an-email', shoeSize: 44, language: 'english!' }).expect(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'language', 'shoeSize']);
    const badPhone = await create('acme', { phone: '12' }).expect(400);
    expect(badPhone.body.errors).toEqual([{ field: 'phone', messages: ['the phone number is too short'] }]);
    const notNumber = await create('acme', { phone: 'call me' }).expect(400);
    expect(notNumber.body.errors[0].messages[0]).toBe('the phone number is not a number');
  });

  it('never shows another tenant its contacts and refuses oversized bodies', async () => {
    const mine = await create('acme', { phone: '+4915100000099' }).expect(201);
    const other = h.as('globex');
    await other.http.get(`/v1/contacts/${mine.body.id}`).set('Authorization', other.auth).expect(404);
    await other.http.patch(`/v1/contacts/${mine.body.id}`).set('Authorization', other.auth).send({ firstName: 'x' }).expect(404);
    await other.http.delete(`/v1/contacts/${mine.body.id}`).set('Authorization', other.auth).expect(404);
    await create('acme', { phone: '+4915100000098', notes: 'x'.repeat(11 * 1024 * 1024) }).expect(413);
  });

  it('lets concurrent creates racing past a limit of 10 store exactly 10', async () => {
    await h.setPlanLimit('racers', 10);
    const responses = await Promise.all(Array.from({ length: 25 }, (_, i) => create('racers', { phone: `+49151300000${String(i).padStart(2, '0')}` })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(15);
    expect(responses.find((r) => r.status === 409)!.body.type).toBe('https://roster.dev/problems/plan-limit-reached');
    const { auth, http } = h.as('racers');
    await http.get('/v1/tenant/usage').set('Authorization', auth).expect(200, { contacts: 10, limit: 10 });
  });

  it('masks phone and email for a viewer and hides notes', async () => {
    const created = await create('acme', { phone: '+447911123457', email: 'secret@example.com', notes: 'private' }).expect(201);
    const viewer = h.as('acme', 'viewer');
    const seen = await viewer.http.get(`/v1/contacts/${created.body.id}`).set('Authorization', viewer.auth).expect(200);
    expect(seen.body).toMatchObject({ phone: '+44 •••• •••457', email: 's•••@example.com' });
    expect(seen.body.notes).toBeUndefined();
    await create('acme', { phone: '+447911123458' }, 'viewer').expect(403);
  });

  it('records activities into traits and a newest-first timeline, singly and in bulk', async () => {
    const { auth, http } = h.as('acme');
    const id = (await create('acme', { phone: '+4915199990001' }).expect(201)).body.id;
    const recorded = await http.post(`/v1/contacts/${id}/activities`).set('Authorization', auth).send({
      activities: [
        { kind: 'purchase', amount: 700, currency: 'EUR', occurredAt: '2026-03-01T10:00:00.000Z' },
        { kind: 'purchase', amount: 450.5, currency: 'EUR', occurredAt: '2026-01-15T10:00:00.000Z' },
        { kind: 'message.read', occurredAt: '2026-03-02T08:00:00.000Z' },
      ],
    }).expect(201);
    expect(recorded.body.traits).toEqual({
      totalSpent: 1150.5, purchaseCount: 2, firstPurchaseAt: '2026-01-15T10:00:00.000Z', lastPurchaseAt: '2026-03-01T10:00:00.000Z',
      lastActivityAt: '2026-03-02T08:00:00.000Z', lastMessageReadAt: '2026-03-02T08:00:00.000Z',
    });
    await http.post(`/v1/contacts/${id}/activities`).set('Authorization', auth).send({ activities: [{ kind: 'purchase', amount: 5 }] }).expect(400);

    const bulk = await http.post('/v1/activities/bulk').set('Authorization', auth).send({
      activities: [
        { contactId: id, kind: 'campaign.received', campaignId: 'spring', occurredAt: '2026-03-03T09:00:00.000Z' },
        { contactId: '6650f0c2a1b2c3d4e5f60000', kind: 'message.sent' },
      ],
    }).expect(201);
    expect(bulk.body).toMatchObject({ recorded: 1, rejected: 1, results: [{ index: 0, status: 'recorded' }, { index: 1, status: 'rejected' }] });

    const first = await http.get(`/v1/contacts/${id}/activities?limit=2`).set('Authorization', auth).expect(200);
    const second = await http.get(`/v1/contacts/${id}/activities?limit=2&cursor=${first.body.nextCursor}`).set('Authorization', auth).expect(200);
    expect([...first.body.items, ...second.body.items].map((a: { kind: string }) => a.kind)).toEqual(['campaign.received', 'message.read', 'purchase', 'purchase']);
    expect(second.body.nextCursor).toBeNull();
    await waitFor('activity events', () => (eventsOf(id).filter((e) => e.type === 'roster.contact.activity-recorded.v1').length === 4 ? true : undefined));
  });

  it('erases every trace of personal data', async () => {
    const { auth, http } = h.as('acme');
    const created = await create('acme', { phone: '+4917612345678', firstName: 'Erika', lastName: 'Mustermann', email: 'erika@example.org', company: 'Geheim AG', notes: 'vertraulich', tags: ['private-tag'] }).expect(201);
    const id = created.body.id;
    await http.post(`/v1/contacts/${id}/consent`).set('Authorization', auth).send({ status: 'opted_in', method: 'form', source: 'web', proof: 'Erika signed' }).expect(201);
    await http.post(`/v1/contacts/${id}/activities`).set('Authorization', auth).send({ activities: [{ kind: 'purchase', amount: 10, currency: 'EUR' }] }).expect(201);
    await http.delete(`/v1/contacts/${id}?erase=true`).set('Authorization', auth).expect(204);

    const erasure = await waitFor('the erasure event', () => eventsOf(id).find((e) => e.type === 'roster.contact.deleted.v1'), 20_000);
    expect(erasure.data).toEqual({ contactId: id, erased: true });
    const connection = await mongoose.createConnection(h.infra.mongoUrl, { dbName: h.infra.mongoDb }).asPromise();
    try {
      await waitFor('the tombstone to be purged', async () => ((await connection.collection('contacts').countDocuments({ deletedAt: { $exists: true } })) === 0 ? true : undefined));
      const everything = [];
      for (const { name } of await connection.db!.listCollections().toArray()) everything.push(...(await connection.collection(name).find({}).toArray()));
      const dump = JSON.stringify(everything);
      for (const trace of ['4917612345678', 'Erika', 'Mustermann', 'erika@example.org', 'Geheim', 'vertraulich', 'private-tag', 'Erika signed']) {
        expect({ trace, found: dump.includes(trace) }).toEqual({ trace, found: false });
      }
    } finally {
      await connection.close();
    }
  });
});
