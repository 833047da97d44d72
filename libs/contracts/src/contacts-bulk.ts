/** The contacts service's bulk upsert over HTTP: what the imports service sends and gets back. */
export const ContactsBulkApi = {
  upsertPath: '/v1/contacts/bulk-upsert',
  previewPath: '/v1/contacts/bulk-upsert/preview',
  maxRows: 1000,
} as const;

export const UPSERT_MODES = ['create', 'update', 'upsert'] as const;
export type UpsertMode = (typeof UPSERT_MODES)[number];

export const ROW_STATUSES = ['created', 'updated', 'unchanged', 'rejected'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

export interface RowResult {
  /** Index of the row in the request's `contacts`. */
  row: number;
  status: RowStatus;
  contactId?: string;
  reason?: string;
  field?: string;
}

export interface BulkConsent {
  status: 'opted_in' | 'opted_out';
  method: string;
  source: string;
  proof?: string;
}

export interface BulkUpsertRequest {
  batchKey?: string;
  mode: UpsertMode;
  defaultCountry?: string;
  tags?: string[];
  listId?: string;
  leadSource?: string;
  consent?: BulkConsent;
  contacts: Record<string, unknown>[];
}

export interface BulkUpsertResponse {
  counts: Record<RowStatus, number>;
  results: RowResult[];
}
