import { Module } from '@nestjs/common';
import { ViewsController } from './views.controller';
import { ViewsRepository } from './views.repository';

/** Saved views of the contacts grid, per user, optionally shared with the tenant. */
@Module({ controllers: [ViewsController], providers: [ViewsRepository] })
export class ViewsModule {}
