// npm run demo: the product end to end with no Vapi account. Starts the sandbox, applies
// examples/vapi-numbers.yml, applies it again (nothing to do), edits one number behind the
// config's back (drift), plans (the drift shows), deletes, and stops the sandbox.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const config = path.join('examples', 'vapi-numbers.yml');
const key = 'demo-key';
// Stand-ins for the secrets and IDs examples/vapi-numbers.yml reads with ${VAR}.
const env = {
  ...process.env,
  VAPI_API_KEY: key,
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
  TWILIO_AUTH_TOKEN: 'demo-twilio-token',
  VAPI_WEBHOOK_TOKEN: 'demo-webhook-token',
  SIP_DESK_PASSWORD: 'demo-sip-password-000001',
  VONAGE_CREDENTIAL_ID: 'demo-vonage-credential',
  TELNYX_CREDENTIAL_ID: 'demo-telnyx-credential',
  BYO_CREDENTIAL_ID: 'demo-byo-credential',
};

function banner(text) {
  process.stdout.write(`\n=== ${text} ${'='.repeat(Math.max(0, 90 - text.length))}\n\n`);
}

/** Runs the CLI to completion, its output shown as it comes; resolves the exit code. */
function vapiNumbers(args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...env, ...extraEnv }, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Starts `vapi-numbers sandbox` and resolves its URL once it prints the export line. */
function startSandbox() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--api-key', key], { cwd: root, env });
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk.toString();
      const url = /export VAPI_BASE_URL=(\S+)/.exec(seen)?.[1];
      if (url) resolve({ child, url, banner: seen });
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('close', (code) => reject(new Error(`the sandbox exited (${code}) before it printed its URL:\n${seen}`)));
  });
}

async function api(url, method, route, body) {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

const sandbox = await startSandbox();
let failed = false;
try {
  banner('1. Start the sandbox: a Vapi-compatible API on this machine');
  process.stdout.write(sandbox.banner);
  const base = ['--config', config, '--base-url', sandbox.url];

  banner('2. vapi-numbers apply: every number is created once');
  failed ||= (await vapiNumbers(['apply', ...base])) !== 0;

  banner('3. vapi-numbers apply again: nothing to do, no write request');
  failed ||= (await vapiNumbers(['apply', ...base])) !== 0;

  banner('4. Someone edits acme-london in the dashboard (here: a PATCH to the sandbox)');
  const numbers = await api(sandbox.url, 'GET', '/phone-number?limit=1000');
  const london = numbers.find((number) => number.name === 'acme-london');
  await api(sandbox.url, 'PATCH', `/phone-number/${london.id}`, { credentialId: 'changed-in-the-dashboard' });
  process.stdout.write(`PATCH /phone-number/${london.id} {"credentialId":"changed-in-the-dashboard"}\n`);

  banner('5. vapi-numbers plan --fail-on-changes: the drift shows, field by field (exit 1)');
  const drift = await vapiNumbers(['plan', '--fail-on-changes', ...base]);
  process.stdout.write(`\n(exit code ${drift}: a drift check fails the job, as intended)\n`);
  failed ||= drift !== 1;

  banner('6. vapi-numbers delete: every declared number goes, except protected acme-main (exit 1)');
  const deleted = await vapiNumbers(['delete', '--max-deletions', '20', ...base]);
  process.stdout.write(`\n(exit code ${deleted}: prune.protect keeps acme-main in every command, so its delete is refused)\n`);
  failed ||= deleted !== 1;
} finally {
  banner('7. Stop the sandbox');
  sandbox.child.kill('SIGTERM');
  await new Promise((resolve) => sandbox.child.on('close', resolve));
  process.stdout.write('Stopped.\n');
}
if (failed) {
  process.stderr.write('\nThe demo did not go as expected: see the steps above.\n');
  process.exitCode = 1;
}
