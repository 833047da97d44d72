export * from './readiness.registry';
export * from './public.decorator';
export * from './metrics';
export * from './health.controller';
export * from './observability.module';
export * from './log-context';
