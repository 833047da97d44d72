import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class VerifyMembershipDto {
  @ApiPropertyOptional({ description: 'Also repair: re-apply every drifted contact from the contacts service, publishing the entries and exits it was missing', default: false })
  @IsOptional() @IsBoolean() repair?: boolean;
}
