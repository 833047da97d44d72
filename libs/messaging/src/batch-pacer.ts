import { EachBatchPayload } from 'kafkajs';

export interface BatchPacerOptions {
  /** How often the group hears from this member while a batch is being handled. */
  heartbeatIntervalMs: number;
  /** Called once when the group asks its members to rejoin (or has dropped this one). */
  onRebalance: (error: Error) => void;
}

/** kafkajs errors that mean the member must rejoin before it may go on. */
export function isRejoinError(error: unknown): boolean {
  const type = (error as { type?: string }).type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'UNKNOWN_MEMBER_ID' || type === 'ILLEGAL_GENERATION' || (error as Error).name === 'KafkaJSRebalanceError';
}

/**
 * Keeps a member in its group while a batch is handled, however long the handlers take. kafkajs
 * heartbeats (and commits) only when the consumer calls it between messages, so a handler slower
 * than the session timeout used to cost the member its partitions, and the uncommitted batch was
 * handled again after the rejoin, and again. The pacer heartbeats and commits the resolved offsets
 * on a timer of its own, and reports a rebalance as soon as the coordinator announces one, so the
 * batch can stop taking new events and let the member rejoin within the rebalance timeout.
 */
export class BatchPacer {
  private readonly timer: NodeJS.Timeout;
  private ticking = false;
  private rejoin?: Error;

  constructor(
    private readonly payload: Pick<EachBatchPayload, 'heartbeat' | 'commitOffsetsIfNecessary'>,
    private readonly options: BatchPacerOptions,
  ) {
    this.timer = setInterval(() => void this.tick(), options.heartbeatIntervalMs);
  }

  /** The error that asked for a rejoin, once one did. */
  get rejoinError(): Error | undefined {
    return this.rejoin;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Heartbeat, then commit what is resolved (kafkajs commits only past its autoCommitInterval). */
  async tick(): Promise<void> {
    if (this.ticking || this.rejoin) return;
    this.ticking = true;
    try {
      await this.payload.heartbeat();
      await this.payload.commitOffsetsIfNecessary();
    } catch (error) {
      // Anything else (a broker moving, a network blip) is retried at the next tick.
      if (isRejoinError(error)) {
        this.rejoin = error as Error;
        this.options.onRebalance(this.rejoin);
      }
    } finally {
      this.ticking = false;
    }
  }
}
