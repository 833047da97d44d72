import { EventEnvelope } from '@roster/contracts';
import { TEST_JWT_SECRET, waitFor } from '@roster/testing';
import { signToken } from '@roster/http';
import { ContactsHarness, startContacts } from './contacts-harness';

describe('finding and bulk work on contacts', () => {
  let h: ContactsHarness;
  let admin: ReturnType<ContactsHarness['as']>;
  const get = (path: string, role: 'admin' | 'viewer' = 'admin') => {
    const who = h.as('shop', role);
    return who.http.get(path).set('Authorization', who.auth);
  };
  const post = (path: string, body: object) => admin.http.post(path).set('Authorization', admin.auth).send(body);

  beforeAll(async () => {
    h = await startContacts('contactsbulk');
    admin = h.as('shop');
    await admin.http.patch('/v1/tenant').set('Authorization', admin.auth).send({ defaultCountry: 'BR', customFields: [{ key: 'tier', label: 'Tier', type: 'text' }] }).expect(200);
  });
  afterAll(() => h?.close());

  const ids: Record<string, string> = {};

  it('bulk-upserts a batch with a result per row, and a retried batch changes nothing twice', async () => {
    const batch = {
      batchKey: 'import-1:chunk-0',
      mode: 'upsert',
      tags: ['Winter_Sale_Lead'],
      contacts: [
        { phone: '(11) 98765-4321', firstName: 'Ana', lastName: 'Souza', email: 'ana@loja.com.br', company: 'Loja Azul', customFields: { tier: '=HYPERLINK("x")' } },
        { phone: '+55 21 99876-5432', firstName: 'Bruno', company: 'Padaria Sol', tags: ['vip'] },
        { phone: 'abc', firstName: 'Broken' },
        { phone: '11987654321', firstName: 'Twin' },
        { phone: '+55 31 99111-2222', firstName: 'Carla', favouriteColour: 'blue' },
        { phone: '+55 31 99111-3333', firstName: 'Davi', company: 'Padaria Lua' },
      ],
    };
    const first = await post('/v1/contacts/bulk-upsert', batch).expect(200);
    expect(first.body.counts).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 3 });
    expect(first.body.results.map((r: { row: number; status: string; reason?: string }) => [r.row, r.status, r.reason ?? ''])).toEqual([
      [0, 'created', ''],
      [1, 'created', ''],
      [2, 'rejected', 'phone: the phone number is not a number'],
      [3, 'rejected', 'duplicate of row 0 in this batch'],
      [4, 'rejected', 'favouriteColour: property favouriteColour should not exist'],
      [5, 'created', ''],
    ]);
    ids.ana = first.body.results[0].contactId;
    ids.bruno = first.body.results[1].contactId;
    ids.davi = first.body.results[5].contactId;

    const retry = await post('/v1/contacts/bulk-upsert', batch).expect(200);
    expect(retry.body).toEqual(first.body);
    await get('/v1/tenant/usage').expect(200, { contacts: 3, limit: 10000 });

    const second = await post('/v1/contacts/bulk-upsert', {
      batchKey: 'import-1:chunk-1',
      mode: 'update',
      contacts: [{ phone: '+5511987654321', company: 'Loja Verde' }, { phone: '+5521998765432', firstName: 'Bruno' }, { phone: '+55 41 99999-0000' }],
    }).expect(200);
    expect(second.body.results.map((r: { status: string }) => r.status)).toEqual(['updated', 'unchanged', 'rejected']);
    const ana = await get(`/v1/contacts/${ids.ana}`).expect(200);
    expect(ana.body).toMatchObject({ company: 'Loja Verde', tags: ['Winter_Sale_Lead'], version: 2 });
  });

  it('refuses creates over the plan limit row by row', async () => {
    await h.setPlanLimit('shop', 4);
    const over = await post('/v1/contacts/bulk-upsert', {
      batchKey: 'import-2:chunk-0',
      mode: 'create',
      contacts: [{ phone: '+5511911110001' }, { phone: '+5511911110002' }, { phone: '+5511987654321' }],
    }).expect(200);
    expect(over.body.results.map((r: { status: string; reason?: string }) => `${r.status}:${r.reason ?? ''}`)).toEqual([
      'created:',
      'rejected:plan limit of 4 contacts reached',
      'unchanged:already exists (create-only mode)',
    ]);
    ids.eve = over.body.results[0].contactId;
    await h.setPlanLimit('shop', 10000);
  });

  it('finds contacts by name, phone digits, email and company, with filters, pages and chosen fields', async () => {
    const search = async (query: string) => (await get(`/v1/contacts?${query}`).expect(200)).body;
    expect((await search('q=ana')).items.map((c: { id: string }) => c.id)).toEqual([ids.ana]);
    expect((await search('q=987654321')).items.map((c: { id: string }) => c.id)).toEqual([ids.ana]);
    expect((await search(`q=${encodeURIComponent('+55 21 998')}`)).items.map((c: { id: string }) => c.id)).toEqual([ids.bruno]);
    expect((await search('q=ana@loja.com.br')).items).toHaveLength(1);
    expect((await search('q=padaria&sort=createdAt&order=asc')).items.map((c: { id: string }) => c.id)).toEqual([ids.bruno, ids.davi]);
    expect((await search('tag=VIP')).items.map((c: { id: string }) => c.id)).toEqual([ids.bruno]);
    expect((await search('q=nobody')).items).toEqual([]);

    const page1 = await search('limit=2&fields=phone,firstName');
    expect(page1.items).toHaveLength(2);
    expect(Object.keys(page1.items[0]).sort()).toEqual(['firstName', 'id', 'phone']);
    const page2 = await search(`limit=2&cursor=${page1.nextCursor}`);
    const page3 = page2.nextCursor ? await search(`limit=2&cursor=${page2.nextCursor}`) : { items: [] };
    const all = [...page1.items, ...page2.items, ...page3.items].map((c: { id: string }) => c.id);
    expect(new Set(all).size).toBe(4);
    await get('/v1/contacts?cursor=garbage').expect(400);
    await get('/v1/contacts?sort=shoeSize').expect(400);
  });

  it('filters by country and custom fields, and counts what a filter matches', async () => {
    const patch = (id: string, body: object) => admin.http.patch(`/v1/contacts/${id}`).set('Authorization', admin.auth).send(body).expect(200);
    await patch(ids.bruno, { location: { country: 'br', city: 'Rio' }, customFields: { tier: 'gold, plus' } });
    await patch(ids.davi, { location: { country: 'PT' }, customFields: { tier: '7' } });
    const found = async (query: string) => (await get(`/v1/contacts?${query}`).expect(200)).body.items.map((c: { id: string }) => c.id).sort();
    expect(await found('country=br')).toEqual([ids.bruno]);
    expect(await found('country=BR,PT')).toEqual([ids.bruno, ids.davi].sort());
    expect(await found(`custom=${encodeURIComponent('tier:gold, plus')}`)).toEqual([ids.bruno]);
    expect(await found('custom=tier:7&country=PT')).toEqual([ids.davi]);
    expect(await found('custom=tier:7&country=BR')).toEqual([]);
    expect(await found(`ids=${ids.bruno},${ids.davi}&country=PT`)).toEqual([ids.davi]);
    await get('/v1/contacts?ids=not-an-id').expect(400);
    expect((await get('/v1/contacts/count?country=BR,PT').expect(200)).body).toEqual({ count: 2 });
    expect((await get('/v1/contacts/count').expect(200)).body.count).toBeGreaterThanOrEqual(4);
    // Hostile: an unknown country, a condition without a key, an operator smuggled in as a key.
    await get('/v1/contacts?country=XX').expect(400);
    await get('/v1/contacts/count?custom=gold').expect(400);
    await get(`/v1/contacts?custom=${encodeURIComponent('$where:1')}`).expect(400);
    await get(`/v1/contacts?custom=${encodeURIComponent('tier.$ne:1')}`).expect(400);
  });

  it('keeps lists with counts, moves contacts when a list is deleted, and puts membership in events', async () => {
    const spring = (await post('/v1/lists', { name: 'Spring', description: 'spring leads' }).expect(201)).body;
    const summer = (await post('/v1/lists', { name: 'Summer' }).expect(201)).body;
    await post('/v1/lists', { name: ' spring ' }).expect(409);
    expect((await post(`/v1/lists/${spring.id}/contacts`, { contactIds: [ids.ana, ids.bruno] }).expect(201)).body).toEqual({ matched: 2, changed: 2 });
    expect((await post(`/v1/lists/${spring.id}/contacts`, { contactIds: [ids.ana] }).expect(201)).body).toEqual({ matched: 1, changed: 0 });
    const listed = (await get('/v1/lists').expect(200)).body.items;
    expect(listed.map((l: { name: string; contacts: number }) => [l.name, l.contacts])).toEqual([['Spring', 2], ['Summer', 0]]);

    await admin.http.delete(`/v1/lists/${spring.id}?moveTo=${summer.id}`).set('Authorization', admin.auth).expect(200);
    await get(`/v1/lists/${spring.id}`).expect(404);
    expect((await get(`/v1/lists/${summer.id}`).expect(200)).body.contacts).toBe(2);
    expect((await get(`/v1/contacts/${ids.ana}`).expect(200)).body.lists).toEqual([summer.id]);
    await waitFor('a membership event', () =>
      h.events.values<EventEnvelope<any>>().find((e) => e.subject === ids.ana && e.data.contact?.lists?.includes(summer.id)),
    );
  });

  it("keeps each user's saved views, shares those marked shared, and refuses a search the grid could not run", async () => {
    const as = (subject: string, role: 'admin' | 'agent' | 'viewer' = 'agent') => {
      const auth = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: 'shop', role, subject })}`;
      return {
        put: (body: object) => h.as('shop').http.put('/v1/views').set('Authorization', auth).send(body),
        list: async () => (await h.as('shop').http.get('/v1/views').set('Authorization', auth).expect(200)).body.items,
        remove: (id: string) => h.as('shop').http.delete(`/v1/views/${id}`).set('Authorization', auth),
      };
    };
    const ana = as('ana');
    const bruno = as('bruno', 'viewer');
    const vip = (await ana.put({ name: 'VIPs in Brazil', query: 'tag=VIP&country=BR&sort=createdAt&order=desc', columns: ['name', 'phone', 'cf.tier'] }).expect(200)).body;
    expect(vip).toMatchObject({ name: 'VIPs in Brazil', shared: false, mine: true });
    // The same name again replaces it; the query takes everything the search takes.
    await ana.put({ name: 'VIPs in Brazil', query: `tag=VIP&country=BR&custom=${encodeURIComponent('tier:gold')}`, columns: ['name'], shared: true }).expect(200);
    await ana.put({ name: 'Mine only', query: 'status=inactive', columns: ['name'] }).expect(200);
    expect((await ana.list()).map((v: { name: string }) => v.name)).toEqual(['Mine only', 'VIPs in Brazil']);
    expect((await bruno.list()).map((v: { name: string; mine: boolean; columns: string[] }) => [v.name, v.mine, v.columns])).toEqual([['VIPs in Brazil', false, ['name']]]);
    // Hostile: a search the grid could not run, paging smuggled in, another user's delete, a bad id.
    for (const query of ['country=XX', 'sort=shoeSize', `custom=${encodeURIComponent('$where:1')}`, 'tag[$ne]=x', 'cursor=abc', 'limit=9999']) {
      await ana.put({ name: 'bad', query, columns: [] }).expect(400);
    }
    await ana.put({ name: '', query: '', columns: [] }).expect(400);
    await bruno.remove(vip.id).expect(404);
    await ana.remove('not-an-id').expect(404);
    await ana.remove(vip.id).expect(204);
    expect(await bruno.list()).toEqual([]);
    expect((await ana.list()).map((v: { name: string }) => v.name)).toEqual(['Mine only']);
  });

  it('runs bulk operations by ids or filter and reports matched and changed', async () => {
    expect((await post('/v1/contacts/bulk', { action: 'add-tags', filter: { q: 'padaria' }, tags: ['Bakery'] }).expect(201)).body).toEqual({ matched: 2, changed: 2 });
    expect((await post('/v1/contacts/bulk', { action: 'add-tags', filter: { q: 'padaria' }, tags: ['bakery'] }).expect(201)).body).toEqual({ matched: 2, changed: 0 });
    expect((await post('/v1/contacts/bulk', { action: 'set-status', ids: [ids.davi], status: 'inactive' }).expect(201)).body).toEqual({ matched: 1, changed: 1 });
    expect((await get('/v1/contacts?status=inactive').expect(200)).body.items.map((c: { id: string }) => c.id)).toEqual([ids.davi]);
    await post('/v1/contacts/bulk', { action: 'set-status', filter: {}, status: 'active' }).expect(400);
    await post('/v1/contacts/bulk', { action: 'explode', ids: [ids.davi] }).expect(400);
  });

  it('lists tags with counts, renames and deletes them on every contact', async () => {
    const catalogue = async () => (await get('/v1/tags').expect(200)).body.items.map((t: { label: string; contacts: number }) => `${t.label}:${t.contacts}`);
    expect(await catalogue()).toEqual(['Winter_Sale_Lead:3', 'Bakery:2', 'vip:1']);
    expect((await admin.http.patch('/v1/tags/VIP').set('Authorization', admin.auth).send({ label: 'VIP Customer' }).expect(200)).body).toEqual({ matched: 1, changed: 1 });
    expect((await admin.http.delete('/v1/tags/bakery').set('Authorization', admin.auth).expect(200)).body).toEqual({ matched: 2, changed: 2 });
    expect(await catalogue()).toEqual(['Winter_Sale_Lead:3', 'VIP Customer:1']);
  });

  it('exports CSV with every column, neutralized formulas, and masks for a viewer; NDJSON too', async () => {
    const csv = (await get('/v1/contacts/export?q=ana').expect(200).expect('content-type', /text\/csv/)).text;
    const [header, row] = csv.replace(/^\uFEFF/, '').trim().split('\n');
    expect(header.split(',')).toEqual(expect.arrayContaining(['id', 'phone', 'firstName', 'tags', 'consent', 'totalSpent', 'cf.tier']));
    expect(row).toContain('+5511987654321');
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    const masked = (await get('/v1/contacts/export?q=ana', 'viewer').expect(200)).text;
    // The same contact's row is there, its phone masked: not a header-only file.
    const [, maskedRow] = masked.replace(/^\uFEFF/, '').trim().split('\n');
    expect(maskedRow.split(',')[0]).toBe(row.split(',')[0]);
    expect(maskedRow).toMatch(/\+55 •+/);
    expect(masked).not.toContain('5511987654321');
    expect(masked).not.toContain('ana@loja.com.br');
    const ndjson = (await get('/v1/contacts/export?format=ndjson&tag=winter_sale_lead').expect(200)).text.trim().split('\n').map((l) => JSON.parse(l));
    expect(ndjson).toHaveLength(3);
  });
});
