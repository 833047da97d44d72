import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@roster/config';
import { signToken, startService } from '@roster/http';
import { Connection } from 'mongoose';
import { MONGO_CONNECTION } from '@roster/persistence';
import { IsolatedInfrastructure, TEST_JWT_SECRET, isolatedInfrastructure, waitFor } from '@roster/testing';
import { ContactsServiceModule, contactsEventConsumer } from '../../contacts/src/contacts.module';
import { ContactsSettings } from '../../contacts/src/contacts.settings';
import { DedupeServiceModule, dedupeEventConsumer } from '../src/dedupe.module';
import { DedupeSettings } from '../src/dedupe.settings';
import { pairId } from '../src/candidates/candidates.schema';
import { SegmentationServiceModule, segmentationEventConsumer } from '../../segmentation/src/segmentation.module';
import { SegmentationSettings } from '../../segmentation/src/segmentation.settings';
import { AddressInfo } from 'node:net';

describe('dedupe candidates over the real stack', () => {
  let infra: IsolatedInfrastructure;
  let contacts: INestApplication;
  let dedupe: INestApplication;
  let segmentation: INestApplication;
  const tenant = 'dedupe-a';
  const auth = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: tenant, role: 'admin', subject: 'admin' })}`;

  beforeAll(async () => {
    infra = await isolatedInfrastructure('dedupe');
    const contactsSettings = loadConfig(ContactsSettings, infra.env({ OUTBOX_RELAY_INTERVAL_MS: '100' }));
    contacts = await startService({ name: 'contacts', module: ContactsServiceModule.register(contactsSettings), settings: contactsSettings, port: 0, consumer: contactsEventConsumer });
    const settings = loadConfig(DedupeSettings, infra.env());
    dedupe = await startService({ name: 'dedupe', module: DedupeServiceModule.register(settings), settings, port: 0, consumer: dedupeEventConsumer });
    // Segmentation too: a merge moves segment membership to the survivor.
    const contactsUrl = `http://127.0.0.1:${(contacts.getHttpServer().address() as AddressInfo).port}`;
    const segmentationSettings = loadConfig(SegmentationSettings, infra.env({ CONTACTS_URL: contactsUrl, SEGMENT_BACKFILL_POLL_MS: '300' }));
    segmentation = await startService({ name: 'segmentation', module: SegmentationServiceModule.register(segmentationSettings), settings: segmentationSettings, port: 0, consumer: segmentationEventConsumer });
  });

  afterAll(async () => {
    await segmentation?.close();
    await dedupe?.close();
    await contacts?.close();
    await infra?.cleanup();
  });

  const groups = async () => (await request(dedupe.getHttpServer()).get('/v1/dedupe/groups').set('Authorization', auth).expect(200)).body.items;
  const waitForGroups = (what: string, test: (items: any[]) => boolean) =>
    waitFor(what, async () => {
      const items = await groups();
      return test(items) ? items : undefined;
    }, 20_000);

  /** An admin of a fresh tenant with one text custom field, and a way to create its contacts. */
  const tenantWithCustomField = async (tenant: string, key: string) => {
    const admin = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: tenant, role: 'admin', subject: 'admin-1' })}`;
    const http = request(contacts.getHttpServer());
    await http.patch('/v1/tenant').set('Authorization', admin).send({ customFields: [{ key, label: key, type: 'text' }] }).expect(200);
    const create = async (body: object) => (await http.post('/v1/contacts').set('Authorization', admin).send(body).expect(201)).body.id as string;
    return { admin, http, api: request(dedupe.getHttpServer()), create };
  };

  it('finds the same person behind two phones within seconds, explains why, and keeps a dismissal until a matching field changes', async () => {
    const http = request(contacts.getHttpServer());
    const create = async (body: object) => (await http.post('/v1/contacts').set('Authorization', auth).send(body).expect(201)).body.id as string;
    const a = await create({ phone: '+4915111111111', firstName: 'Ana', lastName: 'Maria', email: 'ana.maria+shop@gmail.com' });
    const b = await create({ phone: '+4915122222222', firstName: 'Ana', lastName: 'Maria', email: 'AnaMaria@googlemail.com' });
    const createdAt = Date.now();
    await create({ phone: '+4915133333333', firstName: 'Paul', lastName: 'Weber', email: 'paul@example.com' });

    const [group] = await waitForGroups('a candidate group', (items) => items.length === 1);
    process.stdout.write(`[dedupe] candidate group listed ${Date.now() - createdAt} ms after its second contact was created\n`);
    expect(group.members.map((m: { id: string }) => m.id).sort()).toEqual([a, b].sort());
    // The probability that they are one person, from each field's weight (the same mailbox, the same name).
    expect(group.score).toBeGreaterThan(0.9);
    expect(group.pairs[0].features.slice(0, 3).map((f: { feature: string; field: string }) => [f.feature, f.field])).toEqual([['email', 'email'], ['name', 'lastName'], ['name', 'firstName']]);
    expect(group.pairs[0].features[0].detail).toContain('reach anamaria@gmail.com');
    expect((await request(dedupe.getHttpServer()).get('/v1/dedupe/groups?reason=phone-variant').set('Authorization', auth).expect(200)).body.items).toEqual([]);
    // One contact's suspected duplicates, as its profile asks for them.
    const groupOf = async (id: string) => (await request(dedupe.getHttpServer()).get(`/v1/dedupe/groups?contactId=${id}`).set('Authorization', auth).expect(200)).body.items;
    expect((await groupOf(b)).map((g: { members: Array<{ id: string }> }) => g.members.map((m) => m.id).sort())).toEqual([[a, b].sort()]);
    expect(await groupOf('0123456789abcdef01234567')).toEqual([]);
    await request(dedupe.getHttpServer()).get('/v1/dedupe/groups?contactId=$ne').set('Authorization', auth).expect(400);

    // The merge preview: the older contact survives with the newer values, consent at its strictest.
    const preview = (await request(dedupe.getHttpServer()).post('/v1/dedupe/merges/preview').set('Authorization', auth).send({ contactIds: [b, a] }).expect(200)).body;
    expect(preview).toMatchObject({ survivorId: a, mergedIds: [b], result: { id: a, email: 'anamaria@googlemail.com' } });
    const refused = (body: object, status: number) => request(dedupe.getHttpServer()).post('/v1/dedupe/merges/preview').set('Authorization', auth).send(body).expect(status);
    expect((await refused({ contactIds: [a, a] }, 422)).body.type).toMatch(/contact-repeated$/);
    expect((await refused({ contactIds: [a, b], survivorId: '0123456789abcdef01234567' }, 422)).body.type).toMatch(/survivor-not-in-group$/);
    const other = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: 'dedupe-other', role: 'admin' })}`;
    await request(dedupe.getHttpServer()).post('/v1/dedupe/merges/preview').set('Authorization', other).send({ contactIds: [a, b] }).expect(404);

    const dismissals = request(dedupe.getHttpServer()).post('/v1/dedupe/dismissals').set('Authorization', auth);
    expect((await dismissals.send({ contactIds: [a, b] }).expect(200)).body).toEqual({ dismissedPairs: 1 });
    expect(await groups()).toEqual([]);

    // A change outside the matching fields keeps the dismissal; a matching field brings the pair back.
    const { body: changed } = await http.patch(`/v1/contacts/${b}`).set('Authorization', auth).send({ language: 'pt' }).expect(200);
    // Once dedupe holds that version of the contact, the change has been weighed.
    const projections = (dedupe.get(MONGO_CONNECTION) as Connection).db!.collection('dedupe_contacts');
    await waitFor('dedupe to apply the change', async () => (((await projections.findOne({ tenantId: tenant, contactId: b }))?.version ?? 0) >= changed.version ? true : undefined), 20_000);
    expect(await groups()).toEqual([]);
    await http.patch(`/v1/contacts/${b}`).set('Authorization', auth).send({ company: 'Padaria Sol' }).expect(200);
    await waitForGroups('the pair back after a matching change', (items) => items.length === 1);

    await http.delete(`/v1/contacts/${a}`).set('Authorization', auth).expect(204);
    await waitForGroups('no group once a contact is deleted', (items) => items.length === 0);
  });

  it('merges a reviewed group through the contacts service, once however often it is asked, and undoes it within the window; refuses a stale or foreign one', async () => {
    const mergeTenant = 'dedupe-merge';
    const as = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: mergeTenant, role: 'agent', subject: 'agent-7' })}`;
    const admin = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: mergeTenant, role: 'admin', subject: 'admin-1' })}`;
    const http = request(contacts.getHttpServer());
    const merges = () => request(dedupe.getHttpServer()).post('/v1/dedupe/merges').set('Authorization', as);
    const create = async (body: object) => (await http.post('/v1/contacts').set('Authorization', as).send(body).expect(201)).body.id as string;
    const a = await create({ phone: '+4915144440001', firstName: 'Carla', lastName: 'Dias', email: 'carla.dias@example.com', tags: ['VIP'] });
    const b = await create({ phone: '+4915144440002', firstName: 'Carla', lastName: 'Dias', email: 'Carla.Dias@example.com', company: 'Dias Lda', tags: ['Newsletter'] });
    const group = await waitFor('the pair as a group', async () => {
      const items = (await request(dedupe.getHttpServer()).get('/v1/dedupe/groups').set('Authorization', as).expect(200)).body.items;
      return items.find((g: { members: Array<{ id: string }> }) => g.members.some((m) => m.id === a));
    }, 20_000);
    const versions = Object.fromEntries(group.members.map((m: { id: string; version: number }) => [m.id, m.version]));
    const usageBefore = (await http.get('/v1/tenant/usage').set('Authorization', as).expect(200)).body.contacts;

    expect((await merges().send({ contactIds: [a, b], expectedVersions: { ...versions, [b]: versions[b] + 3 } }).expect(409)).body.type).toMatch(/group-changed$/);
    const other = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: 'dedupe-other', role: 'admin' })}`;
    await request(dedupe.getHttpServer()).post('/v1/dedupe/merges').set('Authorization', other).send({ contactIds: [a, b] }).expect(404);

    // The tenant's survivor rules: here the oldest email wins (not the newest, the default), as previewed.
    const settings = request(dedupe.getHttpServer()).put('/v1/dedupe/settings').set('Authorization', admin);
    await request(dedupe.getHttpServer()).put('/v1/dedupe/settings').set('Authorization', admin).send({ survivorRules: { email: 'first' } }).expect(422);
    await settings.send({ survivorRules: { email: 'oldest' } }).expect(200);
    const preview = (await request(dedupe.getHttpServer()).post('/v1/dedupe/merges/preview').set('Authorization', as).send({ contactIds: [a, b] }).expect(200)).body;
    expect(preview.result).toMatchObject({ email: 'carla.dias@example.com', company: 'Dias Lda' });

    const decided = (await merges().send({ contactIds: [b, a], expectedVersions: versions }).expect(202)).body;
    expect(decided).toMatchObject({ state: 'decided', survivorId: a, mergedIds: [b], decidedBy: 'agent-7' });
    expect((await merges().send({ contactIds: [b, a], expectedVersions: versions }).expect(200)).body.id).toBe(decided.id);

    const applied = await waitFor('the merge applied', async () => {
      const body = (await request(dedupe.getHttpServer()).get(`/v1/dedupe/merges/${decided.id}`).set('Authorization', as).expect(200)).body;
      return body.state === 'applied' ? body : undefined;
    }, 20_000);
    expect(applied.appliedAt).toBeTruthy();
    await http.get(`/v1/contacts/${b}`).set('Authorization', as).expect(404);
    const survivor = (await http.get(`/v1/contacts/${a}`).set('Authorization', as).expect(200)).body;
    expect(survivor).toMatchObject({ id: a, phone: '+4915144440001', company: 'Dias Lda', email: 'carla.dias@example.com' });
    expect(survivor.tags.map((t: string | { label: string }) => (typeof t === 'string' ? t : t.label)).sort()).toEqual(['Newsletter', 'VIP']);
    expect((await http.get('/v1/tenant/usage').set('Authorization', as).expect(200)).body.contacts).toBe(usageBefore - 1);

    // A retry after the merge finds the same decision and merges nothing more; the group is gone.
    expect((await merges().send({ contactIds: [a, b], expectedVersions: versions }).expect(200)).body).toMatchObject({ id: decided.id, state: 'applied' });
    await waitFor('the group gone', async () => {
      const items = (await request(dedupe.getHttpServer()).get('/v1/dedupe/groups').set('Authorization', as).expect(200)).body.items;
      return items.length === 0 ? true : undefined;
    }, 20_000);

    // Undo, within the tenant's window: both contacts as they were before, usage as before.
    const dd = request(dedupe.getHttpServer());
    await dd.put('/v1/dedupe/settings').set('Authorization', admin).send({ undoWindowDays: 0 }).expect(200);
    expect((await dd.post(`/v1/dedupe/merges/${decided.id}/undo`).set('Authorization', as).expect(409)).body.type).toMatch(/undo-window-passed$/);
    await dd.put('/v1/dedupe/settings').set('Authorization', admin).send({ undoWindowDays: 30 }).expect(200);
    expect((await dd.post(`/v1/dedupe/merges/${decided.id}/undo`).set('Authorization', as).expect(202)).body).toMatchObject({ state: 'undo-requested', undoRequestedBy: 'agent-7' });
    await waitFor('the merge undone', async () => {
      const body = (await dd.get(`/v1/dedupe/merges/${decided.id}`).set('Authorization', as).expect(200)).body;
      return body.state === 'undone' ? body : undefined;
    }, 20_000);
    // The history shows it, newest first, to this tenant only.
    const history = (await dd.get('/v1/dedupe/merges').set('Authorization', as).expect(200)).body.items;
    expect(history.map((d: { id: string; state: string }) => [d.id, d.state])).toEqual([[decided.id, 'undone']]);
    expect((await dd.get('/v1/dedupe/merges').set('Authorization', other).expect(200)).body.items).toEqual([]);
    const back = (await http.get(`/v1/contacts/${b}`).set('Authorization', as).expect(200)).body;
    expect(back).toMatchObject({ id: b, phone: '+4915144440002', company: 'Dias Lda', tags: ['Newsletter'] });
    const survivorAgain = await waitFor('the survivor as before', async () => {
      const body = (await http.get(`/v1/contacts/${a}`).set('Authorization', as).expect(200)).body;
      return body.company === null ? body : undefined;
    }, 20_000);
    expect(survivorAgain.tags).toEqual(['VIP']);
    expect((await http.get('/v1/tenant/usage').set('Authorization', as).expect(200)).body.contacts).toBe(usageBefore);
  });

  it('keeps survivor rules and field choices for custom fields (`custom.<key>`), and refuses fields no merge resolves', async () => {
    const { admin, http, api, create } = await tenantWithCustomField('dedupe-custom', 'tier');
    const a = await create({ phone: '+4915155550001', firstName: 'Iris', lastName: 'Lenz', customFields: { tier: 'gold' } });
    const b = await create({ phone: '+4915155550002', firstName: 'Iris', lastName: 'Lenz', customFields: { tier: 'silver' } });

    await waitFor('both contacts in dedupe', async () => (await api.post('/v1/dedupe/merges/preview').set('Authorization', admin).send({ contactIds: [a, b] })).status === 200 || undefined, 20_000);
    const saved = (await api.put('/v1/dedupe/settings').set('Authorization', admin).send({ survivorRules: { 'custom.tier': 'oldest', lastName: 'survivor' } }).expect(200)).body;
    expect(saved.survivorRules).toEqual({ 'custom.tier': 'oldest', lastName: 'survivor' });
    expect((await api.get('/v1/dedupe/settings').set('Authorization', admin).expect(200)).body.survivorRules).toEqual({ 'custom.tier': 'oldest', lastName: 'survivor' });
    for (const survivorRules of [{ $where: 'oldest' }, { 'custom.$x': 'oldest' }, { 'a.b.c': 'newest' }]) {
      const refused = await api.put('/v1/dedupe/settings').set('Authorization', admin).send({ survivorRules }).expect(400);
      expect(refused.body.detail).toMatch(/is not a field a merge resolves/);
    }
    expect((await api.post('/v1/dedupe/merges/preview').set('Authorization', admin).send({ contactIds: [a, b], fieldChoices: { 'a.b': a } }).expect(400)).body.detail).toMatch(/is not a field a merge resolves/);

    // The oldest contact's tier by rule; chosen by the reviewer, the other's.
    expect((await api.post('/v1/dedupe/merges/preview').set('Authorization', admin).send({ contactIds: [a, b] }).expect(200)).body.result.customFields).toEqual({ tier: 'gold' });
    const versionBefore = (await http.get(`/v1/contacts/${a}`).set('Authorization', admin).expect(200)).body.version as number;
    const decided = (await api.post('/v1/dedupe/merges').set('Authorization', admin).send({ contactIds: [a, b], fieldChoices: { 'custom.tier': b } }).expect(202)).body;
    expect(decided.fieldChoices).toMatchObject({ 'custom.tier': b });
    expect((await api.get(`/v1/dedupe/merges/${decided.id}`).set('Authorization', admin).expect(200)).body.fieldChoices).toMatchObject({ 'custom.tier': b });
    await waitFor('the merge applied', async () => (await http.get(`/v1/contacts/${b}`).set('Authorization', admin)).status === 404 || undefined, 20_000);
    // The merged-away contact goes first; the survivor takes the chosen value in its own write.
    const survivor = await waitFor('the survivor merged', async () => {
      const { body } = await http.get(`/v1/contacts/${a}`).set('Authorization', admin).expect(200);
      return body.version > versionBefore ? body : undefined;
    }, 20_000);
    expect(survivor.customFields).toEqual({ tier: 'silver' });
  });

  it('finds the same person on another line with no email, from name, birth date and a match field, and explains each weight', async () => {
    const { admin, api, create } = await tenantWithCustomField('dedupe-evidence', 'postcode');
    await api.put('/v1/dedupe/settings').set('Authorization', admin).send({ matchFields: [{ key: 'postcode', comparison: 'exact' }] }).expect(200);
    await api.put('/v1/dedupe/settings').set('Authorization', admin).send({ matchFields: [{ key: 'a.b', comparison: 'exact' }] }).expect(400);
    await api.put('/v1/dedupe/settings').set('Authorization', admin).send({ matchFields: [{ key: 'postcode', comparison: 'soundex' }] }).expect(400);
    const a = await create({ phone: '+4915166660001', firstName: 'Isabelle', lastName: 'Quilliam', birthDate: '1976-05-17', customFields: { postcode: '2193' } });
    // Another line, no email, the first name mistyped.
    const b = await create({ phone: '+4917299990002', firstName: 'Isabele', lastName: 'Quilliam', birthDate: '1976-05-17', customFields: { postcode: '2193' } });
    // Same name and postcode, another birth date: another person.
    await create({ phone: '+4917299990003', firstName: 'Isabelle', lastName: 'Quilliam', birthDate: '1950-11-02', customFields: { postcode: '2193' } });

    const [group] = await waitFor('the evidence pair as a group', async () => {
      const items = (await api.get('/v1/dedupe/groups').set('Authorization', admin).expect(200)).body.items;
      return items.length === 1 && items[0].members.length === 2 ? items : undefined;
    }, 20_000);
    expect(group.members.map((m: { id: string }) => m.id).sort()).toEqual([a, b].sort());
    const byField = Object.fromEntries(group.pairs[0].features.map((f: { field: string }) => [f.field, f]));
    expect(byField).toMatchObject({
      birthDate: { feature: 'birth-date', level: 'the same' }, 'custom.postcode': { feature: 'match-field', level: 'the same' },
      lastName: { level: 'the same' }, firstName: { level: 'very alike' }, phone: { level: 'different' },
    });
    expect(byField.birthDate.score).toBeGreaterThan(0);
    expect(byField.phone.score).toBeLessThan(0);
    expect((await api.get('/v1/dedupe/groups?reason=birth-date').set('Authorization', admin).expect(200)).body.items).toHaveLength(1);
  });

  it("groups Brazil's two ways of writing a mobile by phone variant, finds them again in a full scan, and merges them keeping the opt-out, tags, lists, timeline and segments", async () => {
    const tenant2 = 'dedupe-br';
    const as = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: tenant2, role: 'admin', subject: 'admin-2' })}`;
    const http = request(contacts.getHttpServer());
    const dd = () => request(dedupe.getHttpServer());
    const create = async (body: object) => (await http.post('/v1/contacts').set('Authorization', as).send(body).expect(201)).body.id as string;
    const seg = () => request(segmentation.getHttpServer());
    const sale = (await seg().post('/v1/segments').set('Authorization', as).send({ name: 'Winter sale', rule: { field: 'tags', op: 'hasAny', value: ['winter_sale_lead'] } }).expect(201)).body;
    // The segments a contact is in; none for a contact segmentation does not hold (any more).
    const segmentsOf = async (id: string) => {
      const response = await seg().get(`/v1/contacts/${id}/segments`).set('Authorization', as);
      return response.status === 404 ? [] : response.body.items.map((i: { segmentId: string }) => i.segmentId);
    };
    const withNine = await create({ phone: '+5511987654321', firstName: 'João', lastName: 'Pereira', tags: ['VIP'] });
    const without = await create({ phone: '+551187654321', firstName: 'Joao', lastName: 'Pereira', tags: ['Winter_Sale_Lead'] });
    const list = (await http.post('/v1/lists').set('Authorization', as).send({ name: 'Fair 2026' }).expect(201)).body.id;
    await http.post(`/v1/lists/${list}/contacts`).set('Authorization', as).send({ contactIds: [without] }).expect(201);
    await http.post(`/v1/contacts/${withNine}/consent`).set('Authorization', as).send({ status: 'opted_in', method: 'web-form', source: 'landing page' }).expect(201);
    await http.post(`/v1/contacts/${without}/consent`).set('Authorization', as).send({ status: 'opted_out', method: 'reply', source: 'whatsapp STOP' }).expect(201);
    await http.post(`/v1/contacts/${without}/activities`).set('Authorization', as).send({ activities: [{ kind: 'purchase', amount: 40, currency: 'BRL', occurredAt: '2026-05-01T10:00:00.000Z' }] }).expect(201);

    await waitFor('the lead in the winter-sale segment', async () => ((await segmentsOf(without)).includes(sale.id) ? true : undefined), 20_000);
    expect(await segmentsOf(withNine)).toEqual([]);

    const groupsOf = async () => (await dd().get('/v1/dedupe/groups?reason=phone-variant').set('Authorization', as).expect(200)).body.items;
    const [group] = await waitFor('the phone-variant group', async () => {
      const items = await groupsOf();
      return items.length === 1 && items[0].members.every((m: { version: number }) => m.version >= 2) ? items : undefined;
    }, 20_000);
    expect(group.pairs[0].features[0]).toMatchObject({ feature: 'phone-variant' });

    // The group as it is once every change above has reached the service: what is reviewed and merged.
    const current = async (id: string) => (await http.get(`/v1/contacts/${id}`).set('Authorization', as).expect(200)).body.version as number;
    const wanted = { [withNine]: await current(withNine), [without]: await current(without) };
    const reviewed = await waitFor('the group at the contacts\' current versions', async () => {
      const [g] = await groupsOf();
      return g?.members.length === 2 && g.members.every((m: { id: string; version: number }) => m.version === wanted[m.id]) ? g : undefined;
    }, 20_000);

    // A full scan recomputes every pair: with the stored pairs gone, it finds them again.
    const db = (dedupe.get(MONGO_CONNECTION) as Connection).db!;
    // (Again until none is left: the last event's pairs may still be being written.)
    await waitFor('no stored pairs', async () => {
      await db.collection('dedupe_pairs').deleteMany({ tenantId: tenant2 });
      await db.collection('dedupe_contacts').updateMany({ tenantId: tenant2 }, { $set: { partners: [] } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      return (await groupsOf()).length === 0 ? true : undefined;
    }, 20_000);
    const scan = (await dd().post('/v1/dedupe/scans').set('Authorization', as).expect(202)).body;
    const done = await waitFor('the scan done', async () => {
      const body = (await dd().get(`/v1/dedupe/scans/${scan.id}`).set('Authorization', as).expect(200)).body;
      return body.state === 'completed' ? body : undefined;
    }, 30_000);
    expect(done).toMatchObject({ read: 2, total: 2, written: 2, pairsFound: 1, percent: 100 });
    expect((await groupsOf()).map((g: { members: Array<{ id: string }> }) => g.members.map((m) => m.id).sort())).toEqual([[withNine, without].sort()]);

    const versions = Object.fromEntries(reviewed.members.map((m: { id: string; version: number }) => [m.id, m.version]));
    const decided = (await dd().post('/v1/dedupe/merges').set('Authorization', as).send({ contactIds: [withNine, without], survivorId: withNine, expectedVersions: versions }).expect(202)).body;
    await waitFor('the merge applied', async () => ((await dd().get(`/v1/dedupe/merges/${decided.id}`).set('Authorization', as)).body.state === 'applied' ? true : undefined), 20_000);
    const survivor = (await http.get(`/v1/contacts/${withNine}`).set('Authorization', as).expect(200)).body;
    expect(survivor).toMatchObject({ phone: '+5511987654321', lists: [list], consent: { whatsapp: { status: 'opted_out' } }, traits: { purchaseCount: 1, totalSpent: 40 } });
    expect([...survivor.tags].sort()).toEqual(['VIP', 'Winter_Sale_Lead']);
    // The merged-away contact leaves its segments; the survivor, with its tags, enters them.
    await waitFor('membership moved to the survivor', async () => ((await segmentsOf(withNine)).includes(sale.id) && (await segmentsOf(without)).length === 0 ? true : undefined), 20_000);
    const timeline = (await http.get(`/v1/contacts/${withNine}/activities`).set('Authorization', as).expect(200)).body.items;
    expect(timeline.map((a: { kind: string }) => a.kind)).toContain('purchase');
  });

  it("merges on its own only what the tenant's auto-merge policy names: one line written two ways under one name", async () => {
    const as = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: 'dedupe-auto', role: 'admin', subject: 'admin-3' })}`;
    const http = request(contacts.getHttpServer());
    const create = async (body: object) => (await http.post('/v1/contacts').set('Authorization', as).send(body).expect(201)).body.id as string;
    await request(dedupe.getHttpServer()).put('/v1/dedupe/settings').set('Authorization', as).send({ autoMerge: ['merge-everything'] }).expect(400);
    expect((await request(dedupe.getHttpServer()).put('/v1/dedupe/settings').set('Authorization', as).send({ autoMerge: ['phone-variant-same-name'] }).expect(200)).body)
      .toEqual({ threshold: 0.6, undoWindowDays: 30, autoMerge: ['phone-variant-same-name'], survivorRules: {}, matchFields: [] });
    await request(dedupe.getHttpServer()).put('/v1/dedupe/settings').set('Authorization', as).send({ threshold: 2 }).expect(400);

    const older = await create({ phone: '+5521987650001', firstName: 'Bruno', lastName: 'Costa', tags: ['VIP'] });
    const newer = await create({ phone: '+552187650001', firstName: 'Bruno', lastName: 'Costa' });
    // Same line, other name: left for review.
    const ana = await create({ phone: '+5521987650002', firstName: 'Ana', lastName: 'Lima' });
    const bia = await create({ phone: '+552187650002', firstName: 'Beatriz', lastName: 'Souza' });

    await waitFor('the same-name pair merged', async () => ((await http.get(`/v1/contacts/${newer}`).set('Authorization', as)).status === 404 ? true : undefined), 20_000);
    expect((await http.get(`/v1/contacts/${older}`).set('Authorization', as).expect(200)).body.tags).toEqual(['VIP']);
    const pairOf = (items: Array<{ members: Array<{ id: string }> }>) => JSON.stringify(items.map((g) => g.members.map((m) => m.id).sort()));
    await waitFor('only the other-name pair left for review', async () => {
      const items = (await request(dedupe.getHttpServer()).get('/v1/dedupe/groups').set('Authorization', as).expect(200)).body.items;
      return pairOf(items) === JSON.stringify([[ana, bia].sort()]) ? true : undefined;
    }, 20_000);
    await http.get(`/v1/contacts/${ana}`).set('Authorization', as).expect(200);
    await http.get(`/v1/contacts/${bia}`).set('Authorization', as).expect(200);

    // The tenant's threshold decides what is a candidate: above this pair's score, it is not one.
    const [review] = (await request(dedupe.getHttpServer()).get('/v1/dedupe/groups').set('Authorization', as).expect(200)).body.items;
    expect(review.score).toBeLessThan(0.99);
    await request(dedupe.getHttpServer()).put('/v1/dedupe/settings').set('Authorization', as).send({ threshold: Math.min(1, review.score + 0.01) }).expect(200);
    expect((await request(dedupe.getHttpServer()).get('/v1/dedupe/groups').set('Authorization', as).expect(200)).body.items).toEqual([]);
  });

  it('verifies stored pairs against a fresh scan of its contacts, and repairs a lost and a stray pair on request', async () => {
    const as = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: 'dedupe-verify', role: 'admin' })}`;
    const http = request(contacts.getHttpServer());
    const create = async (body: object) => (await http.post('/v1/contacts').set('Authorization', as).send(body).expect(201)).body.id as string;
    const a = await create({ phone: '+4915171111111', firstName: 'Rita', lastName: 'Lobo', email: 'rita.lobo@gmail.com' });
    const b = await create({ phone: '+4915172222222', firstName: 'Rita', lastName: 'Lobo', email: 'RitaLobo@googlemail.com' });
    const c = await create({ phone: '+4915173333333', firstName: 'Otto', lastName: 'Brandt' });
    const verify = async (body: object = {}) => (await request(dedupe.getHttpServer()).post('/v1/dedupe/verify').set('Authorization', as).send(body).expect(200)).body;
    // Each contact's event may be applied in any order: wait until all three are in.
    await waitFor('the three contacts and their pair', async () => {
      const found = await verify();
      return found.contacts === 3 && found.stored === 1 ? true : undefined;
    }, 20_000);
    expect(await verify()).toMatchObject({ contacts: 3, expected: 1, stored: 1, missing: 0, extra: 0 });

    const pairs = (dedupe.get(MONGO_CONNECTION) as Connection).db!.collection('dedupe_pairs');
    const [stored] = await pairs.find({ tenantId: 'dedupe-verify' }).toArray();
    await pairs.deleteOne({ _id: stored._id });
    await pairs.insertOne({ ...stored, _id: pairId('dedupe-verify', a, c) as never, a: [a, c].sort()[0], b: [a, c].sort()[1] });
    const found = await verify();
    expect(found).toMatchObject({ expected: 1, stored: 1, missing: 1, extra: 1, repaired: 0 });
    expect(found.missingSample).toEqual([{ a: [a, b].sort()[0], b: [a, b].sort()[1] }]);
    expect(await verify({ repair: true })).toMatchObject({ missing: 1, extra: 1 });
    expect(await verify()).toMatchObject({ expected: 1, stored: 1, missing: 0, extra: 0 });
    await request(dedupe.getHttpServer()).post('/v1/dedupe/verify').set('Authorization', `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: 'dedupe-verify', role: 'agent' })}`).send({}).expect(403);
  });
});
