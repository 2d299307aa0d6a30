// The sandbox's state: phone numbers, assistants and squads, plus the clock and random source that
// make createdAt values strictly increasing and shuffled pages reproducible.
import { randomUUID } from 'node:crypto';

export interface StoredNumber {
  id: string;
  orgId: string;
  provider: string;
  createdAt: string;
  updatedAt: string;
  status: string;
  [field: string]: unknown;
}

export interface StoredResource {
  id: string;
  orgId: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface Timestamped {
  id: string;
  createdAt: string;
  updatedAt: string;
}

/** Range filters shared by every list endpoint; bounds are epoch milliseconds. */
export interface ListFilter {
  createdAtGt?: number;
  createdAtLt?: number;
  createdAtGe?: number;
  createdAtLe?: number;
  updatedAtGt?: number;
  updatedAtLt?: number;
  updatedAtGe?: number;
  updatedAtLe?: number;
}

/** mulberry32: small, seedable, good enough to shuffle pages reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * Hands out ISO timestamps at least 1 ms apart: the API's only paging cursor is `createdAtLt`, so
 * two numbers sharing a createdAt by accident would make the sandbox harder to page than the API.
 */
export class Clock {
  private last = 0;

  next(): string {
    this.last = Math.max(Date.now(), this.last + 1);
    return new Date(this.last).toISOString();
  }

  /** A caller-chosen timestamp (seeding); later ones still come after it. */
  observe(iso: string): void {
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms)) this.last = Math.max(this.last, ms);
  }
}

function within(value: string, lo: { gt?: number; ge?: number }, hi: { lt?: number; le?: number }): boolean {
  const ms = Date.parse(value);
  if (lo.gt !== undefined && !(ms > lo.gt)) return false;
  if (lo.ge !== undefined && !(ms >= lo.ge)) return false;
  if (hi.lt !== undefined && !(ms < hi.lt)) return false;
  if (hi.le !== undefined && !(ms <= hi.le)) return false;
  return true;
}

export function matchesFilter(item: Timestamped, f: ListFilter): boolean {
  return (
    within(item.createdAt, { gt: f.createdAtGt, ge: f.createdAtGe }, { lt: f.createdAtLt, le: f.createdAtLe }) &&
    within(item.updatedAt, { gt: f.updatedAtGt, ge: f.updatedAtGe }, { lt: f.updatedAtLt, le: f.updatedAtLe })
  );
}

