// CLI: creates every topic named in @roster/contracts (with its dead-letter topic) on the broker.
// Used by `npm start`, `npm run topics`, docker-compose and the Helm provisioning job.
import { createKafka } from './kafka-client';
import { provisionTopics } from './topic-provisioner';

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  const created = await provisionTopics(createKafka({ brokers, clientId: 'roster-provisioner' }), prefix);
  console.log(created.length ? `created topics: ${created.join(', ')}` : 'all topics already exist');
}

main().catch((error) => {
  console.error(`topic provisioning failed: ${error.message}`);
  process.exit(1);
});
