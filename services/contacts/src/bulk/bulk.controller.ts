import { Body, Controller, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblems, ApiResult, BulkOutcomeSchema, CurrentPrincipal, Principal, ProblemException, RateLimited, Roles } from '@roster/http';
import { ContactErasure } from '../contacts/contact-erasure';
import { byIds, toContactQuery } from '../contacts/contact-filter';
import { writeContext } from '../contacts/contacts.controller';
import { ListsService } from '../lists/lists.service';
import { mutations } from '../contacts/contact-mutations';
import { BulkService } from './bulk.service';
import { BulkOperationDto } from './dto/bulk.dto';

@ApiTags('contacts')
@Controller('v1/contacts/bulk')
export class BulkController {
  constructor(
    private readonly bulk: BulkService,
    private readonly lists: ListsService,
    private readonly erasure: ContactErasure,
  ) {}

  @Post()
  @RateLimited('bulk')
  @Roles('admin', 'agent')
  @ApiResult(201, BulkOutcomeSchema, 'Applied to every matching contact')
  @ApiProblems(404)
  @ApiOperation({ summary: 'Tag, untag, set status, add to or remove from a list, or delete contacts by ids or by filter' })
  async run(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() dto: BulkOperationDto) {
    const query = dto.ids ? byIds(dto.ids) : toContactQuery(dto.filter!);
    if (!dto.ids && Object.keys(query).length === 0 && !dto.confirmAll) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'bulk-needs-confirmation', 'An empty filter matches every contact; send confirmAll: true to mean it.');
    }
    const context = writeContext(principal, request);
    switch (dto.action) {
      case 'add-tags':
        return this.bulk.apply(context, query, mutations.tags(dto.tags!, []));
      case 'remove-tags':
        return this.bulk.apply(context, query, mutations.tags([], dto.tags!));
      case 'set-status':
        return this.bulk.apply(context, query, mutations.status(dto.status!));
      case 'add-to-list':
        await this.lists.get(principal.tenantId, dto.listId!);
        return this.bulk.apply(context, query, mutations.lists([dto.listId!], []));
      case 'remove-from-list':
        return this.bulk.apply(context, query, mutations.lists([], [dto.listId!]));
      case 'delete':
        if (principal.role !== 'admin') throw new ProblemException(HttpStatus.FORBIDDEN, 'forbidden-role', 'Bulk deletion needs the admin role.');
        return this.bulk.delete(context, query, (id) => this.erasure.erase(principal.tenantId, id));
    }
  }
}
