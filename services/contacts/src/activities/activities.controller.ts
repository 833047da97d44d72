import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Type } from '@sinclair/typebox';
import { ContactTraitsSchema } from '@roster/contracts';
import { ApiProblems, ApiResult, CurrentPrincipal, IsoDateTime, PageOf, PageQueryDto, Principal, ProblemException, RateLimited, Roles } from '@roster/http';
import { ACTIVITY_KINDS } from '../contacts/domain/traits';
import { writeContext } from '../contacts/contacts.controller';
import { ContactsService } from '../contacts/contacts.service';
import { ActivitiesRepository } from './activities.repository';
import { ActivitiesService } from './activities.service';
import { ActivityRecord } from './activity.schema';
import { BulkActivitiesDto, RecordActivitiesDto } from './dto/activity.dto';

const ActivitySchema = Type.Object(
  {
    id: Type.String(),
    contactId: Type.String(),
    kind: Type.Union(ACTIVITY_KINDS.map((k) => Type.Literal(k))),
    occurredAt: IsoDateTime,
    createdAt: IsoDateTime,
    amount: Type.Optional(Type.Number()),
    currency: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    campaignId: Type.Optional(Type.String()),
    messageId: Type.Optional(Type.String()),
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'Activity' },
);

const BulkActivitiesResultSchema = Type.Object({
  recorded: Type.Integer({ minimum: 0 }),
  rejected: Type.Integer({ minimum: 0 }),
  results: Type.Array(
    Type.Object({ index: Type.Integer(), status: Type.Union([Type.Literal('recorded'), Type.Literal('rejected')]), id: Type.Optional(Type.String()), reason: Type.Optional(Type.String()) }),
  ),
});

const view = (a: ActivityRecord) => ({ ...a, _id: undefined, tenantId: undefined, id: String(a._id), occurredAt: a.occurredAt.toISOString(), createdAt: a.createdAt.toISOString() });

@ApiTags('activities')
@Controller('v1')
export class ActivitiesController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly repository: ActivitiesRepository,
    private readonly contacts: ContactsService,
  ) {}

  @Post('contacts/:id/activities')
  @Roles('admin', 'agent')
  @ApiResult(201, Type.Object({ recorded: Type.Array(ActivitySchema), traits: ContactTraitsSchema }), 'Recorded')
  @ApiProblems(409)
  @ApiOperation({ summary: 'Record activities (purchases, message events, campaign receipts, custom events) of a contact' })
  async record(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('id') id: string, @Body() dto: RecordActivitiesDto) {
    const { contact, recorded } = await this.activities.record(writeContext(principal, request), id, dto.activities);
    return { recorded: recorded.map(view), traits: contact.traits };
  }

  @Get('contacts/:id/activities')
  @ApiResult(200, PageOf(ActivitySchema))
  @ApiOperation({ summary: "The contact's timeline, newest first" })
  async timeline(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: PageQueryDto) {
    await this.contacts.get(principal.tenantId, id);
    const page = await this.repository.timeline(principal.tenantId, id, query.cursor, query.limit ?? 50);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  @Post('activities/bulk')
  @RateLimited('bulk')
  @Roles('admin', 'agent')
  @ApiResult(201, BulkActivitiesResultSchema, 'Recorded, each activity reported')
  @ApiProblems(409)
  @ApiOperation({ summary: 'Record up to 1,000 activities of any contacts; reports each' })
  async bulk(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() dto: BulkActivitiesDto) {
    const byContact = new Map<string, Array<{ index: number; activity: BulkActivitiesDto['activities'][number] }>>();
    dto.activities.forEach((activity, index) => byContact.set(activity.contactId, [...(byContact.get(activity.contactId) ?? []), { index, activity }]));
    const results: Array<{ index: number; status: 'recorded' | 'rejected'; id?: string; reason?: string }> = [];
    for (const [contactId, items] of byContact) {
      try {
        const { recorded } = await this.activities.record(writeContext(principal, request), contactId, items.map((i) => i.activity));
        items.forEach((item, n) => results.push({ index: item.index, status: 'recorded', id: String(recorded[n]._id) }));
      } catch (error) {
        if (!(error instanceof ProblemException) || error.getStatus() !== 404) throw error;
        items.forEach((item) => results.push({ index: item.index, status: 'rejected', reason: `no contact ${contactId} in this tenant` }));
      }
    }
    results.sort((a, b) => a.index - b.index);
    return { recorded: results.filter((r) => r.status === 'recorded').length, rejected: results.filter((r) => r.status === 'rejected').length, results };
  }
}
