// `export` (SPEC section 9): the org's named numbers as a version-1 config whose `plan`, with each
// variable set to the real secret, changes nothing. Pure: the caller lists the org and saves the text.
import { isProvider } from '../api-fields.js';
import { compileGlob } from '../plan/globs.js';
import type { RemoteNumber } from '../vapi/types.js';
import { draftEntry } from './draft.js';
import { loadable } from './loadable.js';
import { quoted, renderConfig } from './render.js';
import type { CheckedEntry } from './render.js';
import type { ExportInput, ExportResult, ExportedNumber, LeftOutField, LeftOutNumber } from './types.js';

export type { ExportInput, ExportResult, ExportVariable, ExportedNumber, LeftOutField, LeftOutNumber } from './types.js';

/** The longest name a config accepts (the API's own limit). */
const NAME_LIMIT = 40;

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lineOf(remote: RemoteNumber): string | undefined {
  const line = remote.number ?? remote.sipUri;
  return typeof line === 'string' && line !== '' ? line : undefined;
}

function leftOutNumber(remote: RemoteNumber, reason: string, todo: string, name?: string): LeftOutNumber {
  const line = lineOf(remote);
  return { ids: [remote.id], ...(name === undefined ? {} : { name }), ...(line === undefined ? {} : { line }), reason, todo };
}

/** The named numbers the glob selects, grouped by name; numbers without a name are reported. */
function byName(input: ExportInput, leftOut: LeftOutNumber[]): Map<string, RemoteNumber[]> {
  const glob = input.match === undefined ? undefined : compileGlob(input.match);
  const groups = new Map<string, RemoteNumber[]>();
  for (const remote of input.numbers) {
    const name = remote.name;
    if (typeof name !== 'string' || name === '') {
      // A glob selects names: a number without one is not among what was asked for.
      if (glob === undefined) {
        leftOut.push(leftOutNumber(remote, 'it has no name', 'name it in the Vapi dashboard, then export again'));
      }
      continue;
    }
    if (glob !== undefined && !glob.test(name)) continue;
    groups.set(name, [...(groups.get(name) ?? []), remote]);
  }
  return groups;
}

/** What one number's fields came to: a checked entry with the fields not declared, or why it is left out. */
type Outcome = { entry: CheckedEntry; notes: { field: string; reason: string }[] } | { leftOut: LeftOutNumber };

function entryFor(name: string, remote: RemoteNumber, input: ExportInput): Outcome {
  const provider = remote.provider;
  if (!isProvider(provider)) {
    const said =
      typeof provider === 'string'
        ? `its provider ${quoted(provider)} is not one the config knows`
        : 'the API did not say its provider';
    return { leftOut: leftOutNumber(remote, said, 'declare it by hand, or recreate it with a supported provider', name) };
  }
  if (name.length > NAME_LIMIT) {
    const reason = `its name has ${name.length} characters; a config name has at most ${NAME_LIMIT}`;
    return { leftOut: leftOutNumber(remote, reason, 'rename it in the Vapi dashboard, then export again', name) };
  }
  const draft = draftEntry(remote, provider, input);
  const checked = loadable(name, provider, draft.fields);
  if ('refused' in checked) return { leftOut: leftOutNumber(remote, checked.refused, checked.todo, name) };
  return { entry: { name, id: remote.id, provider, fields: checked.fields }, notes: [...draft.leftOut, ...checked.leftOut] };
}

function exported(remote: RemoteNumber, name: string, provider: string): ExportedNumber {
  const described: ExportedNumber = { name, id: remote.id, provider };
  for (const key of ['number', 'sipUri', 'status'] as const) {
    const value = remote[key];
    if (typeof value === 'string' && value !== '') described[key] = value;
  }
  return described;
}

/** Writes the org's numbers (those whose names match `match`) as a config. Throws only on an invalid glob. */
export function exportConfig(input: ExportInput): ExportResult {
  const leftOut: LeftOutNumber[] = [];
  const groups = byName(input, leftOut);
  const entries: CheckedEntry[] = [];
  const leftOutFields: LeftOutField[] = [];
  const numbers: ExportedNumber[] = [];
  for (const name of [...groups.keys()].sort(byCodeUnits)) {
    const carriers = groups.get(name) ?? [];
    const [remote] = carriers;
    if (remote === undefined) continue;
    if (carriers.length > 1) {
      const ids = carriers.map((carrier) => carrier.id).sort(byCodeUnits);
      leftOut.push({
        ids,
        name,
        reason: `${carriers.length} numbers carry this name`,
        todo: 'rename all but one in the Vapi dashboard, then export again',
      });
      continue;
    }
    const outcome = entryFor(name, remote, input);
    if ('leftOut' in outcome) {
      leftOut.push(outcome.leftOut);
      continue;
    }
    entries.push(outcome.entry);
    numbers.push(exported(remote, name, outcome.entry.provider));
    leftOutFields.push(...outcome.notes.map((note) => ({ number: name, id: remote.id, ...note })));
  }
  // Numbers without a name first, by ID; then by name. The listing's own order is not stable.
  leftOut.sort((a, b) => byCodeUnits(a.name ?? '', b.name ?? '') || byCodeUnits(a.ids[0] ?? '', b.ids[0] ?? ''));
  const { text, variables } = renderConfig(entries, leftOut, leftOutFields);
  return { text, numbers, variables, leftOut, leftOutFields };
}
