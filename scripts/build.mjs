// Bundles the action entry point into dist/ with ncc. dist/ is committed: GitHub runs it as is.
import { execFileSync } from 'node:child_process';
import { rmSync, mkdirSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
execFileSync(
  process.execPath,
  ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', 'src/main.ts', '-o', 'dist', '--license', 'licenses.txt', '-q'],
  { stdio: 'inherit' },
);
