import { ContactUpdated, TagChanged } from '@roster/contracts';
import { ContactRecord } from './contact.schema';
import { ContactChange } from './contact-writer';
import { changeTags } from './domain/tags';

/** Changes applied to one contact or, through BulkService, to many. */
export type ContactMutation = (current: ContactRecord) => ContactChange | null;

export const mutations = {
  tags: (add: string[], remove: string[]): ContactMutation => (current) => {
    const next = changeTags(current.tags, add, remove);
    if (!next.added.length && !next.removed.length) return null;
    return { set: { tags: next.tags }, event: TagChanged, data: (contact) => ({ contact, added: next.added, removed: next.removed }) };
  },
  status: (status: ContactRecord['status']): ContactMutation => (current) =>
    current.status === status ? null : { set: { status }, event: ContactUpdated, data: (contact) => ({ contact, changedFields: ['status'] }) },
  lists: (add: string[], remove: string[]): ContactMutation => (current) => {
    const lists = [...current.lists.filter((l) => !remove.includes(l)), ...add.filter((l) => !current.lists.includes(l))];
    if (lists.length === current.lists.length && lists.every((l, i) => l === current.lists[i])) return null;
    return { set: { lists }, event: ContactUpdated, data: (contact) => ({ contact, changedFields: ['lists'] }) };
  },
};
