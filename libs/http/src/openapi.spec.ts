import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { METADATA_FILE, SERVICES, generateOpenApiMetadata } from '../../../scripts/openapi-metadata';
import { completeDocument } from './openapi';

describe('OpenAPI documents', () => {
  it("each service's committed DTO metadata is current (run `npm run openapi:metadata` after changing a DTO)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-metadata-'));
    generateOpenApiMetadata((service) => join(dir, service));
    for (const service of SERVICES) {
      const committed = readFileSync(join(__dirname, '..', '..', '..', 'services', service, 'src', METADATA_FILE), 'utf8');
      expect({ service, metadata: readFileSync(join(dir, service, METADATA_FILE), 'utf8') }).toEqual({ service, metadata: committed });
    }
  }, 120_000);

  it('adds the problems every operation may answer, and names schemas that carry an $id', () => {
    const named = Type.Object({ id: Type.String() }, { $id: 'Thing' });
    const ok = { description: 'OK', content: { 'application/json': { schema: named } } };
    const document = completeDocument({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/things': { get: { responses: { '200': ok } }, post: { requestBody: { content: {} }, responses: { '201': ok } } },
        '/things/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true }], responses: { '200': ok } } },
        '/found': { get: { parameters: [{ name: 'q', in: 'query' }], responses: { '200': ok } } },
      },
    } as never);
    const statuses = (path: string, method: 'get' | 'post') => Object.keys((document.paths[path] as any)[method].responses).sort();
    expect(statuses('/things', 'get')).toEqual(['200', '401', '403', '429']);
    expect(statuses('/things', 'post')).toEqual(['201', '400', '401', '403', '415', '429']);
    expect(statuses('/things/{id}', 'get')).toEqual(['200', '400', '401', '403', '404', '429']);
    // A query string can outgrow what Node reads of a request: 431, with no body.
    expect(statuses('/found', 'get')).toEqual(['200', '400', '401', '403', '429', '431']);
    // The tenant's rate limit: when to come back, and the limit's fields.
    expect(Object.keys((document.paths['/things'] as any).get.responses['429'].headers)).toEqual(['Retry-After', 'RateLimit-Policy', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']);
    expect((document.paths['/found'] as any).get.responses['431'].content).toBeUndefined();
    expect((document.paths['/things'] as any).get.responses['401'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect((document.paths['/things'] as any).get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Thing' });
    expect(document.components!.schemas!.Thing).toMatchObject({ type: 'object', required: ['id'] });
  });
});
