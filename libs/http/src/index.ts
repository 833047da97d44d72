export * from './problem';
export * from './problem-details.filter';
export * from './validation';
export * from './auth';
export * from './platform.module';
export * from './bootstrap';
export * from './service-client';
export * from './request-hardening';
