import { WorkLane, bulkTurn, currentLane } from './work-lanes';

interface Line<I, O> {
  waiting: Array<{ input: I; resolve: (output: O) => void; reject: (error: unknown) => void }>;
  inFlight: boolean;
}

/**
 * Turns requests made side by side into one: while one batch is with the database, the requests
 * that arrive wait and then go together (reads by primary key as one `$in`, writes as one
 * `bulkWrite`). An idle caller waits for nothing; a busy one gets fewer, larger round trips, which
 * a backend that applies one write at a time (the local FerretDB) serves several times faster.
 *
 * Bulk work (see `inLane`) batches in a line of its own, beside the interactive line rather than
 * ahead of it, and sends a batch only when no interactive work is running (`bulkTurn`): a person's
 * edit never waits for a batch of an import's requests to come back.
 */
export class RequestCoalescer<I, O> {
  private readonly lines: Record<WorkLane, Line<I, O>> = { interactive: { waiting: [], inFlight: false }, bulk: { waiting: [], inFlight: false } };

  /** `run` answers a batch of inputs with one output per input, in their order. */
  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
  ) {}

  request(input: I): Promise<O> {
    const lane = currentLane();
    const line = this.lines[lane];
    return new Promise<O>((resolve, reject) => {
      line.waiting.push({ input, resolve, reject });
      if (!line.inFlight) void this.drain(line, lane);
    });
  }

  private async drain(line: Line<I, O>, lane: WorkLane): Promise<void> {
    line.inFlight = true;
    while (line.waiting.length > 0) {
      if (lane === 'bulk') await bulkTurn();
      const batch = line.waiting.splice(0, this.maxBatch);
      try {
        const outputs = await this.run(batch.map((r) => r.input));
        batch.forEach((r, i) => r.resolve(outputs[i]));
      } catch (error) {
        batch.forEach((r) => r.reject(error));
      }
    }
    line.inFlight = false;
  }
}
