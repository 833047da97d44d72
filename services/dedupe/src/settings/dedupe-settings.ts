import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import { FieldRule } from '@roster/merge';
import { MONGO_CONNECTION, StoredEntry, fromStoredEntries, toStoredEntries } from '@roster/persistence';
import { DEFAULT_GROUPING } from '../matching/domain/candidate-groups';

/** A tenant's dedupe settings; every field has a default. */
export interface DedupeSettingsView {
  /** Pairs scoring at least this are candidates. */
  threshold: number;
  /** How many days after a merge it can be undone. */
  undoWindowDays: number;
  /** Auto-merge policies turned on. */
  autoMerge: string[];
  /** How a merge resolves a field (or `custom.<key>`) where it differs from the default, newest non-empty value. */
  survivorRules: Record<string, FieldRule>;
}

export const DEFAULT_DEDUPE_SETTINGS: DedupeSettingsView = { threshold: DEFAULT_GROUPING.threshold, undoWindowDays: 30, autoMerge: [], survivorRules: {} };

type SettingsRecord = Partial<Omit<DedupeSettingsView, 'survivorRules'>> & { _id: string; survivorRules?: StoredEntry<FieldRule>[] | Record<string, FieldRule> };

const SettingsSchema = new Schema<SettingsRecord>(
  {
    _id: { type: String, required: true }, threshold: Number, undoWindowDays: Number, autoMerge: { type: [String], default: undefined },
    survivorRules: { type: Schema.Types.Mixed },
  },
  { versionKey: false, collection: 'dedupe_tenant_settings' },
);

/** Read on every contact event: held for a few seconds per instance. */
const CACHE_MS = 5_000;

@Injectable()
export class DedupeSettings {
  private readonly model: Model<SettingsRecord>;
  private readonly cache = new Map<string, { at: number; settings: DedupeSettingsView }>();

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<SettingsRecord>('DedupeTenantSettings', SettingsSchema);
  }

  async of(tenantId: string): Promise<DedupeSettingsView> {
    const held = this.cache.get(tenantId);
    if (held && Date.now() - held.at < CACHE_MS) return held.settings;
    const stored = await this.model.findById(tenantId).lean<SettingsRecord>().exec();
    const settings: DedupeSettingsView = {
      ...DEFAULT_DEDUPE_SETTINGS,
      ...Object.fromEntries(Object.entries(stored ?? {}).filter(([k, v]) => k !== '_id' && v != null)),
      survivorRules: fromStoredEntries(stored?.survivorRules),
    };
    this.cache.set(tenantId, { at: Date.now(), settings });
    return settings;
  }

  async save(tenantId: string, changes: Partial<DedupeSettingsView>): Promise<DedupeSettingsView> {
    const { survivorRules, ...rest } = changes;
    const fields = Object.fromEntries(
      Object.entries({ ...rest, survivorRules: survivorRules && toStoredEntries(survivorRules) }).filter(([, v]) => v !== undefined),
    );
    await this.model.updateOne({ _id: tenantId }, { $set: fields }, { upsert: true }).exec();
    this.cache.delete(tenantId);
    return this.of(tenantId);
  }
}
