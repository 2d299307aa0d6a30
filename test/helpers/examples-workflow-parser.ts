// Loads GitHub's workflow parser (@actions/workflow-parser) for test/examples.test.ts.
//
// The package's dist imports its JSON schemas without `with { type: 'json' }`, which Node's own
// ESM loader refuses (ERR_IMPORT_ATTRIBUTE_MISSING; actions/languageservices issue 387). Vitest
// leaves node_modules to Node's loader, so a loader hook adds the attribute to exactly those
// imports before the package is first imported. Nothing else is affected.

import { register } from 'node:module';

type WorkflowParserModule = typeof import('@actions/workflow-parser');

const HOOKS = `
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('.json') && url.includes('/@actions/workflow-parser/')) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return nextLoad(url, context);
}
`;

let loaded: Promise<WorkflowParserModule> | undefined;

/** The parser module, imported once per test process. */
export function workflowParser(): Promise<WorkflowParserModule> {
  if (loaded === undefined) {
    register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
    loaded = import('@actions/workflow-parser');
  }
  return loaded;
}
