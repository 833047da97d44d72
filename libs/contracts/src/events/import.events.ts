import { Type } from '@sinclair/typebox';
import { defineEvent } from '../envelope';
import { Topics } from '../topics';

export const ImportCountsSchema = Type.Object(
  {
    read: Type.Integer({ minimum: 0 }),
    created: Type.Integer({ minimum: 0 }),
    updated: Type.Integer({ minimum: 0 }),
    unchanged: Type.Integer({ minimum: 0 }),
    rejected: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

const counts = { read: 120, created: 100, updated: 12, unchanged: 0, rejected: 8 };

export const ImportStarted = defineEvent({
  name: 'ImportStarted',
  type: 'roster.import.started.v1',
  topic: Topics.Imports,
  description: 'An import run began.',
  data: Type.Object(
    {
      importId: Type.String(),
      fileName: Type.String(),
      sizeBytes: Type.Integer({ minimum: 0 }),
      mode: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('upsert')]),
    },
    { additionalProperties: false },
  ),
  example: { importId: 'imp_1', fileName: 'customers.csv', sizeBytes: 104857, mode: 'upsert' },
});

export const ImportCompleted = defineEvent({
  name: 'ImportCompleted',
  type: 'roster.import.completed.v1',
  topic: Topics.Imports,
  description: 'An import finished (also when cancelled); counts are what is stored.',
  data: Type.Object(
    { importId: Type.String(), counts: ImportCountsSchema, durationMs: Type.Integer({ minimum: 0 }), cancelled: Type.Boolean() },
    { additionalProperties: false },
  ),
  example: { importId: 'imp_1', counts, durationMs: 5400, cancelled: false },
});

export const ImportFailed = defineEvent({
  name: 'ImportFailed',
  type: 'roster.import.failed.v1',
  topic: Topics.Imports,
  description: 'An import stopped on an error; counts are what was stored before it.',
  data: Type.Object(
    { importId: Type.String(), reason: Type.String(), counts: ImportCountsSchema },
    { additionalProperties: false },
  ),
  example: { importId: 'imp_1', reason: 'file is not a CSV (zip archive)', counts },
});
