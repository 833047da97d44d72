import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from './auth';

/** Lets an integrator check a token: which tenant and role it carries. */
@ApiTags('session')
@Controller('v1/session')
export class SessionController {
  @Get()
  @ApiOperation({ summary: 'The tenant and role of the presented bearer token' })
  whoAmI(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
