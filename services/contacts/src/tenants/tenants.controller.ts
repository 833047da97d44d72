import { Body, Controller, Get, Patch, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, OPERATOR_ROLE, Principal, Roles } from '@roster/http';
import { SetPlanDto, UpdateTenantDto } from './dto/update-tenant.dto';
import { TenantsService } from './tenants.service';

@ApiTags('tenant')
@Controller('v1/tenant')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's tenant: plan limit, default country, required fields, custom field definitions" })
  async get(@CurrentPrincipal() principal: Principal) {
    const { tenantId, planLimit, defaultCountry, requiredFields, customFields, leadSources } = await this.tenants.get(principal.tenantId);
    return { tenantId, planLimit, defaultCountry, requiredFields, customFields, leadSources };
  }

  @Patch()
  @Roles('admin')
  @ApiOperation({ summary: 'Change tenant settings (admin)' })
  async update(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateTenantDto) {
    await this.tenants.update(principal.tenantId, dto);
    return this.get(principal);
  }

  @Put('plan')
  @Roles(OPERATOR_ROLE)
  @ApiOperation({ summary: "Set the tenant's plan limit (the SaaS operator's token only; tenant roles are refused)" })
  async setPlan(@CurrentPrincipal() principal: Principal, @Body() dto: SetPlanDto) {
    await this.tenants.update(principal.tenantId, dto);
    return this.tenants.usage(principal.tenantId);
  }

  @Get('usage')
  @ApiOperation({ summary: 'Contacts stored against the plan limit' })
  usage(@CurrentPrincipal() principal: Principal) {
    return this.tenants.usage(principal.tenantId);
  }
}
