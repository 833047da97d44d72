import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { loadConfig } from '@roster/config';
import { Role, signToken, startService } from '@roster/http';
import { IsolatedInfrastructure, TEST_JWT_SECRET, isolatedInfrastructure } from '@roster/testing';
import { ContactsServiceModule, contactsEventConsumer } from '../../contacts/src/contacts.module';
import { ContactsSettings } from '../../contacts/src/contacts.settings';
import { DedupeServiceModule, dedupeEventConsumer } from '../../dedupe/src/dedupe.module';
import { DedupeSettings } from '../../dedupe/src/dedupe.settings';
import { ImportsServiceModule } from '../../imports/src/imports.module';
import { ImportsSettings } from '../../imports/src/imports.settings';
import { SegmentationServiceModule, segmentationEventConsumer } from '../../segmentation/src/segmentation.module';
import { SegmentationSettings } from '../../segmentation/src/segmentation.settings';

export interface ConsoleStack {
  infra: IsolatedInfrastructure;
  contacts: INestApplication;
  segmentation: INestApplication;
  dedupe: INestApplication;
  imports: INestApplication;
  /** The four, as the console harness takes them. */
  apps: Record<'contacts' | 'segmentation' | 'dedupe' | 'imports', INestApplication>;
  /** A caller of one service's API with a token of that role. */
  api(service: 'contacts' | 'segmentation' | 'dedupe' | 'imports', tenant: string, role?: Role): { auth: string; http: ReturnType<typeof request> };
  close(): Promise<void>;
}

/** The four services on one isolated infrastructure, joined by the real topics and queues. */
export async function startConsoleStack(label: string): Promise<ConsoleStack> {
  const infra = await isolatedInfrastructure(label);
  const quick = { OUTBOX_RELAY_INTERVAL_MS: '100' };
  const contactsSettings = loadConfig(ContactsSettings, infra.env(quick));
  const contacts = await startService({ name: 'contacts', module: ContactsServiceModule.register(contactsSettings), settings: contactsSettings, port: 0, consumer: contactsEventConsumer });
  const contactsUrl = `http://127.0.0.1:${(contacts.getHttpServer().address() as AddressInfo).port}`;
  const segmentationSettings = loadConfig(SegmentationSettings, infra.env({ ...quick, CONTACTS_URL: contactsUrl, SEGMENT_BACKFILL_POLL_MS: '300' }));
  const segmentation = await startService({ name: 'segmentation', module: SegmentationServiceModule.register(segmentationSettings), settings: segmentationSettings, port: 0, consumer: segmentationEventConsumer });
  const dedupeSettings = loadConfig(DedupeSettings, infra.env(quick));
  const dedupe = await startService({ name: 'dedupe', module: DedupeServiceModule.register(dedupeSettings), settings: dedupeSettings, port: 0, consumer: dedupeEventConsumer });
  const importsSettings = loadConfig(ImportsSettings, infra.env({ CONTACTS_URL: contactsUrl, IMPORT_CHUNK_ROWS: '40' }));
  const imports = await startService({ name: 'imports', module: ImportsServiceModule.register(importsSettings), settings: importsSettings, port: 0 });
  const apps = { contacts, segmentation, dedupe, imports };
  return {
    infra,
    ...apps,
    apps,
    api: (service, tenant, role = 'admin') => ({
      auth: `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: tenant, role, subject: `${role}-user` })}`,
      http: request(apps[service].getHttpServer()),
    }),
    close: async () => {
      await imports.close();
      await dedupe.close();
      await segmentation.close();
      await contacts.close();
      await infra.cleanup();
    },
  };
}
