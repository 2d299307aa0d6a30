// An in-process stand-in for the parts of GitHub's REST API this project uses: pull requests,
// issue comments (with GitHub's page/per_page pagination and Link headers) and the repository.
// Loopback only; strict about auth, paths and bodies, and able to fail on purpose.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the fake is set up; every field has a default. */
export interface FakeGitHubOptions {
  /** Token the fake accepts as `token X` or `Bearer X`; default 'gh-token'. */
  token?: string;
  /** default 'octo' / 'repo'. */
  owner?: string;
  repo?: string;
  /** Path prefix of the API, e.g. '/api/v3' as on GitHub Enterprise Server; default ''. */
  basePath?: string;
  /** Login of comments created through the API; default 'github-actions[bot]'. */
  login?: string;
}

/** A pull request's state as the test sets it up. */
export type FakePullState = 'open' | 'closed' | 'merged';

/** A reply the test forces instead of the normal one. */
export interface ForcedReply {
  status: number;
  message?: string;
  headers?: Record<string, string>;
}

/** One comment as the fake stores it. */
export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  login: string;
  createdAt: string;
  updatedAt: string;
}

/** One request the fake received, and what it answered. */
export interface RecordedGitHubRequest {
  method: string;
  /** Path without the base path, e.g. `/repos/octo/repo/pulls/7`. */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
  status: number;
}

const MAX_BODY = 65_536;

export class FakeGitHub {
  readonly requests: RecordedGitHubRequest[] = [];
  private readonly pulls = new Map<number, FakePullState>();
  private readonly forcedPulls = new Map<number, ForcedReply>();
  private readonly stored: FakeComment[] = [];
  private readonly sockets = new Set<Socket>();
  private commentWriteReply: ForcedReply | undefined;
  private repositoryHidden = false;
  private nextCommentId = 1_000;
  private readonly token: string;
  private readonly owner: string;
  private readonly repo: string;
  private readonly basePath: string;
  private readonly login: string;

