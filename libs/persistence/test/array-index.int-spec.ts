import { Connection } from 'mongoose';
import { ObjectId } from 'mongodb';
import { connectMongo } from '@roster/persistence';
import { IsolatedInfrastructure, isolatedInfrastructure } from '@roster/testing';

jest.setTimeout(60_000);

/**
 * Search terms and list memberships are arrays queried by element through a compound index. The
 * server must find a document by any of its elements however the array was written: inserted,
 * present before the index was built, replaced, emptied, or the document deleted (the local
 * FerretDB serves these queries from side tables its writes keep current).
 */
describe('queries by array element on an indexed field', () => {
  let infra: IsolatedInfrastructure;
  let connection: Connection;

  beforeAll(async () => {
    infra = await isolatedInfrastructure('arrayindex');
    connection = await connectMongo(infra.mongoUrl, infra.mongoDb);
  });

  afterAll(async () => {
    await connection?.close();
    await infra?.cleanup();
  });

  const ids = async (filter: object) =>
    (await connection.collection('people').find(filter).sort({ _id: 1 }).toArray()).map((p) => p._id);

  it('finds documents by element through every kind of write', async () => {
    // Loosely typed: one field is written as a string, an array of strings and an array of numbers.
    const people = connection.collection<{ _id: string; tenantId: string; terms?: string | Array<string | number>; list?: ObjectId; note?: string }>('people');
    const list = new ObjectId();
    await people.insertMany([
      { _id: 'before', tenantId: 't1', terms: ['ana', 'silva'] },
      { _id: 'scalar', tenantId: 't1', terms: 'ana' },
    ]);
    await people.createIndex({ tenantId: 1, terms: 1 });
    await people.createIndex({ tenantId: 1, list: 1 });
    await people.insertMany([
      { _id: 'after', tenantId: 't1', terms: ['ana', 'souza', 'ana'], list },
      { _id: 'other-tenant', tenantId: 't2', terms: ['ana'] },
      { _id: 'numbers', tenantId: 't1', terms: [1, 2] },
    ]);

    expect(await ids({ tenantId: 't1', terms: 'ana' })).toEqual(['after', 'before', 'scalar']);
    expect(await ids({ tenantId: 't1', terms: { $all: ['ana', 'silva'] } })).toEqual(['before']);
    expect(await ids({ $and: [{ tenantId: { $in: ['t1', 't2'] } }, { terms: { $in: ['souza', 'ana'] } }] })).toEqual(['after', 'before', 'other-tenant', 'scalar']);
    expect(await ids({ tenantId: 't1', list })).toEqual(['after']);
    expect(await ids({ tenantId: 't1', terms: 2 })).toEqual(['numbers']);

    await people.updateOne({ _id: 'before' }, { $set: { terms: ['bruno'] } });
    await people.updateOne({ _id: 'after' }, { $set: { terms: ['souza'] }, $unset: { list: '' } });
    await people.updateOne({ _id: 'scalar' }, { $set: { note: 'unrelated change' } });
    await people.deleteOne({ _id: 'other-tenant' });

    expect(await ids({ tenantId: 't1', terms: 'ana' })).toEqual(['scalar']);
    expect(await ids({ tenantId: 't1', terms: 'bruno' })).toEqual(['before']);
    expect(await ids({ tenantId: 't1', terms: 'souza' })).toEqual(['after']);
    expect(await ids({ tenantId: 't1', list })).toEqual([]);
    expect(await ids({ terms: 'ana' })).toEqual(['scalar']);

    await people.dropIndex('tenantId_1_terms_1');
    expect(await ids({ tenantId: 't1', terms: 'bruno' })).toEqual(['before']);
  });

  it('finds documents by the leading fields of an index that ends in _id, whatever the _id', async () => {
    // The shape of segment members: { tenantId, segmentId, _id } serves counts and keyset pages.
    const members = connection.collection<{ _id: string | number; tenantId: string; segmentId: string }>('members');
    await members.insertOne({ _id: 'seg1:c0', tenantId: 't1', segmentId: 'seg1' });
    await members.createIndex({ tenantId: 1, segmentId: 1, _id: 1 });
    await members.insertMany([
      { _id: 'seg1:c1', tenantId: 't1', segmentId: 'seg1' },
      { _id: 7, tenantId: 't1', segmentId: 'seg1' },
      { _id: 'seg2:c1', tenantId: 't1', segmentId: 'seg2' },
      { _id: 'seg1:c9', tenantId: 't2', segmentId: 'seg1' },
    ]);
    const inSegment = (segmentId: string, after?: string) =>
      members.find({ tenantId: 't1', segmentId, ...(after ? { _id: { $gt: after } } : {}) }).sort({ _id: 1 }).toArray().then((docs) => docs.map((d) => d._id));

    expect(await inSegment('seg1')).toEqual([7, 'seg1:c0', 'seg1:c1']);
    expect(await inSegment('seg1', 'seg1:c0')).toEqual(['seg1:c1']);
    expect(await members.countDocuments({ tenantId: 't1', segmentId: 'seg1' })).toBe(3);

    await members.updateOne({ _id: 'seg1:c1' }, { $set: { segmentId: 'seg2' } });
    await members.deleteOne({ _id: 7 });
    expect(await inSegment('seg1')).toEqual(['seg1:c0']);
    expect(await inSegment('seg2')).toEqual(['seg1:c1', 'seg2:c1']);
  });

  it('returns what an index narrowed in _id order, whatever the _id types, both ways and with a limit', async () => {
    // Searches and member pages read candidates sorted by _id. MongoDB orders numbers (by value,
    // whatever their type), then strings (by UTF-8 bytes: 'ab' before 'ab!'), then ObjectIds (by
    // time), then dates. A string of 24 hex digits must not pass for an ObjectId.
    const tagged = connection.collection<{ _id: string | number | ObjectId | Date; tenantId: string; tags: string[] }>('tagged');
    const [older, newer] = [new ObjectId('65a000000000000000000001'), new ObjectId('65b000000000000000000002')];
    const [hexString, date] = ['ffffffffffffffffffffffff', new Date('2026-01-01T00:00:00Z')];
    // Half before the index is built (its entries then come from the stored documents), half after.
    await tagged.insertMany([
      { _id: newer, tenantId: 't1', tags: ['vip', 'new'] },
      { _id: hexString, tenantId: 't1', tags: ['vip'] },
      { _id: 7, tenantId: 't1', tags: ['vip', 'new'] },
      { _id: 2.5, tenantId: 't1', tags: ['vip'] },
      { _id: -3, tenantId: 't1', tags: ['vip'] },
    ]);
    await tagged.createIndex({ tenantId: 1, tags: 1 });
    await tagged.insertMany([
      { _id: date, tenantId: 't1', tags: ['vip'] },
      { _id: older, tenantId: 't1', tags: ['vip'] },
      { _id: 'ab!', tenantId: 't1', tags: ['vip'] },
      { _id: 'ab', tenantId: 't1', tags: ['vip'] },
      { _id: 'zeta', tenantId: 't1', tags: ['new'] },
      { _id: new ObjectId(), tenantId: 't2', tags: ['vip'] },
    ]);
    const page = (filter: object, direction: 1 | -1, limit = 0) =>
      tagged.find({ tenantId: 't1', ...filter }).sort({ _id: direction }).limit(limit).toArray().then((docs) => docs.map((d) => d._id));

    const ascending = [-3, 2.5, 7, 'ab', 'ab!', hexString, older, newer, date];
    expect(await page({ tags: 'vip' }, 1)).toEqual(ascending);
    expect(await page({ tags: 'vip' }, -1)).toEqual([...ascending].reverse());
    expect(await page({ tags: 'vip' }, 1, 3)).toEqual([-3, 2.5, 7]);
    expect(await page({ tags: 'vip' }, -1, 2)).toEqual([date, newer]);
    expect(await page({ tags: 'vip', _id: { $gt: 'ab' } }, 1, 2)).toEqual(['ab!', hexString]);
    expect(await page({ tags: { $in: ['vip', 'new'] } }, 1)).toEqual([-3, 2.5, 7, 'ab', 'ab!', hexString, 'zeta', older, newer, date]);
    expect(await page({ tags: { $all: ['vip', 'new'] } }, 1, 1)).toEqual([7]);
    expect(await page({ tags: { $all: ['new', 'vip'] } }, -1)).toEqual([newer, 7]);

    // Rows an update adds take their place in the same order as the ones an insert wrote.
    await tagged.updateOne({ _id: hexString }, { $set: { tags: ['vip', 'new'] } });
    await tagged.updateOne({ _id: date }, { $set: { tags: ['new', 'vip'] } });
    expect(await page({ tags: { $all: ['vip', 'new'] } }, 1)).toEqual([7, hexString, newer, date]);
    expect(await page({ tags: { $all: ['new', 'vip'] } }, -1, 3)).toEqual([date, newer, hexString]);
  });
});
