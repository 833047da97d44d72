import { Connection, mongo } from 'mongoose';
import { coalescedInserts, coalescedUpdates, connectMongo } from '@roster/persistence';
import { IsolatedInfrastructure, isolatedInfrastructure } from '@roster/testing';

/** Compare-and-set writes of many callers at once, answered each as if it had written alone. */
describe('coalesced inserts and conditional updates on the MongoDB-compatible server', () => {
  let infra: IsolatedInfrastructure;
  let connection: Connection;
  let docs: mongo.Collection<mongo.Document>;

  beforeAll(async () => {
    infra = await isolatedInfrastructure('coalesced');
    connection = await connectMongo(infra.mongoUrl, infra.mongoDb);
    docs = connection.collection('docs') as never;
  });

  afterAll(async () => {
    await connection?.close();
    await infra?.cleanup();
  });

  it('tells each inserting caller whether its document went in, duplicates within and before the batch included', async () => {
    await docs.insertOne({ _id: 'taken' as never, rev: 1 });
    const inserts = coalescedInserts(docs);
    const ids = ['a', 'taken', 'b', 'a', 'c'];
    const outcomes = await Promise.all(ids.map((_id) => inserts.request({ _id, rev: 1 })));
    expect(outcomes).toEqual([true, false, true, false, true]);
    expect(await docs.countDocuments({ _id: { $in: ['a', 'b', 'c'] } } as never)).toBe(3);
  });

  it('answers 200 racing compare-and-set writers: exactly one per revision wins, and every win is stored', async () => {
    await docs.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `cas-${i}` as never, rev: 0, writers: [] })));
    const updates = coalescedUpdates(docs);
    // Four writers per document, all expecting revision 0.
    const attempts = Array.from({ length: 200 }, (_, n) => ({ id: `cas-${n % 50}`, writer: n }));
    const wins = await Promise.all(
      attempts.map(({ id, writer }) => updates.request({ filter: { _id: id as never, rev: 0 }, update: { $set: { rev: 1 }, $push: { writers: writer } } as never })),
    );
    const stored = await docs.find({ _id: { $in: Array.from({ length: 50 }, (_, i) => `cas-${i}`) } } as never).toArray();
    expect(stored.every((d) => d.rev === 1 && d.writers.length === 1)).toBe(true);
    const winners = attempts.filter((_, i) => wins[i]).map((a) => a.writer).sort((x, y) => x - y);
    expect(winners).toEqual(stored.map((d) => d.writers[0]).sort((x: number, y: number) => x - y));
  });
});