  private constructor(
    private readonly server: Server,
    /** The API root to use as GITHUB_API_URL (includes the base path). */
    readonly url: string,
    options: FakeGitHubOptions,
  ) {
    this.token = options.token ?? 'gh-token';
    this.owner = options.owner ?? 'octo';
    this.repo = options.repo ?? 'repo';
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    this.login = options.login ?? 'github-actions[bot]';
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const basePath = (options.basePath ?? '').replace(/\/+$/, '');
    const fake = new FakeGitHub(server, `http://127.0.0.1:${port}${basePath}`, options);
    server.on('connection', (socket) => {
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      fake.onRequest(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, { message: String(err) });
      });
    });
    return fake;
  }

  /** The env a run on a pull request would see (GITHUB_REPOSITORY, GITHUB_API_URL). */
  env(): Record<string, string> {
    return { GITHUB_REPOSITORY: `${this.owner}/${this.repo}`, GITHUB_API_URL: this.url };
  }

  setPull(number: number, state: FakePullState): void {
    this.pulls.set(number, state);
  }

  removePull(number: number): void {
    this.pulls.delete(number);
  }

  /** Every GET of this PR answers `reply` (undefined clears it). */
  forcePullReply(number: number, reply: ForcedReply | undefined): void {
    if (reply) this.forcedPulls.set(number, reply);
    else this.forcedPulls.delete(number);
  }

  /** Every comment create and edit answers `reply`, e.g. 403 as for a fork PR's read-only token. */
  forceCommentWriteReply(reply: ForcedReply | undefined): void {
    this.commentWriteReply = reply;
  }

  /** Answer 404 for everything in the repository, as GitHub does for a private repo the token cannot see. */
  hideRepository(hidden = true): void {
    this.repositoryHidden = hidden;
  }

  /** Out-of-band comment, as if someone else wrote it. */
  addComment(issue: number, body: string, login = 'someone'): FakeComment {
    const now = new Date().toISOString();
    const comment = { id: this.nextCommentId++, issue, body, login, createdAt: now, updatedAt: now };
    this.stored.push(comment);
    return structuredClone(comment);
  }

  comments(issue: number): FakeComment[] {
    return this.stored.filter((comment) => comment.issue === issue).map((comment) => structuredClone(comment));
  }

  resetLog(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const raw = await readBody(req);
    const record: RecordedGitHubRequest = {
      method,
      path: url.pathname.startsWith(this.basePath) ? url.pathname.slice(this.basePath.length) || '/' : url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      body: parseJson(raw),
      status: 0,
    };
    this.requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      send(res, status, body, headers);
    };

    if (!url.pathname.startsWith(`${this.basePath}/`)) return reply(404, notFound());
    const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '');
    if (auth?.[1] !== this.token) {
      return reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    }
    // `/repositories/1` is the repository by id, the form GitHub's own Link headers use.
    const prefix = [`/repos/${this.owner}/${this.repo}`, '/repositories/1'].find(
      (p) => record.path === p || record.path.startsWith(`${p}/`),
    );
    if (!prefix || this.repositoryHidden) return reply(404, notFound());
    const rest = record.path.slice(prefix.length);

    let match: RegExpExecArray | null;
    if (method === 'GET' && rest === '') {
      return reply(200, { full_name: `${this.owner}/${this.repo}`, name: this.repo, owner: { login: this.owner } });
    }
    if (method === 'GET' && (match = /^\/pulls\/(\d+)$/.exec(rest))) {
      const number = Number(match[1]);
      const forced = this.forcedPulls.get(number);
      if (forced) return reply(forced.status, { message: forced.message ?? 'Forced failure' }, forced.headers);
      const state = this.pulls.get(number);
      if (!state) return reply(404, notFound());
      return reply(200, {
        number,
        state: state === 'open' ? 'open' : 'closed',
        merged: state === 'merged',
        merged_at: state === 'merged' ? '2024-01-01T00:00:00Z' : null,
      });
    }
    if ((match = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = Number(match[1]);
      if (!this.pulls.has(issue)) return reply(404, notFound());
      if (method === 'GET') return this.listComments(req, record, issue, reply);
      if (method === 'POST') {
        if (this.commentWriteReply) return this.forced(this.commentWriteReply, reply);
        const problem = bodyProblem(record.body);
        if (problem) return reply(422, { message: 'Validation Failed', errors: [problem] });
        const comment = this.addComment(issue, (record.body as { body: string }).body, this.login);
        return reply(201, this.view(comment));
      }
    }
    if ((match = /^\/issues\/comments\/(\d+)$/.exec(rest)) && method === 'PATCH') {
      const comment = this.stored.find((c) => c.id === Number(match?.[1]));
      if (!comment) return reply(404, notFound());
      if (this.commentWriteReply) return this.forced(this.commentWriteReply, reply);
      const problem = bodyProblem(record.body);
      if (problem) return reply(422, { message: 'Validation Failed', errors: [problem] });
      comment.body = (record.body as { body: string }).body;
      comment.updatedAt = new Date().toISOString();
      return reply(200, this.view(comment));
    }
    reply(404, notFound());
  }

  /** GitHub's numbered pagination: per_page (default 30, at most 100), page from 1, Link next/last. */
  private listComments(
    req: IncomingMessage,
    record: RecordedGitHubRequest,
    issue: number,
    reply: (status: number, body: unknown, headers?: Record<string, string>) => void,
  ): void {
    const perPage = Math.min(100, Math.max(1, Number(record.query['per_page'] ?? 30) || 30));
    const page = Math.max(1, Number(record.query['page'] ?? 1) || 1);
    const all = this.stored.filter((comment) => comment.issue === issue);
    const lastPage = Math.max(1, Math.ceil(all.length / perPage));
    const items = all.slice((page - 1) * perPage, page * perPage).map((comment) => this.view(comment));
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const link = (p: number, rel: string): string =>
      `<${origin}${this.basePath}/repositories/1/issues/${issue}/comments?per_page=${perPage}&page=${p}>; rel="${rel}"`;
    // Like GitHub: absolute URLs (here by repository id, not owner/name), prev/first only past page 1.
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    reply(200, items, links.length > 0 ? { link: links.join(', ') } : {});
  }

  private forced(forced: ForcedReply, reply: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
    reply(forced.status, { message: forced.message ?? 'Forced failure' }, forced.headers);
  }

  private view(comment: FakeComment): Record<string, unknown> {
    return {
      id: comment.id,
      body: comment.body,
      user: { login: comment.login, type: comment.login.endsWith('[bot]') ? 'Bot' : 'User' },
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      html_url: `https://github.invalid/${this.owner}/${this.repo}/pull/${comment.issue}#issuecomment-${comment.id}`,
    };
  }
}

function bodyProblem(body: unknown): Record<string, string> | undefined {
  const text = typeof body === 'object' && body !== null ? (body as { body?: unknown }).body : undefined;
  if (typeof text !== 'string' || text === '') return { resource: 'IssueComment', code: 'missing_field', field: 'body' };
  if ([...text].length > MAX_BODY) {
    return {
      resource: 'IssueComment',
      code: 'custom',
      field: 'body',
      message: `body is too long (maximum is ${MAX_BODY} characters)`,
    };
  }
  return undefined;
}

function notFound(): Record<string, string> {
  return { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
