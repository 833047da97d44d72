import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { join } from 'node:path';
import { HttpSettings, toInt } from '@roster/config';

const SERVICE_URL = /^https?:\/\/[^/]+$/;
const urlMessage = (name: string) => ({ message: `${name} must be http(s)://host[:port] without a path` });

/** The console needs no database or broker: it serves the web app and relays the APIs. */
export class ConsoleSettings extends HttpSettings {
  override HTTP_PORT = 3000;

  @Matches(SERVICE_URL, urlMessage('CONTACTS_URL'))
  CONTACTS_URL = 'http://127.0.0.1:3001';

  @Matches(SERVICE_URL, urlMessage('IMPORTS_URL'))
  IMPORTS_URL = 'http://127.0.0.1:3002';

  @Matches(SERVICE_URL, urlMessage('SEGMENTATION_URL'))
  SEGMENTATION_URL = 'http://127.0.0.1:3003';

  @Matches(SERVICE_URL, urlMessage('DEDUPE_URL'))
  DEDUPE_URL = 'http://127.0.0.1:3004';

  /** The built web app (`npm run console:build`). */
  @IsString()
  CONSOLE_ASSETS_DIR = join(__dirname, '..', 'web', 'dist');

  /**
   * Origins of the SaaS pages that may embed the console in a frame and hand it the user's token
   * by `postMessage`, separated by spaces. Empty: the console cannot be framed.
   */
  @IsOptional()
  @Matches(/^(https?:\/\/[^/\s]+)( https?:\/\/[^/\s]+)*$/, { message: 'CONSOLE_EMBED_ORIGINS must be origins (https://host[:port]) separated by spaces' })
  CONSOLE_EMBED_ORIGINS?: string;

  /** Upstream calls that take longer are answered 504. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  CONSOLE_PROXY_TIMEOUT_MS = 120_000;
}

export const API_SERVICES = ['contacts', 'imports', 'segmentation', 'dedupe'] as const;
export type ApiService = (typeof API_SERVICES)[number];

export function upstreamOf(settings: ConsoleSettings, service: ApiService): string {
  return { contacts: settings.CONTACTS_URL, imports: settings.IMPORTS_URL, segmentation: settings.SEGMENTATION_URL, dedupe: settings.DEDUPE_URL }[service];
}

export function embedOrigins(settings: ConsoleSettings): string[] {
  return settings.CONSOLE_EMBED_ORIGINS ? settings.CONSOLE_EMBED_ORIGINS.split(' ') : [];
}
