import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'roster:public';

/** Marks a route or controller as reachable without a bearer token (health, metrics, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
