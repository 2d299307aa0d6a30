// GitHub's own checks of workflow files and of action.yml (@actions/workflow-parser), for the tests
// that hold examples/, .github/workflows/ and action.yml to them.
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

let registered = false;
let loaded: Promise<WorkflowParserModule> | undefined;

function registerHooks(): void {
  if (registered) return;
  registered = true;
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
}

/** The parser module, imported once per test process. */
export function workflowParser(): Promise<WorkflowParserModule> {
  registerHooks();
  loaded ??= import('@actions/workflow-parser');
  return loaded;
}

/**
 * Every error GitHub's action parser reports for an action.yml, under both roots of its schema:
 * `action-root` (the loose one the runner loads actions with) and `action-root-strict` (what
 * editors check), plus the conversion to the runner's model.
 */
export async function actionErrors(name: string, content: string): Promise<{ loose: string[]; strict: string[] }> {
  const { NoOperationTraceWriter } = await workflowParser();
  const actions = await import('@actions/workflow-parser/actions/index');
  const { readTemplate } = await import('@actions/workflow-parser/templates/template-reader');
  const { TemplateContext, TemplateValidationErrors } = await import('@actions/workflow-parser/templates/template-context');
  const { YamlObjectReader } = await import('@actions/workflow-parser/workflows/yaml-object-reader');

  const strict = actions.parseAction({ name, content }, new NoOperationTraceWriter());
  if (strict.value !== undefined) actions.convertActionTemplate(strict.context, strict.value);

  const context = new TemplateContext(new TemplateValidationErrors(), actions.getActionSchema(), new NoOperationTraceWriter());
  const fileId = context.getFileId(name);
  const reader = new YamlObjectReader(fileId, content);
  for (const error of reader.errors) context.error(fileId, error.message, error.range);
  if (reader.errors.length === 0) readTemplate(context, 'action-root', reader, fileId);

  const messages = (errors: { getErrors(): { message: string }[] }) => errors.getErrors().map((error) => error.message);
  return { loose: messages(context.errors), strict: messages(strict.context.errors) };
}

export interface WorkflowErrors {
  parse: string[];
  convert: string[];
}

/**
 * Parses a workflow with GitHub's parser, then converts it to the runner's model, which checks
 * more (cron syntax, expression contexts per key, duplicate step ids, `needs`). Both lists are
 * empty for a valid workflow.
 */
export async function workflowErrors(name: string, content: string): Promise<WorkflowErrors> {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await workflowParser();
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const parse = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value === undefined)
    return { parse: parse.length > 0 ? parse : [`${name}: the parser returned no workflow`], convert: [] };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return { parse, convert: (template.errors ?? []).map((error) => error.Message) };
}
