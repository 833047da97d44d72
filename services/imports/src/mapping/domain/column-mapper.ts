import { IMPORT_FIELDS, IMPORT_SPECIAL_TARGETS } from '@roster/contracts';

export type SpecialTarget = (typeof IMPORT_SPECIAL_TARGETS)[number];

/** Where a CSV column goes: a standard contact field, a custom field, a special target, or nowhere. */
export type ColumnTarget =
  | { kind: 'field'; field: StandardField }
  | { kind: 'custom'; key: string }
  | { [K in SpecialTarget]: { kind: K } }[SpecialTarget]
  | { kind: 'ignore' };

export type StandardField = (typeof IMPORT_FIELDS)[number];

/** Header names as tenants' spreadsheets spell them, in the languages of our markets (normalized). */
const SYNONYMS: Record<StandardField | SpecialTarget, string[]> = {
  phone: ['phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'whatsapp', 'whatsappnumber', 'telephone', 'tel',
    'telefone', 'celular', 'numero', 'numerodetelefone', 'numerodetelefono', 'telefono', 'movil', 'handy', 'handynummer', 'mobilnummer', 'telefonnummer', 'portable', 'gsm'],
  firstName: ['firstname', 'first', 'givenname', 'name', 'nome', 'primeironome', 'nombre', 'vorname', 'prenom'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'sobrenome', 'apellido', 'apellidos', 'nachname', 'nomdefamille'],
  email: ['email', 'emailaddress', 'mail', 'correo', 'correoelectronico', 'emailadresse'],
  company: ['company', 'companyname', 'organization', 'organisation', 'business', 'empresa', 'firma', 'unternehmen', 'societe', 'entreprise'],
  language: ['language', 'lang', 'idioma', 'lingua', 'sprache', 'langue', 'locale'],
  leadSource: ['leadsource', 'source', 'origem', 'origen', 'fuente', 'quelle', 'herkunft'],
  status: ['status', 'estado', 'situacao'],
  country: ['country', 'pais', 'land', 'pays', 'countrycode'],
  city: ['city', 'cidade', 'ciudad', 'stadt', 'ort', 'ville', 'town'],
  birthDate: ['birthdate', 'birthday', 'dateofbirth', 'dob', 'datadenascimento', 'nascimento', 'fechadenacimiento', 'geburtsdatum', 'geburtstag'],
  notes: ['notes', 'note', 'comments', 'comment', 'observacoes', 'observacao', 'notas', 'notizen', 'bemerkungen', 'remarques'],
  tags: ['tags', 'tag', 'labels', 'label', 'etiquetas', 'etiqueta', 'schlagworte'],
  lists: ['lists', 'list', 'listas', 'lista', 'listen', 'listes'],
  consent: ['consent', 'whatsappconsent', 'optin', 'consentimento', 'consentimiento', 'einwilligung', 'consentement'],
};

export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const LOOKUP = new Map<string, StandardField | SpecialTarget>(
  Object.entries(SYNONYMS).flatMap(([field, names]) => names.map((name) => [name, field as StandardField | SpecialTarget] as const)),
);

const isSpecial = (name: string): name is SpecialTarget => (IMPORT_SPECIAL_TARGETS as readonly string[]).includes(name);

export interface CustomFieldRef {
  key: string;
  label: string;
}

/**
 * Suggests a target for every column. A tenant's custom field matches by key or label; a field is
 * suggested for one column only (the first), later look-alikes are left to ignore.
 */
export function suggestMapping(headers: readonly string[], customFields: readonly CustomFieldRef[] = []): ColumnTarget[] {
  const custom = new Map<string, string>();
  for (const field of customFields) {
    custom.set(normalizeHeader(field.key), field.key);
    custom.set(normalizeHeader(field.label), field.key);
    custom.set(normalizeHeader(`cf.${field.key}`), field.key); // as exports name them
  }
  const taken = new Set<string>();
  return headers.map((header): ColumnTarget => {
    const name = normalizeHeader(header);
    const customKey = custom.get(name);
    const standard = LOOKUP.get(name);
    const target: ColumnTarget = customKey
      ? { kind: 'custom', key: customKey }
      : standard && isSpecial(standard)
        ? { kind: standard }
        : standard
          ? { kind: 'field', field: standard }
          : { kind: 'ignore' };
    const id = target.kind === 'field' ? target.field : target.kind === 'custom' ? `custom:${target.key}` : target.kind;
    if (target.kind !== 'ignore' && target.kind !== 'tags' && taken.has(id)) return { kind: 'ignore' };
    taken.add(id);
    return target;
  });
}
