// `assistant: <name>` and `squad: <name>` are conveniences over assistantId / squadId. A lookup that
// finds nothing or several is an error: silently routing a line elsewhere is worse than failing.
import type { ConfigProblem, DesiredNumber } from '../config/types.js';
import type { NamedResource } from '../vapi/types.js';

/** The assistants and squads the org has; only the kinds some number names are loaded. */
export interface RoutingDirectory {
  assistants?: NamedResource[];
  squads?: NamedResource[];
}

/** Which directories the declared numbers need. */
export function routingNeeds(numbers: DesiredNumber[]): { assistants: boolean; squads: boolean } {
  return {
    assistants: numbers.some((number) => number.assistantName !== undefined),
    squads: numbers.some((number) => number.squadName !== undefined),
  };
}

/** Replaces names with IDs; every name that does not resolve to exactly one ID is a problem. */
export function resolveRouting(
  numbers: DesiredNumber[],
  directory: RoutingDirectory,
): { numbers: DesiredNumber[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const resolved = numbers.map((number) => {
    const fields = { ...number.fields };
    const lookups = [
      { kind: 'assistant', field: 'assistantId', name: number.assistantName, list: directory.assistants },
      { kind: 'squad', field: 'squadId', name: number.squadName, list: directory.squads },
    ] as const;
    for (const lookup of lookups) {
      if (lookup.name === undefined) continue;
      const outcome = lookupByName(lookup.kind, lookup.name, lookup.list ?? []);
      if (typeof outcome === 'string') fields[lookup.field] = outcome;
      else problems.push({ ...number.source, path: `${number.name}.${lookup.kind}`, ...outcome });
    }
    return { ...number, fields };
  });
  return { numbers: resolved, problems };
}

function lookupByName(
  kind: 'assistant' | 'squad',
  name: string,
  list: NamedResource[],
): string | { message: string; hint: string } {
  const matches = list.filter((resource) => resource.name === name);
  if (matches.length === 1 && matches[0]) return matches[0].id;
  if (matches.length > 1) {
    return {
      message: `${matches.length} ${kind}s are named '${name}': ${matches.map((m) => m.id).join(', ')}`,
      hint: `use ${kind}Id with the one you mean, or rename the others in the Vapi dashboard`,
    };
  }
  const close = list
    .map((resource) => resource.name)
    .filter((candidate): candidate is string => typeof candidate === 'string')
    .filter(
      (candidate) => candidate.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(candidate.toLowerCase()),
    )
    .slice(0, 5);
  const known = list.map((resource) => resource.name).filter((n): n is string => typeof n === 'string');
  const candidates = close.length > 0 ? close : known.slice(0, 10);
  return {
    message: `no ${kind} is named '${name}' (names match exactly, case-sensitive)`,
    hint:
      candidates.length > 0
        ? `${kind}s in this org include: ${candidates.map((c) => `'${c}'`).join(', ')}`
        : `this org has no ${kind}s; check api-key and base-url point at the right org and region`,
  };
}
