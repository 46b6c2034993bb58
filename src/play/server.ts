// The page's server: plain node:http for a fixed list of files, and the `ws` package for the
// WebSocket that carries frames out and keys back. Only listed files are served (URLs never
// become file paths), WebSocket upgrades must come from the page's own origin, and the Host header
// must name this server when it listens on loopback (no DNS rebinding).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

/** Messages from the page are small JSON objects; anything bigger closes the connection (1009). */
export const MAX_CLIENT_MESSAGE = 4096;
/** A client that has this much unsent data skips frames until it catches up. */
const SLOW_CLIENT_BYTES = 4 << 20;
/**
 * Frames a page may have received but not yet acknowledged. The browser reads the socket on its
 * own and queues messages for the page, so without acks a busy page would fall ever further behind.
 */
const FRAMES_IN_FLIGHT = 2;
const MAX_CLIENTS = 16;
const PING_MS = 10_000;

export interface StaticFile {
  file: string;
  type: string;
}

export interface Client {
  readonly id: number;
  send(data: string | Uint8Array, droppable?: boolean): void;
}

export interface PlayServerOptions {
  host?: string;
  port?: number;
  /** URL path ('/play.js') -> file on disk. */
  files: ReadonlyMap<string, StaticFile>;
  onConnect(client: Client): void;
  onMessage(client: Client, message: unknown): void;
  onClose(client: Client): void;
  log?: (line: string) => void;
  /** TensorFlow.js evaluates strings (its global detection), so the page that runs it needs 'unsafe-eval'. */
  allowEval?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export class PlayServer {
  readonly host: string;
  private http: http.Server;
  private wss: WebSocketServer;
  private sockets = new Map<WebSocket, Client & { alive: boolean; inFlight: number }>();
  private nextId = 1;
  private ping?: NodeJS.Timeout;
  private port = 0;

  constructor(private readonly o: PlayServerOptions) {
    this.host = o.host ?? '127.0.0.1';
    this.http = http.createServer((req, res) => this.serve(req, res));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE, perMessageDeflate: false });
    this.http.on('upgrade', (req, socket, head) => {
      const refuse = (status: string) => {
        socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      };
      socket.on('error', () => socket.destroy());
      if (!this.hostAllowed(req.headers.host)) return refuse('403 Forbidden');
      // Browsers always send Origin; only the page served from this host and port may connect.
      if (req.headers.origin !== `http://${req.headers.host}` || req.url !== '/ws') return refuse('403 Forbidden');
      if (this.sockets.size >= MAX_CLIENTS) return refuse('503 Service Unavailable');
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
    this.http.on('clientError', (_err, socket) => socket.destroy());
  }

  get url(): string {
    const h = this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${h}:${this.port}/`;
  }

  get clientCount(): number {
    return this.sockets.size;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (e: NodeJS.ErrnoException) =>
        reject(new Error(e.code === 'EADDRINUSE' ? `port ${this.o.port} is in use; pass another --port or leave it out for a free one`
          : e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' ? `cannot listen on host ${this.host} (${e.code}); use an address of this machine`
          : `cannot listen on ${this.host}:${this.o.port ?? 0}: ${e.message}`));
      this.http.once('error', fail);
      this.http.listen(this.o.port ?? 0, this.host, () => {
        this.http.off('error', fail);
        this.port = (this.http.address() as AddressInfo).port;
        this.ping = setInterval(() => this.heartbeat(), PING_MS);
        this.ping.unref();
        resolve();
      });
    });
  }

  broadcast(data: string | Uint8Array, droppable = false): void {
    for (const c of this.sockets.values()) c.send(data, droppable);
  }

  /** Closes every connection and stops listening. */
  async close(): Promise<void> {
    clearInterval(this.ping);
    for (const ws of this.sockets.keys()) ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private hostAllowed(host: string | undefined): boolean {
    if (!host) return false;
    if (!LOOPBACK.has(this.host)) return true; // opened with --host: any name that reaches it
    const m = /^(.*):(\d+)$/.exec(host);
    return !!m && LOOPBACK.has(m[1]) && Number(m[2]) === this.port;
  }

  private accept(ws: WebSocket): void {
    const client = {
      id: this.nextId++,
      alive: true,
      inFlight: 0,
      send: (data: string | Uint8Array, droppable = false) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (droppable) {
          if (client.inFlight >= FRAMES_IN_FLIGHT || ws.bufferedAmount > SLOW_CLIENT_BYTES) return;
          client.inFlight++;
        }
        ws.send(data);
      },
    };
    this.sockets.set(ws, client);
    ws.on('pong', () => (client.alive = true));
    // A killed tab shows up as an error and/or a close; either way the client is gone.
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      if (!this.sockets.delete(ws)) return;
      this.o.onClose(client);
    });
    ws.on('message', (data, isBinary) => {
      let msg: unknown;
      try {
        if (isBinary) throw new Error('binary');
        msg = JSON.parse(data.toString());
      } catch {
        ws.close(1003, 'messages must be JSON text');
        return;
      }
      if ((msg as { type?: unknown })?.type === 'ack') {
        client.inFlight = Math.max(0, client.inFlight - 1);
        return;
      }
      try {
        this.o.onMessage(client, msg);
      } catch (e) {
        this.o.log?.(`play: dropped a message from the page: ${(e as Error).message}`);
      }
    });
    this.o.onConnect(client);
  }

  private heartbeat(): void {
    for (const [ws, c] of this.sockets) {
      if (!c.alive) {
        ws.terminate();
        continue;
      }
      c.alive = false;
      ws.ping();
    }
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const deny = (status: number, text: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (!this.hostAllowed(req.headers.host)) return deny(403, 'forbidden host\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'only GET\n');
    const pathname = (req.url ?? '/').split('?')[0];
    const entry = this.o.files.get(pathname);
    if (!entry) return deny(404, 'not found\n');
    fs.readFile(entry.file, (err, body) => {
      if (err) return deny(500, 'cannot read the file\n');
      res.writeHead(200, {
        'Content-Type': entry.type,
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        // The page loads nothing from elsewhere and talks only to this server.
        'Content-Security-Policy': `default-src 'self'; script-src 'self'${this.o.allowEval ? " 'unsafe-eval'" : ''}; connect-src 'self' ws://${req.headers.host}; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'`,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  }
}
