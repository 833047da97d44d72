import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { loadConfig } from '@roster/config';
import { Topics } from '@roster/contracts';
import { Role, signToken, startService } from '@roster/http';
import { IsolatedInfrastructure, TEST_JWT_SECRET, TopicReader, isolatedInfrastructure, waitFor } from '@roster/testing';
import { ContactsServiceModule, contactsEventConsumer } from '../../contacts/src/contacts.module';
import { ContactsSettings } from '../../contacts/src/contacts.settings';
import { ImportsServiceModule } from '../src/imports.module';
import { ImportsSettings } from '../src/imports.settings';

export interface ImportsHarness {
  infra: IsolatedInfrastructure;
  contacts: INestApplication;
  imports: INestApplication;
  contactsUrl: string;
  events: TopicReader;
  importsEnv(overrides?: Record<string, string>): Record<string, string>;
  as(tenant: string, role?: Role): { auth: string; imports: ReturnType<typeof request>; contacts: ReturnType<typeof request> };
  upload(tenant: string, csv: string | Buffer, fileName?: string): request.Test;
  waitForPass(tenant: string, id: string, pass: 'run' | 'dryRun', timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

export const urlOf = (app: INestApplication) => `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

/** The contacts and imports services on the real infrastructure, sharing it as in production. */
export async function startImports(label: string, env: Record<string, string> = {}): Promise<ImportsHarness> {
  const infra = await isolatedInfrastructure(label);
  const contactsSettings = loadConfig(ContactsSettings, infra.env());
  const contacts = await startService({ name: 'contacts', module: ContactsServiceModule.register(contactsSettings), settings: contactsSettings, port: 0, consumer: contactsEventConsumer });
  const contactsUrl = urlOf(contacts);
  const importsEnv = (overrides: Record<string, string> = {}) => infra.env({ CONTACTS_URL: contactsUrl, IMPORT_CHUNK_ROWS: '40', ...env, ...overrides });
  const settings = loadConfig(ImportsSettings, importsEnv());
  const imports = await startService({ name: 'imports', module: ImportsServiceModule.register(settings), settings, port: 0 });
  const events = await new TopicReader(infra.kafka, Topics.Imports, infra.topicPrefix).start();
  const as = (tenant: string, role: Role = 'admin') => ({
    auth: `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: tenant, role, subject: `${role}-user` })}`,
    imports: request(imports.getHttpServer()),
    contacts: request(contacts.getHttpServer()),
  });
  return {
    infra,
    contacts,
    imports,
    contactsUrl,
    events,
    importsEnv,
    as,
    upload: (tenant, csv, fileName = 'contacts.csv') => {
      const { auth, imports: http } = as(tenant);
      return http.post('/v1/imports').set('Authorization', auth).attach('file', Buffer.from(csv), fileName);
    },
    waitForPass: async (tenant, id, pass, timeoutMs = 60_000) => {
      const { auth, imports: http } = as(tenant);
      let last: any;
      return waitFor(() => `${pass} of import ${id} to settle (last: ${JSON.stringify(last?.[pass])})`, async () => {
        last = (await http.get(`/v1/imports/${id}`).set('Authorization', auth).expect(200)).body;
        return ['completed', 'cancelled', 'failed'].includes(last[pass].state) ? last : undefined;
      }, timeoutMs);
    },
    close: async () => {
      await events.stop();
      await imports.close();
      await contacts.close();
      await infra.cleanup();
    },
  };
}

/** A CSV of `count` Brazilian mobiles in national format, from a start number. */
export function brazilRows(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `(11) 9${String(70000000 + from + i).padStart(8, '0')},Person ${from + i}`);
}
