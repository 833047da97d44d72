import { AddressInfo, Server, Socket, createConnection, createServer } from 'node:net';

/**
 * A TCP proxy in front of a server (the database) that can be made slow: every chunk either way
 * waits `delayMs`, and a stall holds all traffic for a while, as a database busy with someone
 * else's bulk write does. Order within a connection is kept.
 */
export class SlowProxy {
  private delayMs = 0;
  private stalledUntil = 0;
  private readonly sockets = new Set<Socket>();
  /** Connections that pass nothing any more, for good: a server that stopped answering on them. */
  private readonly hung = new WeakSet<Socket>();

  private constructor(private readonly server: Server, private readonly target: { host: string; port: number }) {}

  /** Listens on a free loopback port and forwards to `host:port`. */
  static async start(target: { host: string; port: number }): Promise<SlowProxy> {
    const server = createServer();
    const proxy = new SlowProxy(server, target);
    server.on('connection', (client) => proxy.relay(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** `mongodb://host:port/...` pointed at the proxy instead. */
  static async forMongo(mongoUrl: string): Promise<{ proxy: SlowProxy; url: string }> {
    const url = new URL(mongoUrl);
    const proxy = await SlowProxy.start({ host: url.hostname, port: Number(url.port || 27017) });
    url.host = `127.0.0.1:${proxy.port}`;
    return { proxy, url: url.toString() };
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Every chunk waits this long from now on (0: no delay). */
  slowDown(delayMs: number): void {
    this.delayMs = delayMs;
  }

  /** Nothing passes for `ms` from now. */
  stall(ms: number): void {
    this.stalledUntil = Date.now() + ms;
  }

  /**
   * Every connection open now stops answering, for good, without being closed: a request sent on
   * one waits forever unless its client gives up. Connections opened later pass as usual.
   */
  hang(): void {
    for (const socket of this.sockets) this.hung.add(socket);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket): void {
    const upstream = createConnection(this.target);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    this.pipeSlowly(client, upstream);
    this.pipeSlowly(upstream, client);
  }

  private pipeSlowly(from: Socket, to: Socket): void {
    let last = 0;
    from.on('data', (chunk) => {
      if (this.hung.has(from) || this.hung.has(to)) return;
      const at = Math.max(last, Date.now() + this.delayMs, this.stalledUntil);
      last = at;
      const wait = at - Date.now();
      if (wait <= 0) to.write(chunk);
      else setTimeout(() => to.destroyed || to.write(chunk), wait);
    });
    from.on('close', () => setTimeout(() => to.destroy(), Math.max(0, last - Date.now())));
  }
}
