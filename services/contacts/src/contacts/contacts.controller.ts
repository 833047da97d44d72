import { Body, Controller, Delete, Get, HttpCode, Param, ParseBoolPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblems, ApiResult, CurrentPrincipal, Principal, ProblemException, Roles } from '@roster/http';
import { ContactErasure } from './contact-erasure';
import { ContactsService } from './contacts.service';
import { ContactPageSchema, ContactViewSchema, renderContact } from './contact.view';
import { ChangeTagsDto, ConsentInputDto, CreateContactDto, UpdateContactDto } from './dto/contact.dto';
import { ContactFilterDto, SearchContactsDto } from './dto/search.dto';
import { Type } from '@sinclair/typebox';
import { toContactQuery } from './contact-filter';
import { ContactsRepository } from './contacts.repository';
import { TenantsService } from '../tenants/tenants.service';

export const writeContext = (principal: Principal, request: Request) => ({ tenantId: principal.tenantId, correlationId: String(request.id) });

@ApiTags('contacts')
@Controller('v1/contacts')
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly erasure: ContactErasure,
    private readonly repository: ContactsRepository,
    private readonly tenants: TenantsService,
  ) {}

  @Get()
  @ApiResult(200, ContactPageSchema)
  @ApiOperation({ summary: 'Search: keyword (name, phone digits, email, company) and filters; cursor-paginated; fields= picks columns' })
  async search(@CurrentPrincipal() principal: Principal, @Query() query: SearchContactsDto) {
    const page = await this.repository.search(principal.tenantId, toContactQuery(query), query.sort ?? 'createdAt', query.order ?? 'desc', query.cursor, query.limit ?? 50);
    if (page === 'invalid-cursor') throw new ProblemException(400, 'invalid-cursor', 'The pagination cursor is malformed.');
    return { items: page.items.map((r) => renderContact(r, principal, query.fields)), nextCursor: page.nextCursor };
  }

  @Get('count')
  @ApiResult(200, Type.Object({ count: Type.Integer({ minimum: 0 }) }))
  @ApiOperation({ summary: 'How many contacts a filter matches (what a bulk action over it would touch)' })
  async count(@CurrentPrincipal() principal: Principal, @Query() query: ContactFilterDto) {
    const filter = toContactQuery(query);
    // Every contact: the plan's counter, kept with each create and delete, instead of a count of them all.
    if (Object.keys(filter).length === 0) return { count: (await this.tenants.usage(principal.tenantId)).contacts };
    return { count: await this.repository.countLive(principal.tenantId, filter) };
  }

  @Post()
  @Roles('admin', 'agent')
  @ApiResult(201, ContactViewSchema, 'Created')
  @ApiProblems(409, 503)
  @ApiOperation({ summary: 'Create a contact (409 with existingId when the phone exists, 409 plan-limit-reached over the plan)' })
  async create(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() dto: CreateContactDto) {
    const record = await this.contacts.create(writeContext(principal, request), dto, principal.subject ?? null);
    return renderContact(record, principal);
  }

  @Get(':id')
  @ApiResult(200, ContactViewSchema)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return renderContact(await this.contacts.get(principal.tenantId, id), principal);
  }

  @Patch(':id')
  @Roles('admin', 'agent')
  @ApiResult(200, ContactViewSchema)
  @ApiProblems(409)
  @ApiOperation({ summary: 'Change some fields; null clears a field' })
  async update(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('id') id: string, @Body() dto: UpdateContactDto) {
    return renderContact(await this.contacts.update(writeContext(principal, request), id, dto), principal);
  }

  @Post(':id/tags')
  @Roles('admin', 'agent')
  @ApiResult(201, ContactViewSchema, 'Changed')
  @ApiProblems(409)
  @ApiOperation({ summary: 'Add and remove tags' })
  async changeTags(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('id') id: string, @Body() dto: ChangeTagsDto) {
    return renderContact(await this.contacts.changeTags(writeContext(principal, request), id, dto.add ?? [], dto.remove ?? []), principal);
  }

  @Post(':id/consent')
  @Roles('admin', 'agent')
  @ApiResult(201, ContactViewSchema, 'Recorded')
  @ApiProblems(409)
  @ApiOperation({ summary: 'Record a WhatsApp opt-in or withdrawal (append-only history)' })
  async consent(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Param('id') id: string, @Body() dto: ConsentInputDto) {
    return renderContact(await this.contacts.recordConsent(writeContext(principal, request), id, dto, principal.subject ?? null), principal);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'agent')
  @ApiResponse({ status: 204, description: 'Deleted (or erased)' })
  @ApiProblems(409)
  @ApiQuery({ name: 'erase', required: false, description: 'GDPR erasure: remove every trace of personal data (admin only)' })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Param('id') id: string,
    @Query('erase', new ParseBoolPipe({ optional: true })) erase = false,
  ): Promise<void> {
    if (erase && principal.role !== 'admin') throw new ProblemException(403, 'forbidden-role', 'Erasure needs the admin role.');
    await this.contacts.delete(writeContext(principal, request), id, erase, (contactId) => this.erasure.erase(principal.tenantId, contactId));
  }
}
