import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { CsvDialect, MalformedCsvError, csvRecords } from './csv-records';

async function read(bytes: Buffer | string, dialect: CsvDialect = { encoding: 'utf-8', delimiter: ',' }) {
  const rows: string[][] = [];
  for await (const { cells } of csvRecords(Readable.from([Buffer.from(bytes)]), dialect)) rows.push(cells);
  return rows;
}

describe('csvRecords', () => {
  it('reads quoted commas, doubled quotes and line breaks inside quotes, CRLF and trailing blank lines', async () => {
    expect(await read('phone,note\r\n+491512,"a, ""b""\r\nc"\r\n\r\n\r\n')).toEqual([['phone', 'note'], ['+491512', 'a, "b"\r\nc']]);
  });

  it('drops the BOM and reads semicolon files from European spreadsheet exports in Windows-1252', async () => {
    expect(await read('\ufeffTelefone;Nome\n+5511;José\n', { encoding: 'utf-8', delimiter: ';' })).toEqual([['Telefone', 'Nome'], ['+5511', 'José']]);
    const legacy = iconv.encode('Telefon;Straße\n+4915;Müller\n', 'win1252');
    expect(await read(legacy, { encoding: 'windows-1252', delimiter: ';' })).toEqual([['Telefon', 'Straße'], ['+4915', 'Müller']]);
  });

  it('reads UTF-16 with its BOM', async () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('phone\t名前\n+8190\t太郎\n', 'utf-16le')]);
    expect(await read(text, { encoding: 'utf-16le', delimiter: '\t' })).toEqual([['phone', '名前'], ['+8190', '太郎']]);
  });

  it('stops on a quote that never closes, naming the record', async () => {
    const rows: number[] = [];
    const error = await (async () => {
      for await (const { record } of csvRecords(Readable.from([Buffer.from('a,b\n1,2\n3,"open\n4,5\n')]), { encoding: 'utf-8', delimiter: ',' })) rows.push(record);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(MalformedCsvError);
    expect(error.message).toMatch(/^record 3: a quoted field opened in this record is never closed/);
  });
});
