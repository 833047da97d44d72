import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO31661Alpha2, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CUSTOM_FIELD_KEY, CUSTOM_FIELD_TYPES, CustomFieldType, LEAD_SOURCE, REQUIRABLE_FIELDS } from '@roster/contracts';
import { IsOmittable } from '@roster/http';

export class CustomFieldDefinitionDto {
  @Matches(CUSTOM_FIELD_KEY, { message: 'key must start with a lowercase letter and hold only letters, digits and _' })
  key: string;

  @IsString()
  @MaxLength(80)
  label: string;

  @IsIn(CUSTOM_FIELD_TYPES)
  type: CustomFieldType;

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  options?: string[];
}

/** The plan is the SaaS operator's to set (role `operator`), never the tenant's own. */
export class SetPlanDto {
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  planLimit: number;
}

export class UpdateTenantDto {
  @IsOmittable()
  @IsISO31661Alpha2()
  defaultCountry?: string;

  @IsOmittable()
  @IsArray()
  @IsIn(REQUIRABLE_FIELDS, { each: true })
  requiredFields?: string[];

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CustomFieldDefinitionDto)
  customFields?: CustomFieldDefinitionDto[];

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(LEAD_SOURCE, { each: true, message: 'lead sources are lowercase words' })
  leadSources?: string[];

  @IsOmittable()
  @IsBoolean()
  importConsentRequired?: boolean;
}
