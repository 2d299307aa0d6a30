// TLS in front of a plain loopback HTTP fake, so a client that believes it talks to
// https://api.vapi.ai (through a CONNECT tunnel) reaches FakeVapi or FakeGitHub unchanged. The
// front reads the request lines of the decrypted stream, so a test can tell which of a fake's
// logged requests came through it. Also makes the throwaway CA and server certificate.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { createServer, type Server } from 'node:tls';

export interface TestCertificates {
  /** PEM file of the CA, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  key: string;
  cert: string;
}

/** A CA and a server certificate for `dnsNames`, made with the openssl CLI in `dir` (a temp dir). */
export function makeCertificates(dir: string, dnsNames: string[]): TestCertificates {
  const file = (name: string) => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=vapi-numbers test CA',
  );
  openssl('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', `/CN=${dnsNames[0]}`);
  writeFileSync(
    file('server.ext'),
    [
      `subjectAltName=${dnsNames.map((name) => `DNS:${name}`).join(',')}`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
    ].join('\n'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
    '-out',
    file('server.pem'),
  );
  return {
    caFile: file('ca.pem'),
    key: readFileSync(file('server.key'), 'utf8'),
    cert: readFileSync(file('server.pem'), 'utf8'),
  };
}

// A request line: JSON bodies cannot hold a raw CR, so this never matches inside one.
const REQUEST_LINE = /([A-Z]+) (\S+) HTTP\/1\.[01]\r\n/g;

export class TlsFront {
  /** TLS connections accepted. */
  connections = 0;
  /** Requests passed on, as `METHOD /path` (query dropped, as the fakes log them). */
  readonly requests: string[] = [];
  readonly #sockets = new Set<Socket>();

  readonly #server: Server;
  readonly port: number;

  private constructor(server: Server, port: number) {
    this.#server = server;
    this.port = port;
  }

  static async start(certificates: TestCertificates, targetPort: number): Promise<TlsFront> {
    const server = createServer({ key: certificates.key, cert: certificates.cert });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const front = new TlsFront(server, (server.address() as AddressInfo).port);
    server.on('tlsClientError', () => undefined);
    server.on('secureConnection', (socket) => {
      front.connections++;
      const upstream = connect(targetPort, '127.0.0.1');
      for (const s of [socket, upstream]) {
        front.#sockets.add(s);
        s.on('close', () => front.#sockets.delete(s));
      }
      let pending = '';
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        let end = 0;
        for (const match of pending.matchAll(REQUEST_LINE)) {
          front.requests.push(`${match[1]} ${(match[2] ?? '').split('?')[0]}`);
          end = match.index + match[0].length;
        }
        pending = pending.slice(end).slice(-16_384);
      });
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
      upstream.on('close', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    });
    return front;
  }

  reset(): void {
    this.connections = 0;
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
