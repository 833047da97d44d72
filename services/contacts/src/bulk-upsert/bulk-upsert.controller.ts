import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Type } from '@sinclair/typebox';
import { ApiProblems, ApiResult, CurrentPrincipal, Principal, RateLimited, Roles } from '@roster/http';
import { writeContext } from '../contacts/contacts.controller';
import { ROW_STATUSES, RowResult } from './bulk-batch.schema';
import { BulkRowsDto, BulkUpsertDto } from './bulk-upsert.dto';
import { BulkUpsertService } from './bulk-upsert.service';

const RowResultSchema = Type.Object({
  row: Type.Integer({ minimum: 0 }),
  status: Type.Union(ROW_STATUSES.map((s) => Type.Literal(s))),
  contactId: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  field: Type.Optional(Type.String()),
});
const CountsSchema = Type.Object(Object.fromEntries(ROW_STATUSES.map((s) => [s, Type.Integer({ minimum: 0 })])));
const PreviewSchema = Type.Object({ counts: CountsSchema, results: Type.Array(RowResultSchema) });

const countByStatus = (results: RowResult[]) => Object.fromEntries(ROW_STATUSES.map((s) => [s, results.filter((r) => r.status === s).length]));

@ApiTags('contacts')
@Controller('v1/contacts/bulk-upsert')
export class BulkUpsertController {
  constructor(private readonly bulkUpsert: BulkUpsertService) {}

  @Post()
  @RateLimited('bulk')
  @HttpCode(200)
  @Roles('admin', 'agent')
  @ApiResult(200, Type.Composite([Type.Object({ batchKey: Type.String() }), PreviewSchema]))
  @ApiProblems(404, 503)
  @ApiOperation({ summary: 'Create/update up to 1,000 contacts; idempotent under batchKey; a result per row' })
  async upsert(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Body() dto: BulkUpsertDto) {
    const results = await this.bulkUpsert.upsert(writeContext(principal, request), dto, principal.subject ?? null);
    return { batchKey: dto.batchKey, counts: countByStatus(results), results };
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('admin', 'agent')
  @ApiResult(200, PreviewSchema)
  @ApiOperation({ summary: 'What a bulk upsert of these rows would do, without writing (an import dry run)' })
  async preview(@CurrentPrincipal() principal: Principal, @Body() dto: BulkRowsDto) {
    const results = await this.bulkUpsert.preview(principal.tenantId, dto);
    return { counts: countByStatus(results), results };
  }
}
