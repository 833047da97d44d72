import { mongo } from 'mongoose';
import { RequestCoalescer } from './request-coalescer';

/**
 * Reads by `_id` made side by side go as one `$in` (`find` is given each id once). A document asked
 * for by several callers of one batch goes to each as its own copy, so that what one caller does
 * with it never shows in another's.
 */
export function coalescedReadsById<T extends { _id: unknown }>(find: (ids: string[]) => Promise<T[]>): RequestCoalescer<string, T | null> {
  return new RequestCoalescer(async (ids) => {
    const found = await find([...new Set(ids)]);
    const byId = new Map(found.map((doc) => [String(doc._id), doc]));
    const given = new Set<string>();
    return ids.map((id) => {
      const doc = byId.get(id);
      if (!doc) return null;
      if (!given.has(id)) {
        given.add(id);
        return doc;
      }
      return mongo.BSON.deserialize(mongo.BSON.serialize(doc)) as T;
    });
  });
}
