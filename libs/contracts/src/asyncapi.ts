import { EVENT_CATALOGUE } from './catalogue';
import { EnvelopeAttributesSchema, envelopeSchema } from './envelope';
import { TOPIC_SPECS, contractTopic, deadLetterTopic } from './topics';

/** Strips TypeBox's symbol keys: what remains is plain JSON Schema. */
const plain = (schema: unknown) => JSON.parse(JSON.stringify(schema));

/**
 * Builds the AsyncAPI 3.0 document of every topic and event from the contracts themselves,
 * so the published catalogue cannot drift from what producers and consumers validate.
 */
export function buildAsyncApiDocument(version: string) {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = { EnvelopeAttributes: plain(EnvelopeAttributesSchema) };

  for (const spec of TOPIC_SPECS) {
    const events = EVENT_CATALOGUE.filter((e) => e.topic === contractTopic(spec.name));
    const channelId = spec.name.replace(/\./g, '_');
    channels[channelId] = {
      address: spec.name,
      description: `${spec.description} Key: ${spec.key}. Partitions: ${spec.partitions}. Dead letters: ${deadLetterTopic(spec.name)}.`,
      messages: Object.fromEntries(events.map((e) => [e.name, { $ref: `#/components/messages/${e.name}` }])),
    };
    operations[`${spec.inbound ? 'receive' : 'publish'}_${channelId}`] = {
      action: spec.inbound ? 'receive' : 'send',
      channel: { $ref: `#/channels/${channelId}` },
      messages: events.map((e) => ({ $ref: `#/channels/${channelId}/messages/${e.name}` })),
    };
    for (const event of events.filter((e) => !messages[e.name])) {
      schemas[event.name] = plain(envelopeSchema(event.data));
      messages[event.name] = {
        name: event.name,
        title: event.type,
        summary: event.description,
        contentType: 'application/json',
        headers: {
          type: 'object',
          properties: {
            ce_type: { type: 'string', const: event.type },
            ce_id: { type: 'string' },
            ce_tenantid: { type: 'string' },
            ce_sequence: { type: 'string' },
          },
        },
        bindings: { kafka: { key: { type: 'string', description: spec.key } } },
        payload: { $ref: `#/components/schemas/${event.name}` },
        examples: [{ name: `${event.name}Example`, payload: { type: event.type, data: event.example } }],
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Roster events',
      version,
      description: 'Events exchanged by the Roster services. Envelope: CloudEvents 1.0 (structured JSON) with tenantid and sequence.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages, schemas },
  };
}
