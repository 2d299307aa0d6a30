// The bundle's entry. GitHub runs it as the action (dist/index.js); dist/cli.js, the command-line
// tool, sets `vapiNumbersShell` and imports the same bundle, so dist/ carries the engine once.
// The CLI's own code is a chunk loaded only when it runs.
import { run } from './main.js';

declare global {
  var vapiNumbersShell: 'cli' | undefined;
}

if (globalThis.vapiNumbersShell === 'cli') {
  const { runCli } = await import('./cli.js');
  await runCli();
} else {
  await run();
}
