export * from './phone-normalizer';
