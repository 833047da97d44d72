import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@roster/config';
import { Topics } from '@roster/contracts';
import { Role, signToken, startService } from '@roster/http';
import { IsolatedInfrastructure, TEST_JWT_SECRET, TopicReader, isolatedInfrastructure } from '@roster/testing';
import { ContactsServiceModule, contactsEventConsumer } from '../src/contacts.module';
import { ContactsSettings } from '../src/contacts.settings';

export interface ContactsHarness {
  infra: IsolatedInfrastructure;
  app: INestApplication;
  events: TopicReader;
  as(tenant: string, role?: Role): { auth: string; http: ReturnType<typeof request> };
  setPlanLimit(tenant: string, limit: number): Promise<void>;
  close(): Promise<void>;
}

/** The contacts service on the real infrastructure, plus a reader of its topic. */
export async function startContacts(label: string, env: Record<string, string> = {}): Promise<ContactsHarness> {
  const infra = await isolatedInfrastructure(label);
  const settings = loadConfig(ContactsSettings, infra.env(env));
  const app = await startService({ name: 'contacts', module: ContactsServiceModule.register(settings), settings, port: 0, consumer: contactsEventConsumer });
  const events = await new TopicReader(infra.kafka, Topics.Contacts, infra.topicPrefix).start();
  const as = (tenant: string, role: Role = 'admin') => ({
    auth: `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: tenant, role, subject: `${role}-user` })}`,
    http: request(app.getHttpServer()),
  });
  return {
    infra,
    app,
    events,
    as,
    setPlanLimit: async (tenant, limit) => {
      const { auth, http } = as(tenant, 'operator');
      await http.put('/v1/tenant/plan').set('Authorization', auth).send({ planLimit: limit }).expect(200);
    },
    close: async () => {
      await events.stop();
      await app.close();
      await infra.cleanup();
    },
  };
}
