// GitHub's own check of a workflow file, as test/examples.test.ts runs it for examples/: the parser
// (@actions/workflow-parser), then the conversion to the runner's model.
import { workflowParser } from './examples-workflow-parser.js';

export interface WorkflowErrors {
  parse: string[];
  convert: string[];
}

/** Both lists are empty for a valid workflow. */
export async function workflowErrors(name: string, content: string): Promise<WorkflowErrors> {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await workflowParser();
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const parse = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value === undefined)
    return { parse: parse.length > 0 ? parse : [`${name}: the parser returned no workflow`], convert: [] };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return { parse, convert: (template.errors ?? []).map((error) => error.Message) };
}
