import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiResult, CurrentPrincipal, Principal, RateLimited, Roles } from '@roster/http';
import { VerifyReportSchema } from '../segments/segment.api-schemas';
import { VerifyMembershipDto } from './dto/verify.dto';
import { MembershipVerifier } from './membership-verifier';

@ApiTags('segments')
@Controller('v1/segments/verify')
export class VerifyController {
  constructor(private readonly verifier: MembershipVerifier) {}

  @Post()
  @RateLimited('bulk')
  @HttpCode(200)
  @Roles('admin')
  @ApiResult(200, VerifyReportSchema)
  @ApiProblems(503)
  @ApiOperation({
    summary: "Re-evaluate the tenant's segments from the contacts service's data and compare with the stored members: missing and extra per segment; with repair, fix them",
  })
  verify(@CurrentPrincipal() principal: Principal, @Body() dto: VerifyMembershipDto) {
    return this.verifier.verify(principal.tenantId, dto.repair ?? false);
  }
}
