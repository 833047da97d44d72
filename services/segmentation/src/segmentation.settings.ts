import { ServiceSettings } from '@roster/config';

export class SegmentationSettings extends ServiceSettings {
  override HTTP_PORT = 3003;
}
