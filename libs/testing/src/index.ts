export * from './infrastructure';
export * from './isolated-infrastructure';
export * from './wait-for';
export * from './topic-reader';
export * from './slow-proxy';
export * from './group-lag';
export * from './api-fuzz';
export * from './message-outcomes';
