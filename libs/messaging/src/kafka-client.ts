import { Kafka, logLevel, LogEntry } from 'kafkajs';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs in our JSON line format, so broker trouble shows up next to the service's own logs. */
const jsonLogCreator = () => (entry: LogEntry) => {
  const { message, ...rest } = entry.log;
  process.stdout.write(
    JSON.stringify({ level: levels[entry.level] ?? 'info', time: entry.log.timestamp, msg: message, logger: `kafkajs.${entry.namespace}`, ...rest }) + '\n',
  );
};

export function createKafka(options: KafkaConnectionOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: jsonLogCreator,
    retry: { initialRetryTime: 200, retries: 8 },
  });
}
