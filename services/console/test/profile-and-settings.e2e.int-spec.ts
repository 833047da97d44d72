import { waitFor } from '@roster/testing';
import { ConsoleHarness, startConsoleHarness } from './console-harness';
import { ConsoleStack, startConsoleStack } from './console-stack';

const TENANT = 'console-profile';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe('console: profiles, tags and settings in a real browser, over contacts, segmentation and dedupe', () => {
  let stack: ConsoleStack;
  let console_: ConsoleHarness;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startConsoleStack('console-profile');
    const { auth, http } = stack.api('contacts', TENANT);
    await http.patch('/v1/tenant').set('Authorization', auth).send({
      defaultCountry: 'DE', leadSources: ['website', 'fair'],
      customFields: [{ key: 'tier', label: 'Tier', type: 'enum', options: ['Gold', 'Silver'] }, { key: 'visits', label: 'Visits', type: 'number' }],
    }).expect(200);
    const list = (await http.post('/v1/lists').set('Authorization', auth).send({ name: 'Spring fair' }).expect(201)).body;
    const segments = stack.api('segmentation', TENANT);
    await segments.http.post('/v1/segments').set('Authorization', segments.auth).send({ name: 'VIP customers', rule: { field: 'tags', op: 'hasAny', value: ['vip'] } }).expect(201);
    const create = async (body: object) => (await http.post('/v1/contacts').set('Authorization', auth).send(body).expect(201)).body.id as string;
    ids.ana = await create({ phone: '+4915111111111', firstName: 'Ana', lastName: 'Maria', email: 'ana.maria@gmail.com', company: 'Loja Azul', tags: ['VIP'], leadSource: 'fair', customFields: { tier: 'Gold' } });
    ids.twin = await create({ phone: '+4915122222222', firstName: 'Ana', lastName: 'Maria', email: 'AnaMaria@googlemail.com' });
    await create({ phone: '+4915133333333', firstName: 'Carla', tags: ['promo'] });
    await create({ phone: '+4915144444444', firstName: 'Dora', tags: ['Promo 2024', 'promo'] });
    await create({ phone: '+4915155555555', firstName: 'Emil', tags: ['Promo 2024'] });
    await http.post(`/v1/lists/${list.id}/contacts`).set('Authorization', auth).send({ contactIds: [ids.ana] }).expect(201);
    await http.post(`/v1/contacts/${ids.ana}/activities`).set('Authorization', auth).send({ activities: [
      { kind: 'purchase', occurredAt: minutesAgo(3 * 24 * 60), amount: 49.9, currency: 'EUR', name: 'Order 1001' },
      { kind: 'custom', occurredAt: minutesAgo(30), name: 'Visited the store' },
    ] }).expect(201);
    await http.post('/v1/messages/events').set('Authorization', auth).send({ events: [
      { outcome: 'sent', messageId: 'wamid.p1', contactId: ids.ana, campaignId: 'spring-sale', occurredAt: minutesAgo(120) },
      { outcome: 'read', messageId: 'wamid.p1', contactId: ids.ana, occurredAt: minutesAgo(110) },
      { outcome: 'received', messageId: 'wamid.p2', contactId: ids.ana, text: 'Is the sale still on?', occurredAt: minutesAgo(60) },
    ] }).expect(201);
    // Segmentation and dedupe learn of the contacts from their events.
    await waitFor('Ana in the VIP segment', async () => {
      const { body } = await segments.http.get(`/v1/contacts/${ids.ana}/segments`).set('Authorization', segments.auth);
      return body.items?.length ? body : undefined;
    }, 20_000);
    const dedupe = stack.api('dedupe', TENANT);
    await waitFor('the twin suspected', async () => {
      const { body } = await dedupe.http.get(`/v1/dedupe/groups?contactId=${ids.ana}`).set('Authorization', dedupe.auth);
      return body.items?.length ? body : undefined;
    }, 20_000);
    console_ = await startConsoleHarness(stack.apps);
  }, 120_000);

  afterAll(async () => {
    await console_?.close();
    await stack?.close();
  });

  it('shows tags, lists, segments, consent, the timeline newest first, campaigns and suspected duplicates', async () => {
    const page = await console_.signIn(TENANT, 'agent', `/contacts/${ids.ana}`);
    await page.getByRole('heading', { name: 'Ana Maria', level: 1 }).waitFor();
    expect(await page.getByRole('region', { name: 'Lists' }).getByRole('link').allTextContents()).toEqual(['Spring fair']);
    await page.getByRole('region', { name: 'Segments' }).getByText('VIP customers').waitFor();
    expect(await page.getByRole('region', { name: 'Tags' }).locator('li').allTextContents()).toEqual(['VIP']);
    expect(await page.locator('dl.fields').textContent()).toContain('TierGold');

    const timeline = page.getByRole('list', { name: 'Timeline, newest first' });
    await timeline.locator('li').nth(3).waitFor();
    const entries = (await timeline.locator('li strong').allTextContents());
    expect(entries).toEqual(['Event', 'WhatsApp message received', 'WhatsApp message sent', 'Purchase']);
    expect(await timeline.locator('li').nth(1).textContent()).toContain('Is the sale still on?');
    expect(await timeline.locator('li').nth(2).textContent()).toContain('campaign spring-sale · read');
    expect(await timeline.locator('li').nth(3).textContent()).toContain('49.90 EUR · Order 1001');
    const campaignRow = page.getByRole('table', { name: 'Campaigns' }).locator('tbody tr');
    expect(await campaignRow.locator('td').allTextContents()).toEqual(expect.arrayContaining(['spring-sale']));

    const duplicates = page.getByRole('region', { name: 'Suspected duplicates' });
    await duplicates.getByRole('link', { name: 'Ana Maria' }).waitFor();
    expect(await duplicates.locator('li').textContent()).toMatch(/\d+% likely the same person: .*anamaria@gmail\.com/);
    expect(await page.getByRole('button', { name: 'Delete contact' }).count()).toBe(0);
    await console_.screenshot(page, 'profile-timeline');
    expect(await console_.seriousViolations(page)).toEqual([]);

    await duplicates.getByRole('link', { name: 'Ana Maria' }).click();
    await page.getByText('+4915122222222').first().waitFor();
  });

  it("edits a contact: custom fields by type, tags from the catalogue, the tenant's lead sources and required fields, the API's refusal at its field", async () => {
    const { auth, http } = stack.api('contacts', TENANT);
    await http.patch('/v1/tenant').set('Authorization', auth).send({ requiredFields: ['company'] }).expect(200);
    try {
      const page = await console_.signIn(TENANT, 'agent', `/contacts/${ids.ana}`);
      await page.getByRole('button', { name: 'Edit' }).click();
      const form = page.getByRole('form', { name: 'Edit contact' });
      expect(await form.getByLabel('Lead source').locator('option').allTextContents()).toEqual(['none', 'website', 'fair']);
      expect(await form.getByLabel('Tier').locator('option').allTextContents()).toEqual(['none', 'Gold', 'Silver']);
      expect(await form.getByLabel('Visits').getAttribute('type')).toBe('number');

      await form.getByLabel('Company (required)').fill('');
      await form.getByRole('button', { name: 'Save contact' }).click();
      await form.getByRole('alert').filter({ hasText: 'Company is required' }).waitFor();
      await form.getByLabel('Company (required)').fill('Loja Verde');
      await form.getByLabel('Language (such as en or pt-BR)').fill('portuguese!');
      await form.getByRole('button', { name: 'Save contact' }).click();
      await form.getByRole('alert').filter({ hasText: 'BCP 47' }).waitFor();
      expect((await http.get(`/v1/contacts/${ids.ana}`).set('Authorization', auth).expect(200)).body.company).toBe('Loja Azul');

      await form.getByLabel('Language (such as en or pt-BR)').fill('pt-BR');
      await form.getByLabel('Tier').selectOption('Silver');
      await form.getByLabel('Visits').fill('12');
      await form.getByLabel('Lead source').selectOption('website');
      await form.getByLabel('Tags', { exact: true }).fill('Newsletter');
      await form.getByLabel('Tags', { exact: true }).press('Enter');
      await form.getByRole('button', { name: 'Remove tag VIP' }).click();
      await console_.screenshot(page, 'profile-edit');
      expect(await console_.seriousViolations(page)).toEqual([]);
      await form.getByRole('button', { name: 'Save contact' }).click();
      await form.waitFor({ state: 'detached' });

      const saved = (await http.get(`/v1/contacts/${ids.ana}`).set('Authorization', auth).expect(200)).body;
      expect(saved).toMatchObject({ company: 'Loja Verde', language: 'pt-BR', leadSource: 'website', tags: ['Newsletter'], customFields: { tier: 'Silver', visits: 12 } });
      expect(await page.locator('dl.fields').textContent()).toContain('Loja Verde');
    } finally {
      await http.patch('/v1/tenant').set('Authorization', auth).send({ requiredFields: [] }).expect(200);
    }
  });

  it('masks a viewer\'s profile and offers no edit, no duplicates and no deletion', async () => {
    const page = await console_.signIn(TENANT, 'viewer', `/contacts/${ids.ana}`);
    await page.getByRole('heading', { name: 'Ana Maria', level: 1 }).waitFor();
    await page.getByRole('list', { name: 'Timeline, newest first' }).locator('li').first().waitFor();
    const fields = await page.locator('dl.fields').textContent();
    expect(fields).toContain('•');
    expect(fields).not.toContain('+4915111111111');
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Suspected duplicates' }).count()).toBe(0);
    expect(await page.getByText('Is the sale still on?').count()).toBe(0);
  });

  it('deletes or erases only for an admin, with the consequence spelled out first', async () => {
    const { auth, http } = stack.api('contacts', TENANT);
    const page = await console_.signIn(TENANT, 'admin', `/contacts/${ids.twin}`);
    await page.getByRole('button', { name: 'Erase personal data (GDPR)' }).click();
    const ask = page.getByRole('alertdialog');
    expect(await ask.textContent()).toContain('This cannot be undone');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await http.get(`/v1/contacts/${ids.twin}`).set('Authorization', auth).expect(200);

    await page.getByRole('button', { name: 'Erase personal data (GDPR)' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, erase everything' }).click();
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await http.get(`/v1/contacts/${ids.twin}`).set('Authorization', auth).expect(404);
  });

  it('keeps the tag catalogue consistent: counts, merge, rename, delete for admins only', async () => {
    const { auth, http } = stack.api('contacts', TENANT);
    const counts = async () => Object.fromEntries((await http.get('/v1/tags').set('Authorization', auth).expect(200)).body.items.map((t: { label: string; contacts: number }) => [t.label, t.contacts]));
    const agent = await console_.signIn(TENANT, 'agent', '/tags');
    await agent.getByRole('link', { name: 'Promo 2024' }).waitFor();
    expect(await agent.getByRole('button', { name: /^Change/ }).count()).toBe(0);

    const page = await console_.signIn(TENANT, 'admin', '/tags');
    const row = (label: string) => page.locator('table.grid tbody tr').filter({ has: page.getByRole('link', { name: label, exact: true }) });
    await row('Promo 2024').waitFor();
    expect(await row('Promo 2024').locator('td').nth(1).textContent()).toBe('2');
    await page.getByRole('button', { name: 'Change Promo 2024' }).click();
    const change = page.getByRole('group', { name: 'Change Promo 2024' });
    await change.getByLabel('Merge into').selectOption({ label: 'promo (2)' });
    await change.getByText('Every contact tagged “Promo 2024” gets “promo” instead.').waitFor();
    await change.getByRole('button', { name: 'Merge', exact: true }).click();
    await waitFor('the merge', async () => ((await counts())['Promo 2024'] === undefined ? true : undefined));
    expect((await counts()).promo).toBe(3);
    await row('promo').locator('td').nth(1).filter({ hasText: '3' }).waitFor();
    await console_.screenshot(page, 'tags');
    expect(await console_.seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Change promo' }).click();
    const promo = page.getByRole('group', { name: 'Change promo' });
    await promo.getByLabel('New name').fill('Promotions');
    await promo.getByRole('button', { name: 'Rename (3 contacts)' }).click();
    await row('Promotions').waitFor();
    // A tag opens the grid filtered to it.
    await page.getByRole('link', { name: 'Promotions', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^3 contacts$/ }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tags' }).click();
    await page.getByRole('button', { name: 'Change Promotions' }).click();
    await page.getByRole('button', { name: 'Delete tag…' }).click();
    expect(await page.getByRole('alertdialog').textContent()).toContain('Remove “Promotions” from 3 contacts?');
    await page.getByRole('button', { name: 'Yes, delete the tag' }).click();
    await row('Promotions').waitFor({ state: 'detached' });
    expect((await counts()).Promotions).toBeUndefined();
  });

  it("lets admins change the tenant's settings, shows each refusal, and keeps agents out", async () => {
    const agent = await console_.signIn(TENANT, 'agent', '/settings');
    await agent.getByText('Settings are for admins of the workspace.').waitFor();
    expect(await agent.getByRole('link', { name: 'Settings' }).count()).toBe(0);

    const page = await console_.signIn(TENANT, 'admin', '/settings');
    const contactsForm = page.getByRole('form', { name: 'Contacts' });
    await contactsForm.getByLabel('Birth date').check();
    await contactsForm.getByLabel('Imports must say how and where their contacts consented').check();
    await contactsForm.getByLabel('Lead sources', { exact: true }).fill('partner');
    await contactsForm.getByLabel('Lead sources', { exact: true }).press('Enter');
    await contactsForm.getByRole('button', { name: 'Save contact settings' }).click();
    await contactsForm.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const fieldsForm = page.getByRole('form', { name: 'Custom fields' });
    await fieldsForm.getByRole('button', { name: 'Add a field' }).click();
    await fieldsForm.getByLabel('Key of field 3').fill('Shoe size');
    await fieldsForm.getByLabel('Label of field 3').fill('Shoe size');
    await fieldsForm.getByRole('alert').filter({ hasText: 'the key must start with a lowercase letter' }).waitFor();
    expect(await fieldsForm.getByRole('button', { name: 'Save custom fields' }).isDisabled()).toBe(true);
    await fieldsForm.getByLabel('Key of field 3').fill('shoeSize');
    await fieldsForm.getByLabel('Type of field 3').selectOption('number');
    await fieldsForm.getByRole('button', { name: 'Save custom fields' }).click();
    await fieldsForm.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const lifecycleForm = page.getByRole('form', { name: 'Lifecycle stages' });
    await lifecycleForm.getByLabel('At risk: last activity within (days)').fill('5000');
    await lifecycleForm.getByRole('button', { name: 'Save lifecycle stages' }).click();
    // The API's own refusal, in its words.
    await lifecycleForm.getByRole('alert').filter({ hasText: '3650' }).waitFor();
    await lifecycleForm.getByLabel('At risk: last activity within (days)').fill('120');
    await lifecycleForm.getByRole('button', { name: 'Save lifecycle stages' }).click();
    await lifecycleForm.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const dedupeForm = page.getByRole('form', { name: 'Duplicates' });
    await dedupeForm.getByLabel('Suggest pairs at least this likely (%)').fill('75');
    await dedupeForm.getByRole('button', { name: 'Save duplicate settings' }).click();
    await dedupeForm.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await console_.screenshot(page, 'settings');
    expect(await console_.seriousViolations(page)).toEqual([]);

    const contacts = stack.api('contacts', TENANT);
    const tenant = (await contacts.http.get('/v1/tenant').set('Authorization', contacts.auth).expect(200)).body;
    expect(tenant.requiredFields).toEqual(['birthDate']);
    expect(tenant.importConsentRequired).toBe(true);
    expect(tenant.leadSources).toEqual(['website', 'fair', 'partner']);
    expect(tenant.customFields.map((f: { key: string; type: string }) => [f.key, f.type])).toEqual([['tier', 'enum'], ['visits', 'number'], ['shoeSize', 'number']]);
    const segments = stack.api('segmentation', TENANT);
    expect((await segments.http.get('/v1/segment-settings/lifecycle').set('Authorization', segments.auth).expect(200)).body.atRiskWithinDays).toBe(120);
    const dedupe = stack.api('dedupe', TENANT);
    expect((await dedupe.http.get('/v1/dedupe/settings').set('Authorization', dedupe.auth).expect(200)).body.threshold).toBe(0.75);
  });
});
