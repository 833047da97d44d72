import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { signToken } from '@roster/http';
import { TEST_JWT_SECRET, waitFor } from '@roster/testing';
import { ContactsHarness, startContacts } from '../../contacts/test/contacts-harness';
import { ConsoleHarness, startConsoleHarness } from './console-harness';

const TENANT = 'console-embed';

/** A SaaS page that opens the console and hands it a token by postMessage every 200 ms; its title counts the posts. */
function hostPage(consoleUrl: string, token: string): string {
  return `<!doctype html><title>0</title><script>
    const roster = window.open(${JSON.stringify(`${consoleUrl}/contacts`)}, 'roster');
    let sent = 0;
    setInterval(() => {
      roster.postMessage({ type: 'roster.token', token: ${JSON.stringify(token)} }, '*');
      document.title = String(++sent);
    }, 200);
  </script>`;
}

async function serve(page: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(page()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('console: embedded by the SaaS, the token handed by postMessage', () => {
  let contacts: ContactsHarness;
  let console_: ConsoleHarness;
  let allowed: { server: Server; origin: string };
  let foreign: { server: Server; origin: string };
  const token = signToken(TEST_JWT_SECRET, { tenantId: TENANT, role: 'agent', subject: 'embedded-agent' });

  beforeAll(async () => {
    contacts = await startContacts('console-embed');
    const { auth, http } = contacts.as(TENANT);
    await http.post('/v1/contacts').set('Authorization', auth).send({ phone: '+4915123450001', firstName: 'Embedded' }).expect(201);
    allowed = await serve(() => hostPage(console_.url, token));
    foreign = await serve(() => hostPage(console_.url, token));
    console_ = await startConsoleHarness({ contacts: contacts.app }, { CONSOLE_EMBED_ORIGINS: allowed.origin });
  }, 120_000);

  afterAll(async () => {
    await console_?.close();
    await contacts?.close();
    allowed?.server.close();
    foreign?.server.close();
  });

  const openFrom = async (origin: string): Promise<{ host: Page; popup: Page }> => {
    const host = await console_.browser.newPage();
    const [popup] = await Promise.all([host.waitForEvent('popup'), host.goto(origin)]);
    return { host, popup };
  };

  it('signs in with a token posted by an allowed origin, and keeps it out of cookies', async () => {
    const { popup } = await openFrom(allowed.origin);
    await popup.getByRole('heading', { name: 'Contacts' }).waitFor();
    await popup.getByText('Embedded').waitFor();
    expect(await popup.context().cookies()).toEqual([]);
    expect(await popup.locator('.who').textContent()).toBe(`${TENANT} · agent`);
  });

  it('ignores the same token posted by any other origin', async () => {
    const { host, popup } = await openFrom(foreign.origin);
    // The console is up and listening: it asks for a sign-in, and has read its configuration (the
    // allowed origins), which is when it starts listening. Posts made from then on are ignored.
    await popup.getByText('Open the console from your workspace to sign in').waitFor();
    await popup.waitForLoadState('networkidle');
    const postedBefore = Number(await host.title());
    await waitFor('five more posts while the console listens', async () => (Number(await host.title()) >= postedBefore + 5 ? true : undefined), 10_000);
    expect(await popup.getByText('Open the console from your workspace to sign in').count()).toBe(1);
    expect(await popup.evaluate("sessionStorage.getItem('roster.session')")).toBeNull();
    await host.close();
  });
});
