import { collectSecrets } from '../api-fields.js';
import type { Plan } from '../plan/types.js';

/** Hides every known secret of a text, in every form `secretForms` lists. */
export type Scrubber = (text: string) => string;

// Very short values would blank out ordinary words; the runner's own masker skips them too.
const MIN_SECRET_CHARS = 4;
// A base64 fragment is a run of letters and digits: a shorter one could be part of an ordinary word.
const MIN_BASE64_CHARS = 8;
const REDACTED = '***';

/** Forms of each secret, built once: a run scrubs every log line with the same few secrets. */
const formsBySecret = new Map<string, readonly string[]>();
const scrubbersBySet = new WeakMap<object, Scrubber>();

/** Forms by a hash of their first four characters (none is shorter): a text is scanned once, whatever the number of forms. */
type FormIndex = Map<number, string[]>;

/**
 * Replaces every known secret in a text with `***`, also in the forms it takes when a value is
 * JSON-escaped (once or twice), URL-encoded, HTML-escaped or inside base64. The runner masks the log
 * itself once setSecret is called, but not the job summary, the outputs or a PR comment.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  if (secrets instanceof SecretMatcher) return secrets.scrub(text);
  if (typeof secrets !== 'object') return createScrubber(secrets)(text);
  let scrubber = scrubbersBySet.get(secrets);
  if (scrubber === undefined) {
    scrubber = createScrubber(secrets);
    scrubbersBySet.set(secrets, scrubber);
  }
  return scrubber(text);
}

/**
 * A scrubber reading a set that may grow (the run's secrets: the config's, then those the API
 * reveals). Each call reads the whole set for new secrets; a fixed set is cheaper as a SecretMatcher.
 */
export function createScrubber(secrets: Iterable<string>): Scrubber {
  const known = new Set<string>();
  const index: FormIndex = new Map();
  return (text) => {
    for (const secret of secrets) {
      if (known.has(secret)) continue;
      known.add(secret);
      indexForms(index, secret);
    }
    return index.size === 0 ? text : replaceForms(text, index);
  };
}

/** Every form of a fixed list of secrets, indexed once: scrubbing a text is one pass over it. Iterates as the secrets. */
export class SecretMatcher implements Iterable<string> {
  readonly #secrets: readonly string[];
  readonly #index: FormIndex = new Map();
  /** Set by `forReport`: the plan whose secrets this matcher holds besides the ones it was given. */
  #plan: Plan | undefined;

