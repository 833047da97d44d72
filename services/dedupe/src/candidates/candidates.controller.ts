import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { CurrentPrincipal, Principal, Roles } from '@roster/http';
import { FEATURE_WEIGHTS, Feature } from '../matching/domain/pair-scorer';
import { CandidateGroupsService } from './candidate-groups.service';

export class GroupsQueryDto {
  @IsOptional() @IsIn(Object.keys(FEATURE_WEIGHTS)) reason?: Feature;
}

export class DismissDto {
  @IsArray() @ArrayMinSize(2) @ArrayMaxSize(50) @IsString({ each: true }) contactIds: string[];
}

@ApiTags('dedupe')
@Controller('v1/dedupe')
@Roles('admin', 'agent')
export class CandidatesController {
  constructor(private readonly groups: CandidateGroupsService) {}

  @Get('groups')
  @ApiOperation({ summary: 'Candidate groups, strongest first, each pair with its score and the features behind it' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: GroupsQueryDto) {
    return { items: await this.groups.groups(principal.tenantId, query.reason) };
  }

  @Post('dismissals')
  @HttpCode(200)
  @ApiOperation({ summary: 'Not duplicates: the pairs among these contacts are not suggested again unless a matching field changes' })
  async dismiss(@CurrentPrincipal() principal: Principal, @Body() dto: DismissDto) {
    return { dismissedPairs: await this.groups.dismiss(principal.tenantId, dto.contactIds) };
  }
}
