import type { Provider } from '../api-fields.js';

/** Where something was written: a config file (path relative to the workspace) or the `numbers` input. */
export interface SourceLocation {
  /** The config file's path as the user gave it, or `numbers input` for the inline list. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** One declared phone number, after `defaults`, `${VAR}` interpolation and validation. */
export interface DesiredNumber {
  /** The match key: exact, case-sensitive, 1-40 characters. */
  name: string;
  provider: Provider;
  /**
   * The declared API fields other than `name` and `provider`, spelled as the API spells them.
   * Only declared fields are present; `null` declares "must be empty". `assistant:` / `squad:`
   * by name are not here until resolved (see `assistantName`, `squadName`).
   */
  fields: Record<string, unknown>;
  /** `assistant: <name>`, to be resolved to `assistantId` before planning. */
  assistantName?: string;
  /** `squad: <name>`, to be resolved to `squadId` before planning. */
  squadName?: string;
  /**
   * Where that `assistant:` or `squad:` was written (in the entry, or under `defaults:`) and its
   * key path, `numbers[2].assistant`: a name that does not resolve is reported there.
   */
  routingSource?: SourceLocation & { path: string };
  /** Where the entry starts. */
  source: SourceLocation;
}

/** What a `prune: true` run may delete, and what no command ever deletes. */
export interface PruneRules {
  match: string[];
  protect: string[];
}

/** Everything the config file and the `numbers` input declare, validated. */
export interface DesiredState {
  numbers: DesiredNumber[];
  prune: PruneRules;
  /** Every secret value found (interpolated secret fields): masked before anything is logged. */
  secrets: string[];
  /** Names the config source for reports and the PR comment marker: the file path and/or `numbers input`. */
  label: string;
  /**
   * What the loader accepted but was probably not meant (`$NAME` without braces), positioned like
   * problems; absent where no config was read (cleanup by `match` alone).
   */
  warnings?: ConfigProblem[];
}

/** One validation problem, positioned for an error annotation. */
export interface ConfigProblem extends SourceLocation {
  /** Key path inside the document, e.g. `numbers[2].hooks[0].do`. Empty for the document itself. */
  path: string;
  /** What is wrong. Never contains a secret value. */
  message: string;
  /** What to do about it, e.g. "did you mean `assistantId`?". */
  hint?: string;
}

/** Thrown when the config cannot be used; carries every problem found, not only the first. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  /** Warnings found in the same reading, reported beside the problems. */
  readonly warnings: ConfigProblem[];

  constructor(problems: ConfigProblem[], warnings: ConfigProblem[] = []) {
    const lines = problems.map(
      (p) => `${p.file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}${p.hint ? ` (${p.hint})` : ''}`,
    );
    super(`The config has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was sent:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
    this.warnings = warnings;
  }
}
