import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
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

describe('console: import, segment and duplicate workflows in a real browser, over the four services', () => {
  let stack: ConsoleStack;
  let console_: ConsoleHarness;

  beforeAll(async () => {
    stack = await startConsoleStack('console-flows');
    const { auth, http } = stack.api('contacts', TENANT);
    await http.patch('/v1/tenant').set('Authorization', auth).send({ defaultCountry: 'BR', leadSources: ['fair'] }).expect(200);
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
    expect((await http.get('/v1/contacts/count').set('Authorization', auth).expect(200)).body.count).toBe(0);
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
    expect([cells[0], ...cells.slice(2)]).toEqual(['feira.csv', 'completed', '4', '3', '0', '1']);
  });
});
