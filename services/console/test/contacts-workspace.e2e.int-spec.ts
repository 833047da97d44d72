import type { Page } from 'playwright-core';
import { waitFor } from '@roster/testing';
import { ContactsHarness, startContacts } from '../../contacts/test/contacts-harness';
import { ConsoleHarness, startConsoleHarness } from './console-harness';

const TENANT = 'console-acme';
const SEEDED = 250;
const phoneOf = (i: number) => `+49151234${String(60_000 + i).padStart(5, '0')}`;

/** Rows of the grid as their cells' text. */
const gridRows = (page: Page) => page.locator('table.grid tbody tr.grid-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td:not(.choice)')].map((td) => td.textContent ?? '')));

describe('console: the contacts workspace in a real browser', () => {
  let contacts: ContactsHarness;
  let console_: ConsoleHarness;

  beforeAll(async () => {
    contacts = await startContacts('console');
    const { auth, http } = contacts.as(TENANT);
    await contacts.setPlanLimit(TENANT, 1_000);
    await http.patch('/v1/tenant').set('Authorization', auth).send({ defaultCountry: 'DE', customFields: [{ key: 'tier', label: 'Tier', type: 'text' }] }).expect(200);
    const rows = Array.from({ length: SEEDED }, (_, i) => ({
      phone: phoneOf(i), firstName: i === 7 ? 'Zoë' : `Person${i}`, lastName: i === 7 ? 'Quartermaine' : 'Seed', company: i % 2 ? 'Globex' : 'Initech',
      email: `person${i}@example.org`, customFields: { tier: i % 3 ? 'silver' : 'gold' },
      tags: i % 10 === 0 ? ['VIP'] : [], ...(i % 25 === 0 ? { status: 'inactive' } : {}),
    }));
    await http.post('/v1/contacts/bulk-upsert').set('Authorization', auth).send({ batchKey: 'console-seed', mode: 'upsert', contacts: rows }).expect(200);
    console_ = await startConsoleHarness({ contacts: contacts.app });
  }, 120_000);

  afterAll(async () => {
    await console_?.close();
    await contacts?.close();
  });

  it('signs an admin in from the link, keeps the token out of cookies and the address bar, and shows the plan usage', async () => {
    const page = await console_.signIn(TENANT, 'admin');
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.locator('tr.grid-row').first().waitFor();
    expect(page.url()).not.toContain('token=');
    expect(await page.context().cookies()).toEqual([]);
    expect(await page.evaluate("sessionStorage.getItem('roster.session')")).toMatch(/^ey/);
    expect(await page.getByTestId('plan-usage-text').textContent()).toBe(`${SEEDED} / 1,000`);
    expect(await page.getByRole('button', { name: '+ Add Contact' }).count()).toBe(1);
    await console_.screenshot(page, 'contacts-admin');
    expect(await console_.seriousViolations(page)).toEqual([]);
  });

  it('refuses to sign in with a forged or expired token, and shows why nothing loads', async () => {
    const page = await console_.browser.newPage();
    await page.goto(`${console_.url}/contacts#token=not.a.token`);
    await page.getByText('Open the console from your workspace to sign in').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('roster.session')")).toBeNull();
    await page.close();
  });

  it('searches as you type, server-side, with infinite scroll over the rest', async () => {
    const page = await console_.signIn(TENANT, 'agent');
    await page.locator('tr.grid-row').first().waitFor();
    await page.getByLabel('Search contacts').pressSequentially('quarterm', { delay: 30 });
    await waitFor('one row', async () => ((await page.locator('tr.grid-row').count()) === 1 ? true : undefined));
    expect((await gridRows(page))[0][0]).toBe('Zoë Quartermaine');

    await page.getByLabel('Search contacts').fill('4915123460123');
    await waitFor('Person123 alone', async () => (JSON.stringify((await gridRows(page)).map((r) => r[0])) === '["Person123 Seed"]' ? true : undefined));

    // Cleared: the first page, then the next as the grid scrolls to its end.
    await page.getByLabel('Search contacts').fill('');
    await page.getByRole('status').filter({ hasText: `100 of ${SEEDED} contacts` }).waitFor();
    await page.locator('.grid-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.getByRole('status').filter({ hasText: `200 of ${SEEDED} contacts` }).waitFor();
    await page.locator('.grid-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.getByRole('status').filter({ hasText: new RegExp(`^${SEEDED} contacts$`) }).waitFor();
    // Virtual rows: only what is in view is in the page.
    expect((await gridRows(page)).length).toBeLessThan(60);
  });

  it('shows the columns a user chooses, custom fields included, and remembers them', async () => {
    const page = await console_.signIn(TENANT, 'agent');
    await page.locator('tr.grid-row').first().waitFor();
    await page.getByText('Columns', { exact: true }).click();
    await page.getByLabel('Tier').check();
    await page.getByLabel('Email').uncheck();
    await page.getByRole('columnheader', { name: 'Tier' }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Email' }).count()).toBe(0);
    await page.reload();
    await page.getByRole('columnheader', { name: 'Tier' }).waitFor();
    expect((await page.getByRole('columnheader').allTextContents()).filter(Boolean)).toEqual(['Name', 'Phone', 'Company', 'Tags', 'Status', 'Tier']);
    await console_.screenshot(page, 'contacts-columns');
  });

  it('adds a contact: a wrong phone is refused at the field, the right one is shown in E.164, a known one offers its contact', async () => {
    const page = await console_.signIn(TENANT, 'agent');
    await page.getByRole('button', { name: '+ Add Contact' }).click();
    const form = page.getByRole('form', { name: 'Add contact' });
    const phone = form.getByLabel('Phone (required)');
    await phone.fill('0151 234');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await page.getByRole('alert').filter({ hasText: 'the phone number is not valid for its region' }).waitFor();
    await console_.screenshot(page, 'add-contact-refused');

    await phone.fill('0151 23469999');
    await page.getByText('Saved as +4915123469999').waitFor();
    await form.getByLabel('First name').fill('Ada');
    await form.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Save contact' }).click();
    // The API's own refusal, at its field.
    await page.getByRole('alert').filter({ hasText: 'email must be an email' }).waitFor();
    await form.getByLabel('Email').fill('ada@example.org');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await page.getByRole('heading', { name: 'Ada' }).waitFor();
    expect(page.url()).toMatch(/\/contacts\/[0-9a-f]{24}$/);
    expect(await page.locator('dl.fields').textContent()).toContain('+4915123469999');
    await console_.screenshot(page, 'profile');

    await page.getByRole('link', { name: '← All contacts' }).click();
    await page.getByRole('button', { name: '+ Add Contact' }).click();
    await form.getByLabel('Phone (required)').fill(phoneOf(7));
    await page.getByRole('button', { name: 'Save contact' }).click();
    await page.getByRole('link', { name: 'Open the contact with this phone' }).click();
    await page.getByRole('heading', { name: 'Zoë Quartermaine' }).waitFor();
  });

  it('lets the add form be filled and sent with the keyboard alone', async () => {
    const page = await console_.signIn(TENANT, 'admin');
    await page.locator('tr.grid-row').first().waitFor();
    await page.getByRole('button', { name: '+ Add Contact' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Add contact' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate("document.activeElement?.id.endsWith('-country')")).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('+49 151 23468888');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Only');
    expect(await console_.seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keyboard Only' }).waitFor();
  });

  it('filters the grid by tag and status, and orders it', async () => {
    const page = await console_.signIn(TENANT, 'agent');
    await page.locator('tr.grid-row').first().waitFor();
    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByLabel('Tag').focus();
    await filters.getByLabel('Tag').selectOption({ label: 'VIP (25)' });
    await page.getByRole('status').filter({ hasText: /^25 contacts$/ }).waitFor();
    await filters.getByLabel('Status').selectOption('inactive');
    await page.getByRole('status').filter({ hasText: /^5 contacts$/ }).waitFor();
    await filters.getByLabel('Order').selectOption({ label: 'Oldest first' });
    await waitFor('oldest first', async () => ((await gridRows(page))[0]?.[0] === 'Person0 Seed' ? true : undefined));
    expect((await gridRows(page)).map((r) => r[0])).toEqual(['Person0 Seed', 'Person50 Seed', 'Person100 Seed', 'Person150 Seed', 'Person200 Seed']);
    await console_.screenshot(page, 'contacts-filtered');
  });

  it('filters by a custom field, and keeps saved views (filters and columns) for their user on any device, shared when asked', async () => {
    const page = await console_.signIn(TENANT, 'agent');
    await page.locator('tr.grid-row').first().waitFor();
    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByLabel('Custom field').selectOption({ label: 'Tier' });
    await filters.getByLabel('Tier is').fill('gold');
    // Every third seeded contact is gold.
    await page.getByRole('status').filter({ hasText: /^84 contacts$/ }).waitFor();
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByLabel('View name').fill('Gold tier');
    await page.getByLabel('View name').press('Enter');
    await filters.getByLabel('Custom field').selectOption('');
    await page.getByRole('status').filter({ hasText: /^100 of 2\d\d contacts$/ }).waitFor();

    // Kept by the service: the same user on another device finds it.
    const elsewhere = await console_.signIn(TENANT, 'agent');
    await elsewhere.locator('tr.grid-row').first().waitFor();
    await elsewhere.getByLabel('Saved view').selectOption({ label: 'Gold tier' });
    await elsewhere.getByRole('status').filter({ hasText: /^84 contacts$/ }).waitFor();
    expect(await elsewhere.getByRole('group', { name: 'Filters' }).getByLabel('Tier is').inputValue()).toBe('gold');
    // Another user sees it only once it is shared. The admin's own view shows that the views have
    // loaded before the agent's is looked for.
    const { auth: adminAuth, http: adminHttp } = contacts.as(TENANT, 'admin');
    await adminHttp.put('/v1/views').set('Authorization', adminAuth).send({ name: 'Admin desk', query: '', columns: [] }).expect(200);
    const viewsOf = async (p: typeof page) => {
      await p.getByLabel('Saved view').locator('option', { hasText: 'Admin desk' }).waitFor({ state: 'attached' });
      return p.getByLabel('Saved view').locator('option').allTextContents();
    };
    const admin = await console_.signIn(TENANT, 'admin');
    await admin.locator('tr.grid-row').first().waitFor();
    expect(await viewsOf(admin)).toEqual(['Saved views…', 'Admin desk']);
    // A token handed to an open console switches the user, and nothing of the last one stays cached.
    await page.goto(console_.signInLink(TENANT, 'admin'));
    await page.locator('tr.grid-row').first().waitFor();
    expect(await page.locator('.who').textContent()).toBe(`${TENANT} · admin`);
    expect(await viewsOf(page)).toEqual(['Saved views…', 'Admin desk']);
    await elsewhere.getByRole('button', { name: 'Save view' }).click();
    expect(await elsewhere.getByLabel('View name').inputValue()).toBe('Gold tier');
    await elsewhere.getByLabel('Share with the team').check();
    await elsewhere.getByRole('button', { name: 'Save', exact: true }).click();
    await elsewhere.getByLabel('View name').waitFor({ state: 'detached' });
    await admin.reload();
    await admin.getByLabel('Saved view').locator('option', { hasText: 'Gold tier (shared)' }).waitFor({ state: 'attached' });
    expect(await admin.getByRole('button', { name: 'Delete view' }).count()).toBe(0);
  });

  it('bulk-tags all contacts matching a search, with the count confirmed first and the progress shown', async () => {
    const { auth, http } = contacts.as(TENANT);
    const count = async (query: string) => (await http.get(`/v1/contacts/count?${query}`).set('Authorization', auth).expect(200)).body.count;
    const page = await console_.signIn(TENANT, 'agent');
    await page.locator('tr.grid-row').first().waitFor();
    await page.getByLabel('Search contacts').fill('globex');
    // Odd-numbered contacts work at Globex: 125, of which the first page holds 100.
    await page.getByRole('status').filter({ hasText: '100 of 125 contacts' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select the loaded rows' }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('100 contacts selected').waitFor();
    await bar.getByRole('button', { name: 'Select all 125 contacts matching' }).click();
    await bar.getByText('All 125 contacts matching').waitFor();
    await bar.getByLabel('Action').selectOption({ label: 'Add tag' });
    await bar.getByLabel('Tag').fill('Spring Promo');
    await bar.getByRole('button', { name: 'Apply…' }).click();
    const confirm = bar.getByRole('alertdialog');
    expect(await confirm.locator('p').textContent()).toBe('Add the tag “Spring Promo” to 125 contacts?');
    await console_.screenshot(page, 'contacts-bulk-confirm');
    expect(await count('tag=Spring Promo')).toBe(0);
    await confirm.getByRole('button', { name: 'Yes, 125 contacts' }).click();
    await bar.getByRole('status').filter({ hasText: 'Done: 125 of 125 contacts done, 125 changed' }).waitFor();
    expect(await count('tag=Spring Promo')).toBe(125);
    expect(await count('tag=Spring Promo&q=initech')).toBe(0);
    expect(await console_.seriousViolations(page)).toEqual([]);

    // Chosen rows only: two of them lose the tag again; an agent is offered no deletion.
    await bar.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('checkbox', { name: 'Select Person249', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Select Person247', exact: true }).check();
    await bar.getByText('2 contacts selected').waitFor();
    expect(await bar.getByLabel('Action').locator('option').allTextContents()).not.toContain('Delete');
    await bar.getByLabel('Action').selectOption({ label: 'Remove tag' });
    await bar.getByLabel('Tag').fill('spring promo');
    await bar.getByRole('button', { name: 'Apply…' }).click();
    await bar.getByRole('button', { name: 'Yes, 2 contacts' }).click();
    await bar.getByRole('status').filter({ hasText: 'Done: 2 of 2 contacts done, 2 changed' }).waitFor();
    expect(await count('tag=Spring Promo')).toBe(123);
  });

  it('manages lists in a table: create, refuse a taken name, rename, open, delete moving the contacts', async () => {
    const { auth, http } = contacts.as(TENANT);
    const page = await console_.signIn(TENANT, 'admin', '/lists');
    const create = page.getByRole('form', { name: 'New list' });
    for (const name of ['Spring fair', 'Autumn fair']) {
      await create.getByLabel('Name').fill(name);
      await create.getByRole('button', { name: 'Create list' }).click();
      await page.getByRole('link', { name, exact: true }).waitFor();
    }
    await create.getByLabel('Name').fill('spring FAIR');
    await create.getByRole('button', { name: 'Create list' }).click();
    await create.getByRole('alert').filter({ hasText: 'already exists' }).waitFor();

    const lists = (await http.get('/v1/lists').set('Authorization', auth).expect(200)).body.items as Array<{ id: string; name: string }>;
    const spring = lists.find((l) => l.name === 'Spring fair')!;
    const seeded = (await http.get('/v1/contacts?q=Person1&limit=3').set('Authorization', auth).expect(200)).body.items.map((c: { id: string }) => c.id);
    await http.post(`/v1/lists/${spring.id}/contacts`).set('Authorization', auth).send({ contactIds: seeded }).expect(201);
    await page.reload();

    await page.getByRole('button', { name: 'Edit Spring fair' }).click();
    const edit = page.getByRole('form', { name: 'Edit Spring fair' });
    await edit.getByLabel('Name').fill('Spring fair 2026');
    await edit.getByLabel('Description').fill('Met at the stand');
    await edit.getByRole('button', { name: 'Save list' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Spring fair 2026' }) });
    await row.getByText('Met at the stand').waitFor();
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('3');
    await console_.screenshot(page, 'lists');
    expect(await console_.seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Spring fair 2026' }).click();
    await page.getByRole('status').filter({ hasText: /^3 contacts$/ }).waitFor();
    expect(await page.getByRole('group', { name: 'Filters' }).getByLabel('List').inputValue()).toBe(spring.id);

    await page.getByRole('link', { name: 'Lists' }).click();
    await page.getByRole('button', { name: 'Delete Spring fair 2026' }).click();
    await page.getByText('Its 3 contacts leave the list; the contacts themselves stay in Roster.').waitFor();
    await page.getByLabel('Move its contacts to').selectOption({ label: 'Autumn fair' });
    await page.getByRole('button', { name: 'Delete list' }).click();
    await waitFor('the list gone', async () => ((await page.getByRole('link', { name: 'Spring fair 2026' }).count()) === 0 ? true : undefined));
    const autumn = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Autumn fair' }) });
    await waitFor('its contacts moved', async () => ((await autumn.getByRole('cell').nth(2).textContent()) === '3' ? true : undefined));
  });

  it('shows agents no list deletion and viewers no list writes', async () => {
    const agent = await console_.signIn(TENANT, 'agent', '/lists');
    await agent.getByRole('link', { name: 'Autumn fair' }).waitFor();
    expect(await agent.getByRole('button', { name: 'Edit Autumn fair' }).count()).toBe(1);
    expect(await agent.getByRole('button', { name: 'Delete Autumn fair' }).count()).toBe(0);
    const viewer = await console_.signIn(TENANT, 'viewer', '/lists');
    await viewer.getByRole('link', { name: 'Autumn fair' }).waitFor();
    expect(await viewer.getByRole('form', { name: 'New list' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Edit Autumn fair' }).count()).toBe(0);
  });

  it('masks phones and emails for a viewer and offers no writes', async () => {
    const page = await console_.signIn(TENANT, 'viewer');
    await page.locator('tr.grid-row').first().waitFor();
    const rows = await gridRows(page);
    expect(rows.every(([, phone, email]) => phone.includes('•') && !email.startsWith('person'))).toBe(true);
    expect(await page.getByRole('button', { name: '+ Add Contact' }).count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await console_.screenshot(page, 'contacts-viewer');
  });
});
