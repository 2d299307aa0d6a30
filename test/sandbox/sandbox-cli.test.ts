// `vapi-numbers sandbox`, run in-process with a fake io: flags, the printed export lines, and a
// clean stop (state flushed, exit 0) on a signal.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, runSandboxCommand } from '../../src/sandbox/cli.js';
import type { SandboxIo } from '../../src/sandbox/cli.js';
import { tempDir } from '../helpers/temp.js';

interface Run {
  io: SandboxIo;
  out: () => string;
  err: () => string;
  stop: AbortController;
}

function fakeIo(cwd = process.cwd()): Run {
  let out = '';
  let err = '';
  const stop = new AbortController();
  const io: SandboxIo = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: {},
    isTTY: false,
    cwd,
    signal: stop.signal,
  };
  return { io, out: () => out, err: () => err, stop };
}

/** Starts the command and waits for its banner; the URL it printed. */
async function started(run: Run, argv: string[]): Promise<{ url: string; exit: Promise<number> }> {
  const exit = runSandboxCommand(argv, run.io);
  await expect.poll(() => run.out() + run.err(), { timeout: 5000 }).toMatch(/Press Ctrl\+C|Cannot|Invalid/);
  const url = /^export VAPI_BASE_URL=(\S+)$/m.exec(run.out())?.[1];
  if (!url) throw new Error(`no export line in:\n${run.out()}${run.err()}`);
  return { url, exit };
}

function within<T>(promise: Promise<T>, ms = 5000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms)),
  ]);
}

