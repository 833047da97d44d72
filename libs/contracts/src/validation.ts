import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EVENT_CATALOGUE, eventDefinitionByType } from './catalogue';
import { EnvelopeAttributesSchema, EventEnvelope, envelopeSchema } from './envelope';

export type EventValidation = { ok: true; event: EventEnvelope } | { ok: false; reason: string };

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validateAttributes = ajv.compile(
  // Attributes only; `data` is checked against the event type's own schema below.
  { ...EnvelopeAttributesSchema, properties: { ...EnvelopeAttributesSchema.properties, data: {} }, required: [...(EnvelopeAttributesSchema.required ?? []), 'data'] },
);
const validators = new Map<string, ValidateFunction>(
  EVENT_CATALOGUE.map((definition) => [definition.type, ajv.compile(envelopeSchema(definition.data))]),
);

function explain(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message}`)
    .join('; ');
}

/** Checks an incoming message (already JSON-parsed) against the envelope and its type's schema. */
export function validateEvent(candidate: unknown): EventValidation {
  if (!validateAttributes(candidate)) return { ok: false, reason: `invalid envelope: ${explain(validateAttributes)}` };
  const envelope = candidate as EventEnvelope;
  if (!eventDefinitionByType(envelope.type)) return { ok: false, reason: `unknown event type ${envelope.type}` };
  const validate = validators.get(envelope.type)!;
  if (!validate(candidate)) return { ok: false, reason: `invalid ${envelope.type}: ${explain(validate)}` };
  return { ok: true, event: envelope };
}
