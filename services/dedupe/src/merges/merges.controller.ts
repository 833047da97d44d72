import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString } from 'class-validator';
import { CurrentPrincipal, Principal, Roles } from '@roster/http';
import { MergePreviewService } from './merge-preview.service';

export class MergePreviewDto {
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) contactIds: string[];
  @IsOptional() @IsString() survivorId?: string;
}

@ApiTags('dedupe')
@Controller('v1/dedupe/merges')
@Roles('admin', 'agent')
export class MergesController {
  constructor(private readonly previews: MergePreviewService) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'The surviving contact as a merge would leave it, and whose value each field takes' })
  preview(@CurrentPrincipal() principal: Principal, @Body() dto: MergePreviewDto) {
    return this.previews.preview(principal.tenantId, dto.contactIds, dto.survivorId);
  }
}
