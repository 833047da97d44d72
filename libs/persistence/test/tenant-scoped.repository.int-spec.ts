import { Connection, Model, Schema } from 'mongoose';
import { InvalidCursorError, MissingTenantError, TenantScopedRepository, connectMongo } from '@roster/persistence';
import { IsolatedInfrastructure, isolatedInfrastructure } from '@roster/testing';

interface Person {
  tenantId: string;
  phone: string;
  name: string;
}

const PersonSchema = new Schema<Person>({ tenantId: { type: String, required: true }, phone: String, name: String });
PersonSchema.index({ tenantId: 1, phone: 1 }, { unique: true });

class PersonRepository extends TenantScopedRepository<Person> {
  constructor(model: Model<Person>) {
    super(model);
  }
}

describe('tenant-scoped repository on the MongoDB-compatible server', () => {
  let infra: IsolatedInfrastructure;
  let connection: Connection;
  let people: PersonRepository;

  beforeAll(async () => {
    infra = await isolatedInfrastructure('persistence');
    connection = await connectMongo(infra.mongoUrl, infra.mongoDb);
    people = new PersonRepository(connection.model<Person>('Person', PersonSchema));
    await people.ensureIndexes();
  });

  afterAll(async () => {
    await connection?.close();
    await infra?.cleanup();
  });

  it('drops the indexes it retired once their successors exist, and nothing else', async () => {
    class RenamedIndexRepository extends PersonRepository {
      protected override readonly retiredIndexes = ['tenantId_1_name_1', 'tenantId_1_absent_1'];
    }
    const schema = PersonSchema.clone();
    schema.index({ tenantId: 1, name: 1, _id: 1 });
    const model = connection.model<Person>('RenamedPerson', schema, 'renamed_people');
    await model.collection.createIndex({ tenantId: 1, name: 1 });
    await model.collection.createIndex({ phone: 1 }, { name: 'kept_by_operator' });

    await new RenamedIndexRepository(model).ensureIndexes();
    const names = (await model.collection.listIndexes().toArray()).map((index) => index.name).sort();
    expect(names).toEqual(['_id_', 'kept_by_operator', 'tenantId_1_name_1__id_1', 'tenantId_1_phone_1']);
  });

  it('round-trips a document', async () => {
    const stored = await people.insert('acme', { phone: '+4915123456789', name: 'Anna' });
    const found = await people.findById('acme', String((stored as Person & { _id: unknown })._id));
    expect(found).toMatchObject({ tenantId: 'acme', phone: '+4915123456789', name: 'Anna' });
  });

  it('refuses a duplicate through the unique index, per tenant', async () => {
    await people.insert('acme', { phone: '+4915100000001', name: 'Ben' });
    await expect(people.insert('acme', { phone: '+4915100000001', name: 'Ben again' })).rejects.toMatchObject({ code: 11000 });
    await expect(people.insert('globex', { phone: '+4915100000001', name: 'Other tenant' })).resolves.toMatchObject({ tenantId: 'globex' });
    expect(await people.count('acme', { phone: '+4915100000001' })).toBe(1);
  });

  it('never reaches another tenant, whatever the filter says', async () => {
    const theirs = await people.insert('globex', { phone: '+4915100000002', name: 'Secret' });
    const id = String((theirs as Person & { _id: unknown })._id);
    expect(await people.findById('acme', id)).toBeNull();
    expect(await people.findOne('acme', { tenantId: 'globex', phone: '+4915100000002' } as never)).toBeNull();
    expect(await people.updateOne('acme', { _id: id }, { $set: { name: 'hijacked' } })).toBe(false);
    expect(await people.deleteOne('acme', { _id: id })).toBe(false);
    expect(await people.findById('globex', id)).toMatchObject({ name: 'Secret' });
    await expect(people.count('')).rejects.toBeInstanceOf(MissingTenantError);
  });

  it('applies concurrent updates of one document atomically, as MongoDB does', async () => {
    await people.insert('atomic', { phone: '+4915100000777', name: '0' });
    const counter = connection.collection('counters');
    await counter.insertOne({ _id: 'c' as never, n: 0, version: 0 });
    await Promise.all(Array.from({ length: 30 }, () => counter.updateOne({ _id: 'c' as never }, { $inc: { n: 1 } })));
    expect((await counter.findOne({ _id: 'c' as never }))?.n).toBe(30);
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => counter.findOneAndUpdate({ _id: 'c' as never, version: 0 }, { $set: { version: 1, winner: i } })),
    );
    expect(attempts.filter((winner) => winner !== null)).toHaveLength(1);
  });

  it('pages with stable cursors and refuses a forged one', async () => {
    for (let i = 0; i < 25; i++) await people.insert('paged', { phone: `+49151200000${String(i).padStart(2, '0')}`, name: `P${i}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await people.page('paged', {}, cursor, 10);
      seen.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(25);
    await expect(people.page('paged', {}, 'bm90LWFuLWlk', 10)).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
