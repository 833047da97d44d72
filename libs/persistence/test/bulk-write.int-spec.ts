import { Connection } from 'mongoose';
import { connectMongo } from '@roster/persistence';
import { IsolatedInfrastructure, isolatedInfrastructure } from '@roster/testing';

jest.setTimeout(60_000);

/**
 * The contacts bulk upsert sends up to 1,000 update statements in one command. The server must
 * complete such a command however many of its statements match (the local FerretDB once held
 * one pooled connection per matching statement until the command ended, and waited for good
 * past 100).
 */
describe('bulk writes on the MongoDB-compatible server', () => {
  let infra: IsolatedInfrastructure;
  let connection: Connection;

  beforeAll(async () => {
    infra = await isolatedInfrastructure('bulkwrite');
    connection = await connectMongo(infra.mongoUrl, infra.mongoDb);
  });

  afterAll(async () => {
    await connection?.close();
    await infra?.cleanup();
  });

  it('applies one command of 1,000 matching updates, and the next command still runs', async () => {
    const people = connection.collection<{ _id: string; n: number; seen?: number }>('people');
    await people.insertMany(Array.from({ length: 1000 }, (_, n) => ({ _id: `p${n}`, n })));

    const result = await people.bulkWrite(
      Array.from({ length: 1000 }, (_, n) => ({ updateOne: { filter: { _id: `p${n}` }, update: { $set: { seen: n } } } })),
      { ordered: false },
    );

    expect(result.matchedCount).toBe(1000);
    expect(result.modifiedCount).toBe(1000);
    expect(await people.countDocuments({ seen: { $gte: 0 } })).toBe(1000);
    await people.insertOne({ _id: 'after', n: -1 });
    expect(await people.findOne({ _id: 'after' })).toMatchObject({ n: -1 });
  });
});
