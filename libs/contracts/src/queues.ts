import { Static, Type } from '@sinclair/typebox';

/** BullMQ queue names (no `:`, which BullMQ reserves for its keys). */
export const Queues = {
  ImportRun: 'roster-import-run',
} as const;

export const ImportRunJobSchema = Type.Object(
  {
    tenantId: Type.String({ minLength: 1 }),
    importId: Type.String({ minLength: 1 }),
    /** A dry run validates every row and writes nothing; a run stores them. */
    kind: Type.Union([Type.Literal('dry-run'), Type.Literal('run')]),
    correlationId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export type ImportRunJob = Static<typeof ImportRunJobSchema>;

/** Deterministic job id: enqueuing the same import twice yields one job. */
export function importRunJobId(job: Pick<ImportRunJob, 'tenantId' | 'importId' | 'kind'>): string {
  return `${job.tenantId}__${job.importId}__${job.kind}`;
}

export const QUEUE_CATALOGUE = [
  { name: Queues.ImportRun, payload: ImportRunJobSchema, description: 'Runs one import (or its dry run): streams its file in chunks through the contacts bulk upsert (or its preview).' },
] as const;
