import { Type } from '@sinclair/typebox';
import { defineEvent } from '../envelope';
import { Topics } from '../topics';

export const MEMBERSHIP_CAUSES = ['contact-event', 'segment-created', 'segment-updated', 'segment-deleted', 'time-passed', 'verify-repair'] as const;

export const SegmentMembershipChanged = defineEvent({
  name: 'SegmentMembershipChanged',
  type: 'roster.segment.membership-changed.v1',
  topic: Topics.Segments,
  description: 'A contact entered or exited a segment. Keyed by contact id.',
  data: Type.Object(
    {
      segmentId: Type.String(),
      segmentVersion: Type.Integer({ minimum: 1 }),
      contactId: Type.String(),
      change: Type.Union([Type.Literal('entered'), Type.Literal('exited')]),
      at: Type.String({ format: 'date-time' }),
      cause: Type.Object(
        {
          kind: Type.Union(MEMBERSHIP_CAUSES.map((c) => Type.Literal(c))),
          eventId: Type.Optional(Type.String()),
          eventType: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  ),
  example: {
    segmentId: 'seg_vip',
    segmentVersion: 2,
    contactId: '6650f0c2a1b2c3d4e5f60718',
    change: 'entered',
    at: '2026-01-02T10:00:00.500Z',
    cause: { kind: 'contact-event', eventId: '2b1f0d7e-6c1c-4a8e-9a51-0f1f5b2c3d4e', eventType: 'roster.contact.activity-recorded.v1' },
  },
});
