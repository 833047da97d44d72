import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { waitFor } from '@roster/testing';
import { ConsoleHarness, startConsoleHarness } from './console-harness';
import { ConsoleStack, startConsoleStack } from './console-stack';

const TENANT = 'console-flows';

/** A spreadsheet's "CSV (semicolon)" export from a Brazilian Windows machine: Windows-1252, one bad phone. */
const FAIR_CSV = iconv.encode([
  'Telefone;Nome;Cidade;Nível',
  '(11) 98111-0001;João;São Paulo;Ouro',
  '(11) 98111-0002;Conceição;Niterói;Prata',
  '(11) 1234;Zé;Santos;Ouro',
  '(21) 98111-0004;Inês;Rio de Janeiro;Bronze',
].join('\r\n') + '\r\n', 'win1252');

/** Every other contact is VIP; every third lives in Portugal; half are gold. */
const SEEDED = Array.from({ length: 40 }, (_, i) => ({
  phone: `+3519120000${String(i).padStart(2, '0')}`, firstName: `Seed${i}`,
  tags: i % 2 ? ['VIP'] : [], location: { country: i % 3 === 0 ? 'PT' : 'BR' }, customFields: { tier: i % 4 < 2 ? 'Gold' : 'Silver' },
}));
const VIP = SEEDED.filter((c) => c.tags.length);
const VIP_IN_PORTUGAL_OR_GOLD = VIP.filter((c) => c.location.country === 'PT' || c.customFields.tier === 'Gold');

