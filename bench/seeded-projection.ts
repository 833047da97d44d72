import { projectionId } from '../services/segmentation/src/membership/contact-projection.schema';
import { SegmentDefinition, evaluateMemberships } from '../services/segmentation/src/membership/domain/membership-engine';
import { DEFAULT_LIFECYCLE, segmentContactOf } from '../services/segmentation/src/rules/domain/segment-contact';
import type { ContactSnapshot } from '@roster/contracts';

/**
 * Segmentation's projection of a contact as the service would have stored it after its first
 * event: its memberships in `definitions` evaluated at `now`, nothing pending. For raw seeding.
 */
export function seededProjection(snapshot: ContactSnapshot, definitions: SegmentDefinition[], now: number) {
  const contact = segmentContactOf(snapshot);
  const outcome = evaluateMemberships(contact, {}, definitions, { now, lifecycle: DEFAULT_LIFECYCLE });
  return {
    _id: projectionId(snapshot.tenantId, contact.id), tenantId: snapshot.tenantId, contactId: contact.id, version: 1, contact, memberships: outcome.memberships,
    rev: 1, eventSequence: 0, nextCheckAt: outcome.nextCheckAt === undefined ? null : new Date(outcome.nextCheckAt), membersPending: [],
  };
}
