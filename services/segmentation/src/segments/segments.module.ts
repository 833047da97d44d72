import { Module } from '@nestjs/common';
import { consumerFreshnessProvider } from '@roster/http';
import { segmentationEventConsumer } from '../segmentation.consumer';
import { SegmentBackfill } from '../backfill/segment-backfill';
import { ContactEventsConsumer } from '../membership/contact-events.consumer';
import { ContactProjectionsRepository } from '../membership/contact-projections.repository';
import { ContactSegmentsController } from '../membership/contact-segments.controller';
import { MembershipSweeper } from '../membership/membership-sweeper';
import { MembershipWriter } from '../membership/membership-writer';
import { SegmentMembersRepository } from '../membership/segment-members.repository';
import { SegmentationOutbox } from '../membership/segmentation-outbox';
import { CustomFieldTypesProvider } from './custom-field-types';
import { SegmentCatalog } from './segment-catalog';
import { PreviewContacts } from './preview/preview-contacts';
import { SegmentPreview } from './segment-preview';
import { SegmentTenantsRepository } from './segment-tenants.repository';
import { SegmentSettingsController, SegmentsController } from './segments.controller';
import { SegmentsRepository } from './segments.repository';
import { SegmentsService } from './segments.service';
import { MembershipVerifier } from '../verify/membership-verifier';
import { VerifyController } from '../verify/verify.controller';

/** Segment definitions, their materialized membership, the events that keep it current, and its verification. */
@Module({
  controllers: [VerifyController, SegmentsController, SegmentSettingsController, ContactSegmentsController, ContactEventsConsumer],
  providers: [
    SegmentsRepository, SegmentTenantsRepository, SegmentCatalog, SegmentsService, SegmentPreview, PreviewContacts, CustomFieldTypesProvider,
    ContactProjectionsRepository, SegmentMembersRepository, SegmentationOutbox, MembershipWriter, MembershipSweeper, SegmentBackfill, MembershipVerifier,
    consumerFreshnessProvider(segmentationEventConsumer),
  ],
})
export class SegmentsModule {}
