// Secret canaries cut through (issue 12, item 1): error bodies that are not JSON, 300 characters,
// with the API key, a declared Twilio token or a token only the API's listing holds starting at
// every position from 150 to 250 (in text, in an HTML page, in a page's title). Nothing of them,
// not even 6 characters in a row, may reach the log (RUNNER_DEBUG=1), the ::error:: lines, the
// summary or the outputs: through dist/index.js, in-process through run(), and from the client.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryLog } from '../../src/log.js';
import { createScrubber } from '../../src/report/scrub.js';
import { renderReport } from '../../src/report/markdown.js';
import { outputsFor } from '../../src/report/outputs.js';
import { run } from '../../src/run.js';
import { createVapiClient } from '../../src/vapi/client.js';
import { ENCODINGS, findFragments } from '../helpers/canaries.js';
import { engineSettings } from '../helpers/engine.js';
import { runDist } from '../helpers/run-dist.js';
import { useScriptedServers } from '../helpers/scripted-server.js';
import { FIRST_START, LAST_START, STRADDLE, straddleCases, straddleConfig, straddleServer } from '../helpers/straddle.js';
import { tempDir } from '../helpers/temp.js';

/** Six characters of these values in a row do not happen by chance. */
const FRAGMENT_CHARS = 6;
const checks = { dist: 0, inProcess: 0, client: 0 };
const servers = useScriptedServers();

/** No value whole in any encoding, and no piece of one: returns the number of checks made. */
function expectClean(where: string, text: string): number {
  const whole: string[] = [];
  for (const [name, value] of Object.entries(STRADDLE)) {
    for (const [encoding, encode] of Object.entries(ENCODINGS))
      if (text.includes(encode(value))) whole.push(`${name}/${encoding}`);
  }
  expect(whole, `${where} shows a secret`).toEqual([]);
  expect(findFragments(text, STRADDLE, FRAGMENT_CHARS), `${where} shows part of a secret`).toEqual([]);
  return Object.keys(STRADDLE).length * (Object.keys(ENCODINGS).length + 1);
}

afterAll(() => {
  const cases = straddleCases().length;
  console.info(
    `secret canaries cut through: ${cases} error bodies per run (starts ${FIRST_START}..${LAST_START}); ` +
      `dist ${checks.dist}, in-process ${checks.inProcess}, client ${checks.client} (secret, encoding) checks`,
  );
});

describe('every cut point, through dist/index.js with RUNNER_DEBUG=1', () => {
  it('a PATCH refused with each body: no secret, whole or in part, in any channel', async () => {
    const cases = straddleCases();
    const server = await straddleServer(cases, 400);
    servers.defer(() => server.close());
    const workspace = tempDir('vapi-numbers-straddle-');
    writeFileSync(path.join(workspace, 'vapi-numbers.yml'), straddleConfig(cases));
    const result = await runDist({
      inputs: { 'api-key': STRADDLE.apiKey, config: 'vapi-numbers.yml', 'base-url': server.baseUrl },
      env: { TWILIO_AUTH_TOKEN: STRADDLE.token, RUNNER_DEBUG: '1' },
      workspace,
      timeoutMs: 120_000,
    });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(server.requests.filter((request) => request.method === 'PATCH')).toHaveLength(cases.length);
    const lines = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    // Proves the bodies were quoted (cut) where the secrets were, not dropped.
    expect(lines.filter((line) => line.startsWith('::debug::vapi <- PATCH') && line.includes('...'))).not.toHaveLength(0);
    expect(result.summary).toContain('a proxy or gateway answered 400 Bad Request with an HTML page titled');
    checks.dist += expectClean('stdout', lines.join('\n'));
    checks.dist += expectClean('::error lines', lines.filter((line) => line.startsWith('::error')).join('\n'));
    checks.dist += expectClean('stderr', result.stderr);
    checks.dist += expectClean('summary', result.summary);
    checks.dist += expectClean('outputs', JSON.stringify(result.outputs));
  }, 150_000);
});

describe('every cut point, in-process', () => {
  it('a PATCH answered 502 with each body, retried: log, report, outputs', async () => {
    const cases = straddleCases();
    const server = await straddleServer(cases, 502);
    servers.defer(() => server.close());
    const workspace = tempDir('vapi-numbers-straddle-');
    writeFileSync(path.join(workspace, 'vapi-numbers.yml'), straddleConfig(cases));
    const log = memoryLog(true);
    const outcome = await run(engineSettings({ apiKey: STRADDLE.apiKey, baseUrl: server.baseUrl, workspace }), {
      log,
      env: { TWILIO_AUTH_TOKEN: STRADDLE.token },
      relistDelaysMs: [0],
      createClient: (options) => createVapiClient({ ...options, retryBaseMs: 1, retryMaxDelayMs: 2, maxRetries: 1 }),
    });
    expect(outcome.failed).toBe(true);
    expect(log.lines.join('\n')).toContain('a proxy or gateway answered 502 Bad Gateway with text: upstream refused');
    checks.inProcess += expectClean('log', log.lines.join('\n'));
    checks.inProcess += expectClean('report', renderReport(outcome));
    checks.inProcess += expectClean('outputs', JSON.stringify(outputsFor(outcome)));
  }, 60_000);
});

describe('every cut point, from the client with the run scrubber', () => {
  const scrub = createScrubber(new Set<string>([STRADDLE.token, STRADDLE.liveOnly]));

  it.each([
    ['a 502 page quoting the key on the listing', 502, 'text/html', FIRST_START, LAST_START],
    ['a 200 listing that is not JSON, cut at 80 characters', 200, 'text/plain', 30, 130],
  ] as const)('%s', async (_label, status, type, first, last) => {
    const server = await servers.start();
    const lines: string[] = [];
    const shown: string[] = [];
    const client = createVapiClient({
      baseUrl: server.baseUrl,
      apiKey: STRADDLE.apiKey,
      maxRetries: 0,
      scrub,
      debug: (line) => lines.push(line),
    });
    servers.defer(() => client.close());
    for (let start = first; start <= last; start++) {
      for (const secret of Object.values(STRADDLE)) {
        const body = `${'<p>gateway:'.padEnd(start, '.')}${secret}`.padEnd(300, '.');
        server.intercept({ method: 'GET', path: '/phone-number?limit=1000' }).reply(status, body, { 'content-type': type });
        const error = (await client.listPhoneNumbers().catch((e: unknown) => e)) as Error;
        shown.push(error.message, String(error.stack));
      }
    }
    expect(shown.join('\n')).toContain(status === 200 ? 'not JSON (content-type text/plain' : 'a proxy or gateway answered');
    checks.client += expectClean('errors', shown.join('\n'));
    checks.client += expectClean('debug lines', lines.join('\n'));
  });
});
