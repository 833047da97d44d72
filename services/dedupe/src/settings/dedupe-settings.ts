import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import { FieldRule } from '@roster/merge';
import { MONGO_CONNECTION, StoredEntry, fromStoredEntries, toStoredEntries } from '@roster/persistence';
import { DEFAULT_GROUPING } from '../matching/domain/candidate-groups';
import { MatchFieldDefinition } from '../matching/domain/evidence';
import { FieldParameters, MatchModel } from '../matching/domain/fellegi-sunter';

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
  /** Custom fields that are evidence of identity (an address, a postcode, a customer number), each with how it compares. */
  matchFields: MatchFieldDefinition[];
}

export const DEFAULT_DEDUPE_SETTINGS: DedupeSettingsView = { threshold: DEFAULT_GROUPING.threshold, undoWindowDays: 30, autoMerge: [], survivorRules: {}, matchFields: [] };

type SettingsRecord = Partial<Omit<DedupeSettingsView, 'survivorRules'>> & { _id: string; survivorRules?: StoredEntry<FieldRule>[] | Record<string, FieldRule> };

const SettingsSchema = new Schema<SettingsRecord>(
  {
    _id: { type: String, required: true }, threshold: Number, undoWindowDays: Number, autoMerge: { type: [String], default: undefined },
    survivorRules: { type: Schema.Types.Mixed },
    matchFields: { type: Schema.Types.Mixed },
  },
  { versionKey: false, collection: 'dedupe_tenant_settings' },
);

interface ModelRecord {
  _id: string;
  model: MatchModel;
  fittedAt: Date;
  /** Contacts and compared pairs it was fitted on. */
  contacts: number;
}

const ModelSchema = new Schema<ModelRecord>(
  { _id: { type: String, required: true }, model: { type: Schema.Types.Mixed, required: true }, fittedAt: Date, contacts: Number },
  { versionKey: false, minimize: false, collection: 'dedupe_match_models' },
);

/** Read on every contact event: held for a few seconds per instance. */
const CACHE_MS = 5_000;

@Injectable()
export class DedupeSettings {
  private readonly model: Model<SettingsRecord>;
  private readonly cache = new Map<string, { at: number; settings: DedupeSettingsView }>();
  private readonly modelRecords: Model<ModelRecord>;
  private readonly models = new Map<string, { at: number; model: MatchModel | null }>();

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<SettingsRecord>('DedupeTenantSettings', SettingsSchema);
    this.modelRecords = connection.model<ModelRecord>('DedupeMatchModel', ModelSchema);
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

  /** The model the tenant's last full scan fitted to its contacts; null before the first. */
  async matchModel(tenantId: string): Promise<MatchModel | null> {
    const held = this.models.get(tenantId);
    if (held && Date.now() - held.at < CACHE_MS) return held.model;
    const stored = await this.modelRecords.findById(tenantId).lean<ModelRecord>().exec();
    const model = stored
      ? { prior: stored.model.prior, fields: fromStoredEntries<FieldParameters>(stored.model.fields as never), lastNameFrequency: fromStoredEntries<number>(stored.model.lastNameFrequency as never) }
      : null;
    this.models.set(tenantId, { at: Date.now(), model });
    return model;
  }

  async saveMatchModel(tenantId: string, model: MatchModel, contacts: number): Promise<void> {
    // Field names (`custom.postcode`) and last names are keys of data: stored as entries.
    const stored = { prior: model.prior, fields: toStoredEntries(model.fields), lastNameFrequency: toStoredEntries(model.lastNameFrequency ?? {}) };
    await this.modelRecords.updateOne({ _id: tenantId }, { $set: { model: stored as never, fittedAt: new Date(), contacts } }, { upsert: true }).exec();
    this.models.delete(tenantId);
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
