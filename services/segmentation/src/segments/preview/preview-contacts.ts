import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import {
  ActivityRecorded, ConsentChanged, ContactCreated, ContactDeleted, ContactSnapshot, ContactUpdated, ContactsMerged, TagChanged, Topics, withBulkLane,
  physicalTopic, validateEvent,
} from '@roster/contracts';
import { SETTINGS } from '@roster/http';
import { KAFKA } from '@roster/messaging';
import { ContactProjectionsRepository } from '../../membership/contact-projections.repository';
import { SegmentContact, segmentContactOf } from '../../rules/domain/segment-contact';
import { SegmentationSettings } from '../../segmentation.settings';
import { TenantContactsCache } from './tenant-contacts-cache';

const CHANGED = new Set<string>([ContactCreated.type, ContactUpdated.type, TagChanged.type, ConsentChanged.type, ActivityRecorded.type]);

/**
 * The contacts a preview evaluates: each tenant's contacts in memory (see TenantContactsCache),
 * read once from the projection and then kept current by this instance's own subscription to the
 * contacts topic. The subscription uses a consumer group of its own per instance, so every
 * instance sees every change (the membership consumer's group splits partitions between them).
 */
@Injectable()
export class PreviewContacts implements OnModuleInit, OnApplicationShutdown {
  private readonly cache: TenantContactsCache;
  private consumer?: Consumer;
  /** Until the subscription has its partitions, changes could be missed: previews read the projection. */
  private subscribed = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SETTINGS) private readonly settings: SegmentationSettings,
    private readonly projections: ContactProjectionsRepository,
  ) {
    this.cache = new TenantContactsCache(
      async (tenantId, add) => {
        for await (const { contactId, version, contact } of this.projected(tenantId)) add(contactId, version, contact!);
      },
      { maxContacts: settings.SEGMENT_PREVIEW_CACHE_CONTACTS, maxAgeMs: settings.SEGMENT_PREVIEW_CACHE_MAX_AGE_MS },
    );
  }

  async onModuleInit(): Promise<void> {
    if (this.settings.SEGMENT_PREVIEW_CACHE_CONTACTS === 0) return;
    const group = `${physicalTopic('segmentation-preview', this.settings.KAFKA_TOPIC_PREFIX)}.${randomUUID()}`;
    this.consumer = this.kafka.consumer({ groupId: group, allowAutoTopicCreation: false });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.subscribed = true));
    await this.consumer.connect();
    // From the latest offset: what came before is in the projection a tenant is first read from.
    await this.consumer.subscribe({ topics: withBulkLane(Topics.Contacts).map((topic) => physicalTopic(topic, this.settings.KAFKA_TOPIC_PREFIX)), fromBeginning: false });
    await this.consumer.run({ eachMessage: (payload) => Promise.resolve(this.consume(payload)) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
  }

  /** The tenant's live contacts: held in memory, or streamed from the projection when the cache is off. */
  async contactsOf(tenantId: string): Promise<Iterable<SegmentContact> | AsyncIterable<SegmentContact>> {
    if (this.subscribed) return this.cache.contactsOf(tenantId);
    return this.streamed(tenantId);
  }

  private async *streamed(tenantId: string): AsyncIterable<SegmentContact> {
    for await (const { contact } of this.projected(tenantId)) yield contact!;
  }

  /** The tenant's live contacts as the projection holds them. */
  private async *projected(tenantId: string) {
    const cursor = this.projections.streamLive(tenantId, 'contactId version contact');
    try {
      yield* cursor;
    } finally {
      await cursor.close();
    }
  }

  private consume({ message }: EachMessagePayload): void {
    let event;
    try {
      const check = validateEvent(JSON.parse(message.value?.toString('utf8') ?? ''));
      if (!check.ok) return; // the membership consumer dead-letters it
      event = check.event;
    } catch {
      return;
    }
    if (CHANGED.has(event.type)) {
      this.cache.apply(event.tenantid, event.subject, event.sequence, segmentContactOf((event.data as { contact: ContactSnapshot }).contact));
    } else if (event.type === ContactDeleted.type) {
      this.cache.apply(event.tenantid, event.subject, event.sequence, null);
    } else if (event.type === ContactsMerged.type) {
      const { contact, mergedIds } = event.data as { contact: ContactSnapshot; mergedIds: string[] };
      this.cache.apply(event.tenantid, event.subject, event.sequence, segmentContactOf(contact));
      for (const id of mergedIds) this.cache.mergedAway(event.tenantid, id);
    }
  }
}
