import { parse } from 'fast-csv';
import { Readable } from 'node:stream';
import { ImportsHarness, brazilRows, startImports } from './imports-harness';

const rowsOf = (csv: string) =>
  new Promise<Array<Record<string, string>>>((resolve, reject) => {
    const rows: Array<Record<string, string>> = [];
    Readable.from([csv.replace(/^\uFEFF/, '')]).pipe(parse({ headers: true })).on('data', (r) => rows.push(r)).on('end', () => resolve(rows)).on('error', reject);
  });

describe('imports take hostile files and a backup cleanly', () => {
  let h: ImportsHarness;
  beforeAll(async () => {
    h = await startImports('imports-hardening');
  });
  afterAll(() => h?.close());

  const runWithMapping = async (tenant: string, id: string, columns: Record<string, string>) => {
    const { auth, imports } = h.as(tenant);
    await imports.put(`/v1/imports/${id}/mapping`).set('Authorization', auth).send({ columns, options: { mode: 'upsert' } }).expect(200);
    await imports.post(`/v1/imports/${id}/run`).set('Authorization', auth).expect(202);
    return h.waitForPass(tenant, id, 'run');
  };

  it('an export imports into a fresh tenant as the same contacts: phones, names, tags, lists, custom fields, consent', async () => {
    const source = h.as('backup-source');
    const fresh = h.as('backup-restore');
    const vip = { customFields: [{ key: 'tier', label: 'Tier', type: 'text' }] };
    for (const tenant of [source, fresh]) await tenant.contacts.patch('/v1/tenant').set('Authorization', tenant.auth).send(vip).expect(200);
    const list = (await source.contacts.post('/v1/lists').set('Authorization', source.auth).send({ name: 'Fair, 2026' }).expect(201)).body;
    const people = [
      { phone: '+447911123460', firstName: 'Ann', lastName: "O'Neil", tags: ['vip', 'Winter Sale'], customFields: { tier: 'gold' }, consent: { status: 'opted_in', method: 'web-form', source: 'landing' } },
      { phone: '+5511970000001', firstName: '=HYPERLINK("http://x")', lastName: '-2+3+cmd', tags: [], customFields: { tier: '+1 unit' } },
      { phone: '+4915123456789', firstName: 'Jörg', email: 'jorg@example.com', consent: { status: 'opted_out', method: 'reply', source: 'STOP' } },
    ];
    const ids: string[] = [];
    for (const person of people) ids.push((await source.contacts.post('/v1/contacts').set('Authorization', source.auth).send(person).expect(201)).body.id);
    await source.contacts.post(`/v1/lists/${list.id}/contacts`).set('Authorization', source.auth).send({ contactIds: [ids[0], ids[2]] }).expect(201);

    const exported = await source.contacts.get('/v1/contacts/export').set('Authorization', source.auth).expect(200);
    const cells = await rowsOf(exported.text);
    expect(cells.map((r) => r.phone).sort()).toEqual(['+447911123460', '+4915123456789', '+5511970000001']);
    expect(cells.find((r) => r.phone === '+5511970000001')).toMatchObject({ firstName: `'=HYPERLINK("http://x")`, lastName: "'-2+3+cmd" });

    const upload = await h.upload('backup-restore', exported.text, 'contacts.csv').expect(201);
    expect(upload.body.mapping).toMatchObject({ phone: 'phone', firstName: 'firstName', lastName: 'lastName', tags: 'tags', lists: 'lists', consent: 'consent', 'cf.tier': 'custom:tier' });
    const done = await runWithMapping('backup-restore', upload.body.id, upload.body.mapping);
    expect(done.run).toMatchObject({ state: 'completed', counts: { read: 3, created: 3, rejected: 0 } });

    const view = async (tenant: typeof source) => {
      const lists = new Map(((await tenant.contacts.get('/v1/lists').set('Authorization', tenant.auth).expect(200)).body.items as any[]).map((l) => [l.id, l.name]));
      const items = (await tenant.contacts.get('/v1/contacts?limit=10').set('Authorization', tenant.auth).expect(200)).body.items as any[];
      return items
        .map((c) => ({ phone: c.phone, firstName: c.firstName, lastName: c.lastName, email: c.email, tags: [...c.tags].sort(), lists: c.lists.map((id: string) => lists.get(id)), customFields: c.customFields, consent: c.consent.whatsapp.status }))
        .sort((a, b) => a.phone.localeCompare(b.phone));
    };
    expect(await view(fresh)).toEqual(await view(source));
  });

  it('takes headers holding "." or "$", and maps them like any other', async () => {
    const upload = await h.upload('dotted', 'Tel.,e.mail,$amount\n+55 11 97000-0001,ana@example.com,5\n').expect(201);
    expect(upload.body.mapping).toEqual({ 'Tel.': 'phone', 'e.mail': 'email', $amount: 'ignore' });
    const done = await runWithMapping('dotted', upload.body.id, { 'Tel.': 'phone', 'e.mail': 'email', $amount: 'ignore' });
    expect(done.run).toMatchObject({ state: 'completed', counts: { created: 1 } });
    expect(done.mapping).toEqual({ 'Tel.': 'phone', 'e.mail': 'email', $amount: 'ignore' });
  });

  it('reports progress by committed rows, not by bytes fetched', async () => {
    const tenant = 'progress';
    const { auth, imports } = h.as(tenant);
    const upload = await h.upload(tenant, ['phone,name', ...brazilRows(400)].join('\n')).expect(201);
    await imports.put(`/v1/imports/${upload.body.id}/mapping`).set('Authorization', auth).send({ columns: { phone: 'phone', name: 'firstName' }, options: { mode: 'upsert', defaultCountry: 'BR' } }).expect(200);
    await imports.post(`/v1/imports/${upload.body.id}/run`).set('Authorization', auth).expect(202);
    const seen: Array<{ percent: number; rowsDone: number; rowsTotal: number }> = [];
    for (;;) {
      const { run } = (await imports.get(`/v1/imports/${upload.body.id}`).set('Authorization', auth).expect(200)).body;
      if (run.state === 'running') seen.push(run.progress);
      if (['completed', 'failed', 'cancelled'].includes(run.state)) {
        expect(run).toMatchObject({ state: 'completed', progress: { percent: 100, rowsDone: 400, rowsTotal: 400 } });
        break;
      }
    }
    expect(seen.some((p) => p.percent < 100)).toBe(true);
    for (const p of seen) expect(p.percent).toBeCloseTo((p.rowsDone / 400) * 100, 0);
  });

  it('lets viewers follow imports without the file cells, and answers a malformed cursor with 400', async () => {
    const tenant = 'viewing';
    const upload = await h.upload(tenant, 'phone,name\n(11) 97000-0009,Vi\n').expect(201);
    const { auth, imports } = h.as(tenant, 'viewer');
    const one = (await imports.get(`/v1/imports/${upload.body.id}`).set('Authorization', auth).expect(200)).body;
    expect(one).toMatchObject({ id: upload.body.id, sampleRows: [], headers: ['phone', 'name'] });
    expect((await imports.get('/v1/imports').set('Authorization', auth).expect(200)).body.items[0].sampleRows).toEqual([]);
    await imports.get(`/v1/imports/${upload.body.id}/errors.csv`).set('Authorization', auth).expect(403);
    await imports.post(`/v1/imports/${upload.body.id}/run`).set('Authorization', auth).expect(403);
    const bad = await imports.get('/v1/imports?cursor=!!').set('Authorization', auth).expect(400);
    expect(bad.body.type).toBe('https://roster.dev/problems/invalid-cursor');
  });
});
