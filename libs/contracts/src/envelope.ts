import { Static, TSchema, Type } from '@sinclair/typebox';
import { randomUUID } from 'node:crypto';

/** CloudEvents 1.0 attributes plus Roster's `tenantid` and `sequence` extensions. */
export const EnvelopeAttributesSchema = Type.Object(
  {
    specversion: Type.Literal('1.0'),
    id: Type.String({ minLength: 1, maxLength: 200 }),
    source: Type.String({ minLength: 1, description: 'The producing service, e.g. /roster/contacts' }),
    type: Type.String({ pattern: '^roster\\.[a-z-]+\\.[a-z-]+\\.v[0-9]+$' }),
    time: Type.String({ format: 'date-time' }),
    subject: Type.String({ minLength: 1, description: 'Aggregate id (contact id, import id, ...)' }),
    tenantid: Type.String({ minLength: 1 }),
    sequence: Type.Integer({ minimum: 1, description: 'Aggregate version, strictly increasing per aggregate' }),
    datacontenttype: Type.Literal('application/json'),
    correlationid: Type.Optional(Type.String({ description: 'Carried from the HTTP request or job that caused it' })),
    lane: Type.Optional(Type.Union([Type.Literal('interactive'), Type.Literal('bulk')], {
      description: 'bulk: made by bulk work (an import, a bulk upsert or action) and published on the topic\'s bulk lane; absent: interactive',
    })),
  },
  { additionalProperties: false },
);

export type EnvelopeAttributes = Static<typeof EnvelopeAttributesSchema>;

export interface EventEnvelope<TData = unknown> extends EnvelopeAttributes {
  data: TData;
}

export function envelopeSchema<T extends TSchema>(data: T) {
  return Type.Composite([EnvelopeAttributesSchema, Type.Object({ data })], { additionalProperties: false });
}

export interface EventDefinition<TSchemaT extends TSchema = TSchema> {
  /** Short name, used in docs and metrics: `ContactCreated`. */
  name: string;
  /** CloudEvents `type`: `roster.contact.created.v1`. */
  type: string;
  topic: string;
  description: string;
  data: TSchemaT;
  example: Static<TSchemaT>;
}

export function defineEvent<T extends TSchema>(definition: EventDefinition<T>): EventDefinition<T> {
  return definition;
}

export type EventData<D> = D extends EventDefinition<infer S> ? Static<S> : never;

export interface NewEvent<D extends EventDefinition> {
  tenantId: string;
  subject: string;
  sequence: number;
  source: string;
  data: EventData<D>;
  correlationId?: string;
  time?: Date;
  /** `bulk` for events of bulk work; interactive (absent) otherwise. */
  lane?: 'interactive' | 'bulk';
  /** The event's id when the producer derives it (the same decision made again is the same event); random otherwise. */
  id?: string;
}

export function createEvent<D extends EventDefinition>(definition: D, input: NewEvent<D>): EventEnvelope<EventData<D>> {
  const envelope: EventEnvelope<EventData<D>> = {
    specversion: '1.0',
    id: input.id ?? randomUUID(),
    source: input.source,
    type: definition.type,
    time: (input.time ?? new Date()).toISOString(),
    subject: input.subject,
    tenantid: input.tenantId,
    sequence: input.sequence,
    datacontenttype: 'application/json',
    data: input.data,
  };
  if (input.correlationId) envelope.correlationid = input.correlationId;
  if (input.lane === 'bulk') envelope.lane = 'bulk';
  return envelope;
}
