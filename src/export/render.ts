// Writes the export as YAML: a comment that lists the variables to set and what was left out, then
// the version-1 document. Secrets are written as `${VAR}` and nothing else; every other string is
// written so that the loader reads it back exactly (`${` escaped as `$${`, which it would expand).
import { stringify } from 'yaml';
import { formatPath } from '../plan/diff.js';
import type { ExportVariable, LeftOutField, LeftOutNumber } from './types.js';
import { SecretSlot, VariableNames } from './variables.js';
import { CONFIG_SCHEMA_ID } from '../config/json-schema.js';

/** A number ready to write: its name, provider and checked fields (secrets still as slots). */
export interface CheckedEntry {
  name: string;
  id: string;
  provider: string;
  fields: Record<string, unknown>;
}

// The order keys are written in: what the line is, then what answers it, then how. Anything else
// follows in the order it came.
const KEY_ORDER = [
  'number',
  'sipUri',
  'authentication',
  'numberE164CheckEnabled',
  'credentialId',
  'twilioAccountSid',
  'twilioAuthToken',
  'twilioApiKey',
  'twilioApiSecret',
  'smsEnabled',
  'assistant',
  'assistantId',
  'squad',
  'squadId',
  'workflowId',
  'server',
  'fallbackDestination',
  'hooks',
];

function ordered(fields: Record<string, unknown>): [string, unknown][] {
  const rank = (key: string): number => {
    const index = KEY_ORDER.indexOf(key);
    return index === -1 ? KEY_ORDER.length : index;
  };
  return Object.entries(fields).sort(([a], [b]) => rank(a) - rank(b));
}

/** The value as written: slots become `${VAR}` (named and recorded here), strings are escaped. */
function written(value: unknown, entry: CheckedEntry, names: VariableNames, variables: ExportVariable[]): unknown {
  if (value instanceof SecretSlot) {
    const name = names.next(entry.name, value.path);
    const field = formatPath(value.path.map((key, index) => (index > 0 && /^[0-9]+$/.test(key) ? Number(key) : key)));
    variables.push({ name, number: entry.name, id: entry.id, path: value.path, field, withheld: value.withheld });
    return `\${${name}}`;
  }
  // A function, not a replacement string: there `$$` would itself mean one `$`.
  if (typeof value === 'string') return value.replaceAll('${', () => '$${');
  if (Array.isArray(value)) return value.map((item) => written(item, entry, names, variables));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, written(item, entry, names, variables)]));
  }
  return value;
}

/** Text safe inside a `#` comment: line breaks and characters YAML refuses are written as escapes. */
function commentSafe(text: string): string {
  return text.replace(
    /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A name as comments quote it. */
export function quoted(name: string): string {
  return commentSafe(JSON.stringify(name));
}

function header(count: number, variables: ExportVariable[], leftOut: LeftOutNumber[], leftOutFields: LeftOutField[]): string[] {
  const lines = [`Vapi phone numbers exported by vapi-numbers: ${count} number${count === 1 ? '' : 's'}, sorted by name.`];
  if (variables.length > 0) {
    lines.push(
      '',
      'Secrets are not written here. Before `plan` or `apply`, set these environment variables',
      "(in a workflow: from secrets, under the step's `env:`):",
    );
    const width = Math.max(...variables.map((variable) => variable.name.length));
    for (const variable of variables) {
      const withheld = variable.withheld ? ' (the API did not return it: take it from where it was set)' : '';
      lines.push(`  ${variable.name.padEnd(width)}  ${variable.field} of ${quoted(variable.number)}${withheld}`);
    }
  }
  if (leftOut.length > 0) {
    lines.push('', 'Left out: a config finds a number by its name, so these cannot be declared:');
    for (const number of leftOut) {
      const what = [number.name === undefined ? undefined : quoted(number.name), number.ids.join(', '), number.line]
        .filter((part) => part !== undefined)
        .join(' ');
      lines.push(`  ${what}: ${number.reason}; ${number.todo}`);
    }
  }
  if (leftOutFields.length > 0) {
    lines.push('', 'Not declared (a plan leaves them as they are): the config refuses them as the API returned them:');
    for (const field of leftOutFields) lines.push(`  ${quoted(field.number)} ${field.field}: ${field.reason}`);
  }
  // The editor modeline first: an adopted file gets completion and checks like a hand-written one.
  return [
    `# yaml-language-server: $schema=${CONFIG_SCHEMA_ID}`,
    ...lines.map((line) => (line === '' ? '#' : `# ${commentSafe(line)}`)),
  ];
}

/** The whole file, and the variables its `${VAR}`s name, in the order they appear. */
export function renderConfig(
  entries: CheckedEntry[],
  leftOut: LeftOutNumber[],
  leftOutFields: LeftOutField[],
): { text: string; variables: ExportVariable[] } {
  const names = new VariableNames();
  const variables: ExportVariable[] = [];
  const numbers = entries.map((entry) => ({
    name: written(entry.name, entry, names, variables),
    provider: entry.provider,
    ...Object.fromEntries(ordered(entry.fields).map(([key, value]) => [key, written(value, entry, names, variables)])),
  }));
  // lineWidth 0: long values stay on one line, as they were set, rather than folded.
  const body = stringify({ version: 1, numbers }, { lineWidth: 0 });
  const comment = header(entries.length, variables, leftOut, leftOutFields);
  return { text: `${comment.join('\n')}\n\n${body}`, variables };
}
