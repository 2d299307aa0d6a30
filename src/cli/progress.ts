// The progress line on stderr while requests run. It is fed by the run's own log (phase groups,
// info and debug lines), so the engine needs no progress API of its own.
import type { TextSink } from './io.js';

const CLEAR_LINE = '\r\u001b[2K';

/** One terminal line rewritten in place with `\r`; a no-op when stderr is not a terminal. */
export class ProgressLine {
  #shown = '';

  constructor(
    private readonly sink: TextSink,
    private readonly enabled: boolean,
    /** Longer text would wrap, and `\r` only returns to the start of the last row. */
    private readonly columns = 80,
  ) {}

  show(text: string): void {
    if (!this.enabled) return;
    this.#shown = text.length >= this.columns ? `${text.slice(0, this.columns - 2)}…` : text;
    this.sink.write(`${CLEAR_LINE}${this.#shown}`);
  }

  /** Runs `write` with the line out of the way, then puts it back. */
  around(write: () => void): void {
    if (!this.enabled || this.#shown === '') return write();
    this.sink.write(CLEAR_LINE);
    write();
    this.sink.write(this.#shown);
  }

  /** Removes the line for good: the report comes next. */
  done(): void {
    if (this.enabled && this.#shown !== '') this.sink.write(CLEAR_LINE);
    this.#shown = '';
  }
}

type Write = 'create' | 'update' | 'delete';

const PHASE_TEXT: Record<string, string> = {
  Config: 'reading the config…',
  Inventory: 'listing phone numbers…',
  Plan: 'planning…',
  Apply: 'applying…',
  Verify: 'verifying: listing phone numbers…',
  'Wait until active': 'waiting for new numbers to become active…',
};

// The shapes of the lines this reads: run.ts logs each planned change as `<action> <name>`, apply
// logs `Creating '<name>'`, and the HTTP client logs each answer as `vapi <- GET <path> ...`.
const PLANNED = /^(create|update|delete)\s+/;
const STARTED = /^(Creating|Updating|Deleting) '(.*?)'/;
const LIST_PAGE = /^vapi <- GET \/phone-number(\?|\s)/;
const RETRY = /^vapi: retry (\d+)\/\d+ of \S+ \S+ in (\d+) ms \(([^)]*)/;

/** Turns log events into progress text: pages listed, `creating 3/10 name`, retries. */
export class RunProgress {
  #phase = '';
  #pages = 0;
  readonly #planned: Record<Write, number> = { create: 0, update: 0, delete: 0 };
  readonly #started: Record<Write, number> = { create: 0, update: 0, delete: 0 };
  #current = '';

  constructor(private readonly line: ProgressLine) {}

  phase(name: string): void {
    this.#phase = name;
    this.#pages = 0;
    this.#set(PHASE_TEXT[name] ?? `${name.toLowerCase()}…`);
  }

  info(message: string): void {
    const planned = this.#phase === 'Plan' ? PLANNED.exec(message) : null;
    if (planned) this.#planned[planned[1] as Write]++;
    const started = STARTED.exec(message);
    if (started) {
      const write = (started[1] as string).toLowerCase().replace(/ing$/, 'e') as Write;
      const count = ++this.#started[write];
      const total = Math.max(this.#planned[write], count);
      this.#set(`${started[1]?.toLowerCase()} ${count}/${total} ${started[2] ?? ''}…`);
    }
  }

  debug(message: string): void {
    if (LIST_PAGE.test(message)) {
      this.#pages++;
      const base = (PHASE_TEXT[this.#phase] ?? 'listing phone numbers…').replace(/…$/, '');
      this.#set(`${base}… ${this.#pages} page${this.#pages === 1 ? '' : 's'}`);
      return;
    }
    const retry = RETRY.exec(message);
    if (retry) this.line.show(`${this.#current} (retry ${retry[1]} in ${Math.ceil(Number(retry[2]) / 1000)} s: ${retry[3]})`);
  }

  #set(text: string): void {
    this.#current = text;
    this.line.show(text);
  }
}
