// How `delete` reads one entry under `numbers:`: its `name` and nothing else. Other keys are
// neither checked nor interpolated (scalars.ts leaves them as written), so the same file that
// `apply` reads can tear its numbers down with the Vapi key alone.

import type { Provider } from '../api-fields.js';
import { entrySource, isEntryMap, locateIn } from './number-entry.js';
import type { FieldsOrigin } from './number-entry.js';
import type { KeyPath } from './positions.js';
import { nameOnlySchema } from './schema.js';
import type { ConfigProblem, DesiredNumber } from './types.js';
import { issueToProblems } from './zod-issues.js';

/** The entry as a number to delete by name; undefined (problems reported) when its name is unusable. */
export function readNameOnly(origin: FieldsOrigin, value: unknown, problems: ConfigProblem[]): DesiredNumber | undefined {
  if (!isEntryMap(origin, value, problems)) return undefined;
  const result = nameOnlySchema.safeParse(value);
  if (!result.success) {
    const context = {
      schema: nameOnlySchema,
      value,
      locate: (path: KeyPath) => locateIn(origin, path),
      requiredBecause: () => 'every number needs a unique name (1-40 characters): it is how existing numbers are matched',
    };
    for (const issue of result.error.issues) problems.push(...issueToProblems(issue, context));
    return undefined;
  }
  return {
    name: result.data.name,
    // Not read: a delete never sends a provider, and its report takes the listed number's.
    // DesiredNumber keeps the field required for the commands that create and compare.
    provider: undefined as unknown as Provider,
    fields: {},
    source: entrySource(origin),
  };
}
