import { Body, Controller, Get, HttpCode, MessageEvent, Param, Post, Put, Query, Req, Res, Sse } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { format } from 'fast-csv';
import { Observable, distinctUntilChanged, from, interval, map, startWith, switchMap, takeWhile } from 'rxjs';
import { AcceptsBody, ApiProblems, ApiResult, CurrentPrincipal, Principal, RateLimited, Roles } from '@roster/http';
import { ImportPageSchema, ImportSchema } from './import.api-schemas';
import { ErrorsQueryDto, ListQueryDto, MappingDto, UploadQueryDto } from './dto/import.dto';
import { TERMINAL_STATES } from './import.schema';
import { ImportView, renderImport } from './import.view';
import { ImportsService } from './imports.service';

const correlationOf = (request: Request) => (request.headers['x-correlation-id'] as string | undefined) ?? undefined;
const finished = (view: ImportView) => TERMINAL_STATES.includes(view.run.state);

@ApiTags('imports')
@Controller('v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @RateLimited('bulk')
  @Roles('admin', 'agent')
  @AcceptsBody('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'The CSV' } } } })
  @ApiResult(201, ImportSchema, 'Stored, with its headers, first rows and a suggested mapping')
  @ApiProblems(413, 422, 503)
  @ApiOperation({ summary: 'Upload a CSV (multipart field "file", up to 1 GiB); returns the import with its headers, first rows and a suggested mapping' })
  async upload(@CurrentPrincipal() principal: Principal, @Req() request: Request, @Query() query: UploadQueryDto) {
    return renderImport(await this.imports.upload(principal.tenantId, principal.subject ?? null, request, query));
  }

  @Get()
  @ApiResult(200, ImportPageSchema)
  @ApiOperation({ summary: 'Imports, newest first (viewers too, without the sample rows of the file)' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    const page = await this.imports.list(principal.tenantId, query.cursor);
    return { items: page.items.map((r) => renderImport(r, principal)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiResult(200, ImportSchema)
  @ApiOperation({ summary: 'The import: mapping, options, and the dry run and run with counts, rows/s and ETA' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return renderImport(await this.imports.get(principal.tenantId, id), principal);
  }

  @Put(':id/mapping')
  @Roles('admin', 'agent')
  @ApiResult(200, ImportSchema)
  @ApiProblems(409, 422)
  @ApiOperation({ summary: 'Set the mapping (header → field, custom:<key>, tags or ignore) and options' })
  async setMapping(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: MappingDto) {
    return renderImport(await this.imports.setMapping(principal.tenantId, id, dto));
  }

  @Post(':id/dry-run')
  @RateLimited('bulk')
  @Roles('admin', 'agent')
  @HttpCode(202)
  @ApiResult(202, ImportSchema, 'Queued')
  @ApiProblems(409, 422)
  @ApiOperation({ summary: 'Validate every row without writing: what would be created, updated, unchanged, rejected; whether it fits the plan' })
  async dryRun(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: Request) {
    return renderImport(await this.imports.requestDryRun(principal.tenantId, id, correlationOf(request)));
  }

  @Post(':id/run')
  @RateLimited('bulk')
  @Roles('admin', 'agent')
  @HttpCode(202)
  @ApiResult(202, ImportSchema, 'Queued')
  @ApiProblems(409, 422)
  @ApiOperation({ summary: 'Run the import on the workers' })
  async run(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: Request) {
    return renderImport(await this.imports.start(principal.tenantId, id, correlationOf(request)));
  }

  @Post(':id/cancel')
  @Roles('admin', 'agent')
  @HttpCode(202)
  @ApiResult(202, ImportSchema, 'Cancelling after the current chunk')
  @ApiProblems(409)
  @ApiOperation({ summary: 'Stop after the current chunk; the counts then say what was stored' })
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return renderImport(await this.imports.cancel(principal.tenantId, id));
  }

  @Sse(':id/progress')
  @ApiResponse({
    status: 200,
    description: 'Server-sent events; the data of each is the import as JSON (see Import)',
    content: {
      'text/event-stream': {
        schema: { type: 'object', required: ['data'], properties: { data: { type: 'string', description: 'The import as JSON' }, event: { type: 'string' }, id: { type: 'string' } } },
      },
    },
  })
  @ApiOperation({ summary: 'Server-sent events: the import (dry run and run) each time it changes, until the run has ended' })
  async progress(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<Observable<MessageEvent>> {
    await this.imports.get(principal.tenantId, id);
    return interval(500).pipe(
      startWith(0),
      switchMap(() => from(this.imports.get(principal.tenantId, id))),
      map((record) => renderImport(record, principal)),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
      takeWhile((view) => !finished(view), true),
      map((view) => ({ data: view })),
    );
  }

  @Get(':id/errors.csv')
  @Roles('admin', 'agent')
  @ApiResponse({ status: 200, description: 'The rejected rows, with row, column and reason', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiOperation({ summary: 'The rejected rows as they were, plus row, column and reason: fix them and upload again' })
  async errors(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ErrorsQueryDto, @Res() response: Response) {
    const { record, rows } = await this.imports.rejectedRows(principal.tenantId, id, query.pass === 'dry-run' ? 'dryRun' : 'run');
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="${record.fileName.replace(/[^\w.-]+/g, '_').replace(/\.csv$/i, '')}-errors.csv"`);
    const csv = format({ headers: [...record.headers, 'row', 'column', 'reason'], writeBOM: true });
    csv.pipe(response);
    for await (const row of rows) {
      const cells = record.headers.map((_, i) => row.cells[i] ?? '');
      // A ragged row keeps its extra cells, after the known columns.
      const extra = row.cells.slice(record.headers.length).join(' | ');
      if (!csv.write([...cells.slice(0, -1), extra ? `${cells[cells.length - 1]} | ${extra}` : cells[cells.length - 1], String(row.row), row.column, row.reason])) {
        await new Promise((resolve) => csv.once('drain', resolve));
      }
    }
    csv.end();
  }
}
