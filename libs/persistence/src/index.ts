export * from './mongo.module';
export * from './cursor';
export * from './tenant-scoped.repository';
export * from './request-coalescer';
export * from './coalesced-writes';
export * from './coalesced-reads';
export * from './stored-map';
export * from './duplicate-key';