describe('vapi-numbers sandbox', () => {
  it('prints the URL and ready export lines, serves, and stops with 0 when aborted', async () => {
    const run = fakeIo();
    const { url, exit } = await started(run, ['--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.out()).toContain(`Vapi sandbox listening on ${url}`);
    expect(run.out()).toMatch(/^export VAPI_API_KEY=sandbox-key$/m);
    expect(run.out()).toContain('Assistants: Support Bot, After Hours Bot; squads: Sales Squad');
    expect(run.out()).toContain('API key: any key is accepted');
    const res = await fetch(`${url}/squad`, { headers: { authorization: 'Bearer x' } });
    expect(res.status).toBe(200);
    run.stop.abort();
    expect(await within(exit)).toBe(0);
    expect(run.out()).toMatch(/Sandbox stopped \(abort\)\.\n$/);
    await expect(fetch(`${url}/squad`)).rejects.toThrow();
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('stops cleanly on %s, flushing --state', async (signal) => {
    const dir = tempDir('vapi-sandbox-cli-');
    const run = fakeIo(dir);
    const listenersBefore = process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const { url, exit } = await started(run, ['--port=0', '--state', 'state.json', '--api-key', "it's-mine"]);
    expect(run.out()).toMatch(/^export VAPI_API_KEY='it'\\''s-mine'$/m);
    expect(run.out()).toContain(`State: ${path.join(dir, 'state.json')} (new file)`);
    const created = await fetch(`${url}/phone-number`, {
      method: 'POST',
      headers: { authorization: "Bearer it's-mine", 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'vonage', name: 'x', number: '+442071838750', credentialId: 'cred' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // The listener the command installed, called as the signal would call it.
    process.emit(signal);
    expect(await within(exit)).toBe(0);
    expect(run.out()).toContain(`Sandbox stopped (${signal}); state saved to ${path.join(dir, 'state.json')}.`);
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(listenersBefore);
    expect(readFileSync(path.join(dir, 'state.json'), 'utf8')).toContain(id);

    const again = fakeIo(dir);
    const restarted = await started(again, ['--port=0', '--state', 'state.json']);
    expect(again.out()).toContain('(loaded 1 phone number(s))');
    again.stop.abort();
    expect(await within(restarted.exit)).toBe(0);
  });

  it('listens on the fixed default port unless told otherwise', async () => {
    expect(DEFAULT_PORT).toBe(4010);
    const run = fakeIo();
    const exit = runSandboxCommand([], run.io);
    await expect.poll(() => run.out() + run.err(), { timeout: 5000 }).toMatch(/Press Ctrl\+C|Cannot listen/);
    // Port 4010 may be taken on a developer's machine; either way the message names it.
    if (run.err()) expect(run.err()).toContain('127.0.0.1:4010: the port is in use');
    else expect(run.out()).toContain('export VAPI_BASE_URL=http://127.0.0.1:4010\n');
    run.stop.abort();
    expect(await within(exit)).toBe(run.err() ? 1 : 0);
  });

  it.each([
    [['--host', '0.0.0.0'], /Refusing to listen on '0\.0\.0\.0'/],
    [['--port', '70000'], /Invalid --port '70000': expected a whole number from 0 to 65535/],
    [['--port', '-1'], /--port/],
    [['--latency', '20ms'], /Invalid --latency '20ms'/],
    [['--api-key', ' '], /Invalid --api-key: it is empty/],
    [['--bogus'], /^error: Unknown flag '--bogus'\.\n/],
    [
      ['--prot', '4012'],
      /^error: Unknown flag '--prot'\. Did you mean --port\?\nRun 'vapi-numbers sandbox --help' for usage\.\n$/,
    ],
    [['--latency', '-5'], /^error: Invalid --latency '-5': expected a whole number from 0 to 60000\.\n/],
    [['--port'], /^error: --port needs a value \(N\)\.\n/],
    [['--help=yes'], /^error: --help takes no value\.\n/],
    [['extra'], /^error: Unexpected argument 'extra': this command takes only flags\.\n/],
  ])('exits 2 on %j with a message', async (argv, message) => {
    const run = fakeIo();
    expect(await within(runSandboxCommand(argv, run.io))).toBe(2);
    expect(run.err()).toMatch(message);
    expect(run.out()).toBe('');
  });

  it('exits 2 on an unusable state file', async () => {
    const dir = tempDir('vapi-sandbox-cli-');
    const run = fakeIo(dir);
    expect(await within(runSandboxCommand(['--port', '0', '--state', 'nowhere/state.json'], run.io))).toBe(2);
    expect(run.err()).toContain(`Cannot use sandbox state file ${path.join(dir, 'nowhere', 'state.json')}: cannot write it`);
  });

  it('a state file of the wrong shape: exit 2, saying in its own words which field is wrong', async () => {
    const dir = tempDir('vapi-sandbox-cli-');
    const cases: [unknown, string][] = [
      [{ orgId: 'o' }, 'version is missing'],
      [{ version: '1', orgId: 'o', phoneNumbers: [], assistants: [], squads: [] }, 'version is "1", expected 1'],
      [{ version: 1, orgId: 'o', phoneNumbers: {}, assistants: [], squads: [] }, 'phoneNumbers is an object, expected a list'],
      [{ version: 1, orgId: 'o', phoneNumbers: [7], assistants: [], squads: [] }, 'phoneNumbers[0] is 7, expected an object'],
      [{ version: 1, orgId: 'o', phoneNumbers: [], assistants: [{ id: 5 }], squads: [] }, 'assistants[0].id is 5, expected text'],
      [[1, 2], 'the file holds a list, not an object'],
    ];
    for (const [document, why] of cases) {
      writeFileSync(path.join(dir, 'state.json'), JSON.stringify(document));
      const run = fakeIo(dir);
      expect(await within(runSandboxCommand(['--port', '0', '--state', 'state.json'], run.io))).toBe(2);
      expect(run.err()).toBe(
        `error: Cannot use sandbox state file ${path.join(dir, 'state.json')}: not a state file the sandbox wrote ` +
          `(version 1): ${why}. Fix or delete it, or pass another --state file.\n`,
      );
    }
  });

  it('prints help', async () => {
    const run = fakeIo();
    expect(await runSandboxCommand(['--help'], run.io)).toBe(0);
    expect(run.out()).toMatch(/^Usage: vapi-numbers sandbox \[--port N\] \[--state FILE\]/);
    expect(run.out()).toContain('--latency MS');
  });

  it('adds the latency to every response when asked', async () => {
    const run = fakeIo();
    const { url, exit } = await started(run, ['--port', '0', '--latency', '40']);
    expect(run.out()).toContain('Latency: 40 ms added to every response');
    const began = performance.now();
    await fetch(`${url}/assistant`, { headers: { authorization: 'Bearer k' } });
    expect(performance.now() - began).toBeGreaterThanOrEqual(39);
    run.stop.abort();
    expect(await within(exit)).toBe(0);
  });
});
