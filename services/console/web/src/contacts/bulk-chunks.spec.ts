import type { Api } from '../api/client';
import { idChunks } from './bulk-chunks';
import { NO_FILTERS } from './contact-query';

const collect = async (chunks: AsyncGenerator<string[]>) => {
  const all: string[][] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
};

describe('the ids a bulk change walks', () => {
  const signal = new AbortController().signal;

  it('sends chosen rows in chunks of 500', async () => {
    const ids = Array.from({ length: 1_201 }, (_, i) => `id${i}`);
    const chunks = await collect(idChunks((() => { throw new Error('no reads for chosen rows'); }) as Api, { kind: 'rows', ids }, '', NO_FILTERS, signal));
    expect(chunks.map((c) => c.length)).toEqual([500, 500, 201]);
  });

  it('walks every match oldest first by cursor, with the keyword and filters, whatever the grid shows', async () => {
    const asked: string[] = [];
    const pages: Record<string, { items: Array<{ id: string }>; nextCursor: string | null }> = {
      '': { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' },
      c1: { items: [{ id: 'c' }], nextCursor: 'c2' },
      c2: { items: [], nextCursor: null },
    };
    const api = (async (_service: string, path: string) => {
      asked.push(path);
      return pages[new URLSearchParams(path.split('?')[1]).get('cursor') ?? ''];
    }) as Api;
    const chunks = await collect(idChunks(api, { kind: 'matching', count: 3 }, 'globex', { ...NO_FILTERS, tag: 'VIP', sort: 'updatedAt:desc' }, signal));
    expect(chunks).toEqual([['a', 'b'], ['c']]);
    expect(asked[0]).toBe('/v1/contacts?q=globex&tag=VIP&sort=createdAt&order=asc&limit=500&fields=status');
    expect(asked).toHaveLength(3);
  });
});
