import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Type } from '@sinclair/typebox';
import { messageEventKey } from '@roster/contracts';
import { ApiProblems, ApiResult, CurrentPrincipal, PageOf, PageQueryDto, Principal, Roles } from '@roster/http';
import { decodeCursor, encodeCursor, InvalidCursorError } from '@roster/persistence';
import { runKeyOrdered } from '@roster/messaging';
import { writeContext } from '../contacts/contacts.controller';
import { ContactsService } from '../contacts/contacts.service';
import { MessageEventsDto } from './dto/message-events.dto';
import { UpdateMessagingPolicyDto } from './dto/messaging-policy.dto';
import { MessageOutcomeRejected, MessageOutcomesService } from './message-outcomes.service';
import { CampaignHistorySchema, ConversationSchema, campaignsOf, conversationsOf, messageView } from './message.view';
import { MessagesRepository } from './messages.repository';
import { MessagingPolicies } from './messaging-policies';

const OutcomeResultsSchema = Type.Object({
  applied: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0 }),
  rejected: Type.Integer({ minimum: 0 }),
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      result: Type.Union([Type.Literal('applied'), Type.Literal('unchanged'), Type.Literal('rejected')]),
      reason: Type.Optional(Type.String()),
    }),
  ),
});

const KeywordSetSchema = Type.Object({ language: Type.String(), optOut: Type.Array(Type.String()), optIn: Type.Array(Type.String()) });
const MessagingPolicySchema = Type.Object(
  {
    recentMessages: Type.Integer(),
    hardFailuresToInvalid: Type.Integer(),
    statusOnInbound: Type.Union([Type.String(), Type.Null()]),
    keywords: Type.Array(KeywordSetSchema),
    optInPolicy: Type.Union([Type.Literal('grant'), Type.Literal('ignore')]),
    textRetentionDays: Type.Integer(),
    createContactOnInbound: Type.Boolean(),
  },
  { $id: 'MessagingPolicy' },
);

/** Contacts' messages read this many at most for a campaign history. */
const CAMPAIGN_HISTORY_MESSAGES = 5_000;

@ApiTags('messages')
@Controller('v1')
export class MessagesController {
  constructor(
    private readonly outcomes: MessageOutcomesService,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsService,
    private readonly policies: MessagingPolicies,
  ) {}

  @Post('messages/events')
  @Roles('admin', 'agent')
  @ApiResult(201, OutcomeResultsSchema, 'Applied, each event reported')
  @ApiOperation({ summary: 'Apply up to 1,000 message outcomes (as on roster.messages.v1), for callers without Kafka; reports each' })
  async events(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() dto: MessageEventsDto) {
    const results: Array<{ index: number; result: 'applied' | 'unchanged' | 'rejected'; reason?: string }> = [];
    // One contact's events in the order given; different contacts side by side.
    await runKeyOrdered({
      items: dto.events.map((event, index) => ({ event, index })),
      keyOf: ({ event }) => messageEventKey(event),
      concurrency: 8,
      handle: async ({ event, index }) => {
        const { outcome, ...data } = event;
        try {
          results.push({ index, result: await this.outcomes.apply(writeContext(principal, request), outcome, data) });
        } catch (error) {
          if (!(error instanceof MessageOutcomeRejected)) throw error;
          results.push({ index, result: 'rejected', reason: error.message });
        }
      },
    });
    results.sort((a, b) => a.index - b.index);
    const count = (result: string) => results.filter((r) => r.result === result).length;
    return { applied: count('applied'), unchanged: count('unchanged'), rejected: count('rejected'), results };
  }

  @Get('contacts/:id/conversations')
  @ApiResult(200, PageOf(ConversationSchema))
  @ApiProblems(404)
  @ApiOperation({ summary: "The contact's messages, inbound and outbound, grouped by conversation, newest first (text masked for viewers)" })
  async conversations(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: PageQueryDto) {
    await this.contacts.get(principal.tenantId, id);
    const limit = query.limit ?? 50;
    const page = await this.messages.ofContact(principal.tenantId, id, limit + 1, query.cursor === undefined ? undefined : cursorPosition(query.cursor));
    const shown = page.slice(0, limit);
    const now = new Date();
    const last = shown[shown.length - 1];
    return {
      items: conversationsOf(shown.map((m) => ({ ...messageView(m, principal.role === 'viewer', now), conversationId: m.conversationId }))),
      nextCursor: page.length > limit && last ? encodeCursor(`${last.at.toISOString()}|${last._id}`) : null,
    };
  }

  @Get('contacts/:id/campaigns')
  @ApiResult(200, Type.Object({ items: Type.Array(CampaignHistorySchema) }))
  @ApiProblems(404)
  @ApiOperation({ summary: "The contact's campaigns, newest first: messages sent, delivered, read, replied and failed (with reasons)" })
  async campaigns(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    await this.contacts.get(principal.tenantId, id);
    return { items: campaignsOf(await this.messages.outboundOfContact(principal.tenantId, id, CAMPAIGN_HISTORY_MESSAGES)) };
  }

  @Get('tenant/messaging')
  @ApiResult(200, MessagingPolicySchema)
  @ApiOperation({ summary: "The tenant's messaging policy: recent messages kept, invalid-number rule, status on reply, consent keywords, text retention" })
  messaging(@CurrentPrincipal() principal: Principal) {
    return this.policies.of(principal.tenantId);
  }

  @Patch('tenant/messaging')
  @Roles('admin')
  @ApiResult(200, MessagingPolicySchema)
  @ApiOperation({ summary: "Change the tenant's messaging policy (admin); what is left out keeps its value" })
  updateMessaging(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateMessagingPolicyDto) {
    return this.policies.update(principal.tenantId, dto);
  }
}

function cursorPosition(cursor: string): { at: Date; id: string } {
  const [at, ...id] = (decodeCursor(cursor) ?? '').split('|');
  if (!at || id.length === 0 || Number.isNaN(Date.parse(at))) throw new InvalidCursorError();
  return { at: new Date(at), id: id.join('|') };
}
