import { RecordCounter } from './record-counter';

const count = (...chunks: string[]) => {
  const counter = new RecordCounter();
  for (const chunk of chunks) counter.add(Buffer.from(chunk, 'utf8'));
  return counter.dataRows;
};

describe('RecordCounter', () => {
  it('counts data rows after the header, with or without a last line end', () => {
    expect(count('phone,name\n1,a\n2,b\n')).toBe(2);
    expect(count('phone,name\r\n1,a\r\n2,b')).toBe(2);
    expect(count('phone,name\n')).toBe(0);
    expect(count('')).toBe(0);
  });

  it('does not count line ends inside quoted cells, even when a chunk cuts the cell', () => {
    expect(count('phone,notes\n1,"line one\nline ', 'two"\n2,"say ""hi""\n"\n')).toBe(2);
  });
});
