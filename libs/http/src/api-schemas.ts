import { TSchema, Type } from '@sinclair/typebox';

/** Building blocks of the response schemas in the OpenAPI documents (see ApiResult). */
export const IsoDateTime = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A cursor page: pass `nextCursor` back as `cursor` until it is null. */
export const PageOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

/** What a change applied to many contacts did. */
export const BulkOutcomeSchema = Type.Object(
  { matched: Type.Integer({ minimum: 0 }), changed: Type.Integer({ minimum: 0 }) },
  { $id: 'BulkOutcome' },
);
