import { Schema, Types } from 'mongoose';

export interface ContactList {
  _id: Types.ObjectId;
  tenantId: string;
  name: string;
  nameKey: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ContactListSchema = new Schema<ContactList>(
  {
    tenantId: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    description: { type: String, default: null },
  },
  { timestamps: true, versionKey: false, collection: 'lists' },
);
ContactListSchema.index({ tenantId: 1, nameKey: 1 }, { unique: true });
