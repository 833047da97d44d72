import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsMongoId, IsString } from 'class-validator';
import { ApiProblems, ApiResult, CurrentPrincipal, FreshnessSchema, IsOmittable, Principal, Roles } from '@roster/http';
import { ConsumerFreshness } from '@roster/messaging';
import { DismissedSchema, GroupsSchema } from '../dedupe.api-schemas';
import { FEATURES, Feature } from '../matching/domain/evidence-score';
import { CandidateGroupsService } from './candidate-groups.service';

export class GroupsQueryDto {
  @IsOmittable() @IsIn(FEATURES) reason?: Feature;
  /** Only the group this contact is in (its profile's "suspected duplicates"). */
  @IsOmittable() @IsMongoId() contactId?: string;
}

export class DismissDto {
  @IsArray() @ArrayMinSize(2) @ArrayMaxSize(50) @IsString({ each: true }) contactIds: string[];
}

@ApiTags('dedupe')
@Controller('v1/dedupe')
@Roles('admin', 'agent')
export class CandidatesController {
  constructor(
    private readonly groups: CandidateGroupsService,
    private readonly freshness: ConsumerFreshness,
  ) {}

  @Get('freshness')
  @Roles('admin', 'agent', 'viewer')
  @ApiResult(200, FreshnessSchema)
  @ApiOperation({ summary: 'How far candidate pairs are behind the contact changes: current, or catching-up with the moment through which every change is applied' })
  async fresh() {
    return this.freshness.current();
  }

  @Get('groups')
  @ApiResult(200, GroupsSchema)
  @ApiOperation({ summary: 'Candidate groups, strongest first, each pair with its score and the features behind it' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: GroupsQueryDto) {
    return { items: await this.groups.groups(principal.tenantId, query.reason, query.contactId) };
  }

  @Post('dismissals')
  @HttpCode(200)
  @ApiResult(200, DismissedSchema)
  @ApiProblems(404, 422)
  @ApiOperation({ summary: 'Not duplicates: the pairs among these contacts are not suggested again unless a matching field changes' })
  async dismiss(@CurrentPrincipal() principal: Principal, @Body() dto: DismissDto) {
    return { dismissedPairs: await this.groups.dismiss(principal.tenantId, dto.contactIds) };
  }
}
