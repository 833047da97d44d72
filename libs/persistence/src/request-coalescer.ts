/**
 * Turns requests made side by side into one: while one batch is with the database, the requests
 * that arrive wait and then go together (reads by primary key as one `$in`, writes as one
 * `bulkWrite`). An idle caller waits for nothing; a busy one gets fewer, larger round trips, which
 * a backend that applies one write at a time (the local FerretDB) serves several times faster.
 */
export class RequestCoalescer<I, O> {
  private waiting: Array<{ input: I; resolve: (output: O) => void; reject: (error: unknown) => void }> = [];
  private inFlight = false;

  /** `run` answers a batch of inputs with one output per input, in their order. */
  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
  ) {}

  request(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.inFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        const outputs = await this.run(batch.map((r) => r.input));
        batch.forEach((r, i) => r.resolve(outputs[i]));
      } catch (error) {
        batch.forEach((r) => r.reject(error));
      }
    }
    this.inFlight = false;
  }
}
