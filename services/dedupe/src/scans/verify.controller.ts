import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { ApiResult, CurrentPrincipal, IsOmittable, Principal, RateLimited, Roles } from '@roster/http';
import { PairsVerifyReportSchema } from '../dedupe.api-schemas';
import { PairsVerifier } from './pairs-verifier';

export class VerifyPairsDto {
  @ApiPropertyOptional({ description: 'Also repair: rewrite the pairs of every contact involved', default: false })
  @IsOmittable() @IsBoolean() repair?: boolean;
}

@ApiTags('dedupe')
@Controller('v1/dedupe/verify')
@Roles('admin')
export class PairsVerifyController {
  constructor(private readonly verifier: PairsVerifier) {}

  @Post()
  @RateLimited('bulk')
  @HttpCode(200)
  @ApiResult(200, PairsVerifyReportSchema)
  @ApiOperation({ summary: "Compare the stored candidate pairs with a fresh scan of this service's contacts: missing and extra pairs; with repair, fix them" })
  verify(@CurrentPrincipal() principal: Principal, @Body() dto: VerifyPairsDto) {
    return this.verifier.verify(principal.tenantId, dto.repair ?? false);
  }
}