  constructor(secrets: Iterable<string>) {
    this.#secrets = [...new Set(secrets)];
    for (const secret of this.#secrets) indexForms(this.#index, secret);
  }

  /**
   * The one matcher of a run's report: the plan's secrets and `secrets`. Given the matcher already
   * made for this plan, returns it, so the summary, outputs, comment and CLI report of a run share
   * one index; anything else (a set, another plan's matcher) is read into a new one.
   */
  static forReport(plan: Plan, secrets: Iterable<string>): SecretMatcher {
    if (secrets instanceof SecretMatcher && secrets.#plan === plan) return secrets;
    const matcher = new SecretMatcher([...secretsOfPlan(plan), ...secrets]);
    matcher.#plan = plan;
    return matcher;
  }

  readonly scrub: Scrubber = (text) => (this.#index.size === 0 ? text : replaceForms(text, this.#index));

  [Symbol.iterator](): Iterator<string> {
    return this.#secrets[Symbol.iterator]();
  }
}

function indexForms(index: FormIndex, secret: string): void {
  for (const form of secretForms(secret)) {
    const key = keyAt(form, 0);
    const bucket = index.get(key);
    if (bucket === undefined) index.set(key, [form]);
    else if (!bucket.includes(form)) bucket.push(form);
  }
}

/**
 * Every stretch of the text covered by a form is replaced, overlapping or touching ones as one
 * `***`, so no character of a matched form is left next to another secret's mask.
 */
function replaceForms(text: string, index: FormIndex): string {
  let out = '';
  let last = 0;
  let start = -1;
  let end = -1;
  for (let i = 0; i + 3 < text.length; i++) {
    const bucket = index.get(keyAt(text, i));
    if (bucket === undefined) continue;
    for (const form of bucket) {
      if (!text.startsWith(form, i)) continue;
      if (i > end) {
        if (start >= 0) {
          out += text.slice(last, start) + REDACTED;
          last = end;
        }
        start = i;
      }
      end = Math.max(end, i + form.length);
    }
  }
  if (start < 0) return text;
  return out + text.slice(last, start) + REDACTED + text.slice(end);
}

// Keyed on two characters, a thousand hex tokens put dozens of forms behind each hex pair of an ID.
// Two prefixes may share a hash: startsWith tells them apart.
function keyAt(text: string, i: number): number {
  const head = (text.charCodeAt(i) << 16) | text.charCodeAt(i + 1);
  const tail = (text.charCodeAt(i + 2) << 16) | text.charCodeAt(i + 3);
  return Math.imul(head, 0x9e3779b1) ^ tail;
}

/** The forms a secret can take in an answer or a report, cached; none for a too-short secret. */
export function secretForms(secret: string): readonly string[] {
  const cached = formsBySecret.get(secret);
  if (cached) return cached;
  const forms = new Set<string>();
  if (secret.length >= MIN_SECRET_CHARS) {
    const once = jsonEscaped(secret);
    // A JSON body quoted inside a JSON string (a proxy's error about the request) escapes twice;
    // other encoders also escape `/` or, as Go does, `<`, `>` and `&`.
    const texts = new Set([secret, once, jsonEscaped(once), once.replace(/\//g, '\\/'), goEscaped(once)]);
    for (const text of texts) {
      forms.add(text);
      forms.add(urlEncoded(text));
      forms.add(new URLSearchParams({ v: text }).toString().slice(2));
      for (const html of htmlEscaped(text)) forms.add(html);
    }
    for (const text of [secret, once]) for (const form of base64Forms(text)) forms.add(form);
  }
  const result = [...forms].filter((form) => form.length >= MIN_SECRET_CHARS);
  formsBySecret.set(secret, result);
  return result;
}

function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function goEscaped(jsonText: string): string {
  return jsonText.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** `&`, `<`, `>` always; quotes as a page template may leave or escape them. */
function htmlEscaped(text: string): string[] {
  const base = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const forms: string[] = [];
  for (const quote of ['"', '&quot;', '&#34;', '&#x22;']) {
    for (const apostrophe of ["'", '&#39;', '&#x27;', '&apos;']) {
      forms.push(base.replace(/"/g, quote).replace(/'/g, apostrophe));
    }
  }
  return forms;
}

/**
 * The base64 of the secret wherever it sits in a larger encoded blob: for each of the three
 * alignments (0, 1 or 2 bytes before it in its 3-byte group), the characters that depend only on
 * the secret's bytes, in the standard and the URL-safe alphabet.
 */
function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const forms: string[] = [];
  for (const offset of [0, 1, 2]) {
    const total = offset + bytes.length;
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Characters before `first` mix in the filler bytes; those from `end` on, the bytes after.
    const first = [0, 2, 3][offset] as number;
    const end = Math.floor(total / 3) * 4 + (total % 3);
    const stable = encoded.slice(first, end);
    if (stable.length < MIN_BASE64_CHARS) continue;
    forms.push(stable, stable.replace(/\+/g, '-').replace(/\//g, '_'));
    // At the end of a blob (a JWT part, `user:password` in Basic auth) the last characters mix in
    // only the padding: from `first` on, padded or not, standard or URL-safe, all is the value's.
    const tail = encoded.slice(first).replace(/=+$/, '');
    forms.push(encoded.slice(first), tail, tail.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
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
 * At most `max` characters of an already scrubbed text, `...` marking a cut. The cut never splits
 * a `***` (a lone `*` would read as part of the value) nor a surrogate pair.
 */
export function clipScrubbed(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  while (end > 0 && text[end - 1] === '*' && text[end] === '*') end--;
  if (end > 0 && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
  return `${text.slice(0, end)}...`;
}

/**
 * Every secret value a plan holds: declared (config and `numbers` input) and live (when the API
 * returns them), so a report can hide one the API quotes back in an error without being told.
 */
export function secretsOfPlan(plan: Plan): Set<string> {
  const found = new Set<string>();
  for (const change of plan.changes) {
    if ('desired' in change && change.desired) collectSecrets(change.desired.fields, found);
    if ('remote' in change && change.remote) collectSecrets(change.remote, found);
    if ('body' in change) collectSecrets(change.body, found);
  }
  return found;
}

/**
 * The secret values of an API answer: one number, a list of them, or `{results: [...]}`. Read as
 * soon as an answer arrives, so a value only the API knew (an old token) is hidden from then on.
 */
export function secretsInAnswer(body: unknown): Set<string> {
  const found = new Set<string>();
  const results = (body as { results?: unknown } | null | undefined)?.results;
  const items = Array.isArray(body) ? body : Array.isArray(results) ? results : [body];
  for (const item of items) collectSecrets(item, found);
  return found;
}

/** The same error with every known secret replaced in its message and stack (class and fields kept). */
export function scrubError(error: unknown, secrets: Iterable<string>): unknown {
  const known = [...secrets];
  if (!(error instanceof Error) || known.length === 0) return error;
  const { scrub } = new SecretMatcher(known);
  error.message = scrub(error.message);
  if (error.stack) error.stack = scrub(error.stack);
  return error;
}
