import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { format } from 'fast-csv';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import { guardFormula } from '@roster/contracts';
import { CurrentPrincipal, Principal } from '@roster/http';
import { ListsService } from '../lists/lists.service';
import { TenantsService } from '../tenants/tenants.service';
import { toContactQuery } from './contact-filter';
import { renderContact } from './contact.view';
import { ContactRecord } from './contact.schema';
import { ContactsRepository } from './contacts.repository';
import { ExportContactsDto } from './dto/search.dto';


const STANDARD_COLUMNS = [
  'id', 'phone', 'firstName', 'lastName', 'email', 'company', 'language', 'leadSource', 'tags', 'lists', 'status',
  'country', 'city', 'birthDate', 'consent', 'totalSpent', 'purchaseCount', 'firstPurchaseAt', 'lastPurchaseAt',
  'lastActivityAt', 'lastMessageReadAt', 'createdAt', 'updatedAt',
];

@ApiTags('contacts')
@Controller('v1/contacts/export')
export class ExportController {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly tenants: TenantsService,
    private readonly lists: ListsService,
  ) {}

  @Get()
  @ApiResponse({
    status: 200,
    description: 'One row per contact (CSV with a header row, or one JSON contact per line)',
    content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiOperation({ summary: 'Stream the contacts of a filter or list as CSV (default) or NDJSON; viewers get masks' })
  async export(@CurrentPrincipal() principal: Principal, @Query() query: ExportContactsDto, @Res() response: Response): Promise<void> {
    const tenant = await this.tenants.get(principal.tenantId);
    const customKeys = tenant.customFields.map((f) => f.key);
    // Lists by name, as the imports service maps them back (into a fresh tenant too).
    const listNames = await this.lists.namesById(principal.tenantId);
    const source = this.contacts.stream(principal.tenantId, toContactQuery(query)) as unknown as Readable;
    const toRow = (record: ContactRecord) => {
      const view = renderContact(record, principal) as Record<string, any>;
      const row: Record<string, unknown> = {
        ...view,
        tags: (view.tags as string[]).join(';'),
        lists: (view.lists as string[]).map((id) => listNames.get(id) ?? id).join(';'),
        country: view.location?.country ?? '',
        city: view.location?.city ?? '',
        consent: view.consent.whatsapp.status,
        ...view.traits,
      };
      for (const key of customKeys) row[`cf.${key}`] = view.customFields?.[key] ?? '';
      return row;
    };

    if (query.format === 'ndjson') {
      response.status(200).type('application/x-ndjson').setHeader('Content-Disposition', 'attachment; filename="contacts.ndjson"');
      const lines = new Transform({ objectMode: true, transform: (record, _e, done) => done(null, JSON.stringify(renderContact(record, principal)) + '\n') });
      await pipeline(source, lines, response);
      return;
    }
    const headers = [...STANDARD_COLUMNS, ...customKeys.map((k) => `cf.${k}`)];
    response.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="contacts.csv"');
    const rows = new Transform({ objectMode: true, transform: (record, _e, done) => done(null, toRow(record)) });
    const csv = format<Record<string, unknown>, Record<string, unknown>>({
      headers,
      writeBOM: true,
      transform: (row: Record<string, unknown>) =>
        Object.fromEntries(headers.map((h) => [h, row[h] === null || row[h] === undefined ? '' : guardFormula(String(row[h]))])),
    });
    await pipeline(source, rows, csv, response);
  }
}
