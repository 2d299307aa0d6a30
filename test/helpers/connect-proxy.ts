// A forward proxy on loopback, as a locked-down runner's corporate proxy: CONNECT to a routed
// host:port opens a tunnel to the loopback port it maps to, anything else gets 502. Counts every
// CONNECT by the authority asked for, and every plain (absolute-URL) proxied request, which it
// always answers 502: no test here expects one.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export class ConnectProxy {
  /** CONNECT requests by authority (`api.vapi.ai:443`), refused ones included. */
  readonly connects = new Map<string, number>();
  /** Plain proxied requests, as `METHOD absolute-url`. */
  readonly plain: string[] = [];
  /** Authorities answered 502 even when routed. */
  readonly refused = new Set<string>();
  readonly #sockets = new Set<Socket>();

  /** `authority -> loopback port` of the tunnels this proxy opens. */
  readonly routes: Map<string, number>;
  /** `http://127.0.0.1:<port>`, for HTTPS_PROXY and friends. */
  readonly url: string;
  readonly #server: Server;

  private constructor(server: Server, routes: Map<string, number>, url: string) {
    this.#server = server;
    this.routes = routes;
    this.url = url;
  }

  static async start(routes: Record<string, number> = {}): Promise<ConnectProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const proxy = new ConnectProxy(server, new Map(Object.entries(routes)), `http://127.0.0.1:${port}`);
    server.on('connection', (socket: Socket) => proxy.#track(socket));
    server.on('request', (req, res) => {
      proxy.plain.push(`${req.method} ${req.url}`);
      res.writeHead(502, { 'content-type': 'text/plain', connection: 'close' }).end('plain proxying is not offered here');
    });
    server.on('connect', (req, client: Socket, head: Buffer) => {
      const authority = req.url ?? '';
      proxy.connects.set(authority, proxy.count(authority) + 1);
      const port = proxy.routes.get(authority);
      client.on('error', () => client.destroy());
      if (port === undefined || proxy.refused.has(authority)) {
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      const upstream = proxy.#track(connect(port, '127.0.0.1'));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        client.pipe(upstream).pipe(client);
      });
    });
    return proxy;
  }

  count(authority: string): number {
    return this.connects.get(authority) ?? 0;
  }

  /** Every CONNECT and plain request seen. */
  total(): number {
    return [...this.connects.values()].reduce((a, b) => a + b, 0) + this.plain.length;
  }

  reset(): void {
    this.connects.clear();
    this.plain.length = 0;
    this.refused.clear();
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #track(socket: Socket): Socket {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    return socket;
  }
}
