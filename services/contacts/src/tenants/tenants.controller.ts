import { Body, Controller, Get, Patch, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';
import { ApiProblems, ApiResult, CurrentPrincipal, OPERATOR_ROLE, Principal, Roles } from '@roster/http';
import { CUSTOM_FIELD_TYPES } from '@roster/contracts';

const TenantSchema = Type.Object(
  {
    tenantId: Type.String(),
    planLimit: Type.Integer({ minimum: 0 }),
    defaultCountry: Type.Union([Type.String(), Type.Null()]),
    requiredFields: Type.Array(Type.String()),
    customFields: Type.Array(
      Type.Object({ key: Type.String(), label: Type.String(), type: Type.Union(CUSTOM_FIELD_TYPES.map((t) => Type.Literal(t))), options: Type.Optional(Type.Array(Type.String())) }),
    ),
    leadSources: Type.Array(Type.String()),
    importConsentRequired: Type.Boolean({ description: 'Imports must carry a consent attestation (method and source) before they run' }),
  },
  { $id: 'Tenant' },
);
const UsageSchema = Type.Object({ contacts: Type.Integer({ minimum: 0 }), limit: Type.Integer({ minimum: 0 }) }, { $id: 'PlanUsage' });
import { SetPlanDto, UpdateTenantDto } from './dto/update-tenant.dto';
import { TenantsService } from './tenants.service';

@ApiTags('tenant')
@Controller('v1/tenant')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @ApiResult(200, TenantSchema)
  @ApiOperation({ summary: "The caller's tenant: plan limit, default country, required fields, custom field definitions" })
  async get(@CurrentPrincipal() principal: Principal) {
    const { tenantId, planLimit, defaultCountry, requiredFields, customFields, leadSources, importConsentRequired } = await this.tenants.get(principal.tenantId);
    return { tenantId, planLimit, defaultCountry, requiredFields, customFields, leadSources, importConsentRequired: importConsentRequired ?? false };
  }

  @Patch()
  @Roles('admin')
  @ApiResult(200, TenantSchema)
  @ApiOperation({ summary: 'Change tenant settings (admin)' })
  async update(@CurrentPrincipal() principal: Principal, @Body() dto: UpdateTenantDto) {
    await this.tenants.update(principal.tenantId, dto);
    return this.get(principal);
  }

  @Put('plan')
  @Roles(OPERATOR_ROLE)
  @ApiResult(200, UsageSchema)
  @ApiOperation({ summary: "Set the tenant's plan limit (the SaaS operator's token only; tenant roles are refused)" })
  async setPlan(@CurrentPrincipal() principal: Principal, @Body() dto: SetPlanDto) {
    await this.tenants.update(principal.tenantId, dto);
    return this.tenants.usage(principal.tenantId);
  }

  @Get('usage')
  @ApiResult(200, UsageSchema)
  @ApiOperation({ summary: 'Contacts stored against the plan limit' })
  usage(@CurrentPrincipal() principal: Principal) {
    return this.tenants.usage(principal.tenantId);
  }
}
