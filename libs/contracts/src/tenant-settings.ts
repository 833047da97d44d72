/**
 * A tenant's contact settings as the contacts API takes them and the console edits them: one
 * definition for the server's validation and the console's choices.
 */
export const REQUIRABLE_FIELDS = ['firstName', 'lastName', 'email', 'company', 'language', 'leadSource', 'birthDate'] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'boolean', 'date', 'enum'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** A custom field's key: a lowercase letter, then letters, digits and _. */
export const CUSTOM_FIELD_KEY = /^[a-z][a-zA-Z0-9_]{0,39}$/;

/** A lead source: a lowercase word (letters, digits, _ and -). */
export const LEAD_SOURCE = /^[a-z][a-z0-9_-]{0,39}$/;