/** Newest first, ties broken by id so equal createdAt values still sort deterministically. */
export function byCreatedAt(order: 'ASC' | 'DESC') {
  const sign = order === 'ASC' ? 1 : -1;
  return (a: Timestamped, b: Timestamped): number => {
    const d = Date.parse(a.createdAt) - Date.parse(b.createdAt);
    if (d !== 0) return sign * d;
    return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

/** Everything a restart needs, as the state file holds it. */
export interface StoreSnapshot {
  orgId: string;
  phoneNumbers: StoredNumber[];
  assistants: StoredResource[];
  squads: StoredResource[];
}

export class Store {
  orgId: string = randomUUID();
  /** Bumped by every change, so the server knows when the state file needs writing. */
  changes = 0;
  readonly clock = new Clock();
  readonly phoneNumbers = new Map<string, StoredNumber>();
  readonly assistants = new Map<string, StoredResource>();
  readonly squads = new Map<string, StoredResource>();
  /** Number id -> how many more GETs still see it as `activating`. */
  readonly activatingGets = new Map<string, number>();
  private readonly usedNumbers = new Set<string>();

  constructor(readonly random: () => number) {}

  /** Stores a number as given, filling the server-owned fields the caller left out. */
  insertNumber(fields: Record<string, unknown>): StoredNumber {
    const createdAt = typeof fields.createdAt === 'string' ? fields.createdAt : this.clock.next();
    this.clock.observe(createdAt);
    const stored: StoredNumber = {
      ...structuredClone(fields),
      id: typeof fields.id === 'string' ? fields.id : randomUUID(),
      orgId: typeof fields.orgId === 'string' ? fields.orgId : this.orgId,
      provider: typeof fields.provider === 'string' ? fields.provider : 'vapi',
      createdAt,
      updatedAt: typeof fields.updatedAt === 'string' ? fields.updatedAt : createdAt,
      status: typeof fields.status === 'string' ? fields.status : 'active',
    };
    if (typeof stored.number === 'string') this.usedNumbers.add(stored.number);
    this.phoneNumbers.set(stored.id, stored);
    this.changes++;
    return stored;
  }

  /** Top-level merge; `null` removes the field, the way the API clears assistantId and friends. */
  patchNumber(id: string, patch: Record<string, unknown>, touch = true): StoredNumber | undefined {
    const stored = this.phoneNumbers.get(id);
    if (!stored) return undefined;
    for (const [key, value] of Object.entries(structuredClone(patch))) {
      if (value === null) delete stored[key];
      else stored[key] = value;
    }
    if (touch) stored.updatedAt = this.clock.next();
    this.changes++;
    return stored;
  }

  deleteNumber(id: string): StoredNumber | undefined {
    const stored = this.phoneNumbers.get(id);
    if (stored) {
      this.phoneNumbers.delete(id);
      this.activatingGets.delete(id);
      this.changes++;
    }
    return stored;
  }

  /** A free US number such as +14155551234, unique in this store. */
  assignNumber(areaCode: string | undefined): string {
    const area = areaCode ?? ['415', '628', '212', '312', '512'][Math.floor(this.random() * 5)];
    for (;;) {
      const line = String(Math.floor(this.random() * 10000)).padStart(4, '0');
      const candidate = `+1${area}555${line}`;
      if (!this.usedNumbers.has(candidate)) {
        this.usedNumbers.add(candidate);
        return candidate;
      }
    }
  }

  /** Free numbers count against the cap; SIP-only `vapi` numbers do not. */
  freeNumberCount(): number {
    let n = 0;
    for (const stored of this.phoneNumbers.values()) {
      if (stored.provider === 'vapi' && stored.sipUri === undefined) n++;
    }
    return n;
  }

  /**
   * Called for every GET that shows a number: a new `vapi` number reads `activating` to the first
   * few GETs (as a freshly bought number does for a few minutes), `active` afterwards.
   */
  observeActivation(id: string): void {
    const left = this.activatingGets.get(id);
    if (left === undefined) return;
    const stored = this.phoneNumbers.get(id);
    if (left <= 1 || !stored) {
      this.activatingGets.delete(id);
      if (stored && stored.status === 'activating') {
        stored.status = 'active';
        this.changes++;
      }
    } else {
      this.activatingGets.set(id, left - 1);
    }
  }

  addResource(kind: 'assistants' | 'squads', name: string): StoredResource {
    const createdAt = this.clock.next();
    const resource: StoredResource = { id: randomUUID(), orgId: this.orgId, name, createdAt, updatedAt: createdAt };
    this[kind].set(resource.id, resource);
    this.changes++;
    return resource;
  }

  /** The live objects, not copies: serialise them before the next change. */
  snapshot(): StoreSnapshot {
    return {
      orgId: this.orgId,
      phoneNumbers: [...this.phoneNumbers.values()],
      assistants: [...this.assistants.values()],
      squads: [...this.squads.values()],
    };
  }

  /**
   * Replaces the contents with a snapshot's. A number saved while `activating` comes back `active`,
   * as a bought number is after a few minutes.
   */
  restore(snapshot: StoreSnapshot): void {
    this.orgId = snapshot.orgId;
    for (const map of [this.phoneNumbers, this.assistants, this.squads, this.activatingGets]) map.clear();
    for (const n of snapshot.phoneNumbers) {
      this.insertNumber(n.status === 'activating' ? { ...n, status: 'active' } : n);
      this.clock.observe(n.updatedAt);
    }
    for (const kind of ['assistants', 'squads'] as const) {
      for (const r of snapshot[kind]) {
        this.clock.observe(r.createdAt);
        this[kind].set(r.id, { ...r });
      }
    }
  }
}
