// Console benchmark: a tenant of BENCH_CONTACTS (default 100,000) generated contacts, the contacts
// service and the console each as its own process, and Debian's Chromium driving the console.
//   baseline: the same requests straight to the contacts API from this process (the grid's first
//     page with the tenant and usage reads; each search's page and count), same run, same backend;
//   1. first screen: from the start of navigating to the sign-in link in a fresh browser context
//      (nothing cached) to the first grid row in the page, on the page's clock, BENCH_LOADS times;
//   2. search: a keyword typed 60 ms a key, from the last keystroke to its results in the grid
//      (rows and count), BENCH_SEARCHES phone-digit and as many name searches;
//   3. segment preview (BENCH_PREVIEWS, 0 leaves it out): segmentation as a process over the same
//      contacts' projections (raw insertMany), the builder's rule value typed, from the last
//      keystroke to the preview's count shown (400 ms of it the editing pause), against the same
//      preview asked of the API.
//   npm run bench:console
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { Browser, Page, chromium } from 'playwright-core';
import { signToken } from '@roster/http';
import { BENCH_SECRET, ROOT, apiClient, benchInfrastructure, log, percentile, runConcurrently, SEED, startProcess, stopProcess } from './bench-kit';
import { GeneratedContact, generateContact, generateSnapshot, seededRandom } from './generate-contacts';
import { seededProjection } from './seeded-projection';
import { ContactProjectionSchema } from '../services/segmentation/src/membership/contact-projection.schema';
import { DEFAULT_LIFECYCLE } from '../services/segmentation/src/rules/domain/segment-contact';
import { SegmentTenantSchema } from '../services/segmentation/src/segments/segment-tenant.schema';

const N = Number(process.env.BENCH_CONTACTS ?? 100_000);
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 10);
const PREVIEWS = Number(process.env.BENCH_PREVIEWS ?? 6);
const CONTACTS_PORT = Number(process.env.BENCH_PORT ?? 3951);
const CONSOLE_PORT = CONTACTS_PORT + 1;
const SEGMENTATION_PORT = CONTACTS_PORT + 2;
const TENANT = 'bench-console';
const GRID_FIELDS = 'company,email,firstName,lastName,phone,status,tags';
const BATCH = 1000;

const summary = (label: string, sorted: number[]) =>
  `${label}: p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`;
const timed = async (run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};
const sorted = (values: number[]) => values.slice().sort((a, b) => a - b);

/**
 * Latency as the page sees it: from the last input event on `input` to the moment `status` reads
 * `expected` (a mutation observer), both on the page's clock. Playwright's own waiting polls every
 * 500 ms once a wait drags on, too coarse for what is measured here.
 */
