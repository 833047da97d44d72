/** A contact's fields in words, for every screen that names them (forms, mapping, merges, rules). */
export const CONTACT_FIELD_LABELS: Record<string, string> = {
  phone: 'Phone', phoneType: 'Phone type', firstName: 'First name', lastName: 'Last name', email: 'Email', company: 'Company', language: 'Language',
  leadSource: 'Lead source', status: 'Status', country: 'Country', city: 'City', birthDate: 'Birth date', notes: 'Notes', tags: 'Tags', lists: 'Lists',
  consent: 'WhatsApp consent', createdAt: 'Created', updatedAt: 'Updated',
};

/** A field's words; a custom field (`custom.<key>`) by its key when no label is at hand. */
export const fieldLabel = (field: string) => CONTACT_FIELD_LABELS[field] ?? (field.startsWith('custom.') ? field.slice(7) : field);
