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

/** How far derived state (segment members, candidate pairs) is behind the contact changes on Kafka. */
export const FreshnessSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('current'), Type.Literal('catching-up')]),
    appliedThrough: Nullable(IsoDateTime),
    behindSeconds: Type.Number({ minimum: 0 }),
    pendingEvents: Type.Integer({ minimum: 0 }),
  },
  { $id: 'Freshness', description: 'current: every contact change published when last checked (at most a second ago) is applied; appliedThrough: every change published before it is applied' },
);
