// `assistant: <name>` and `squad: <name>` are conveniences over assistantId / squadId. A lookup that
// finds nothing or several is an error: silently routing a line elsewhere is worse than failing.
import { editDistance } from '../config/suggest.js';
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
  const reported = new Set<string>();
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
      else {
        // At the `assistant:` / `squad:` line; one written under `defaults:` is reported once, not per number.
        const at = number.routingSource ?? { ...number.source, path: lookup.kind };
        const problem = { ...at, ...outcome };
        const key = JSON.stringify(problem);
        if (!reported.has(key)) problems.push(problem);
        reported.add(key);
      }
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
  const known = list.map((resource) => resource.name).filter((n): n is string => typeof n === 'string' && n !== '');
  return {
    message: `no ${kind} is named '${name}' (names match exactly, case-sensitive)`,
    hint: candidatesHint(kind, name, known),
  };
}

function candidatesHint(kind: 'assistant' | 'squad', name: string, known: string[]): string {
  const quoted = (names: string[]): string => names.map((candidate) => `'${candidate}'`).join(', ');
  const nearest = nearestNames(name, known);
  if (nearest.length > 0) return `did you mean ${quoted(nearest).replace(/, (?=[^,]*$)/, ' or ')}?`;
  if (known.length === 0) return `this org has no ${kind}s; check api-key and base-url point at the right org and region`;
  const more = known.length > 10 ? ` and ${known.length - 10} more` : '';
  return `${kind}s in this org include: ${quoted(known.slice(0, 10))}${more}`;
}

/**
 * The existing names nearest to `name`, however many the org has: the same name in other case
 * first, then the fewest edits (at most a third of the letters), then names that contain it or
 * that it contains. At most three.
 */
export function nearestNames(name: string, known: readonly string[]): string[] {
  const lower = name.toLowerCase();
  const allowed = Math.max(1, Math.floor(name.length / 3));
  const ranked = [...new Set(known)]
    .map((candidate) => {
      const other = candidate.toLowerCase();
      const distance = editDistance(lower, other);
      const contains = other.includes(lower) || lower.includes(other);
      return { candidate, rank: distance <= allowed ? distance : contains ? allowed + 1 : Infinity };
    })
    .filter(({ rank }) => rank !== Infinity)
    .sort((a, b) => a.rank - b.rank);
  return ranked.slice(0, 3).map(({ candidate }) => candidate);
}
