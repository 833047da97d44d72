import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { ActivityRecorded } from '@roster/contracts';
import { ContactWriter, WriteContext } from '../contacts/contact-writer';
import { notFound } from '../contacts/contacts.service';
import { ContactRecord } from '../contacts/contact.schema';
import { applyActivity } from '../contacts/domain/traits';
import { emptyEngagement, withPurchase } from '../messages/domain/engagement';
import { ActivitiesRepository } from './activities.repository';
import { ActivityRecord } from './activity.schema';
import { ActivityDto } from './dto/activity.dto';

@Injectable()
export class ActivitiesService {
  constructor(
    private readonly activities: ActivitiesRepository,
    private readonly writer: ContactWriter,
  ) {}

  /**
   * Records activities of one contact: each updates the computed traits and emits ActivityRecorded.
   * The contact is checked first, so activities never pile up on a contact that does not exist.
   */
  async record(context: WriteContext, contactId: string, inputs: ActivityDto[]): Promise<{ contact: ContactRecord; recorded: ActivityRecord[] }> {
    const now = new Date();
    const recorded: ActivityRecord[] = inputs.map((input) => ({
      _id: new Types.ObjectId(),
      tenantId: context.tenantId,
      contactId,
      kind: input.kind,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : now,
      ...(input.amount !== undefined ? { amount: input.amount } : {}),
      ...(input.currency ? { currency: input.currency } : {}),
      ...(input.name ? { name: input.name } : {}),
      ...(input.campaignId ? { campaignId: input.campaignId } : {}),
      ...(input.messageId ? { messageId: input.messageId } : {}),
      ...(input.properties ? { properties: input.properties } : {}),
      createdAt: now,
    }));
    // The timeline first: if it cannot be written, the contact is left as it was.
    await this.activities.add(recorded);
    let contact: ContactRecord | undefined;
    let applied = 0;
    try {
      for (const activity of recorded) {
        const result = await this.writer.modify(context, contactId, (current) => ({
          set: {
            traits: applyActivity(current.traits, activity),
            // Purchases are counted per day too, for "purchased in the last N days" conditions.
            ...(activity.kind === 'purchase' ? { engagement: withPurchase(current.engagement ?? emptyEngagement(), activity.occurredAt, now) } : {}),
          },
          event: ActivityRecorded,
          data: (snapshot) => ({ contact: snapshot, activity: activityData(activity) }),
        }));
        if (!result) throw notFound(contactId);
        contact = result.after;
        applied++;
      }
    } catch (error) {
      // Activities the contact never took leave the timeline again: a failed request adds nothing.
      await this.activities.remove(context.tenantId, recorded.slice(applied).map((a) => a._id));
      throw error;
    }
    return { contact: contact!, recorded };
  }
}

function activityData(activity: ActivityRecord) {
  return {
    id: String(activity._id),
    kind: activity.kind,
    occurredAt: activity.occurredAt.toISOString(),
    ...(activity.amount !== undefined ? { amount: activity.amount } : {}),
    ...(activity.currency ? { currency: activity.currency } : {}),
    ...(activity.name ? { name: activity.name } : {}),
  };
}
