/**
 * What an import's upload and mapping take, as the imports API validates them and the console
 * offers them: one definition for both.
 */

/** Contact fields a CSV column can fill. */
export const IMPORT_FIELDS = [
  'phone', 'firstName', 'lastName', 'email', 'company', 'language', 'leadSource', 'status', 'country', 'city', 'birthDate', 'notes',
] as const;

/** Columns that are not one field: tags, lists by name (`;` between them), the WhatsApp consent status. */
export const IMPORT_SPECIAL_TARGETS = ['tags', 'lists', 'consent'] as const;

/** Encodings an upload may be read in (detected, or chosen). */
export const IMPORT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;

/** Delimiters an upload may be split by; `tab` stands for a tab character, awkward in a URL. */
export const IMPORT_DELIMITERS = [',', ';', '\t', 'tab', '|'] as const;
