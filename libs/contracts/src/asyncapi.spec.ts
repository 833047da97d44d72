import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApiDocument } from './asyncapi';
import { EVENT_CATALOGUE } from './catalogue';
import { TOPIC_SPECS } from './topics';

const committedPath = join(__dirname, '..', 'asyncapi.json');
const version = require('../../../package.json').version as string;

describe('AsyncAPI document', () => {
  const generated = buildAsyncApiDocument(version);

  it('matches the committed libs/contracts/asyncapi.json (run `npm run asyncapi` after changing a contract)', () => {
    const committed = JSON.parse(readFileSync(committedPath, 'utf8'));
    expect(committed).toEqual(generated);
  });

  it('is AsyncAPI 3 and lists every event of the catalogue on its topic', () => {
    expect(generated.asyncapi).toBe('3.0.0');
    for (const event of EVENT_CATALOGUE) {
      const channel = generated.channels[event.topic.replace(/\./g, '_')] as { address: string; messages: Record<string, unknown> };
      expect(channel.address).toBe(event.topic);
      expect(channel.messages[event.name]).toEqual({ $ref: `#/components/messages/${event.name}` });
      expect(generated.components.schemas[event.name]).toBeDefined();
    }
    expect(Object.keys(generated.channels)).toHaveLength(TOPIC_SPECS.length);
  });

  it('resolves every $ref', () => {
    const text = JSON.stringify(generated);
    const refs = [...text.matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const target = ref.split('/').reduce<any>((node, key) => node?.[key], generated);
      expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
    }
  });
});
