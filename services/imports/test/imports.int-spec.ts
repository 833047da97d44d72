import http from 'node:http';
import { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import iconv from 'iconv-lite';
import { waitFor } from '@roster/testing';
import { ImportsHarness, brazilRows, startImports } from './imports-harness';

jest.setTimeout(180_000);

describe('imports over the real stack', () => {
  let h: ImportsHarness;

  beforeAll(async () => {
    h = await startImports('imports', { IMPORT_MAX_FILE_BYTES: String(12 * 1024 * 1024) });
  });

  afterAll(async () => {
    await h?.close();
  });

  const chunksStored = async (tenant: string) => {
    const connection = await mongoose.createConnection(h.infra.mongoUrl, { dbName: h.infra.mongoDb }).asPromise();
    try {
      return await connection.collection('import_file_chunks').countDocuments({ tenantId: tenant });
    } finally {
      await connection.close();
    }
  };

  describe('upload', () => {
    it('detects a BOM, semicolons, CRLF and quoted line breaks, and suggests a mapping from header names', async () => {
      const csv = '\ufeffTelefone;Nome;Empresa;Observações\r\n"(11) 97000-0001";"Ana; Maria";"ACME ""Brasil""";"linha 1\r\nlinha 2"\r\n\r\n';
      const { body } = await h.upload('up-dialect', csv).expect(201);
      expect(body).toMatchObject({
        encoding: 'utf-8', delimiter: ';', headers: ['Telefone', 'Nome', 'Empresa', 'Observações'],
        sampleRows: [['(11) 97000-0001', 'Ana; Maria', 'ACME "Brasil"', 'linha 1\r\nlinha 2']],
        mapping: { Telefone: 'phone', Nome: 'firstName', Empresa: 'company', 'Observações': 'notes' },
        status: 'draft',
      });
    });

    it('reads Windows-1252 exports, and takes an encoding and delimiter override', async () => {
      const legacy = iconv.encode('Handynummer|Vorname\n+4915123456789|Jürgen\n', 'win1252');
      const detected = await h.upload('up-legacy', legacy).expect(201);
      expect(detected.body).toMatchObject({ encoding: 'windows-1252', delimiter: '|', sampleRows: [['+4915123456789', 'Jürgen']] });
      const { auth, imports } = h.as('up-legacy');
      const forced = await imports.post('/v1/imports?delimiter=tab').set('Authorization', auth).attach('file', Buffer.from('phone,name\tx\n+4915123456789,Ana\ty\n'), 'a.csv').expect(201);
      expect(forced.body.headers).toEqual(['phone,name', 'x']);
    });

    it.each([
      ['a zip archive', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), 422, 'not-csv', /zip archive/],
      ['a PNG image', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100)]), 422, 'not-csv', /PNG image/],
      ['binary data', Buffer.from(Array.from({ length: 9000 }, (_, i) => (i * 7) % 32)), 422, 'not-csv', /binary data/],
      ['an empty file', Buffer.alloc(0), 422, 'empty-file', /empty/],
      ['blank lines only', Buffer.from('\n\n\r\n'), 422, 'empty-file', /no rows/],
      ['a header only', Buffer.from('phone,name\n'), 422, 'header-only', /no rows of contacts/],
      ['duplicate header names', Buffer.from('phone,name,name\n+4915123456789,a,b\n'), 422, 'duplicate-headers', /repeated: name/],
      ['an unterminated quote in the first rows', Buffer.from('phone,name\n+4915123456789,"Ana\n'), 422, 'malformed-csv', /record 2: a quoted field opened in this record is never closed/],
    ])('refuses %s with a specific problem and stores nothing', async (_what, bytes, status, type, detail) => {
      const { body } = await h.upload('up-bad', bytes).expect(status);
      expect(body.type).toMatch(new RegExp(`/${type}$`));
      expect(body.detail).toMatch(detail);
      expect(await chunksStored('up-bad')).toBe(0);
    });

    it('refuses a file over the size limit and keeps none of it', async () => {
      const big = Buffer.alloc(13 * 1024 * 1024, 'a,b\n');
      const { body } = await h.upload('up-big', Buffer.concat([Buffer.from('phone,name\n'), big])).expect(413);
      expect(body.type).toMatch(/file-too-large$/);
      expect(await chunksStored('up-big')).toBe(0);
    });

    it('keeps nothing of an upload that breaks off midway', async () => {
      const { auth } = h.as('up-cut');
      const port = (h.imports.getHttpServer().address() as AddressInfo).port;
      const boundary = 'rosterboundary';
      const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/v1/imports', headers: { authorization: auth, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 5_000_000 } });
      req.on('error', () => undefined);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.csv"\r\nContent-Type: text/csv\r\n\r\nphone,name\n`);
      req.write(Buffer.alloc(2 * 1024 * 1024, '+4915123456789,Ana\n'));
      // Broken off once part of the file is stored, so that there is something to clean up.
      await waitFor('part of the upload stored', async () => ((await chunksStored('up-cut')) > 0 ? true : undefined), 10_000).finally(() => req.destroy());
      const { imports } = h.as('up-cut');
      await waitFor('the partial upload to be cleaned up', async () => ((await chunksStored('up-cut')) === 0 ? true : undefined), 10_000);
      expect((await imports.get('/v1/imports').set('Authorization', auth).expect(200)).body.items).toEqual([]);
    });

    it('refuses a request that is not multipart', async () => {
      const { auth, imports } = h.as('up-json');
      const { body } = await imports.post('/v1/imports').set('Authorization', auth).send({ file: 'x' }).expect(415);
      expect(body).toMatchObject({ type: 'https://roster.dev/problems/unsupported-media-type', detail: expect.stringMatching(/multipart\/form-data/) });
    });
  });

  describe('mapping', () => {
    let id: string;
    beforeAll(async () => {
      const { auth, contacts } = h.as('map');
      await contacts.patch('/v1/tenant').set('Authorization', auth).send({ customFields: [{ key: 'plan', label: 'Plan', type: 'enum', options: ['gold', 'silver'] }] }).expect(200);
      id = (await h.upload('map', 'Celular,Nome,Plano,Obs\n(11) 97000-0001,Ana,gold,x\n').expect(201)).body.id;
    });

    it.each([
      [{ Celular: 'phone', Fone: 'phone' }, 'unknown-column', /no column "Fone"/],
      [{ Celular: 'phone', Plano: 'custom:tier' }, 'unknown-custom-field', /"tier" is not a custom field/],
      [{ Nome: 'firstName' }, 'phone-not-mapped', /no column is mapped to phone/],
      [{ Celular: 'phone', Nome: 'nickname' }, 'unknown-target', /"nickname" is not a contact field/],
    ])('refuses %j', async (columns, type, detail) => {
      const { auth, imports } = h.as('map');
      const { body } = await imports.put(`/v1/imports/${id}/mapping`).set('Authorization', auth).send({ columns }).expect(422);
      expect(body.type).toMatch(new RegExp(`/${type}$`));
      expect(body.detail).toMatch(detail);
    });

    it('stores a valid mapping with options, and hides the import from other tenants', async () => {
      const { auth, imports } = h.as('map');
      const { body } = await imports.put(`/v1/imports/${id}/mapping`).set('Authorization', auth)
        .send({ columns: { Celular: 'phone', Nome: 'firstName', Plano: 'custom:plan' }, options: { mode: 'create', defaultCountry: 'BR', tags: ['Winter_Sale_Lead'] } }).expect(200);
      expect(body.mapping).toEqual({ Celular: 'phone', Nome: 'firstName', Plano: 'custom:plan', Obs: 'ignore' });
      expect(body.options).toEqual({ mode: 'create', defaultCountry: 'BR', tags: ['Winter_Sale_Lead'] });
      const other = h.as('intruder');
      for (const call of [other.imports.get(`/v1/imports/${id}`), other.imports.post(`/v1/imports/${id}/run`), other.imports.get(`/v1/imports/${id}/errors.csv`)]) {
        expect((await call.set('Authorization', other.auth).expect(404)).body.type).toMatch(/import-not-found$/);
      }
    });
  });

  describe('dry run and run', () => {
    const tenant = 'run';
    const rows = [
      'Phone,First name,Email,Tags',
      '(11) 97000-0001,Ana,ana@example.com,vip',        // 2: unchanged (exists as is)
      '(11) 97000-0002,Bruno Novo,,',                   // 3: updated
      '(11) 97000-0003,Carla,,',                        // 4: created
      '4.91512E+12,Dora,,',                             // 5: rejected, scientific notation
      ',Edu,,',                                         // 6: rejected, empty phone
      '(11) 1234,Fabi,,',                               // 7: rejected, invalid phone
      '(11) 97000-0003,Carla again,,',                  // 8: rejected, duplicate of row 4
      '(11) 97000-0004,Gil,not-an-email,',              // 9: rejected by the contacts service
      '(11) 97000-0005,Hugo,,,extra',                   // 10: rejected, ragged
      '"(11) 97000-0006","Iris, ""the"" first",,"a,b"', // 11: created
    ];
    let id: string;

    beforeAll(async () => {
      const { auth, contacts } = h.as(tenant);
      await contacts.post('/v1/contacts').set('Authorization', auth).send({ phone: '+5511970000001', firstName: 'Ana', email: 'ana@example.com', tags: ['vip'] }).expect(201);
      await contacts.post('/v1/contacts').set('Authorization', auth).send({ phone: '+5511970000002', firstName: 'Bruno' }).expect(201);
      await contacts.put('/v1/tenant/plan').set('Authorization', h.as(tenant, 'operator').auth).send({ planLimit: 3 }).expect(200);
      id = (await h.upload(tenant, rows.join('\r\n') + '\r\n').expect(201)).body.id;
      await h.as(tenant).imports.put(`/v1/imports/${id}/mapping`).set('Authorization', auth)
        .send({ columns: { Phone: 'phone', 'First name': 'firstName', Email: 'email', Tags: 'tags' }, options: { mode: 'upsert', defaultCountry: 'BR' } }).expect(200);
    });

    it('dry run: counts every outcome without writing, and weighs the new contacts against the plan', async () => {
      const { auth, imports, contacts } = h.as(tenant);
      await imports.post(`/v1/imports/${id}/dry-run`).set('Authorization', auth).expect(202);
      const done = await h.waitForPass(tenant, id, 'dryRun');
      expect(done.dryRun).toMatchObject({
        state: 'completed',
        counts: { read: 10, created: 2, updated: 1, unchanged: 1, rejected: 6, duplicates: 1 },
        rejectedByReason: { 'phone-scientific-notation': 1, 'phone-empty': 1, 'phone-invalid': 1, 'duplicate-in-file': 1, 'invalid-email': 1, 'ragged-row': 1 },
        plan: { contacts: 2, limit: 3, wouldCreate: 2, refused: 1, detail: '2 + 2 new > 3: 1 rows would be refused' },
      });
      expect((await contacts.get('/v1/tenant/usage').set('Authorization', auth).expect(200)).body.contacts).toBe(2);
    });

    it('run: stores exactly what the report says, emits its events, and gives an error file ready to fix', async () => {
      const { auth, imports, contacts } = h.as(tenant);
      await contacts.put('/v1/tenant/plan').set('Authorization', h.as(tenant, 'operator').auth).send({ planLimit: 100 }).expect(200);
      await imports.post(`/v1/imports/${id}/run`).set('Authorization', auth).expect(202);
      const done = await h.waitForPass(tenant, id, 'run');
      expect(done.run).toMatchObject({ state: 'completed', counts: { read: 10, created: 2, updated: 1, unchanged: 1, rejected: 6, duplicates: 1 } });
      expect(done.run.progress).toMatchObject({ percent: 100, etaSeconds: null });
      expect((await contacts.get('/v1/tenant/usage').set('Authorization', auth).expect(200)).body.contacts).toBe(4);
      const iris = await contacts.get('/v1/contacts').query({ q: 'Iris' }).set('Authorization', auth).expect(200);
      expect(iris.body.items.map((c: any) => [c.phone, c.firstName, c.tags.map((t: any) => t.label ?? t)])).toEqual([['+5511970000006', 'Iris, "the" first', ['a', 'b']]]);

      const report = await imports.get(`/v1/imports/${id}/errors.csv`).set('Authorization', auth).expect(200);
      expect(report.headers['content-type']).toMatch(/text\/csv/);
      const lines = report.text.replace(/^\ufeff/, '').trim().split('\n');
      expect(lines[0]).toBe('Phone,First name,Email,Tags,row,column,reason');
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 6).join(',') && l.match(/,(\d+),/)?.[1])).toEqual(['5', '6', '7', '8', '9', '10']);
      expect(report.text).toMatch(/4\.91512E\+12,Dora,,,5,Phone,the phone number was turned into scientific notation/);
      expect(report.text).toMatch(/already in row 4 of this file/);
      expect(report.text).toMatch(/,9,Email,email/);

      const events = await waitFor('ImportStarted and ImportCompleted', () => {
        const mine = h.events.values<any>().filter((e) => e.subject === id);
        return mine.length >= 2 ? mine : undefined;
      });
      expect(events.map((e) => [e.type, e.sequence])).toEqual([['roster.import.started.v1', 1], ['roster.import.completed.v1', 2]]);
      expect(events[1].data).toMatchObject({ importId: id, cancelled: false, counts: { read: 10, created: 2, updated: 1, unchanged: 1, rejected: 6 } });
      expect(events[1].tenantid).toBe(tenant);
    });

    it('offers the mapping of the last import of the same headers again, and the suggestion for other headers', async () => {
      const again = (await h.upload(tenant, `${rows[0]}\r\n(11) 97000-0009,Jo,,\r\n`).expect(201)).body;
      expect(again.mapping).toEqual({ Phone: 'phone', 'First name': 'firstName', Email: 'email', Tags: 'tags' });
      expect(again.mappingFrom).toMatchObject({ importId: id, fileName: expect.any(String) });
      const reordered = (await h.upload(tenant, 'Email,Phone,First name,Tags\r\n,(11) 97000-0010,Lu,\r\n').expect(201)).body;
      expect(reordered.mappingFrom).toBeNull();
      // The history is newest first.
      const { auth, imports } = h.as(tenant);
      const listed = (await imports.get('/v1/imports').set('Authorization', auth).expect(200)).body.items.map((i: { id: string }) => i.id);
      expect(listed).toEqual([reordered.id, again.id, id]);
      // Another tenant's imports are never offered.
      expect((await h.upload('elsewhere', `${rows[0]}\r\n(11) 97000-0009,Jo,,\r\n`).expect(201)).body.mappingFrom).toBeNull();
    });

    it('runs an import only with a consent attestation when the workspace asks for one', async () => {
      const strict = 'strict-consent';
      const { auth, imports, contacts } = h.as(strict);
      await contacts.patch('/v1/tenant').set('Authorization', auth).send({ defaultCountry: 'BR', importConsentRequired: true }).expect(200);
      const upload = (await h.upload(strict, 'Phone\r\n(11) 97000-0101\r\n').expect(201)).body;
      const map = (options: object) => imports.put(`/v1/imports/${upload.id}/mapping`).set('Authorization', auth).send({ columns: { Phone: 'phone' }, options: { mode: 'upsert', ...options } });
      await map({}).expect(200);
      expect((await imports.post(`/v1/imports/${upload.id}/run`).set('Authorization', auth).expect(422)).body.type).toMatch(/consent-attestation-required$/);
      expect((await imports.get(`/v1/imports/${upload.id}`).set('Authorization', auth).expect(200)).body.run.state).toBe('idle');
      await map({ consent: { status: 'opted_in', method: 'paper form', source: 'fair stand' } }).expect(200);
      await imports.post(`/v1/imports/${upload.id}/run`).set('Authorization', auth).expect(202);
      expect((await h.waitForPass(strict, upload.id, 'run')).run.counts.created).toBe(1);
      await contacts.patch('/v1/tenant').set('Authorization', h.as(strict, 'agent').auth).send({ importConsentRequired: false }).expect(403);
    });

    it('refuses to run an import twice', async () => {
      const { auth, imports } = h.as(tenant);
      expect((await imports.post(`/v1/imports/${id}/run`).set('Authorization', auth).expect(409)).body.type).toMatch(/import-state-conflict$/);
    });
  });

  it('a quote that never closes stops the import with that reason, reporting what was stored before it', async () => {
    const tenant = 'unterminated';
    const csv = ['phone,name', ...brazilRows(150), '(11) 97999-0000,"never closed', ...brazilRows(10, 500)].join('\n');
    const { auth, imports, contacts } = h.as(tenant);
    const id = (await h.upload(tenant, csv).expect(201)).body.id;
    await imports.put(`/v1/imports/${id}/mapping`).set('Authorization', auth).send({ columns: { phone: 'phone', name: 'firstName' }, options: { mode: 'upsert', defaultCountry: 'BR' } }).expect(200);
    await imports.post(`/v1/imports/${id}/run`).set('Authorization', auth).expect(202);
    const done = await h.waitForPass(tenant, id, 'run');
    expect(done.run.state).toBe('failed');
    expect(done.run.failure).toMatch(/record 152: a quoted field opened in this record is never closed/);
    const stored = done.run.counts.created;
    expect(stored).toBeGreaterThanOrEqual(40);
    expect(done.run.counts).toMatchObject({ read: stored, rejected: 0 });
    expect((await contacts.get('/v1/tenant/usage').set('Authorization', auth).expect(200)).body.contacts).toBe(stored);
    const failed = await waitFor('ImportFailed', () => h.events.values<any>().find((e) => e.subject === id && e.type === 'roster.import.failed.v1'));
    expect(failed.data).toMatchObject({ reason: expect.stringMatching(/never closed/), counts: { created: stored } });
  });

  it('a 10 MB field rejects its row, naming the column, and the rest of the file is imported', async () => {
    const tenant = 'hugefield';
    const csv = ['phone,name', ...brazilRows(5), `(11) 97888-0000,"${'x'.repeat(10 * 1024 * 1024)}"`, ...brazilRows(5, 100)].join('\n');
    const { auth, imports } = h.as(tenant);
    const id = (await h.upload(tenant, csv).expect(201)).body.id;
    await imports.put(`/v1/imports/${id}/mapping`).set('Authorization', auth).send({ columns: { phone: 'phone', name: 'firstName' }, options: { mode: 'upsert', defaultCountry: 'BR' } }).expect(200);
    await imports.post(`/v1/imports/${id}/run`).set('Authorization', auth).expect(202);
    const done = await h.waitForPass(tenant, id, 'run');
    expect(done.run).toMatchObject({ state: 'completed', counts: { read: 11, created: 10, rejected: 1 }, rejectedByReason: { 'cell-too-long': 1 } });
    const report = await imports.get(`/v1/imports/${id}/errors.csv`).set('Authorization', auth).expect(200);
    expect(report.text).toMatch(/\[cut: 10485760 characters\],7,name,"the cell holds 10,485,760 characters; the limit is 10,000"/);
  });

  it('two imports racing for the last places under the plan store exactly the limit', async () => {
    const tenant = 'race';
    const { auth, imports, contacts } = h.as(tenant);
    await contacts.put('/v1/tenant/plan').set('Authorization', h.as(tenant, 'operator').auth).send({ planLimit: 100 }).expect(200);
    const ids: string[] = [];
    for (const from of [0, 1000]) {
      const id = (await h.upload(tenant, ['phone,name', ...brazilRows(80, from)].join('\n')).expect(201)).body.id;
      await imports.put(`/v1/imports/${id}/mapping`).set('Authorization', auth).send({ columns: { phone: 'phone', name: 'firstName' }, options: { mode: 'upsert', defaultCountry: 'BR' } }).expect(200);
      ids.push(id);
    }
    await Promise.all(ids.map((id) => imports.post(`/v1/imports/${id}/run`).set('Authorization', auth).expect(202)));
    const done = await Promise.all(ids.map((id) => h.waitForPass(tenant, id, 'run', 90_000)));
    const created = done.reduce((n, d) => n + d.run.counts.created, 0);
    const refused = done.reduce((n, d) => n + (d.run.rejectedByReason['plan-limit'] ?? 0), 0);
    expect(created).toBe(100);
    expect(refused).toBe(60);
    expect((await contacts.get('/v1/tenant/usage').set('Authorization', auth).expect(200)).body).toMatchObject({ contacts: 100, limit: 100 });
  });

  it('cancel stops after the current chunk and reports what was stored; progress streams as server-sent events', async () => {
    const tenant = 'cancel';
    const { auth, imports, contacts } = h.as(tenant);
    const id = (await h.upload(tenant, ['phone,name', ...brazilRows(1000)].join('\n')).expect(201)).body.id;
    await imports.put(`/v1/imports/${id}/mapping`).set('Authorization', auth).send({ columns: { phone: 'phone', name: 'firstName' }, options: { mode: 'upsert', defaultCountry: 'BR' } }).expect(200);

    const port = (h.imports.getHttpServer().address() as AddressInfo).port;
    const stream = await fetch(`http://127.0.0.1:${port}/v1/imports/${id}/progress`, { headers: { authorization: auth } });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const updates: any[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of stream.body as any) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer.slice(0, end).split('\n').find((l) => l.startsWith('data: '));
          buffer = buffer.slice(end + 2);
          if (data) updates.push(JSON.parse(data.slice(6)));
        }
      }
    })();

    await imports.post(`/v1/imports/${id}/run`).set('Authorization', auth).expect(202);
    await waitFor('two chunks committed', async () => ((await imports.get(`/v1/imports/${id}`).set('Authorization', auth)).body.run.counts.read >= 200 ? true : undefined), 60_000);
    // The stream reports on its own ticks: cancel once it has shown the run going.
    await waitFor('the stream to show the run', () => (updates.some((u) => u.run.state === 'running' && u.run.counts.read > 0) ? true : undefined), 30_000);
    await imports.post(`/v1/imports/${id}/cancel`).set('Authorization', auth).expect(202);
    const done = await h.waitForPass(tenant, id, 'run');
    expect(done.run.state).toBe('cancelled');
    expect(done.run.counts.read).toBeLessThan(1000);
    expect(done.run.counts.created).toBe(done.run.counts.read);
    expect((await contacts.get('/v1/tenant/usage').set('Authorization', auth).expect(200)).body.contacts).toBe(done.run.counts.created);
    const cancelled = await waitFor('ImportCompleted (cancelled)', () => h.events.values<any>().find((e) => e.subject === id && e.type === 'roster.import.completed.v1'));
    expect(cancelled.data).toMatchObject({ cancelled: true, counts: { created: done.run.counts.created } });

    await reading;
    const states = updates.map((u) => u.run.state);
    expect(states[states.length - 1]).toBe('cancelled');
    expect(states).toContain('running');
    const running = updates.filter((u) => u.run.state === 'running' && u.run.counts.read > 0);
    expect(running.length).toBeGreaterThan(0);
    expect(running[0].run.progress).toEqual(expect.objectContaining({ rowsPerSecond: expect.any(Number), etaSeconds: expect.any(Number) }));
  });
});
