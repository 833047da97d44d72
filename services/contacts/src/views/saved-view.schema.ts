import { Schema, Types } from 'mongoose';

/** A named way of looking at contacts: a search (as its query string) and the grid's columns. */
export interface SavedView {
  _id: Types.ObjectId;
  tenantId: string;
  /** The token subject that saved it (or its role, for tokens without one). */
  owner: string;
  name: string;
  /** The search as `GET /v1/contacts` takes it, e.g. `q=ana&tag=VIP&sort=createdAt&order=desc`. */
  query: string;
  columns: string[];
  /** Shown to everyone in the tenant; only its owner changes or deletes it. */
  shared: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const SavedViewSchema = new Schema<SavedView>(
  {
    tenantId: { type: String, required: true },
    owner: { type: String, required: true },
    name: { type: String, required: true },
    query: { type: String, default: '' },
    columns: { type: [String], default: [] },
    shared: { type: Boolean, default: false },
  },
  { timestamps: true, versionKey: false, collection: 'saved_views' },
);
SavedViewSchema.index({ tenantId: 1, owner: 1, name: 1 }, { unique: true });
