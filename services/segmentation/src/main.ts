import 'reflect-metadata';
import { loadConfigOrExit } from '@roster/config';
import { startService } from '@roster/http';
import { SegmentationServiceModule, segmentationEventConsumer } from './segmentation.module';
import { SegmentationSettings } from './segmentation.settings';

async function main(): Promise<void> {
  const settings = loadConfigOrExit(SegmentationSettings);
  await startService({
    name: 'segmentation',
    module: SegmentationServiceModule.register(settings),
    settings,
    consumer: segmentationEventConsumer,
  });
}

void main().catch((error) => {
  process.stderr.write(JSON.stringify({ level: 'fatal', service: 'segmentation', msg: 'start-up failed', err: String(error?.stack ?? error) }) + '\n');
  process.exit(1);
});
