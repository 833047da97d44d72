import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsISO8601, IsInt, IsString, Length, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { MESSAGE_OUTCOMES, MessageOutcome } from '@roster/contracts';
import { IsOmittable } from '@roster/http';

const E164 = /^\+[1-9][0-9]{6,14}$/;
const nullableText = (_: unknown, value: unknown) => value !== undefined && value !== null;

export class MessageErrorDto {
  @IsInt()
  code: number;

  @IsString()
  @MaxLength(500)
  title: string;
}

/** One message outcome, as on roster.messages.v1 (the event's data plus what it reports). */
export class MessageEventDto {
  @IsIn(MESSAGE_OUTCOMES)
  outcome: MessageOutcome;

  @IsString()
  @Length(1, 200)
  messageId: string;

  @IsOmittable()
  @IsString()
  @Length(1, 64)
  contactId?: string;

  /** Required when contactId is absent. */
  @ValidateIf((event: MessageEventDto) => event.contactId === undefined || event.phone !== undefined)
  @Matches(E164, { message: 'phone must be E.164 (+4915123456789); give it or contactId' })
  phone?: string;

  @ValidateIf(nullableText)
  @IsString()
  @Length(1, 200)
  campaignId?: string | null;

  @ValidateIf(nullableText)
  @IsString()
  @Length(1, 200)
  conversationId?: string | null;

  @IsISO8601({ strict: true })
  occurredAt: string;

  /** Required for `failed`. */
  @ValidateIf((event: MessageEventDto) => event.outcome === 'failed' || event.error !== undefined)
  @IsDefined({ message: 'error { code, title } is required for a failed message' })
  @ValidateNested()
  @Type(() => MessageErrorDto)
  error?: MessageErrorDto;

  /** Required for `received`. */
  @ValidateIf((event: MessageEventDto) => event.outcome === 'received' || event.text !== undefined)
  @IsString()
  @MaxLength(4096)
  text?: string;

  @ValidateIf(nullableText)
  @IsString()
  @Length(1, 200)
  replyTo?: string | null;
}

export class MessageEventsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => MessageEventDto)
  events: MessageEventDto[];
}
