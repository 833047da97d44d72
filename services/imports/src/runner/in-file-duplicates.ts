import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { REDIS } from '@roster/messaging';
import { SETTINGS } from '@roster/http';
import { ImportsSettings } from '../imports.settings';

/*
 * For each (phone, row): remembers the row if the phone is new, and returns the row that first had
 * it. The same row asked again (a chunk redone after a crash) gets its own number back.
 */
const FIRST_ROWS = `
local out = {}
for i = 1, #ARGV, 2 do
  redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
  out[#out + 1] = redis.call('HGET', KEYS[1], ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], 604800000)
return out`;

/**
 * Which rows repeat a phone seen earlier in the same file. Kept in Redis, not in the worker, so the
 * worker's memory stays flat however long the file is, and a worker taking over knows what its
 * predecessor saw.
 */
@Injectable()
export class InFileDuplicates {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SETTINGS) private readonly settings: ImportsSettings,
  ) {}

  private key(importId: string, pass: string): string {
    return `${this.settings.REDIS_PREFIX}:import:${importId}:${pass}:phones`;
  }

  /** For each phone, the first row of the file that holds it. */
  async firstRows(importId: string, pass: string, rows: Array<{ phone: string; row: number }>): Promise<number[]> {
    if (rows.length === 0) return [];
    const args = rows.flatMap((r) => [r.phone, String(r.row)]);
    const found = (await this.redis.eval(FIRST_ROWS, 1, this.key(importId, pass), ...args)) as string[];
    return found.map(Number);
  }

  async forget(importId: string, pass: string): Promise<void> {
    await this.redis.del(this.key(importId, pass));
  }
}
