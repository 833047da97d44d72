import { waitFor } from '@roster/testing';
import { ImportsHarness, brazilRows, startImports } from './imports-harness';

jest.setTimeout(240_000);

/**
 * One worker, one tenant's large import under way: another tenant's small import started later
 * finishes first, because a running import steps back behind waiting ones after its time slice.
 */
describe('imports share the workers fairly across tenants', () => {
  let h: ImportsHarness;

  beforeAll(async () => {
    h = await startImports('fairness', { IMPORT_WORKER_CONCURRENCY: '1', IMPORT_SLICE_MS: '1000' });
  });

  afterAll(async () => {
    await h?.close();
  });

  const prepare = async (tenant: string, rows: string[]) => {
    const { auth, imports } = h.as(tenant);
    const id = (await h.upload(tenant, ['phone,name', ...rows].join('\n')).expect(201)).body.id as string;
    await imports.put(`/v1/imports/${id}/mapping`).set('Authorization', auth).send({ columns: { phone: 'phone', name: 'firstName' }, options: { mode: 'upsert', defaultCountry: 'BR' } }).expect(200);
    return { id, start: () => imports.post(`/v1/imports/${id}/run`).set('Authorization', auth).expect(202), get: async () => (await imports.get(`/v1/imports/${id}`).set('Authorization', auth).expect(200)).body };
  };

  it("a small import finishes while another tenant's huge one is still running, and both end exact", async () => {
    const huge = await prepare('fair-huge', brazilRows(2000));
    const small = await prepare('fair-small', brazilRows(40, 50_000));

    await huge.start();
    await waitFor('the huge import under way', async () => ((await huge.get()).run.counts.read >= 120 ? true : undefined), 60_000);
    await small.start();

    const smallDone = await h.waitForPass('fair-small', small.id, 'run', 60_000);
    const hugeMeanwhile = await huge.get();
    expect(smallDone.run).toMatchObject({ state: 'completed', counts: { read: 40, created: 40 } });
    expect(['running', 'queued']).toContain(hugeMeanwhile.run.state);
    expect(hugeMeanwhile.run.counts.read).toBeLessThan(2000);

    const hugeDone = await h.waitForPass('fair-huge', huge.id, 'run', 150_000);
    expect(hugeDone.run).toMatchObject({ state: 'completed', counts: { read: 2000, created: 2000, rejected: 0 } });
    expect(Date.parse(smallDone.run.finishedAt)).toBeLessThan(Date.parse(hugeDone.run.finishedAt));
  });
});
