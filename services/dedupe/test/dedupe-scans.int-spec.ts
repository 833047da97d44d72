import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@roster/config';
import { signToken, startService } from '@roster/http';
import { IsolatedInfrastructure, TEST_JWT_SECRET, isolatedInfrastructure, waitFor } from '@roster/testing';
import { ContactsServiceModule, contactsEventConsumer } from '../../contacts/src/contacts.module';
import { ContactsSettings } from '../../contacts/src/contacts.settings';
import { DedupeContactsRepository } from '../src/candidates/candidates.repositories';
import { DedupeServiceModule, dedupeEventConsumer } from '../src/dedupe.module';
import { DedupeSettings } from '../src/dedupe.settings';

/** Whether a query plan (MongoDB's or the local FerretDB's) reads through an index rather than the whole collection. */
function readsByIndex(explained: any): boolean {
  const ferret = explained.queryPlanner?.Plan as string[] | undefined;
  if (ferret) return explained.filterPushdown === true && ferret.some((line) => / USING (INDEX|PRIMARY KEY)/.test(line)) && !ferret.some((line) => /detail=SCAN /.test(line));
  const stages = JSON.stringify(explained.queryPlanner?.winningPlan ?? {});
  return stages.includes('IXSCAN') && !stages.includes('COLLSCAN');
}

describe('dedupe scans say what they covered', () => {
  let infra: IsolatedInfrastructure;
  let contacts: INestApplication;
  const apps: INestApplication[] = [];
  const tenant = 'scan-honest';
  const auth = `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: tenant, role: 'admin', subject: 'admin' })}`;

  const startDedupe = async (env: Record<string, string>, withConsumer: boolean) => {
    const contactsUrl = (await contacts.getUrl()).replace('[::1]', '127.0.0.1');
    const settings = loadConfig(DedupeSettings, infra.env({ CONTACTS_URL: contactsUrl, ...env }));
    const app = await startService({ name: 'dedupe', module: DedupeServiceModule.register(settings), settings, port: 0, consumer: withConsumer ? dedupeEventConsumer : undefined });
    apps.push(app);
    return app;
  };
  const scanToEnd = async (app: INestApplication) => {
    const http = request(app.getHttpServer());
    const started = (await http.post('/v1/dedupe/scans').set('Authorization', auth).expect(202)).body;
    const seen: any[] = [];
    return {
      seen,
      end: await waitFor('the scan to end', async () => {
        const scan = (await http.get(`/v1/dedupe/scans/${started.id}`).set('Authorization', auth).expect(200)).body;
        seen.push(scan);
        return scan.state === 'running' ? undefined : scan;
      }, 60_000),
    };
  };

  beforeAll(async () => {
    infra = await isolatedInfrastructure('dedupe-scans');
    const settings = loadConfig(ContactsSettings, infra.env());
    contacts = await startService({ name: 'contacts', module: ContactsServiceModule.register(settings), settings, port: 0, consumer: contactsEventConsumer });
    const http = request(contacts.getHttpServer());
    for (let i = 0; i < 40; i++) await http.post('/v1/contacts').set('Authorization', auth).send({ phone: `+49151000${String(i).padStart(5, '0')}`, firstName: `P${i}` }).expect(201);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await contacts?.close();
    await infra?.cleanup();
  });

  it('ends incomplete, with its coverage, when this service has not taken in the tenant\'s contacts in time', async () => {
    // No consumer: this instance takes in nothing, as one far behind its topic.
    const lagging = await startDedupe({ DEDUPE_SCAN_CATCH_UP_MS: '0' }, false);
    const { end } = await scanToEnd(lagging);
    expect(end).toMatchObject({ state: 'incomplete', expected: 40, coverage: 0, read: 0 });
    expect(end.failure).toMatch(/had taken in 0 of the tenant's 40 contacts/);
  });

  it('catches up before it reads, and then covers every contact', async () => {
    const dedupe = await startDedupe({}, true);
    const { end, seen } = await scanToEnd(dedupe);
    expect(end).toMatchObject({ state: 'completed', phase: 'done', expected: 40, read: 40, coverage: 1 });
    expect(end.rules.map((r: { rule: string }) => r.rule)).toContain('name sounds + birth year');
    for (const scan of seen.filter((s) => s.phase === 'catching-up')) expect(scan.detail).toMatch(/^(counting the tenant's contacts|catching up: \d+ of 40 contacts taken in)$/);
  });

  it('reads a tenant through an index that starts with the tenant, never past other tenants\' contacts', async () => {
    const repository = apps[apps.length - 1].get(DedupeContactsRepository);
    expect(readsByIndex(await repository.liveOf(tenant).explain())).toBe(true);
  });
});
