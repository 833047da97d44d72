import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiResult, CurrentPrincipal, Principal, ProblemException, Roles } from '@roster/http';
import { ConsumerFreshness } from '@roster/messaging';
import { LifecycleSchema, MemberPageSchema, PreviewSchema, SegmentPageSchema, SegmentSchema } from './segment.api-schemas';
import { SegmentMembersRepository } from '../membership/segment-members.repository';
import { CreateSegmentDto, LifecycleSettingsDto, PageQueryDto, PreviewSegmentDto, UpdateSegmentDto } from './dto/segment.dto';
import { SegmentPreview } from './segment-preview';
import { FIELDS } from '../rules/domain/fields';
import { OPERATORS_BY_TYPE, TIME_UNITS } from '../rules/domain/rule';
import { SEGMENT_TEMPLATES } from '../rules/domain/segment-templates';
import { Type } from '@sinclair/typebox';
import { renderSegment } from './segment.view';
import { SegmentsService } from './segments.service';

@ApiTags('segments')
@Controller('v1/segments')
export class SegmentsController {
  constructor(
    private readonly segments: SegmentsService,
    private readonly members: SegmentMembersRepository,
    private readonly previews: SegmentPreview,
    private readonly freshness: ConsumerFreshness,
  ) {}

  @Post()
  @Roles('admin', 'agent')
  @ApiResult(201, SegmentSchema, 'Created')
  @ApiProblems(404, 409, 422)
  @ApiOperation({ summary: 'Create a segment; its members are computed in the background (status "backfilling", then "ready")' })
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateSegmentDto) {
    return renderSegment(await this.segments.create(principal.tenantId, dto), await this.freshness.current());
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('admin', 'agent')
  @ApiResult(200, PreviewSchema)
  @ApiProblems(404, 422)
  @ApiOperation({ summary: 'What a rule would select now: matching and messageable counts, a sample, and a count per top-level condition' })
  async preview(@CurrentPrincipal() principal: Principal, @Body() dto: PreviewSegmentDto) {
    return this.previews.preview(principal.tenantId, await this.segments.rule(principal.tenantId, dto.rule), dto.listId ?? null);
  }

  @Get()
  @ApiResult(200, SegmentPageSchema)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto) {
    const page = await this.segments.list(principal.tenantId, query.cursor);
    const freshness = await this.freshness.current();
    return { items: page.items.map((s) => renderSegment(s, freshness)), nextCursor: page.nextCursor };
  }

  @Get('fields')
  @ApiResult(200, Type.Object({
    fields: Type.Array(Type.Object({ field: Type.String(), type: Type.String(), values: Type.Optional(Type.Array(Type.String())) })),
    operators: Type.Record(Type.String(), Type.Array(Type.String())),
    timeUnits: Type.Array(Type.String()),
  }))
  @ApiOperation({ summary: "What a rule may name: each standard field with its type (and an enum's values), the operators of each type, the units of relative dates; custom fields are custom.<key>, typed as the tenant defines them" })
  fields() {
    return {
      fields: Object.entries(FIELDS).map(([field, spec]) => ({ field, type: spec.type, ...(spec.values ? { values: [...spec.values] } : {}) })),
      operators: OPERATORS_BY_TYPE,
      timeUnits: TIME_UNITS,
    };
  }

  @Get('templates')
  @ApiResult(200, Type.Object({ items: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), description: Type.String(), rule: Type.Unknown() })) }))
  @ApiOperation({ summary: 'Rules for the common segments (high-value, inactive, newsletter openers, frequency cap, …), to copy and adjust' })
  templates() {
    return { items: SEGMENT_TEMPLATES };
  }

  @Get(':id')
  @ApiResult(200, SegmentSchema)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const segment = await this.segments.get(principal.tenantId, id);
    return renderSegment(segment, await this.freshness.current(), await this.members.count(principal.tenantId, id));
  }

  @Put(':id')
  @Roles('admin', 'agent')
  @ApiResult(200, SegmentSchema)
  @ApiProblems(409, 422)
  @ApiOperation({ summary: 'Change a segment; a new rule or scope is a new version and membership moves to match it' })
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateSegmentDto) {
    return renderSegment(await this.segments.update(principal.tenantId, id, dto), await this.freshness.current());
  }

  @Delete(':id')
  @HttpCode(202)
  @Roles('admin', 'agent')
  @ApiResult(202, SegmentSchema, 'Retiring')
  @ApiOperation({ summary: 'Delete a segment: every member exits (status "retiring"), then it is gone' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return renderSegment(await this.segments.remove(principal.tenantId, id), await this.freshness.current());
  }

  @Get(':id/members')
  @ApiResult(200, MemberPageSchema)
  @ApiOperation({ summary: 'Members, in a stable order: cursor pages do not shift while members enter and exit' })
  async listMembers(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: PageQueryDto) {
    await this.segments.get(principal.tenantId, id);
    const page = await this.members.page(principal.tenantId, id, query.cursor, query.limit ?? 100);
    if (page === 'invalid-cursor') throw new ProblemException(400, 'invalid-cursor', 'The cursor does not belong to this segment');
    return { items: page.items.map((m) => ({ contactId: m.contactId, since: m.since })), nextCursor: page.nextCursor };
  }
}

@ApiTags('segments')
@Controller('v1/segment-settings')
export class SegmentSettingsController {
  constructor(private readonly segments: SegmentsService) {}

  @Get('lifecycle')
  @ApiResult(200, LifecycleSchema)
  lifecycle(@CurrentPrincipal() principal: Principal) {
    return this.segments.lifecycle(principal.tenantId);
  }

  @Put('lifecycle')
  @Roles('admin')
  @ApiResult(200, LifecycleSchema)
  @ApiProblems(422)
  @ApiOperation({ summary: 'Lifecycle stage thresholds (days since the last activity); segments naming the stage are re-evaluated' })
  setLifecycle(@CurrentPrincipal() principal: Principal, @Body() dto: LifecycleSettingsDto) {
    return this.segments.setLifecycle(principal.tenantId, { activeWithinDays: dto.activeWithinDays, atRiskWithinDays: dto.atRiskWithinDays });
  }
}
