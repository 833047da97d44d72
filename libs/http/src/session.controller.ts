import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';
import { CurrentPrincipal, OPERATOR_ROLE, Principal, ROLES } from './auth';
import { ApiResult } from './openapi';

const PrincipalSchema = Type.Object({
  tenantId: Type.String(),
  role: Type.Union([...ROLES, OPERATOR_ROLE].map((r) => Type.Literal(r))),
  subject: Type.Optional(Type.String()),
});

/** Lets an integrator check a token: which tenant and role it carries. */
@ApiTags('session')
@Controller('v1/session')
export class SessionController {
  @Get()
  @ApiResult(200, PrincipalSchema)
  @ApiOperation({ summary: 'The tenant and role of the presented bearer token' })
  whoAmI(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
