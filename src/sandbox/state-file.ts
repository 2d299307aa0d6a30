// The sandbox's state file (`--state FILE`): read once at start, rewritten after every change.
// Each write goes to a temporary file that is then renamed over the old one, so a crash or a kill in
// the middle of a write leaves the previous state rather than half a file.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { StoreSnapshot } from './store.js';

const FORMAT_VERSION = 1;

const Resource = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const PhoneNumber = z.looseObject({
  id: z.string(),
  orgId: z.string(),
  provider: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: z.string(),
});

const StateDocument = z.object({
  version: z.literal(FORMAT_VERSION),
  orgId: z.string(),
  phoneNumbers: z.array(PhoneNumber),
  assistants: z.array(Resource),
  squads: z.array(Resource),
});

/** A state file that exists but cannot be used: unreadable, not JSON, or not a sandbox's. */
export class StateFileError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    // A reason that is itself a sentence (an OS error's text) must not end in two full stops.
    super(
      `Cannot use sandbox state file ${path}: ${reason.replace(/\.+$/, '')}. Fix or delete it, or pass another --state file.`,
    );
    this.name = 'StateFileError';
  }
}

/** The snapshot a state file holds; undefined when the file does not exist yet. */
export async function loadState(path: string): Promise<StoreSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(path, (err as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new StateFileError(path, `not JSON (${(err as Error).message})`);
  }
  const parsed = StateDocument.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const why = issue ? shapeProblem(json, issue.path) : 'it is not the shape a sandbox writes';
    throw new StateFileError(path, `not a state file the sandbox wrote (version ${FORMAT_VERSION}): ${why}`);
  }
  const { version: _version, ...snapshot } = parsed.data;
  return snapshot;
}

/** What each top-level field must be; every list item is an object of text fields. */
const EXPECTED: Record<string, string> = {
  version: String(FORMAT_VERSION),
  orgId: 'text',
  phoneNumbers: 'a list',
  assistants: 'a list',
  squads: 'a list',
};

/**
 * The first thing wrong with the document, in this tool's words (`phoneNumbers[2].id is missing`),
 * read from the value at the path the schema complained about rather than from the schema's text.
 */
function shapeProblem(json: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return `the file holds ${kindOf(json)}, not an object`;
  let value: unknown = json;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  const where = path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index > 0 ? '.' : ''}${String(key)}`))
    .join('');
  if (value === undefined) return `${where} is missing`;
  const last = path[path.length - 1];
  const expected = path.length === 1 ? EXPECTED[String(last)] : typeof last === 'number' ? 'an object' : 'text';
  return `${where} is ${kindOf(value)}, expected ${expected ?? 'something else'}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

/**
 * Writes the state after changes. Requests are answered without waiting for the disk; writes asked
 * for while one is running fold into a single later write of the newest state.
 */
export class StateWriter {
  private running: Promise<void> | undefined;
  private pending = false;
  private failure: Error | undefined;

  constructor(
    readonly path: string,
    private readonly snapshot: () => StoreSnapshot,
    private readonly onError: (err: Error) => void = () => {},
  ) {}

  /** Asks for a write of the current state. */
  schedule(): void {
    this.pending = true;
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves once everything asked for is on disk; throws the last write's error, if it failed. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure) throw this.failure;
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      this.pending = false;
      try {
        await this.write();
        this.failure = undefined;
      } catch (err) {
        this.failure = err instanceof Error ? err : new Error(String(err));
        this.onError(this.failure);
      }
    }
  }

  private async write(): Promise<void> {
    // Serialised at once, before the next request can change the live objects it points at.
    const text = `${JSON.stringify({ version: FORMAT_VERSION, ...this.snapshot() }, null, 2)}\n`;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      // 0600: the state holds whatever secrets were sent (Twilio tokens, SIP passwords).
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, this.path);
    } catch (err) {
      await rm(temporary, { force: true });
      throw err;
    }
  }
}
