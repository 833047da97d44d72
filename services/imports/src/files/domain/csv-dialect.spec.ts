import { detectDelimiter, detectEncoding } from './csv-dialect';

describe('detectEncoding', () => {
  it('reads byte order marks', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x61]))).toEqual({ encoding: 'utf-16be', bomLength: 2 });
  });

  it('tells UTF-16 without a BOM, UTF-8 and Windows-1252 apart', () => {
    expect(detectEncoding(Buffer.from('phone,name\n+4915123456789,Jürgen\n', 'utf16le')).encoding).toBe('utf-16le');
    expect(detectEncoding(Buffer.from('phone,name\n+4915123456789,Jürgen\n', 'utf8')).encoding).toBe('utf-8');
    expect(detectEncoding(Buffer.from('phone;name\n+4915123456789;J\xfcrgen\n', 'latin1')).encoding).toBe('windows-1252');
  });

  it('does not mistake a character cut at the end of the sample for Windows-1252', () => {
    const text = Buffer.from('name\nJürgen', 'utf8');
    expect(detectEncoding(text.subarray(0, text.length - 5)).encoding).toBe('utf-8');
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['phone,name,company\n1,a,b\n2,c,d\n', ','],
    ['Telefone;Nome;Empresa\n1;"Silva, Ana";b\n2;c;d\n', ';'],
    ['phone\tname\n1\ta\n', '\t'],
    ['phone|name|tags\n1|a|x,y\n2|b|z\n', '|'],
    ['phone,notes\r\n1,"line one\r\nline; two; three"\r\n2,x\r\n', ','],
  ])('finds the delimiter of %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});
