import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { MessagesRepository } from './messages.repository';

const SWEEP_EVERY_MS = 10 * 60_000;

/** Removes the text of messages past their tenant's retention; reads hide it from that moment on anyway. */
@Injectable()
export class MessageTextRetention implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MessageTextRetention.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly messages: MessagesRepository) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(now = new Date()): Promise<number> {
    try {
      return await this.messages.removeExpiredText(now);
    } catch (error) {
      this.logger.warn(`message text sweep failed: ${(error as Error).message}`);
      return 0;
    }
  }
}
