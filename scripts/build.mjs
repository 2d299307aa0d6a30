// Bundles src/index.ts with ncc into dist/index.js (which GitHub runs as the action) and its
// lazily loaded chunks, and writes dist/cli.js, the command-line tool's two-line shim into the same
// bundle (package.json's `bin`), and dist/vapi-numbers.schema.json, the config's JSON Schema for
// editors. dist/ is committed. The bundle is built in a temporary folder and
// dist/ is replaced only when the build succeeded, so a failed build never leaves it empty.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { minify } from 'terser';
import { deferHttp2 } from './defer-http2.mjs';

/**
 * Packages the bundler may treat as free of import-time side effects, so that the modules of theirs
 * the action never calls are left out. @actions/core imports its OIDC token client (and with it
 * @actions/http-client and the whole of undici, ~60 ms of start-up) at the top of its entry, for
 * `getIDToken` alone. Its modules only define functions and constants, so webpack's `sideEffects`
 * flag, which the package does not set, is set for the length of the build and removed after it.
 */
const SIDE_EFFECT_FREE = ['@actions/core'];

const staging = mkdtempSync(path.join(tmpdir(), 'vapi-numbers-build-'));
const restore = SIDE_EFFECT_FREE.map(markSideEffectFree);
try {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      'src/index.ts',
      '-o',
      staging,
      '--license',
      'licenses.txt',
      '--minify',
      '-q',
    ],
    { stdio: 'inherit' },
  );
  // ncc minifies only the entry file; the lazily loaded chunks (the engine, each shell, GitHub's
  // client) are minified here, which is most of dist/'s size and of the action's start-up parse.
  for (const file of readdirSync(staging)) {
    if (!/^\d+\.index\.js$/.test(file)) continue;
    const code = readFileSync(path.join(staging, file), 'utf8');
    const result = await minify(code, { module: true, compress: true, mangle: true, format: { comments: false } });
    if (result.code === undefined) throw new Error(`terser produced nothing for ${file}`);
    writeFileSync(path.join(staging, file), result.code);
  }
  const entry = path.join(staging, 'index.js');
  writeFileSync(entry, deferHttp2(readFileSync(entry, 'utf8')));
  const shim = path.join(staging, 'cli.js');
  writeFileSync(
    shim,
    '#!/usr/bin/env node\n// The vapi-numbers command: the same bundle as the action, told to be the CLI.\n' +
      "globalThis.vapiNumbersShell = 'cli';\nawait import('./index.js');\n",
  );
  chmodSync(shim, 0o755);
  writeFileSync(path.join(staging, 'vapi-numbers.schema.json'), configJsonSchema());
  rmSync('dist', { recursive: true, force: true });
  cpSync(staging, 'dist', { recursive: true });
} finally {
  for (const undo of restore) undo();
  rmSync(staging, { recursive: true, force: true });
}

/**
 * The config's JSON Schema for editors, generated from the loader's own zod schemas: a small entry
 * is bundled (without type checking, which `npm run typecheck` does) and run, and prints it.
 */
function configJsonSchema() {
  const folder = mkdtempSync(path.join(tmpdir(), 'vapi-numbers-schema-'));
  try {
    const ncc = 'node_modules/@vercel/ncc/dist/ncc/cli.js';
    execFileSync(process.execPath, [ncc, 'build', 'src/config/print-json-schema.ts', '-o', folder, '--transpile-only', '-q'], {
      stdio: 'inherit',
    });
    return execFileSync(process.execPath, [path.join(folder, 'index.js')], { encoding: 'utf8' });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Sets `"sideEffects": false` in a dependency's package.json; returns what puts the file back. */
function markSideEffectFree(name) {
  const file = path.join('node_modules', name, 'package.json');
  const original = readFileSync(file, 'utf8');
  const manifest = JSON.parse(original);
  if (manifest.sideEffects !== undefined && manifest.sideEffects !== false) {
    throw new Error(`${name} now declares sideEffects itself (${JSON.stringify(manifest.sideEffects)}): review SIDE_EFFECT_FREE`);
  }
  if (manifest.sideEffects === false) return () => undefined;
  writeFileSync(file, JSON.stringify({ ...manifest, sideEffects: false }, null, 2));
  // Put back as it was, unless a build running beside this one has done so already.
  return () => {
    const now = JSON.parse(readFileSync(file, 'utf8'));
    if (now.sideEffects === false) writeFileSync(file, original);
  };
}
