import { Schema } from 'mongoose';
import { CUSTOM_FIELD_TYPES } from '@roster/contracts';
import { CustomFieldDefinition } from '../contacts/domain/custom-fields';
import { MessagingPolicy } from '../messages/domain/messaging-policy';

export interface Tenant {
  tenantId: string;
  planLimit: number;
  contactCount: number;
  defaultCountry: string | null;
  requiredFields: string[];
  customFields: CustomFieldDefinition[];
  leadSources: string[];
  /** Imports must say how and where their contacts consented before they run. */
  importConsentRequired: boolean;
  /** What message outcomes do (defaults in DEFAULT_MESSAGING_POLICY for what it leaves out). */
  messaging?: Partial<MessagingPolicy>;
  createdAt: Date;
  updatedAt: Date;
}

export const STANDARD_LEAD_SOURCES = ['ads', 'website', 'qr', 'form', 'chatbot', 'campaign', 'import', 'api'] as const;

export const TenantSchema = new Schema<Tenant>(
  {
    tenantId: { type: String, required: true },
    planLimit: { type: Number, required: true },
    contactCount: { type: Number, required: true, default: 0 },
    defaultCountry: { type: String, default: null },
    requiredFields: { type: [String], default: [] },
    customFields: {
      type: [
        new Schema(
          { key: String, label: String, type: { type: String, enum: CUSTOM_FIELD_TYPES }, options: { type: [String], default: undefined } },
          { _id: false },
        ),
      ],
      default: [],
    },
    leadSources: { type: [String], default: [] },
    importConsentRequired: { type: Boolean, default: false },
    messaging: { type: Schema.Types.Mixed, default: undefined },
  },
  { timestamps: true, versionKey: false, collection: 'tenants' },
);
TenantSchema.index({ tenantId: 1 }, { unique: true });
