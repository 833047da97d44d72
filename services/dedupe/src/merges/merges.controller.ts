import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsMongoId, Matches, ValidateNested, IsIn, IsInt, IsNumber, IsObject, IsString, Max, Min } from 'class-validator';
import { ApiProblems, ApiResult, CurrentPrincipal, IsOmittable, Principal, ProblemException, Roles } from '@roster/http';
import { DedupeSettingsSchema, MergeDecisionSchema, MergePlanSchema } from '../dedupe.api-schemas';
import { FIELD_RULES, FieldRule, SINGLE_VALUE_FIELDS, isMergeField } from '@roster/merge';
import { Type } from 'class-transformer';
import { Type as Schema } from '@sinclair/typebox';
import { AUTO_MERGE_POLICIES } from '../matching/domain/auto-merge-policy';
import { MATCH_FIELD_COMPARISONS, MatchFieldComparison } from '../matching/domain/evidence';
import { DedupeSettings } from '../settings/dedupe-settings';
import { MergeDecisionRecord } from './merge-decision.schema';
import { MergeDecisionsService } from './merge-decisions.service';
import { MergePreviewService } from './merge-preview.service';

export const MERGE_FIELDS_HINT = `one of ${SINGLE_VALUE_FIELDS.join(', ')} or custom.<key>`;

export class MergePreviewDto {
  @IsArray() @ArrayMaxSize(50) @IsMongoId({ each: true }) contactIds: string[];
  @IsOmittable() @IsMongoId() survivorId?: string;
  /** field (or `custom.<key>`) -> the contact whose value the survivor keeps. */
  @IsOmittable() @IsObject() fieldChoices?: Record<string, string>;
}

export class MergeRequestDto extends MergePreviewDto {
  /** contact id -> version as reviewed (the `version` of each member in GET /v1/dedupe/groups). */
  @IsOmittable() @IsObject() expectedVersions?: Record<string, number>;
}

export class MatchFieldDto {
  /** A custom field of the tenant. */
  @Matches(/^[a-z][a-zA-Z0-9_]{0,39}$/, { message: 'key must be a custom field key' }) key: string;
  /** exact (a postcode, a customer number), text (an address, with typos), date, number. */
  @IsIn(MATCH_FIELD_COMPARISONS) comparison: MatchFieldComparison;
}

export class DedupeSettingsDto {
  /** Custom fields that are evidence of identity, each with how it compares (a scan then fits the model to them). */
  @IsOmittable() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => MatchFieldDto) matchFields?: MatchFieldDto[];
  /** Pairs scoring at least this are candidates (default 0.6); a scan applies a change to every pair. */
  @IsOmittable() @IsNumber() @Min(0.3) @Max(1) threshold?: number;
  /** How many days after a merge it can be undone (default 30). */
  @IsOmittable() @IsInt() @Min(0) @Max(365) undoWindowDays?: number;
  /** Per field (or `custom.<key>`): `newest` (default), `oldest` or `survivor`. */
  @IsOmittable() @IsObject() survivorRules?: Record<string, FieldRule>;
  /** Auto-merge policies to turn on; empty turns them all off. */
  @IsOmittable() @IsArray() @IsIn(AUTO_MERGE_POLICIES, { each: true }) autoMerge?: string[];
}

@ApiTags('dedupe')
@Controller('v1/dedupe/settings')
export class DedupeSettingsController {
  constructor(private readonly settings: DedupeSettings) {}

  @Get()
  @ApiResult(200, DedupeSettingsSchema)
  get(@CurrentPrincipal() principal: Principal) {
    return this.settings.of(principal.tenantId);
  }

