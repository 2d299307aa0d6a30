// The bundle defers `node:http2` (scripts/defer-http2.mjs): undici's HTTP/2 client reads ten constants
// from it as it loads, and the tool never speaks HTTP/2. These tests hold the copy of the constants
// the bundle carries to the Node running them (24 here, 22 too in the GitHub workflow's CLI matrix),
// check that the deferred module still hands out the real one for anything but `constants`, and that
// the built action sends its first request without having loaded `node:http2` or `node:tls`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types
import { deferHttp2, deferredConstants } from '../../scripts/defer-http2.mjs';
import { NODE24, REPO_ROOT, runDist } from '../helpers/run-dist.js';
import { tempDir } from '../helpers/temp.js';

const defer = deferHttp2 as (code: string, constants?: Record<string, unknown>) => string;
const readCopy = deferredConstants as (code: string) => Record<string, unknown>;

/** The constants undici's HTTP/2 client destructures from `node:http2` when it is loaded. */
function constantsUndiciReads(): string[] {
  const source = readFileSync(path.join(REPO_ROOT, 'node_modules/undici/lib/dispatcher/client-h2.js'), 'utf8');
  const block = /const \{\s*constants: \{([^}]*)\}\s*\} = http2/.exec(source);
  if (!block?.[1]) throw new Error('undici no longer destructures http2.constants as it did: review scripts/defer-http2.mjs');
  return block[1]
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

describe('the copy of node:http2 constants in dist/index.js', () => {
  const copy = readCopy(readFileSync(path.join(REPO_ROOT, 'dist/index.js'), 'utf8'));

  it('holds every constant undici reads', () => {
    const wanted = constantsUndiciReads();
    expect(wanted).toContain('HTTP2_HEADER_AUTHORITY');
    for (const name of wanted) expect(copy[name], name).toBeDefined();
  });

  it(`agrees with node:http2 on the Node running the tests (${process.version})`, () => {
    const live = http2.constants as unknown as Record<string, unknown>;
    const shared = Object.keys(copy).filter((name) => name in live);
    expect(shared.length).toBeGreaterThan(100);
    for (const name of shared) expect(copy[name], name).toBe(live[name]);
    for (const name of constantsUndiciReads()) expect(live[name], name).toBe(copy[name]);
  });
});

describe('deferHttp2', () => {
  const external = (id: number) => `${id}:A=>{A.exports=e(import.meta.url)("node:http2")}`;

  it('refuses a bundle with no reference to node:http2, or two', () => {
    expect(() => defer('var A={1:A=>{A.exports=e(import.meta.url)("node:tls")}}')).toThrow(/found 0/);
    expect(() => defer(`var A={${external(1)},${external(2)}}`)).toThrow(/found 2/);
  });

  it('answers constants without loading node:http2, and loads it for anything else', () => {
    const dir = tempDir('vapi-numbers-http2-');
    const file = path.join(dir, 'bundle.mjs');
    writeFileSync(
      file,
      "import { createRequire as e } from 'node:module';\n" +
        `var A={${external(7)}};\n` +
        'const loaded = () => process.moduleLoadList.includes("NativeModule http2");\n' +
        'const module = { exports: {} }; A[7](module); const deferred = module.exports;\n' +
        'const seen = { atStart: loaded(), authority: deferred.constants.HTTP2_HEADER_AUTHORITY };\n' +
        'seen.afterConstants = loaded();\n' +
        'const connect = deferred.connect;\n' +
        'seen.afterConnect = loaded();\n' +
        'seen.same = connect === e(import.meta.url)("node:http2").connect;\n' +
        'seen.has = ["connect" in deferred, "notAnHttp2Export" in deferred];\n' +
        'seen.keys = Object.keys(deferred).includes("createServer");\n' +
        'console.log(JSON.stringify(seen));\n',
    );
    writeFileSync(file, defer(readFileSync(file, 'utf8'), http2.constants));
    const seen = JSON.parse(execFileSync(NODE24, [file], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(seen).toEqual({
      atStart: false,
      authority: ':authority',
      afterConstants: false,
      afterConnect: true,
      same: true,
      has: [true, false],
      keys: true,
    });
  });
});

describe('dist/index.js to its first request', () => {
  let server: ReturnType<typeof createServer>;
  let url: string;
  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads neither node:http2 nor node:tls over plain http', async () => {
    const dir = tempDir('vapi-numbers-first-request-');
    const record = path.join(dir, 'modules.json');
    const preload = path.join(dir, 'preload.mjs');
    writeFileSync(
      preload,
      "import net from 'node:net'; import { writeFileSync } from 'node:fs';\n" +
        'const connect = net.Socket.prototype.connect; let first = true;\n' +
        'net.Socket.prototype.connect = function (...args) {\n' +
        `  if (first) { first = false; writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.moduleLoadList)); }\n` +
        '  return connect.apply(this, args);\n};\n',
    );
    writeFileSync(
      path.join(dir, 'vapi-numbers.yml'),
      'version: 1\nnumbers:\n  - name: first\n    provider: vonage\n    number: "+15550000000"\n    credentialId: c\n',
    );
    const run = await runDist({
      inputs: { 'api-key': 'first-request-key-0001', 'base-url': url, command: 'plan', config: 'vapi-numbers.yml' },
      env: { NODE_OPTIONS: `--import=${preload}` },
      workspace: dir,
    });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const modules = JSON.parse(readFileSync(record, 'utf8')) as string[];
    expect(modules).toContain('NativeModule http');
    expect(modules).not.toContain('NativeModule http2');
    expect(modules).not.toContain('NativeModule tls');
  });
});
