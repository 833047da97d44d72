import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsOmittable } from '@roster/http';

export class VerifyMembershipDto {
  @ApiPropertyOptional({ description: 'Also repair: re-apply every drifted contact from the contacts service, publishing the entries and exits it was missing', default: false })
  @IsOmittable() @IsBoolean() repair?: boolean;
}
