import { Type } from '@sinclair/typebox';
import { ROW_STATUSES } from '@roster/contracts';
import { IsoDateTime, Nullable, PageOf } from '@roster/http';
import { PASS_STATES } from './import.schema';

/** The response bodies of the imports API, as the OpenAPI document states them. */
const count = Type.Integer({ minimum: 0 });

const PassSchema = Type.Object({
  state: Type.Union(PASS_STATES.map((s) => Type.Literal(s))),
  counts: Type.Object({ read: count, duplicates: count, ...Object.fromEntries(ROW_STATUSES.map((s) => [s, count])) }),
  rejectedByReason: Type.Record(Type.String(), count),
  bytesRead: count,
  startedAt: Type.Optional(IsoDateTime),
  finishedAt: Type.Optional(IsoDateTime),
  failure: Type.Optional(Type.String()),
  plan: Type.Optional(Type.Object({ contacts: count, limit: count, wouldCreate: count, refused: count, detail: Type.String() })),
  progress: Type.Object({
    bytesRead: count,
    rowsDone: count,
    rowsTotal: Nullable(Type.Integer({ minimum: 0, description: 'Rows counted at upload (null on imports stored before rows were counted)' })),
    percent: Type.Number({ minimum: 0, maximum: 100, description: 'Committed rows against the rows counted at upload' }),
    rowsPerSecond: Type.Number({ minimum: 0 }),
    etaSeconds: Nullable(Type.Number({ minimum: 0 })),
  }),
});

export const ImportSchema = Type.Object(
  {
    id: Type.String(),
    fileName: Type.String(),
    sizeBytes: count,
    encoding: Type.String(),
    delimiter: Type.String(),
    headers: Type.Array(Type.String()),
    sampleRows: Type.Array(Type.Array(Type.String()), { description: 'Empty for viewers' }),
    mapping: Type.Record(Type.String(), Type.String(), { description: 'header → phone, a standard field, custom:<key>, tags or ignore' }),
    mappingFrom: Nullable(
      Type.Object({ importId: Type.String(), fileName: Type.String(), at: IsoDateTime }, { description: 'The earlier import of the same headers whose mapping was offered again at upload' }),
    ),
    options: Type.Object({ mode: Type.Union(['create', 'update', 'upsert'].map((m) => Type.Literal(m))) }),
    status: Type.Union(['draft', ...PASS_STATES.filter((s) => s !== 'idle')].map((s) => Type.Literal(s))),
    cancelRequested: Type.Boolean(),
    dryRun: PassSchema,
    run: PassSchema,
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { $id: 'Import' },
);

export const ImportPageSchema = PageOf(ImportSchema);
