import jwt from 'jsonwebtoken';
import { TEST_JWT_SECRET } from '@roster/testing';
import { ContactsHarness, startContacts } from './contacts-harness';

/** Client mistakes get a 4xx problem naming what is wrong, and change nothing. */
describe('contacts refuse bad input cleanly', () => {
  let h: ContactsHarness;
  beforeAll(async () => {
    h = await startContacts('contacts-hardening');
  });
  afterAll(() => h?.close());

  const tenant = 'hostile';
  const expectProblem = (response: { status: number; type: string; body: any }, status: number, slug: string) => {
    expect({ status: response.status, type: response.type, problem: response.body.type }).toEqual({ status, type: 'application/problem+json', problem: `https://roster.dev/problems/${slug}` });
  };

  it('answers a malformed or empty cursor with 400 invalid-cursor on every list', async () => {
    const { auth, http } = h.as(tenant);
    const contact = (await http.post('/v1/contacts').set('Authorization', auth).send({ phone: '+4915123450001' }).expect(201)).body;
    for (const path of ['/v1/contacts', '/v1/lists', `/v1/contacts/${contact.id}/activities`]) {
      for (const cursor of ['', '%%%', 'bm90LWFuLWlk', '!!']) {
        const response = await http.get(path).query({ cursor }).set('Authorization', auth);
        expectProblem(response, 400, 'invalid-cursor');
      }
    }
  });

  it('refuses activity properties and custom fields whose keys cannot be stored, and the contact stays as it was', async () => {
    const { auth, http } = h.as(tenant);
    const contact = (await http.post('/v1/contacts').set('Authorization', auth).send({ phone: '+4915123450002' }).expect(201)).body;
    for (const properties of [{ 'utm.source': 'ads' }, { $where: 'x' }, { nested: { 'a.b': 1 } }]) {
      const response = await http.post(`/v1/contacts/${contact.id}/activities`).set('Authorization', auth).send({ activities: [{ kind: 'custom', name: 'clicked', properties }] });
      expectProblem(response, 400, 'validation-failed');
      expect(response.body.errors[0].messages[0]).toMatch(/key ".*" .*is not allowed/);
    }
    const patched = await http.patch(`/v1/contacts/${contact.id}`).set('Authorization', auth).send({ customFields: { 'plan.tier': 'gold' } });
    expectProblem(patched, 400, 'validation-failed');
    const after = (await http.get(`/v1/contacts/${contact.id}`).set('Authorization', auth).expect(200)).body;
    expect({ version: after.version, lastActivityAt: after.traits.lastActivityAt }).toEqual({ version: contact.version, lastActivityAt: contact.traits.lastActivityAt });
    expect((await http.get(`/v1/contacts/${contact.id}/activities`).set('Authorization', auth).expect(200)).body.items).toEqual([]);
  });

  it('refuses JSON nested thousands of levels deep, invalid UTF-8 and form bodies', async () => {
    const { auth, http } = h.as(tenant);
    const deep = '{"phone":"+4915123450003","customFields":{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}}';
    expectProblem(await http.post('/v1/contacts').set('Authorization', auth).set('Content-Type', 'application/json').send(deep), 400, 'too-deep');

    const invalidUtf8 = Buffer.concat([Buffer.from('{"phone":"+4915123450004","firstName":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    // Sent as raw bytes (a client library would re-encode a Buffer as JSON).
    const raw = await fetch(`${(await h.app.getUrl()).replace('[::1]', '127.0.0.1')}/v1/contacts`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: invalidUtf8 });
    expectProblem({ status: raw.status, type: (raw.headers.get('content-type') ?? '').split(';')[0], body: await raw.json() }, 400, 'invalid-utf8');

    const form = await http.post('/v1/contacts').set('Authorization', auth).type('form').send('phone=%2B4915123450005&firstName=Form');
    expectProblem(form, 415, 'unsupported-media-type');
    const search = await http.get('/v1/contacts').query({ q: '4915123450004' }).set('Authorization', auth).expect(200);
    const stored = await http.get('/v1/contacts').query({ q: '4915123450005' }).set('Authorization', auth).expect(200);
    expect([...search.body.items, ...stored.body.items]).toEqual([]);
  });

  it('requires exp on tokens, within the longest lifetime allowed', async () => {
    const { http } = h.as(tenant);
    const noExp = jwt.sign({ tid: tenant, role: 'admin' }, TEST_JWT_SECRET, { algorithm: 'HS256' });
    const forAYear = jwt.sign({ tid: tenant, role: 'admin' }, TEST_JWT_SECRET, { algorithm: 'HS256', expiresIn: 365 * 24 * 3600 });
    for (const token of [noExp, forAYear]) {
      expectProblem(await http.get('/v1/contacts').set('Authorization', `Bearer ${token}`), 401, 'invalid-token');
    }
  });

  it('sends no framework banner and forbids content sniffing, CSV downloads included', async () => {
    const { auth, http } = h.as(tenant);
    for (const path of ['/v1/contacts', '/v1/contacts/export', '/v1/nowhere']) {
      const response = await http.get(path).set('Authorization', auth);
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('leaves the plan limit to the operator: a tenant admin cannot raise it, an operator token touches nothing else', async () => {
    const admin = h.as(tenant);
    const operator = h.as(tenant, 'operator');
    expectProblem(await admin.http.patch('/v1/tenant').set('Authorization', admin.auth).send({ planLimit: 1_000_000 }), 400, 'validation-failed');
    expectProblem(await admin.http.put('/v1/tenant/plan').set('Authorization', admin.auth).send({ planLimit: 1_000_000 }), 403, 'forbidden-role');
    const before = (await admin.http.get('/v1/tenant/usage').set('Authorization', admin.auth).expect(200)).body.limit;
    expect(before).not.toBe(1_000_000);

    await operator.http.put('/v1/tenant/plan').set('Authorization', operator.auth).send({ planLimit: 1234 }).expect(200).expect((r) => expect(r.body.limit).toBe(1234));
    expectProblem(await operator.http.get('/v1/contacts').set('Authorization', operator.auth), 403, 'forbidden-role');
    expectProblem(await operator.http.patch('/v1/tenant').set('Authorization', operator.auth).send({ defaultCountry: 'DE' }), 403, 'forbidden-role');
  });
});
