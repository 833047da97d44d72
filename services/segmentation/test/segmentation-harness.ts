import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { loadConfig } from '@roster/config';
import { Topics } from '@roster/contracts';
import { Role, signToken, startService } from '@roster/http';
import { IsolatedInfrastructure, TEST_JWT_SECRET, TopicReader, isolatedInfrastructure } from '@roster/testing';
import { ContactsServiceModule, contactsEventConsumer } from '../../contacts/src/contacts.module';
import { ContactsSettings } from '../../contacts/src/contacts.settings';
import { Clock } from '../src/clock';
import { SegmentationServiceModule, segmentationEventConsumer } from '../src/segmentation.module';
import { SegmentationSettings } from '../src/segmentation.settings';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface SegmentationHarness {
  infra: IsolatedInfrastructure;
  clock: TestClock;
  membershipEvents: TopicReader;
  as(tenant: string, role?: Role): { auth: string; contacts: ReturnType<typeof request>; segments: ReturnType<typeof request> };
  close(): Promise<void>;
}

/** The contacts and segmentation services on the real infrastructure, joined by the real topic. */
export async function startSegmentation(label: string): Promise<SegmentationHarness> {
  const infra = await isolatedInfrastructure(label);
  const contactsSettings = loadConfig(ContactsSettings, infra.env({ OUTBOX_RELAY_INTERVAL_MS: '100' }));
  const contacts = await startService({ name: 'contacts', module: ContactsServiceModule.register(contactsSettings), settings: contactsSettings, port: 0, consumer: contactsEventConsumer });
  const contactsUrl = `http://127.0.0.1:${(contacts.getHttpServer().address() as AddressInfo).port}`;
  const settings = loadConfig(SegmentationSettings, infra.env({ CONTACTS_URL: contactsUrl, OUTBOX_RELAY_INTERVAL_MS: '100', SEGMENT_SWEEP_INTERVAL_MS: '200', SEGMENT_BACKFILL_POLL_MS: '300' }));
  const clock = new TestClock();
  const segmentation: INestApplication = await startService({
    name: 'segmentation',
    module: SegmentationServiceModule.register(settings, { clock }),
    settings,
    port: 0,
    consumer: segmentationEventConsumer,
  });
  const membershipEvents = await new TopicReader(infra.kafka, Topics.Segments, infra.topicPrefix).start();
  return {
    infra,
    clock,
    membershipEvents,
    as: (tenant, role = 'admin') => ({
      auth: `Bearer ${signToken(TEST_JWT_SECRET, { tenantId: tenant, role, subject: `${role}-user` })}`,
      contacts: request(contacts.getHttpServer()),
      segments: request(segmentation.getHttpServer()),
    }),
    close: async () => {
      await membershipEvents.stop();
      await segmentation.close();
      await contacts.close();
      await infra.cleanup();
    },
  };
}
