import { randomBytes } from 'node:crypto';
import { sniffFile } from './file-sniffer';

describe('sniffFile', () => {
  it('accepts text in any of the supported encodings', () => {
    expect(sniffFile(Buffer.from('\uFEFFphone,name\n+4915123456789,Anna\n'))).toMatchObject({ ok: true, encoding: { encoding: 'utf-8', bomLength: 3 } });
    expect(sniffFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('phone\n1\n', 'utf16le')]))).toMatchObject({ ok: true, encoding: { encoding: 'utf-16le' } });
  });

  it.each([
    [Buffer.alloc(0), 'the file is empty'],
    [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), 'zip archive'],
    [Buffer.from('%PDF-1.7\n'), 'PDF document'],
    [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'PNG image'],
    [Buffer.concat([Buffer.from([0x01, 0x02]), randomBytes(2000)]), 'binary data'],
  ])('refuses %#, saying what it is', (head, words) => {
    const result = sniffFile(head);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(words);
  });
});