  @Put()
  @Roles('admin')
  @ApiResult(200, DedupeSettingsSchema)
  @ApiProblems(422)
  @ApiOperation({ summary: "The tenant's dedupe settings: the candidate threshold (default 0.6), how many days a merge can be undone (default 30), the auto-merge policies on" })
  put(@CurrentPrincipal() principal: Principal, @Body() dto: DedupeSettingsDto) {
    const rules = Object.entries(dto.survivorRules ?? {});
    const badField = rules.find(([field]) => !isMergeField(field));
    if (badField) throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', `survivorRules: "${badField[0]}" is not a field a merge resolves (${MERGE_FIELDS_HINT})`);
    const badRule = rules.find(([, rule]) => !FIELD_RULES.includes(rule));
    if (badRule) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'validation-failed', `survivorRules.${badRule[0]} must be one of ${FIELD_RULES.join(', ')}`);
    return this.settings.save(principal.tenantId, dto);
  }
}

@ApiTags('dedupe')
@Controller('v1/dedupe/merges')
@Roles('admin', 'agent')
export class MergesController {
  constructor(
    private readonly previews: MergePreviewService,
    private readonly decisions: MergeDecisionsService,
  ) {}

  @Post()
  @ApiResult(202, MergeDecisionSchema, 'Decided')
  @ApiResult(200, MergeDecisionSchema, 'Already decided (a retried request)')
  @ApiProblems(404, 409, 422)
  @ApiOperation({ summary: 'Merge contacts: 202 with the decision (200 when this request was already decided); the contacts service applies it' })
  async merge(@CurrentPrincipal() principal: Principal, @Body() dto: MergeRequestDto, @Res({ passthrough: true }) response: Response) {
    const { decision, created } = await this.decisions.decide(principal.tenantId, principal.subject ?? principal.role, dto, response.req.id as string | undefined);
    response.status(created ? HttpStatus.ACCEPTED : HttpStatus.OK);
    return mergeView(decision);
  }

  @Get()
  @ApiResult(200, Schema.Object({ items: Schema.Array(MergeDecisionSchema) }))
  @ApiOperation({ summary: 'The merge history: the latest 100 decisions, newest first, with their state (decided, applied, undo-requested, undone)' })
  async history(@CurrentPrincipal() principal: Principal) {
    return { items: (await this.decisions.recent(principal.tenantId)).map(mergeView) };
  }

  @Post(':decisionId/undo')
  @HttpCode(202)
  @ApiResult(202, MergeDecisionSchema, 'Undo requested')
  @ApiProblems(409, 422)
  @ApiOperation({ summary: "Undo an applied merge within the tenant's window: the merged-away contacts come back as they were" })
  async undo(@CurrentPrincipal() principal: Principal, @Param('decisionId') decisionId: string, @Req() request: Request) {
    return mergeView(await this.decisions.undo(principal.tenantId, decisionId, principal.subject ?? principal.role, request.id as string | undefined));
  }

  @Get(':decisionId')
  @ApiResult(200, MergeDecisionSchema)
  @ApiOperation({ summary: 'A merge decision: decided, then applied once the contacts service has merged' })
  async get(@CurrentPrincipal() principal: Principal, @Param('decisionId') decisionId: string) {
    return mergeView(await this.decisions.get(principal.tenantId, decisionId));
  }

  @Post('preview')
  @HttpCode(200)
  @ApiResult(200, MergePlanSchema)
  @ApiProblems(404, 422)
  @ApiOperation({ summary: 'The surviving contact as a merge would leave it, and whose value each field takes' })
  preview(@CurrentPrincipal() principal: Principal, @Body() dto: MergePreviewDto) {
    return this.previews.preview(principal.tenantId, dto.contactIds, dto.survivorId, dto.fieldChoices);
  }
}

function mergeView(d: MergeDecisionRecord) {
  return {
    id: d._id, state: d.state, survivorId: d.survivorId, mergedIds: d.mergedIds, versions: d.versions, fieldChoices: d.fieldChoices,
    decidedBy: d.decidedBy, decidedAt: d.decidedAt, appliedAt: d.appliedAt, undoRequestedBy: d.undoRequestedBy ?? null, undoneAt: d.undoneAt ?? null,
  };
}
