import { Static, Type } from '@sinclair/typebox';

/** BullMQ queue names (no `:`, which BullMQ reserves for its keys). */
export const Queues = {
  ImportRun: 'roster-import-run',
} as const;

export const ImportRunJobSchema = Type.Object(
  {
    tenantId: Type.String({ minLength: 1 }),
    importId: Type.String({ minLength: 1 }),
    correlationId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export type ImportRunJob = Static<typeof ImportRunJobSchema>;

/** Deterministic job id: enqueuing the same import twice yields one job. */
export function importRunJobId(job: Pick<ImportRunJob, 'tenantId' | 'importId'>): string {
  return `${job.tenantId}__${job.importId}`;
}

export const QUEUE_CATALOGUE = [
  { name: Queues.ImportRun, payload: ImportRunJobSchema, description: 'Runs one import: streams its file in chunks through the contacts bulk upsert.' },
] as const;
