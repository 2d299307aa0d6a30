import { isSecretPath } from '../api-fields.js';
import type { Plan } from '../plan/types.js';

/**
 * Replaces every known secret in a text with `***`, also in the forms it takes when a value is
 * JSON-escaped, URL-encoded or base64-encoded. The runner masks the log itself once setSecret is
 * called, but not the job summary, the outputs or a PR comment: those are scrubbed here.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let scrubbed = text;
  for (const secret of secrets) {
    // Very short values would blank out ordinary words; the runner's own masker skips them too.
    if (secret.length < 4) continue;
    for (const form of secretForms(secret)) scrubbed = scrubbed.split(form).join('***');
  }
  return scrubbed;
}

function secretForms(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), urlEncoded(secret)]);
  forms.add(Buffer.from(secret, 'utf8').toString('base64'));
  forms.add(Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, ''));
  return [...forms].filter((form) => form.length >= 4).sort((a, b) => b.length - a.length);
}

/** encodeURIComponent throws on a lone surrogate (YAML's "\ud800" makes one); such text is sent as U+FFFD. */
function urlEncoded(secret: string): string {
  try {
    return encodeURIComponent(secret);
  } catch {
    return encodeURIComponent(secret.replace(/[\ud800-\udfff]/g, (c, i: number) => (isPaired(secret, i) ? c : '\ufffd')));
  }
}

function isPaired(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code <= 0xdbff) return (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00;
  return (text.charCodeAt(index - 1) & 0xfc00) === 0xd800;
}

/**
 * Every secret value a plan holds: declared (config and `numbers` input) and live (when the API
 * returns them), so a report can hide one the API quotes back in an error without being told.
 */
export function secretsOfPlan(plan: Plan): Set<string> {
  const found = new Set<string>();
  for (const change of plan.changes) {
    if ('desired' in change && change.desired) collectSecrets(change.desired.fields, [], found);
    if ('remote' in change && change.remote) collectSecrets(change.remote, [], found);
    if ('body' in change) collectSecrets(change.body, [], found);
  }
  return found;
}

function collectSecrets(value: unknown, path: (string | number)[], found: Set<string>): void {
  if (typeof value === 'string') {
    if (path.length > 0 && isSecretPath(path) && value !== '') found.add(value);
    return;
  }
  if (path.length > 4 || value === null || typeof value !== 'object') return;
  for (const [key, field] of Object.entries(value)) {
    collectSecrets(field, [...path, Array.isArray(value) ? Number(key) : key], found);
  }
}

/** The same error with every known secret replaced in its message and stack (class and fields kept). */
export function scrubError(error: unknown, secrets: Iterable<string>): unknown {
  const known = [...secrets];
  if (!(error instanceof Error) || known.length === 0) return error;
  error.message = scrubSecrets(error.message, known);
  if (error.stack) error.stack = scrubSecrets(error.stack, known);
  return error;
}
