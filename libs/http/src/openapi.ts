import { HttpStatus, INestApplication, applyDecorators } from '@nestjs/common';
import { ApiResponse, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';
import { problemTitle } from './problem';

/** A service's generated DTO metadata (`services/<name>/src/openapi-metadata.ts`, see `npm run openapi:metadata`). */
export type OpenApiMetadataLoader = () => Promise<Record<string, any>>;
export const OPENAPI_METADATA = Symbol('OPENAPI_METADATA');

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details; `type` is stable (https://roster.dev/problems/<slug>), `errors` names each invalid field.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['field', 'messages'], properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } } },
    },
  },
  additionalProperties: true,
};

const problemResponse = (status: number, description = problemTitle(status)) => ({
  description,
  content: { 'application/problem+json': { schema: PROBLEM_REF } },
});

/** The problems an operation answers beyond those every operation may (401, 403, and 400/415 where it takes input). */
export const ApiProblems = (...statuses: HttpStatus[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })));

/** A success response described by a JSON schema (typebox), as JSON. */
export const ApiResult = (status: HttpStatus, schema: TSchema, description = 'OK') =>
  ApiResponse({ status, description, content: { 'application/json': { schema: schema as Record<string, unknown> } } });

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const integerHeader = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } });
/** The tenant's rate limit refused the request (see TenantRateLimitGuard). */
const RATE_LIMITED_RESPONSE = {
  ...problemResponse(429, "Too many requests: the tenant's rate limit for this class of route is spent for now"),
  headers: {
    'Retry-After': integerHeader('Seconds until a request of this class would be accepted'),
    'RateLimit-Policy': { description: '<requests per second>;w=1;burst=<burst>', schema: { type: 'string' } },
    'RateLimit-Limit': integerHeader('Requests per second allowed to the tenant for this class of route'),
    'RateLimit-Remaining': integerHeader('Requests left in the current second'),
    'RateLimit-Reset': integerHeader('Seconds until the limit is replenished'),
  },
};

/**
 * What holds for every operation, added in one place: problem+json for 401 and 403 (a role or an
 * operator token refused), 429 (the tenant's rate limit), 400 for any input (a parameter, query or body), 404 where the path names
 * a resource, 415 for a body in another type, 431 where a query string can grow past what the
 * server reads (16 KB of request line and headers; Node answers it with no body); schemas with an
 * `$id` become named components.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = PROBLEM_SCHEMA as never;
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const responses = operation.responses as Record<string, unknown>;
      const takesInput = Boolean(operation.requestBody) || (operation.parameters ?? []).length > 0;
      const add = (status: number) => (responses[String(status)] ??= problemResponse(status));
      add(401);
      add(403);
      responses['429'] ??= RATE_LIMITED_RESPONSE;
      if (takesInput) add(400);
      if ((operation.parameters ?? []).some((p) => 'in' in p && p.in === 'path')) add(404);
      if (operation.requestBody) add(415);
      if ((operation.parameters ?? []).some((p) => 'in' in p && p.in === 'query')) {
        responses['431'] ??= { description: 'Request Header Fields Too Large: the URL and headers together are over 16 KB' };
      }
    }
  }
  hoistNamedSchemas(document);
  return document;
}

/** Moves every schema that has an `$id` into components.schemas and refers to it by name. */
function hoistNamedSchemas(document: OpenAPIObject): void {
  const named = document.components!.schemas as Record<string, unknown>;
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const { $id, ...rest } = node as Record<string, unknown>;
    const walked = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, visit(v)]));
    if (typeof $id !== 'string') return walked;
    named[$id] ??= walked;
    return { $ref: `#/components/schemas/${$id}` };
  };
  document.paths = visit(document.paths) as OpenAPIObject['paths'];
}

export async function setupOpenApi(app: INestApplication, name: string): Promise<void> {
  const metadata = app.get<OpenApiMetadataLoader | undefined>(OPENAPI_METADATA, { strict: false });
  if (metadata) await SwaggerModule.loadPluginMetadata(metadata);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle(`Roster ${name}`)
      .setDescription(`HTTP API of the Roster ${name} service. Errors are RFC 9457 problem+json.`)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('docs', app, completeDocument(document), { jsonDocumentUrl: 'docs/openapi.json' });
}