async function armProbe(page: Page, input: string, status: string, expected: string): Promise<void> {
  await page.evaluate(`(() => {
    const w = window;
    w.__probe?.disconnect();
    w.__lastInput = 0;
    w.__shown = 0;
    const input = document.querySelector(${JSON.stringify(input)});
    input.oninput = () => { w.__lastInput = performance.now(); w.__shown = 0; };
    const check = () => { const s = document.querySelector(${JSON.stringify(status)}); if (s && s.textContent === ${JSON.stringify(expected)} && !w.__shown) w.__shown = performance.now(); };
    w.__probe = new MutationObserver(check);
    w.__probe.observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
}

const probed = (page: Page) => page.evaluate('window.__shown - window.__lastInput') as Promise<number>;

async function main(): Promise<void> {
  const { endpoints, runId, serviceEnv } = await benchInfrastructure('console');
  execFileSync('npm', ['run', '--silent', 'console:build'], { cwd: ROOT, stdio: 'inherit' });
  const random = seededRandom(SEED);
  const contacts: GeneratedContact[] = Array.from({ length: N }, (_, i) => generateContact(i, random));
  const service = await startProcess('console-contacts', 'services/contacts/src/main.ts', CONTACTS_PORT, serviceEnv(`bench_console_${runId}`, { LOG_LEVEL: 'error', OUTBOX_RELAY_ENABLED: 'false' }));
  const consoleProcess = await startProcess('console', 'services/console/src/main.ts', CONSOLE_PORT, { LOG_LEVEL: 'warn', CONTACTS_URL: `http://127.0.0.1:${CONTACTS_PORT}` });
  const browser = await chromium.launch({ executablePath: process.env.ROSTER_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const api = apiClient(CONTACTS_PORT, TENANT);
    await apiClient(CONTACTS_PORT, TENANT, 'operator')('PUT', '/v1/tenant/plan', { planLimit: N * 2 });
    await api('PATCH', '/v1/tenant', { defaultCountry: 'BR' });
    const seeding = await timed(() => runConcurrently(Math.ceil(N / BATCH), 2, async (b) => {
      await api('POST', '/v1/contacts/bulk-upsert', { batchKey: `console:${b}`, mode: 'upsert', contacts: contacts.slice(b * BATCH, (b + 1) * BATCH) });
    }));
    log(`${N} contacts loaded through the API in ${(seeding / 1000).toFixed(1)} s (seed ${SEED})`);

    // Baseline: what the first screen asks of the API, straight from here.
    const firstPage = `/v1/contacts?sort=createdAt&order=desc&limit=100&fields=${GRID_FIELDS}`;
    const apiFirst: number[] = [];
    for (let i = 0; i < LOADS; i++) apiFirst.push(await timed(() => Promise.all([api('GET', firstPage), api('GET', '/v1/tenant'), api('GET', '/v1/tenant/usage'), api('GET', '/v1/contacts/count')])));

    const token = signToken(BENCH_SECRET, { tenantId: TENANT, role: 'admin', subject: 'bench-admin' }, 3600);
    const link = `http://127.0.0.1:${CONSOLE_PORT}/contacts#token=${token}`;
    const firstScreen: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      // On the page's clock, from the start of navigation to the first grid row in the document.
      await context.addInitScript(`new MutationObserver((_, observer) => {
        if (document.querySelector('tr.grid-row')) { window.__firstRowAt = performance.now(); observer.disconnect(); }
      }).observe(document, { childList: true, subtree: true })`);
      const page = await context.newPage();
      await page.goto(link);
      await page.locator('tr.grid-row').first().waitFor();
      firstScreen.push((await page.evaluate('window.__firstRowAt')) as number);
      await context.close();
    }
    log(summary('baseline, the first screen\'s API reads', sorted(apiFirst)));
    log(summary(`first screen interactive (sign-in link to the first row, cold) at ${N.toLocaleString('en')} contacts`, sorted(firstScreen)));

    // Searches: a subscriber's last 8 digits (one contact), and a full name (hundreds).
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(link);
    await page.locator('tr.grid-row').first().waitFor();
    const search = page.getByLabel('Search contacts');
    const status = page.getByRole('status').first();
    const unfiltered = `100 of ${N.toLocaleString('en')} contacts`;
    const apiSearch: number[] = [];
    const typed: Record<'digits' | 'name', number[]> = { digits: [], name: [] };
    for (let i = 0; i < SEARCHES * 2; i++) {
      const kind = i % 2 === 0 ? 'digits' : 'name';
      const target = contacts[Math.floor(random() * N)];
      const keyword = kind === 'digits' ? target.phone.replace(/\D/g, '').slice(-8) : `${target.firstName} ${target.lastName}`;
      const q = encodeURIComponent(keyword);
      let count = 0;
      apiSearch.push(await timed(async () => {
        [, { count }] = await Promise.all([api('GET', `/v1/contacts?q=${q}&sort=createdAt&order=desc&limit=100&fields=${GRID_FIELDS}`), api('GET', `/v1/contacts/count?q=${q}`)]);
      }));
      const shown = count > 100 ? `100 of ${count.toLocaleString('en')} contacts` : `${count.toLocaleString('en')} contact${count === 1 ? '' : 's'}`;
      await armProbe(page, 'input[type=search]', '.toolbar [role=status]', shown);
      await search.pressSequentially(keyword, { delay: 60 });
      await status.filter({ hasText: new RegExp(`^${shown}$`) }).waitFor();
      typed[kind].push(await probed(page));
      if (kind === 'digits') await page.locator('tr.grid-row').first().filter({ hasText: target.phone.replace(/\D/g, '').slice(-8) }).waitFor();
      await search.fill('');
      await status.filter({ hasText: unfiltered }).waitFor();
    }
    log(summary('baseline, a search\'s page and count from the API', sorted(apiSearch)));
    log(summary('search by phone digits, last keystroke to results (150 ms of it the typing pause)', sorted(typed.digits)));
    log(summary('search by name, last keystroke to results', sorted(typed.name)));
    const all = sorted([...typed.digits, ...typed.name]);
    if (PREVIEWS > 0) await previewStage(browser, endpoints.mongoUrl, `bench_console_${runId}`, serviceEnv, link);
    log(`console over API: search p50 ${percentile(all, 50).toFixed(0)} ms vs ${percentile(sorted(apiSearch), 50).toFixed(0)} ms; first screen p50 ${percentile(sorted(firstScreen), 50).toFixed(0)} ms vs ${percentile(sorted(apiFirst), 50).toFixed(0)} ms`);
  } finally {
    await browser.close();
    await stopProcess(consoleProcess);
    await stopProcess(service);
  }
}

/** Segmentation over the same contacts, and the builder's preview of rules typed in the browser. */
async function previewStage(browser: Browser, mongoUrl: string, db: string, serviceEnv: (db: string, overrides?: Record<string, string>) => Record<string, string>, link: string): Promise<void> {
  const connection = await mongoose.createConnection(mongoUrl, { dbName: db }).asPromise();
  const Projections = connection.model('ContactProjection', ContactProjectionSchema);
  await Projections.createIndexes();
  await connection.model('SegmentTenant', SegmentTenantSchema).create({ _id: TENANT, tenantId: TENANT, generation: 1, lifecycle: DEFAULT_LIFECYCLE });
  const now = Date.now();
  const seeding = await timed(() => runConcurrently(Math.ceil(N / BATCH), 2, async (b) => {
    const docs = Array.from({ length: Math.min(BATCH, N - b * BATCH) }, (_, j) => seededProjection(generateSnapshot(b * BATCH + j, seededRandom(SEED + b * BATCH + j), TENANT, now), [], now));
    await Projections.collection.insertMany(docs as never[], { ordered: false });
  }));
  await connection.close();
  log(`${N} projections for segmentation in ${(seeding / 1000).toFixed(1)} s`);
  const segmentation = await startProcess('console-segmentation', 'services/segmentation/src/main.ts', SEGMENTATION_PORT, serviceEnv(db, {
    LOG_LEVEL: 'error', CONTACTS_URL: `http://127.0.0.1:${CONTACTS_PORT}`, SEGMENT_SWEEP_INTERVAL_MS: '0',
  }));
  const consoleProcess = await startProcess('console-with-segments', 'services/console/src/main.ts', CONSOLE_PORT + 10, {
    LOG_LEVEL: 'warn', CONTACTS_URL: `http://127.0.0.1:${CONTACTS_PORT}`, SEGMENTATION_URL: `http://127.0.0.1:${SEGMENTATION_PORT}`,
  });
  try {
    const api = apiClient(SEGMENTATION_PORT, TENANT);
    const rule = (tag: string) => ({ all: [{ field: 'tags', op: 'hasAny', value: [tag] }] });
    // The first preview reads the tenant into the service's memory; the builder's come after it.
    const cold = await timed(() => api('POST', '/v1/segments/preview', { rule: rule('VIP') }));
    log(`first preview (reads the tenant into memory): ${cold.toFixed(0)} ms`);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(link.replace(`:${CONSOLE_PORT}/contacts`, `:${CONSOLE_PORT + 10}/segments/new`));
    const rules = page.getByRole('group', { name: 'Rule' });
    await rules.getByLabel('condition 1: field').selectOption({ label: 'Tags' });
    await rules.getByLabel('condition 1: operator').selectOption({ label: 'has any of' });
    const value = rules.getByLabel('condition 1: values, comma separated');
    const status = page.getByRole('complementary', { name: 'Preview' }).getByRole('status');
    const tags = ['VIP', 'newsletter', 'wholesale', 'returning', 'event-2026', 'Winter_Sale_Lead'];
    const viaApi: number[] = [];
    const shown: number[] = [];
    for (let i = 0; i < PREVIEWS; i++) {
      const tag = tags[i % tags.length];
      let matching = 0;
      viaApi.push(await timed(async () => ({ matching } = await api('POST', '/v1/segments/preview', { rule: rule(tag) }))));
      await value.fill('');
      const expected = `${matching.toLocaleString('en')} contact${matching === 1 ? '' : 's'} match`;
      await armProbe(page, '[aria-label="condition 1: values, comma separated"]', '.segment-preview [role=status]', expected);
      await value.pressSequentially(tag, { delay: 60 });
      await status.filter({ hasText: expected }).waitFor({ timeout: 60_000 });
      shown.push(await probed(page));
    }
    log(summary('baseline, a preview asked of the API', sorted(viaApi)));
    log(summary(`segment preview, last keystroke to the count shown (400 ms of it the editing pause) at ${N.toLocaleString('en')} contacts`, sorted(shown)));
  } finally {
    await stopProcess(consoleProcess);
    await stopProcess(segmentation);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
