// The GitHub Actions runner's protocol: inputs from INPUT_* variables, workflow commands on stdout
// (`::add-mask::`, `::group::`, `::error file=…::`), outputs and the job summary through the files
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY name. @actions/core implements the same formats, but it
// also loads an HTTP client for OIDC tokens at import, which alone made a start of this action 2.5
// times as slow as a bare `node`. test/runner-protocol.test.ts holds this file to @actions/core:
// the same bytes for every command, outputs that parse to the same values.
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/** Where an annotation points; GitHub shows it on that line of the file. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

/** An input as the runner passes it: `INPUT_` and the name upper-cased, spaces as `_`, trimmed. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Hands a value to the runner's masker, which replaces it with *** in the log from then on. */
export function setSecret(value: string): void {
  issue('add-mask', {}, value);
}

export function setOutput(name: string, value: string): void {
  const file = process.env['GITHUB_OUTPUT'];
  if (!file) {
    // Runners older than the output file read the (deprecated) command instead.
    process.stdout.write(EOL);
    issue('set-output', { name }, value);
    return;
  }
  // A value on one line is written `name=value`: it cannot end early or start another entry, and
  // it needs no random delimiter (so node:crypto, 3 ms, is not loaded at start-up for the defaults).
  if (!/[\r\n]/.test(value) && /^[^=\r\n]+$/.test(name)) {
    appendFileSync(file, `${name}=${value}${EOL}`, 'utf8');
    return;
  }
  // Otherwise a fresh random delimiter, so no line of the value can end the entry early.
  const delimiter = `ghadelimiter_${process.getBuiltinModule('node:crypto').randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`The output ${name} contains its own delimiter`);
  }
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

export function isDebug(): boolean {
  return process.env['RUNNER_DEBUG'] === '1';
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  issue('debug', {}, message);
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issue('warning', annotation(properties), message);
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issue('error', annotation(properties), message);
}

/** Marks the step failed (exit code 1) with an error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** Runs `fn` inside a collapsible group of the log. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issue('group', {}, name);
  try {
    return await fn();
  } finally {
    issue('endgroup', {}, '');
  }
}

/** Appends Markdown to the job summary; throws when the runner gave no summary file. */
export function appendSummary(markdown: string): void {
  const file = process.env['GITHUB_STEP_SUMMARY'];
  if (!file) throw new Error('GITHUB_STEP_SUMMARY is not set: there is no job summary outside a runner');
  appendFileSync(file, markdown, 'utf8');
}

function annotation(properties: AnnotationProperties): Record<string, string | number | undefined> {
  return {
    title: properties.title,
    file: properties.file,
    line: properties.startLine,
    col: properties.startColumn,
  };
}

/** `::name key=value,key=value::message`, with the runner's escapes for data and properties. */
function issue(name: string, properties: Record<string, string | number | undefined>, message: string): void {
  const pairs = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  process.stdout.write(`::${name}${pairs.length > 0 ? ` ${pairs.join(',')}` : ''}::${escapeData(message)}${EOL}`);
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
