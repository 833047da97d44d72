import { Type } from '@sinclair/typebox';
import { FreshnessSchema, IsoDateTime, Nullable, PageOf } from '@roster/http';
import { SEGMENT_STATES } from './segment.schema';

/** The response bodies of the segments API, as the OpenAPI document states them. */
const RuleSchema = Type.Record(Type.String(), Type.Unknown(), { description: 'A rule tree: all / any / not groups of conditions' });

export const SegmentSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    listId: Nullable(Type.String()),
    rule: RuleSchema,
    version: Type.Integer({ minimum: 1 }),
    status: Type.Union([...SEGMENT_STATES, 'catching-up' as const].map((s) => Type.Literal(s)), {
      description: 'backfilling: being filled; ready: its members reflect every contact change published; catching-up: filled, contact changes still being applied (see freshness); retiring: being deleted',
    }),
    freshness: FreshnessSchema,
    backfill: Type.Object({
      processed: Type.Integer({ minimum: 0 }),
      total: Type.Integer({ minimum: 0 }),
      percent: Type.Number({ minimum: 0, maximum: 100 }),
      startedAt: Type.Optional(Nullable(IsoDateTime)),
      finishedAt: Type.Optional(Nullable(IsoDateTime)),
    }),
    memberCount: Type.Optional(Type.Integer({ minimum: 0, description: 'On a single segment only' })),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { $id: 'Segment' },
);

export const SegmentPageSchema = PageOf(SegmentSchema);

export const MemberPageSchema = PageOf(Type.Object({ contactId: Type.String(), since: IsoDateTime }));

export const PreviewSchema = Type.Object({
  matching: Type.Integer({ minimum: 0 }),
  messageable: Type.Integer({ minimum: 0 }),
  evaluated: Type.Integer({ minimum: 0 }),
  sample: Type.Array(Type.Object({ id: Type.String(), firstName: Nullable(Type.String()), lastName: Nullable(Type.String()) })),
  conditions: Type.Array(Type.Object({ rule: RuleSchema, matching: Type.Integer({ minimum: 0 }) })),
  tookMs: Type.Number({ minimum: 0 }),
});

export const LifecycleSchema = Type.Object({ activeWithinDays: Type.Integer(), atRiskWithinDays: Type.Integer() });

export const ContactSegmentsSchema = Type.Object({
  contactId: Type.String(),
  items: Type.Array(Type.Object({ segmentId: Type.String(), name: Nullable(Type.String()), version: Type.Integer(), since: IsoDateTime })),
});

export const VerifyReportSchema = Type.Object({
  tenantId: Type.String(),
  contacts: Type.Integer({ minimum: 0 }),
  segments: Type.Array(
    Type.Object({
      segmentId: Type.String(),
      name: Type.String(),
      expected: Type.Integer({ minimum: 0 }),
      stored: Type.Integer({ minimum: 0 }),
      missing: Type.Integer({ minimum: 0 }),
      extra: Type.Integer({ minimum: 0 }),
      missingSample: Type.Array(Type.String()),
      extraSample: Type.Array(Type.String()),
    }),
  ),
  driftedContacts: Type.Integer({ minimum: 0 }),
  repaired: Type.Integer({ minimum: 0 }),
  checkedAt: IsoDateTime,
});