describe('console: import, segment and duplicate workflows in a real browser, over the four services', () => {
  let stack: ConsoleStack;
  let console_: ConsoleHarness;

  beforeAll(async () => {
    stack = await startConsoleStack('console-flows');
    const { auth, http } = stack.api('contacts', TENANT);
    await http.patch('/v1/tenant').set('Authorization', auth)
      .send({ defaultCountry: 'BR', leadSources: ['fair'], customFields: [{ key: 'tier', label: 'Tier', type: 'enum', options: ['Gold', 'Silver'] }] }).expect(200);
    await http.post('/v1/contacts/bulk-upsert').set('Authorization', auth).send({ batchKey: 'flows-seed', mode: 'upsert', contacts: SEEDED }).expect(200);
    console_ = await startConsoleHarness(stack.apps);
  }, 120_000);

  afterAll(async () => {
    await console_?.close();
    await stack?.close();
  });

  it('imports a Windows-1252 semicolon CSV with a bad row: refusal in words, mapping with a new custom field, dry run, error file, run, the contacts', async () => {
    const page = await console_.signIn(TENANT, 'admin', '/imports');
    // A file that is no CSV, dropped on the zone, is refused there in plain words.
    const zone = page.locator('.drop-zone');
    // The page's own types (DataTransfer, File) are not this process's: the drop is built in the page.
    const png = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])], 'photo.png', { type: 'image/png' }));
      return transfer;
    })()`);
    await zone.dispatchEvent('drop', { dataTransfer: png });
    await zone.getByRole('alert').filter({ hasText: 'This is not a CSV file' }).waitFor();
    await console_.screenshot(page, 'import-refused');

    await page.getByLabel('CSV file').setInputFiles({ name: 'feira.csv', mimeType: 'text/csv', buffer: FAIR_CSV });
    await page.getByRole('heading', { name: 'Import feira.csv' }).waitFor();
    expect(await page.getByLabel('Encoding').inputValue()).toBe('windows-1252');
    expect(await page.getByLabel('Delimiter').inputValue()).toBe(';');
    const sample = page.getByRole('table', { name: "The file's first rows" });
    expect(await sample.locator('thead th').allTextContents()).toEqual(['Telefone', 'Nome', 'Cidade', 'Nível']);
    expect(await sample.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['(11) 98111-0001', 'João', 'São Paulo', 'Ouro']);

    // Read with another delimiter, the file is one column; read again with its own, it is four.
    await page.getByLabel('Delimiter').selectOption('comma ,');
    await sample.locator('thead th').filter({ hasText: 'Telefone;Nome;Cidade;Nível' }).waitFor();
    await page.getByLabel('Delimiter').selectOption('semicolon ;');
    await sample.locator('thead th').filter({ hasText: 'Nível' }).and(sample.locator('thead th').filter({ hasNotText: ';' })).waitFor();
    expect(await sample.locator('thead th').count()).toBe(4);

    const mapping = page.getByRole('form', { name: '2. Map the columns' });
    expect(await mapping.getByLabel('Column Telefone goes to').inputValue()).toBe('phone');
    expect(await mapping.getByLabel('Column Nome goes to').inputValue()).toBe('firstName');
    expect(await mapping.getByLabel('Column Cidade goes to').inputValue()).toBe('city');
    await mapping.getByLabel('Column Nível goes to').selectOption({ label: 'New custom field…' });
    const newField = page.getByRole('group', { name: 'New custom field' });
    expect(await newField.getByLabel('Key').inputValue()).toBe('nivel');
    await newField.getByRole('button', { name: 'Create field' }).click();
    await newField.waitFor({ state: 'detached' });
    expect(await mapping.getByLabel('Column Nível goes to').inputValue()).toBe('custom:nivel');
    await mapping.getByLabel('Tags for every row', { exact: true }).fill('Feira 2026');
    await mapping.getByLabel('Tags for every row', { exact: true }).press('Enter');
    await mapping.getByLabel('Lead source').selectOption('fair');
    await mapping.getByLabel('These contacts gave WhatsApp consent').check();
    expect(await mapping.getByRole('button', { name: 'Check the file (dry run)' }).isDisabled()).toBe(true);
    await mapping.getByLabel('How (such as web form)').fill('paper form');
    await mapping.getByLabel('Where (such as the spring landing page)').fill('São Paulo fair');
    await console_.screenshot(page, 'import-mapping');
    expect(await console_.seriousViolations(page)).toEqual([]);
    await mapping.getByRole('button', { name: 'Check the file (dry run)' }).click();

    await page.getByRole('status').filter({ hasText: 'Dry run completed' }).waitFor({ timeout: 30_000 });
    const counts = page.getByRole('table', { name: 'Dry run counts' });
    expect(await counts.locator('tbody td').allTextContents()).toEqual(['4', '3', '0', '0', '1', '0']);
    expect(await page.getByRole('list', { name: 'Refused rows by reason' }).textContent()).toBe('1 × phone invalid');
    await page.getByText('Fits the plan').waitFor();
    const { auth, http } = stack.api('contacts', TENANT);
    expect((await http.get('/v1/contacts/count').set('Authorization', auth).expect(200)).body.count).toBe(SEEDED.length);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the 1 refused rows (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('feira-errors.csv');
    const errors = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(errors[0]).toBe('Telefone,Nome,Cidade,Nível,row,column,reason');
    expect(errors[1]).toMatch(/^\(11\) 1234,Zé,Santos,Ouro,4,Telefone,/);
    await console_.screenshot(page, 'import-dry-run');
    expect(await console_.seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Run the import' }).click();
    await page.getByRole('status').filter({ hasText: 'Import completed' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('table', { name: 'Import counts' }).locator('tbody td').allTextContents()).toEqual(['4', '3', '0', '0', '1', '0']);
    await console_.screenshot(page, 'import-done');
    await page.getByRole('link', { name: 'See the imported contacts' }).click();
    await page.getByRole('status').filter({ hasText: /^3 contacts$/ }).waitFor();

    const joao = (await http.get('/v1/contacts?q=joao').set('Authorization', auth).expect(200)).body.items[0];
    expect(joao).toMatchObject({ phone: '+5511981110001', firstName: 'João', location: { city: 'São Paulo' }, customFields: { nivel: 'Ouro' }, tags: ['Feira 2026'], leadSource: 'fair' });
    expect(joao.consent.whatsapp.status).toBe('opted_in');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Imports' }).click();
    const row = page.locator('table.grid tbody tr').filter({ hasText: 'feira.csv' });
    await row.first().locator('td').nth(2).filter({ hasText: 'completed' }).waitFor();
    const cells = await row.first().locator('td').allTextContents();
    expect([cells[0], ...cells.slice(2)]).toEqual(['feira.csv', 'completed', '4', '3', '0', '1', 'refused rows']);
    const [again] = await Promise.all([page.waitForEvent('download'), row.first().getByRole('button', { name: 'Refused rows of feira.csv' }).click()]);
    expect(readFileSync((await again.path())!, 'utf8')).toContain('Zé,Santos,Ouro,4,Telefone');
  });

  it('builds a nested rule with live counts per condition, shows a refusal at its condition, and saves a segment with as many members as the preview said', async () => {
    const segments = stack.api('segmentation', TENANT);
    await waitFor('segmentation to know the seeded contacts', async () => {
      const { body } = await segments.http.post('/v1/segments/preview').set('Authorization', segments.auth).send({ rule: { field: 'tags', op: 'hasAny', value: ['VIP'] } });
      return body.matching === VIP.length ? true : undefined;
    }, 20_000);
    const page = await console_.signIn(TENANT, 'agent', '/segments');
    await page.getByRole('button', { name: '+ New segment' }).click();
    await page.getByLabel('Name', { exact: true }).fill('VIP in Portugal or gold');
    const rule = page.getByRole('group', { name: 'Rule' });
    await rule.getByLabel('condition 1: field').selectOption({ label: 'Tags' });
    await rule.getByLabel('condition 1: operator').selectOption({ label: 'has any of' });
    await rule.getByLabel('condition 1: values, comma separated').fill('VIP');
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await preview.getByRole('status').filter({ hasText: `${VIP.length} contacts match` }).waitFor();

    await rule.getByRole('button', { name: '+ Group' }).last().click();
    const group = rule.getByRole('group', { name: 'group 2' });
    await group.getByLabel('group 2 condition 1: field').selectOption({ label: 'Country' });
    await group.getByLabel('group 2 condition 1: operator').selectOption({ label: 'is' });
    await group.getByLabel('group 2 condition 1: value').fill('PT');
    await group.getByRole('button', { name: '+ Condition' }).click();
    await group.getByLabel('group 2 condition 2: field').selectOption({ label: 'Tier' });
    await group.getByLabel('group 2 condition 2: operator').selectOption({ label: 'is' });
    await group.getByLabel('group 2 condition 2: value').selectOption('Gold');
    await preview.getByRole('status').filter({ hasText: `${VIP_IN_PORTUGAL_OR_GOLD.length} contacts match` }).waitFor();
    // Each top-level condition's own count.
    expect(await rule.getByLabel('condition 1 matches').textContent()).toBe(String(VIP.length));
    const portugalOrGold = SEEDED.filter((c) => c.location.country === 'PT' || c.customFields.tier === 'Gold').length;
    expect(await rule.getByLabel('group 2 matches').textContent()).toBe(String(portugalOrGold));

    // Regrouping by keyboard: the tier condition out of its group (now required), then back in.
    const required = VIP.filter((c) => c.location.country === 'PT' && c.customFields.tier === 'Gold').length;
    await rule.getByRole('button', { name: 'Move group 2 condition 2 out of its group' }).focus();
    await page.keyboard.press('Enter');
    await preview.getByRole('status').filter({ hasText: new RegExp(`^${required} contacts? match`) }).waitFor();
    await rule.getByRole('button', { name: 'Group condition 3 with the one above' }).focus();
    await page.keyboard.press('Enter');
    await preview.getByRole('status').filter({ hasText: `${VIP_IN_PORTUGAL_OR_GOLD.length} contacts match` }).waitFor();
    // And by dragging: the tags condition into the group makes it "any of the three".
    const anyOfThree = SEEDED.filter((c) => c.tags.length || c.location.country === 'PT' || c.customFields.tier === 'Gold').length;
    await rule.getByRole('listitem', { name: 'condition 1' }).locator('.drag-handle').first().dragTo(group.getByRole('button', { name: '+ Condition' }));
    await preview.getByRole('status').filter({ hasText: `${anyOfThree} contacts match` }).waitFor();
    await rule.getByRole('button', { name: 'Move group 1 condition 3 out of its group' }).click();
    await rule.getByRole('button', { name: 'Move condition 2 up' }).click();
    await preview.getByRole('status').filter({ hasText: `${VIP_IN_PORTUGAL_OR_GOLD.length} contacts match` }).waitFor();

    // A value the service refuses: its words at the condition, the last counts kept.
    await rule.getByRole('button', { name: '+ Condition' }).last().click();
    await rule.getByLabel('condition 3: field').selectOption({ label: 'Total spent' });
    await rule.getByLabel('condition 3: operator').selectOption({ label: 'between' });
    await rule.getByLabel('condition 3: from').fill('500');
    await rule.getByLabel('condition 3: to').fill('100');
    await rule.getByRole('listitem', { name: 'condition 3' }).getByRole('alert').filter({ hasText: 'from must not be greater than to' }).waitFor();
    await console_.screenshot(page, 'segment-builder-refused');
    await rule.getByRole('button', { name: 'Remove condition 3' }).click();
    await preview.getByRole('status').filter({ hasText: `${VIP_IN_PORTUGAL_OR_GOLD.length} contacts match` }).waitFor();
    await console_.screenshot(page, 'segment-builder');
    expect(await console_.seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Create the segment' }).click();
    await page.getByRole('heading', { name: 'VIP in Portugal or gold', level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: `${VIP_IN_PORTUGAL_OR_GOLD.length} members · ready` }).waitFor({ timeout: 30_000 });
    await page.getByRole('cell', { name: VIP_IN_PORTUGAL_OR_GOLD[0].firstName, exact: true }).waitFor();
    const saved = (await segments.http.get('/v1/segments').set('Authorization', segments.auth).expect(200)).body.items[0];
    expect(saved.rule).toEqual({ all: [{ field: 'tags', op: 'hasAny', value: ['VIP'] }, { any: [{ field: 'location.country', op: 'eq', value: 'PT' }, { field: 'custom.tier', op: 'eq', value: 'Gold' }] }] });

    await page.getByRole('link', { name: '← All segments' }).click();
    const row = page.locator('table.grid tbody tr').filter({ hasText: 'VIP in Portugal or gold' });
    await row.locator('td').nth(1).filter({ hasText: String(VIP_IN_PORTUGAL_OR_GOLD.length) }).waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('ready');
  });

  it('merges a found pair keeping one field of the other contact, shown before it is confirmed, then undoes it from the history', async () => {
    const { auth, http } = stack.api('contacts', TENANT);
    const create = async (body: object) => (await http.post('/v1/contacts').set('Authorization', auth).send(body).expect(201)).body.id as string;
    const older = await create({ phone: '+5511987650001', firstName: 'Ana', lastName: 'Maria', email: 'ana.maria@gmail.com', company: 'Loja Azul' });
    const newer = await create({ phone: '+5511987650002', firstName: 'Ana', lastName: 'Maria', email: 'AnaMaria@googlemail.com', company: 'Loja Verde', tags: ['VIP'] });
    const dedupe = stack.api('dedupe', TENANT);
    await waitFor('the pair found', async () => {
      const { body } = await dedupe.http.get(`/v1/dedupe/groups?contactId=${older}`).set('Authorization', dedupe.auth);
      return body.items?.length ? true : undefined;
    }, 20_000);

    const page = await console_.signIn(TENANT, 'agent', '/duplicates');
    const candidate = page.getByRole('listitem', { name: 'Ana Maria and Ana Maria' });
    await candidate.waitFor();
    expect(await candidate.locator('.evidence').textContent()).toContain('anamaria@gmail.com');
    await console_.screenshot(page, 'duplicates-queue');
    expect(await console_.seriousViolations(page)).toEqual([]);
    await candidate.getByRole('button', { name: 'Review and merge' }).click();

    const review = page.getByRole('region', { name: 'Merge Ana Maria and Ana Maria' });
    const merged = (field: string) => review.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: field, exact: true }) }).locator('td.merged');
    // The newest value by default; the other contact's chosen instead, and the merged result follows.
    await merged('Email').filter({ hasText: 'anamaria@googlemail.com' }).waitFor();
    await review.getByRole('radio', { name: 'Email: ana.maria@gmail.com (from Ana Maria)' }).check();
    await merged('Email').filter({ hasText: 'ana.maria@gmail.com' }).waitFor();
    expect(await merged('Company').textContent()).toBe('Loja Verde');
    await console_.screenshot(page, 'duplicates-merge');
    expect(await console_.seriousViolations(page)).toEqual([]);
    await review.getByRole('button', { name: 'Merge 2 contacts' }).click();
    await page.getByRole('status').filter({ hasText: 'Merged.' }).waitFor({ timeout: 20_000 });

    const kept = (await http.get(`/v1/contacts/${older}`).set('Authorization', auth).expect(200)).body;
    expect(kept).toMatchObject({ email: 'ana.maria@gmail.com', company: 'Loja Verde', tags: ['VIP'] });
    await http.get(`/v1/contacts/${newer}`).set('Authorization', auth).expect(404);

    const history = page.getByRole('region', { name: 'Merge history' });
    await history.locator('tbody tr').first().locator('td').nth(3).filter({ hasText: 'applied' }).waitFor();
    await history.getByRole('button', { name: /^Undo the merge/ }).first().click();
    await history.locator('tbody tr').first().locator('td').nth(3).filter({ hasText: 'undone' }).waitFor({ timeout: 20_000 });
    await waitFor('the merged-away contact back', async () => ((await http.get(`/v1/contacts/${newer}`).set('Authorization', auth)).status === 200 ? true : undefined), 20_000);
    await waitFor('the kept contact as before', async () => {
      const body = (await http.get(`/v1/contacts/${older}`).set('Authorization', auth).expect(200)).body;
      return body.company === 'Loja Azul' && body.email === 'ana.maria@gmail.com' ? true : undefined;
    }, 20_000);

    // An admin's full scan finds the pair again; "not duplicates" takes it off the queue for good.
    expect(await page.getByRole('button', { name: 'Scan every contact' }).count()).toBe(0);
    await page.goto(console_.signInLink(TENANT, 'admin', '/duplicates'));
    await page.getByRole('button', { name: 'Scan every contact' }).click();
    await page.getByRole('status').filter({ hasText: /^Scan completed: \d+ pairs found$/ }).waitFor({ timeout: 30_000 });
    await candidate.waitFor({ timeout: 20_000 });
    await candidate.getByRole('button', { name: 'Not duplicates' }).click();
    await candidate.waitFor({ state: 'detached' });
    expect((await dedupe.http.get(`/v1/dedupe/groups?contactId=${older}`).set('Authorization', dedupe.auth).expect(200)).body.items).toEqual([]);
  });
});
