export * from './survivor';
