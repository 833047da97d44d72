import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { loadConfig } from '@roster/config';
import { startService } from '@roster/http';
import { IsolatedInfrastructure } from '@roster/testing';
import { ContactsServiceModule, contactsEventConsumer } from '../contacts/src/contacts.module';
import { ContactsSettings } from '../contacts/src/contacts.settings';
import { DedupeServiceModule, dedupeEventConsumer } from '../dedupe/src/dedupe.module';
import { DedupeSettings } from '../dedupe/src/dedupe.settings';
import { ImportsServiceModule } from '../imports/src/imports.module';
import { ImportsSettings } from '../imports/src/imports.settings';
import { SegmentationServiceModule, segmentationEventConsumer } from '../segmentation/src/segmentation.module';
import { SegmentationSettings } from '../segmentation/src/segmentation.settings';

export type PipelineService = 'contacts' | 'imports' | 'segmentation' | 'dedupe';

export interface Pipeline {
  app(name: PipelineService): INestApplication;
  http(name: PipelineService): ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface PipelineOptions {
  /** Settings of every service. */
  env?: Record<string, string>;
  /** Settings of the contacts service alone. */
  contacts?: Record<string, string>;
  /** With the imports service, and its settings. */
  imports?: Record<string, string>;
  /** Settings of the two consumers of contact events (segmentation, dedupe). */
  consumers?: Record<string, string>;
}

/** The services of the event pipeline in this process, on the test file's infrastructure. */
export async function startPipeline(infra: IsolatedInfrastructure, options: PipelineOptions = {}): Promise<Pipeline> {
  const apps = new Map<PipelineService, INestApplication>();
  const env = (extra: Record<string, string> = {}) => infra.env({ ...options.env, ...extra });
  const contactsSettings = loadConfig(ContactsSettings, env(options.contacts));
  apps.set('contacts', await startService({ name: 'contacts', module: ContactsServiceModule.register(contactsSettings), settings: contactsSettings, port: 0, consumer: contactsEventConsumer }));
  const contactsUrl = `http://127.0.0.1:${(apps.get('contacts')!.getHttpServer().address() as AddressInfo).port}`;
  if (options.imports) {
    const importsSettings = loadConfig(ImportsSettings, env({ CONTACTS_URL: contactsUrl, ...options.imports }));
    apps.set('imports', await startService({ name: 'imports', module: ImportsServiceModule.register(importsSettings), settings: importsSettings, port: 0 }));
  }
  const consumerEnv = env({ CONTACTS_URL: contactsUrl, SEGMENT_BACKFILL_POLL_MS: '300', ...options.consumers });
  const segmentationSettings = loadConfig(SegmentationSettings, consumerEnv);
  apps.set('segmentation', await startService({ name: 'segmentation', module: SegmentationServiceModule.register(segmentationSettings), settings: segmentationSettings, port: 0, consumer: segmentationEventConsumer }));
  const dedupeSettings = loadConfig(DedupeSettings, consumerEnv);
  apps.set('dedupe', await startService({ name: 'dedupe', module: DedupeServiceModule.register(dedupeSettings), settings: dedupeSettings, port: 0, consumer: dedupeEventConsumer }));
  return {
    app: (name) => apps.get(name)!,
    http: (name) => request(apps.get(name)!.getHttpServer()),
    close: async () => {
      // A consumer whose handler never returned would hold its close for good.
      for (const app of [...apps.values()].reverse()) await Promise.race([app.close(), new Promise((r) => setTimeout(r, 20_000))]);
    },
  };
}
