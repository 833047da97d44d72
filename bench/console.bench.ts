// Console benchmark: a tenant of BENCH_CONTACTS (default 100,000) generated contacts, the contacts
// service and the console each as its own process, and Debian's Chromium driving the console.
//   baseline: the same requests straight to the contacts API from this process (the grid's first
//     page with the tenant and usage reads; each search's page and count), same run, same backend;
//   1. first screen: from opening the sign-in link in a fresh browser context (nothing cached) to the
//      first grid row shown, BENCH_LOADS times;
//   2. search: a keyword typed 60 ms a key, from the last keystroke to its results in the grid
//      (rows and count), BENCH_SEARCHES phone-digit and as many name searches.
//   npm run bench:console
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { signToken } from '@roster/http';
import { BENCH_SECRET, ROOT, apiClient, benchInfrastructure, log, percentile, runConcurrently, SEED, startProcess, stopProcess } from './bench-kit';
import { GeneratedContact, generateContact, seededRandom } from './generate-contacts';

const N = Number(process.env.BENCH_CONTACTS ?? 100_000);
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 10);
const CONTACTS_PORT = Number(process.env.BENCH_PORT ?? 3951);
const CONSOLE_PORT = CONTACTS_PORT + 1;
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

async function main(): Promise<void> {
  const { runId, serviceEnv } = await benchInfrastructure('console');
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
      const page = await context.newPage();
      firstScreen.push(await timed(async () => {
        await page.goto(link);
        await page.locator('tr.grid-row').first().waitFor();
      }));
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
      await search.pressSequentially(keyword, { delay: 60 });
      typed[kind].push(await timed(() => status.filter({ hasText: new RegExp(`^${shown}$`) }).waitFor()));
      if (kind === 'digits') await page.locator('tr.grid-row').first().filter({ hasText: target.phone.replace(/\D/g, '').slice(-8) }).waitFor();
      await search.fill('');
      await status.filter({ hasText: unfiltered }).waitFor();
    }
    log(summary('baseline, a search\'s page and count from the API', sorted(apiSearch)));
    log(summary('search by phone digits, last keystroke to results (150 ms of it the typing pause)', sorted(typed.digits)));
    log(summary('search by name, last keystroke to results', sorted(typed.name)));
    const all = sorted([...typed.digits, ...typed.name]);
    log(`console over API: search p50 ${percentile(all, 50).toFixed(0)} ms vs ${percentile(sorted(apiSearch), 50).toFixed(0)} ms; first screen p50 ${percentile(sorted(firstScreen), 50).toFixed(0)} ms vs ${percentile(sorted(apiFirst), 50).toFixed(0)} ms`);
  } finally {
    await browser.close();
    await stopProcess(consoleProcess);
    await stopProcess(service);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
