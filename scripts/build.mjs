// Bundles the action entry point into dist/ with ncc. dist/ is committed: GitHub runs it as is.
// The bundle is built into a temporary folder and swapped in only when the build succeeded, so a
// failed build never leaves dist/ empty or half written.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const staging = mkdtempSync(path.join(tmpdir(), 'vapi-numbers-build-'));
const out = path.join(staging, 'dist');
try {
  execFileSync(
    process.execPath,
    ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', 'src/main.ts', '-o', out, '--license', 'licenses.txt', '--minify', '-q'],
    { stdio: 'inherit' },
  );
  rmSync('dist', { recursive: true, force: true });
  try {
    renameSync(out, 'dist');
  } catch {
    // Another file system: copy instead of moving.
    execFileSync('cp', ['-r', out, 'dist']);
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
