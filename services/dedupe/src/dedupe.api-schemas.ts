import { Type } from '@sinclair/typebox';
import { ContactSnapshotSchema } from '@roster/contracts';
import { IsoDateTime, Nullable } from '@roster/http';
import { FIELD_RULES } from '@roster/merge';

/** The response bodies of the dedupe API, as the OpenAPI document states them. */
const PairSchema = Type.Object({ a: Type.String(), b: Type.String() });

export const GroupsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      score: Type.Number({ minimum: 0, maximum: 1 }),
      members: Type.Array(
        Type.Object({
          id: Type.String(),
          version: Type.Integer({ minimum: 0 }),
          firstName: Nullable(Type.String()),
          lastName: Nullable(Type.String()),
          phone: Type.String(),
          email: Nullable(Type.String()),
          company: Nullable(Type.String()),
        }),
      ),
      pairs: Type.Array(
        Type.Composite([
          PairSchema,
          Type.Object({
            score: Type.Number({ minimum: 0, maximum: 1, description: 'The probability that the two are one person' }),
            features: Type.Array(Type.Object({ feature: Type.String(), field: Type.Optional(Type.String()), level: Type.Optional(Type.String()), score: Type.Number({ description: 'Weight in bits' }), detail: Type.String() })),
          }),
        ]),
      ),
    }),
  ),
});

export const DismissedSchema = Type.Object({ dismissedPairs: Type.Integer({ minimum: 0 }) });

export const ScanSchema = Type.Object(
  {
    id: Type.String(),
    state: Type.Union(['running', 'completed', 'incomplete', 'failed'].map((s) => Type.Literal(s)), { description: 'incomplete: fewer contacts scanned than the contacts service holds' }),
    phase: Type.Union(['catching-up', 'reading', 'matching', 'writing', 'done'].map((s) => Type.Literal(s))),
    read: Type.Integer({ minimum: 0, description: 'Contacts read (while catching up: taken in so far)' }),
    total: Type.Integer({ minimum: 0 }),
    expected: Nullable(Type.Integer({ minimum: 0, description: "The tenant's live contacts in the contacts service when the scan began" })),
    coverage: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'Contacts scanned of those expected' })),
    detail: Nullable(Type.String()),
    written: Type.Integer({ minimum: 0 }),
    pairsFound: Type.Integer({ minimum: 0 }),
    compared: Type.Integer({ minimum: 0 }),
    rules: Type.Array(
      Type.Object({ rule: Type.String(), blocks: Type.Integer({ minimum: 0 }), saturatedBlocks: Type.Integer({ minimum: 0 }), comparisons: Type.Integer({ minimum: 0 }) }),
      { description: 'Per blocking rule: blocks, blocks over the cap (not compared), comparisons it brought' },
    ),
    percent: Type.Number({ minimum: 0, maximum: 100 }),
    stalled: Type.Boolean(),
    failure: Type.Optional(Nullable(Type.String())),
    startedAt: IsoDateTime,
    finishedAt: Type.Optional(Nullable(IsoDateTime)),
  },
  { $id: 'Scan' },
);

export const MergeDecisionSchema = Type.Object(
  {
    id: Type.String(),
    state: Type.Union(['decided', 'applied', 'undo-requested', 'undone'].map((s) => Type.Literal(s))),
    survivorId: Type.String(),
    mergedIds: Type.Array(Type.String()),
    versions: Type.Record(Type.String(), Type.Integer()),
    fieldChoices: Type.Record(Type.String(), Type.String()),
    decidedBy: Type.String(),
    decidedAt: IsoDateTime,
    appliedAt: Nullable(IsoDateTime),
    undoRequestedBy: Nullable(Type.String()),
    undoneAt: Nullable(IsoDateTime),
  },
  { $id: 'MergeDecision' },
);

export const MergePlanSchema = Type.Object({
  survivorId: Type.String(),
  mergedIds: Type.Array(Type.String()),
  result: ContactSnapshotSchema,
  sources: Type.Record(Type.String(), Type.String(), { description: 'field → the contact whose value it takes' }),
});

export const DedupeSettingsSchema = Type.Object({
  threshold: Type.Number(),
  undoWindowDays: Type.Integer(),
  autoMerge: Type.Array(Type.String()),
  survivorRules: Type.Record(Type.String(), Type.Union(FIELD_RULES.map((r) => Type.Literal(r)))),
  matchFields: Type.Array(Type.Object({ key: Type.String(), comparison: Type.String() })),
});

export const PairsVerifyReportSchema = Type.Object({
  tenantId: Type.String(),
  contacts: Type.Integer({ minimum: 0 }),
  expected: Type.Integer({ minimum: 0 }),
  stored: Type.Integer({ minimum: 0 }),
  missing: Type.Integer({ minimum: 0 }),
  extra: Type.Integer({ minimum: 0 }),
  missingSample: Type.Array(PairSchema),
  extraSample: Type.Array(PairSchema),
  repaired: Type.Integer({ minimum: 0 }),
});
