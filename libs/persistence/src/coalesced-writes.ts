import { isDuplicateKeyError } from './duplicate-key';
import { randomUUID } from 'node:crypto';
import { mongo } from 'mongoose';
import { RequestCoalescer } from './request-coalescer';

type Collection = mongo.Collection<mongo.Document>;

export interface ConditionalUpdate {
  filter: mongo.Filter<mongo.Document>;
  update: mongo.UpdateFilter<mongo.Document>;
}


/**
 * The positions in an unordered bulk insert whose `_id` was taken, when that is all that failed;
 * undefined when anything else went wrong.
 */
export function duplicateKeyPositions(error: unknown): Set<number> | undefined {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const failed = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{ code?: number; index: number }>;
  return failed.length > 0 && failed.every(isDuplicateKeyError) ? new Set(failed.map((e) => e.index)) : undefined;
}

/** Set by a coalesced conditional update: which caller's update a document last took. */
export const LAST_WRITE_FIELD = 'lastWriteId';

/**
 * Single-document conditional updates (compare-and-set on a revision) made side by side go as one
 * unordered bulk write, and each caller learns whether its own filter matched. A bulk write reports
 * only how many matched: when all did, all are answered at once; otherwise (a concurrent writer
 * won somewhere) the documents are read back, and an update matched if its document still carries
 * its write id. One overwritten since by a later writer is answered as a miss, which its caller
 * treats as any concurrent write: it reads again and decides again.
 */
export function coalescedUpdates(collection: Collection): RequestCoalescer<ConditionalUpdate, boolean> {
  return new RequestCoalescer(async (writes) => {
    if (writes.length === 1) return [(await collection.updateOne(writes[0].filter, writes[0].update)).matchedCount === 1];
    const ids = writes.map(() => randomUUID());
    const result = await collection.bulkWrite(
      writes.map(({ filter, update }, i) => ({ updateOne: { filter, update: { ...update, $set: { ...update.$set, [LAST_WRITE_FIELD]: ids[i] } } } })),
      { ordered: false },
    );
    if (result.matchedCount === writes.length) return writes.map(() => true);
    const written = await collection
      .find({ _id: { $in: [...new Set(writes.map((w) => w.filter._id))] } } as never, { projection: { [LAST_WRITE_FIELD]: 1 } })
      .toArray();
    const taken = new Set(written.map((doc) => doc[LAST_WRITE_FIELD]));
    return ids.map((id) => taken.has(id));
  });
}

/**
 * Inserts made side by side go as one unordered `insertMany`; each caller learns whether its
 * document went in (false: one with its `_id` was there already). Any other failure of the batch
 * has each document inserted on its own, so that each caller gets its own error.
 */
export function coalescedInserts(collection: Collection): RequestCoalescer<mongo.Document, boolean> {
  const one = (document: mongo.Document) => collection.insertOne(document).then(() => true, (error: unknown) => {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  });
  const settled = (document: mongo.Document) => one(document).then((ok) => ({ ok }), (error: unknown) => ({ error }));
  return new RequestCoalescer(async (documents) => {
    if (documents.length === 1) return [await one(documents[0])];
    try {
      await collection.insertMany(documents, { ordered: false });
      return documents.map(() => true);
    } catch (error) {
      const duplicates = duplicateKeyPositions(error);
      if (duplicates) return documents.map((_, i) => !duplicates.has(i));
      // Answered one by one; a document the batch did insert now finds itself there (false), and
      // its caller reads it back as written by someone else, which it then is.
      const outcomes = await Promise.all(documents.map(settled));
      const firstError = outcomes.find((o): o is { error: unknown } => 'error' in o);
      if (firstError && outcomes.every((o) => 'error' in o)) throw firstError.error;
      return outcomes.map((o) => ('ok' in o ? o.ok : false));
    }
  });
}

/**
 * Unconditional writes (each caller's list of operations) made side by side go as one unordered
 * bulk write, and callers are answered together. For operations that commute, whose outcome
 * nobody asks about (set membership, upserts and removals of derived documents).
 * `tolerated` names write errors that leave the intended state in place (a duplicate key of an
 * upsert whose document already exists in its final form), which do not fail the batch.
 */
export function coalescedBulkWrites(
  collection: Collection,
  tolerated: (error: { code?: number }) => boolean = () => false,
): RequestCoalescer<mongo.AnyBulkWriteOperation<mongo.Document>[], void> {
  return new RequestCoalescer<mongo.AnyBulkWriteOperation<mongo.Document>[], void>(async (calls) => {
    const operations = calls.flat();
    if (operations.length > 0) {
      try {
        await collection.bulkWrite(operations, { ordered: false });
      } catch (error) {
        const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
        const failed = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{ code?: number }>;
        if (failed.length === 0 || !failed.every(tolerated)) throw error;
      }
    }
    return calls.map(() => undefined);
  });
}
