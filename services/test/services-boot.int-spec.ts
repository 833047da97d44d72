import { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '@roster/config';
import { signToken, startService } from '@roster/http';
import { IsolatedInfrastructure, TEST_JWT_SECRET, isolatedInfrastructure } from '@roster/testing';
import { ContactsServiceModule, contactsEventConsumer } from '../contacts/src/contacts.module';
import { ContactsSettings } from '../contacts/src/contacts.settings';
import { DedupeServiceModule, dedupeEventConsumer } from '../dedupe/src/dedupe.module';
import { DedupeSettings } from '../dedupe/src/dedupe.settings';
import { ImportsServiceModule } from '../imports/src/imports.module';
import { ImportsSettings } from '../imports/src/imports.settings';
import { SegmentationServiceModule, segmentationEventConsumer } from '../segmentation/src/segmentation.module';
import { SegmentationSettings } from '../segmentation/src/segmentation.settings';

const ROOT = join(__dirname, '..', '..');

describe('every service boots on the platform', () => {
  let infra: IsolatedInfrastructure;
  const apps = new Map<string, INestApplication>();

  beforeAll(async () => {
    infra = await isolatedInfrastructure('boot');
    const env = infra.env();
    const contacts = loadConfig(ContactsSettings, env);
    const imports = loadConfig(ImportsSettings, env);
    const segmentation = loadConfig(SegmentationSettings, env);
    const dedupe = loadConfig(DedupeSettings, env);
    apps.set('contacts', await startService({ name: 'contacts', module: ContactsServiceModule.register(contacts), settings: contacts, port: 0, consumer: contactsEventConsumer }));
    apps.set('imports', await startService({ name: 'imports', module: ImportsServiceModule.register(imports), settings: imports, port: 0 }));
    apps.set('segmentation', await startService({ name: 'segmentation', module: SegmentationServiceModule.register(segmentation), settings: segmentation, port: 0, consumer: segmentationEventConsumer }));
    apps.set('dedupe', await startService({ name: 'dedupe', module: DedupeServiceModule.register(dedupe), settings: dedupe, port: 0, consumer: dedupeEventConsumer }));
  });

  afterAll(async () => {
    for (const app of apps.values()) await app.close();
    await infra?.cleanup();
  });

  const services = ['contacts', 'imports', 'segmentation', 'dedupe'];

  it.each(services)('%s is live, ready (with its dependencies), documented and measured', async (name) => {
    const server = apps.get(name)!.getHttpServer();
    await request(server).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(server).get('/health/ready').expect(200);
    const expected = name === 'imports' ? ['kafka', 'mongo', 'redis'] : ['kafka', 'mongo'];
    expect(Object.keys(ready.body.checks).sort()).toEqual(expected);
    const docs = await request(server).get('/docs/openapi.json').expect(200);
    expect(docs.body.info.title).toBe(`Roster ${name}`);
    const metrics = await request(server).get('/metrics').expect(200);
    expect(metrics.text).toContain(`roster_http_request_duration_seconds_bucket{le="0.005",service="${name}"`);
  });

  it('refuses a missing, forged or role-less token with problem+json, and accepts a valid one', async () => {
    const server = apps.get('contacts')!.getHttpServer();
    const missing = await request(server).get('/v1/session').expect(401);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ type: 'https://roster.dev/problems/unauthorized', status: 401, instance: '/v1/session' });

    const forged = signToken('another-secret-0123456789', { tenantId: 'acme', role: 'admin' });
    const refused = await request(server).get('/v1/session').set('Authorization', `Bearer ${forged}`).expect(401);
    expect(refused.body).toMatchObject({ type: 'https://roster.dev/problems/invalid-token', detail: expect.stringContaining('invalid signature') });

    const unknownRole = signToken(TEST_JWT_SECRET, { tenantId: 'acme', role: 'owner' as never });
    const roleless = await request(server).get('/v1/session').set('Authorization', `Bearer ${unknownRole}`).expect(401);
    expect(roleless.body.detail).toContain('claim role must be one of admin, agent, viewer');

    const token = signToken(TEST_JWT_SECRET, { tenantId: 'acme', role: 'viewer' });
    await request(server).get('/v1/session').set('Authorization', `Bearer ${token}`).expect(200, { tenantId: 'acme', role: 'viewer' });
  });

  it('carries a caller correlation id back in the response', async () => {
    const server = apps.get('segmentation')!.getHttpServer();
    const response = await request(server).get('/health/live').set('x-correlation-id', 'req-42').expect(200);
    expect(response.headers['x-correlation-id']).toBe('req-42');
  });

  it('exits at once, naming the setting, when a required setting is missing', async () => {
    const env: Record<string, string> = { ...infra.env(), PATH: process.env.PATH ?? '' };
    delete env.AUTH_JWT_SECRET;
    const started = Date.now();
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', 'services/contacts/src/main.ts'], { cwd: ROOT, env });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('AUTH_JWT_SECRET is missing');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
