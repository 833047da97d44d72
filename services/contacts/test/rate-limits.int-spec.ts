import { ChildProcess } from 'node:child_process';
import { signToken } from '@roster/http';
import { IsolatedInfrastructure, TEST_JWT_SECRET, floodFromAnotherProcess, freePort, isolatedInfrastructure, startServiceProcess, stopServiceProcess } from '@roster/testing';

jest.setTimeout(120_000);

const FLOODER = 'flooding-tenant';
const QUIET = 'quiet-tenant';
/** Reads a second (and a burst) per tenant in this test: low, so that a flood is refused early. */
const READS = [5, 5];
const FLOOD_SECONDS = 8;
const FLOOD_IN_FLIGHT = 32;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One tenant floods the contacts API with dozens of searches in flight for several seconds. It is
 * refused with 429s that say when to come back, while a second tenant, searching at a person's pace
 * in the same seconds, is served every time and about as fast as when it was alone.
 */
describe('per-tenant rate limits on the contacts API', () => {
  let infra: IsolatedInfrastructure;
  let contacts: ChildProcess;
  let base: string;
  const token = (tenant: string, extra: { plan?: string; service?: boolean } = {}) =>
    `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: tenant, role: 'admin', subject: 'rate-test', ...extra })}`;
  const search = (tenant: string, auth = token(tenant), query = 'q=maria') => fetch(`${base}/v1/contacts?${query}&limit=20`, { headers: { authorization: auth } });

  const post = (tenant: string, path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { authorization: token(tenant), 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    infra = await isolatedInfrastructure('ratelimits');
    // Its own process, as in production: the flood's client must not share the server's event loop.
    const port = await freePort();
    contacts = await startServiceProcess({
      entry: 'services/contacts/src/main.ts',
      port,
      env: infra.env({ RATE_LIMITS: JSON.stringify({ default: { read: READS, write: [20, 40], bulk: [2, 4] }, enterprise: { read: [400, 800] } }) }),
    });
    base = `http://127.0.0.1:${port}`;
    for (const tenant of [FLOODER, QUIET]) {
      const seed = Array.from({ length: 60 }, (_, i) => ({ phone: `+3491${String(1000000 + i)}`, firstName: i % 3 ? 'Maria' : 'Jose', lastName: `Garcia ${i}` }));
      expect((await post(tenant, '/v1/contacts/bulk-upsert', { batchKey: `seed-${tenant}`, mode: 'upsert', contacts: seed })).status).toBe(200);
    }
    await sleep(2_000); // the seeding's writes and every bucket settle
  });

  afterAll(async () => {
    await stopServiceProcess(contacts);
    await infra?.cleanup();
  });

  /** The other tenant's searches (a larger plan): one every 40 ms, 25 a second, for `seconds`. */
  async function quietSearches(seconds: number): Promise<{ latencies: number[]; statuses: number[] }> {
    const latencies: number[] = [];
    const statuses: number[] = [];
    const end = Date.now() + seconds * 1000;
    const inFlight: Promise<void>[] = [];
    while (Date.now() < end) {
      const startedAt = performance.now();
      inFlight.push(search(QUIET, token(QUIET, { plan: 'enterprise' })).then(async (response) => {
        await response.arrayBuffer();
        latencies.push(performance.now() - startedAt);
        statuses.push(response.status);
      }));
      await sleep(40);
    }
    await Promise.all(inFlight);
    return { latencies, statuses };
  }

  it('refuses the flooding tenant with 429 and Retry-After, and serves the other tenant as fast as when alone', async () => {
    const quiet = await quietSearches(FLOOD_SECONDS);
    expect(new Set(quiet.statuses)).toEqual(new Set([200]));
    const quietP99 = percentile(quiet.latencies, 99);

    const [busy, flood] = await Promise.all([
      quietSearches(FLOOD_SECONDS),
      floodFromAnotherProcess({ url: `${base}/v1/contacts?q=maria&limit=20`, headers: { authorization: token(FLOODER) }, inFlight: FLOOD_IN_FLIGHT, seconds: FLOOD_SECONDS }),
    ]);

    const refused = flood.filter((r) => r.status === 429);
    const served = flood.filter((r) => r.status === 200);
    const busyP99 = percentile(busy.latencies, 99);
    process.stdout.write(`[rate-limits] flood: ${flood.length} requests in ${FLOOD_SECONDS} s, ${served.length} served, ${refused.length} refused; `
      + `quiet tenant p99 ${quietP99.toFixed(1)} ms alone, ${busyP99.toFixed(1)} ms beside the flood (${busy.latencies.length} searches)\n`);

    // The flood is held to the limit: within a tenth over the rate a second, plus one burst.
    expect(refused.length).toBeGreaterThan(0);
    expect(served.length).toBeLessThanOrEqual(1.1 * READS[0] * (FLOOD_SECONDS + 1) + READS[1]);
    for (const r of refused) {
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(r.type).toBe('https://roster.dev/problems/rate-limited');
      expect(r.remaining).toBe('0');
    }
    expect(served.every((r) => r.limit === String(READS[0]) && r.policy === `${READS[0]};w=1;burst=${READS[1]}`)).toBe(true);

    // The other tenant: every search served, its p99 within three times its own quiet p99.
    expect(new Set(busy.statuses)).toEqual(new Set([200]));
    expect(busyP99).toBeLessThanOrEqual(3 * quietP99);
  });

  it('gives a plan named in the token its own rates, and never limits Roster\'s own services calling for a tenant', async () => {
    await sleep(2_500);
    const burst = async (auth: string, count: number) => {
      const responses = await Promise.all(Array.from({ length: count }, () => search(FLOODER, auth)));
      await Promise.all(responses.map((r) => r.arrayBuffer()));
      return responses;
    };
    const enterprise = await burst(token(FLOODER, { plan: 'enterprise' }), 150);
    expect(enterprise.every((r) => r.status === 200)).toBe(true);
    expect(enterprise[0].headers.get('ratelimit-limit')).toBe('400');

    const service = await burst(token(FLOODER, { service: true }), 150);
    expect(service.every((r) => r.status === 200 && r.headers.get('ratelimit-limit') === null)).toBe(true);

    // The default plan's bucket holds a burst of READS[1]: 150 at once are refused in part.
    const standard = await burst(token(FLOODER), 150);
    expect(standard.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  it('counts writes apart from reads: a tenant whose reads are spent can still save a contact', async () => {
    await sleep(2_500);
    const responses = await Promise.all(Array.from({ length: 120 }, () => search(FLOODER)));
    await Promise.all(responses.map((r) => r.arrayBuffer()));
    expect(responses.some((r) => r.status === 429)).toBe(true);
    const saved = await post(FLOODER, '/v1/contacts', { phone: '+34912999999', firstName: 'Late' });
    expect(saved.status).toBe(201);
    expect(saved.headers.get('ratelimit-limit')).toBe('20');
  });
});
