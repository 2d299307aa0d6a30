// The published guarantees as checks over one case's trace: ground truth before and after each run,
// and the fake's request log. Each returns plain-language violations (empty when all hold), written
// from the model, never from the engine's own planner, so a planner bug cannot hide itself.
import { isDeepStrictEqual } from 'node:util';
import type { RecordedRequest, StoredNumber } from '../fake-vapi/index.js';
import type { CaseTrace, RunTrace } from './harness.js';
import { declaredFields, isProtected, matchesEntry, prunable } from './model.js';
import type { BatteryCase, Entry } from './model.js';

const MUTATING = new Set(['POST', 'PATCH', 'DELETE']);
const MAX_RETRIES = 5;
const MAX_RETRY_AFTER_MS = 60_000;
/** An HTTP date is read a little after the fake wrote it; allow for that much clock movement. */
const DATE_SLACK_MS = 250;

function byName(numbers: readonly StoredNumber[]): Map<string, StoredNumber[]> {
  const groups = new Map<string, StoredNumber[]>();
  for (const n of numbers) {
    if (typeof n.name !== 'string' || n.name === '') continue;
    groups.set(n.name, [...(groups.get(n.name) ?? []), n]);
  }
  return groups;
}

function idOf(request: RecordedRequest): string {
  return decodeURIComponent(request.path.slice('/phone-number/'.length));
}

function nameInBody(request: RecordedRequest): string | undefined {
  const body = request.body as { name?: unknown } | undefined;
  return typeof body?.name === 'string' ? body.name : undefined;
}

/** What the model says a fault-free run from this state must end with. */
export function expectation(c: BatteryCase, state: readonly StoredNumber[]): { refusal: boolean; failing: Set<string> } {
  const groups = byName(state);
  const failing = new Set<string>();
  let deletions = 0;
  for (const entry of c.entries) {
    const group = groups.get(entry.name) ?? [];
    const [only] = group;
    if (group.length > 1) failing.add(entry.name);
    else if (only && c.command === 'delete') {
      if (isProtected(c, entry.name)) failing.add(entry.name);
      else deletions++;
    } else if (only && immutableConflict(entry, only)) failing.add(entry.name);
  }
  if (c.command === 'apply') deletions += state.filter((n) => typeof n.name === 'string' && prunable(c, n.name)).length;
  return { refusal: deletions > c.maxDeletions, failing };
}

function immutableConflict(entry: Entry, live: StoredNumber): boolean {
  if (live.provider !== entry.provider) return true;
  return entry.provider !== 'vapi' && entry.fields.number !== undefined && live.number !== entry.fields.number;
}

/** Where the live state differs from the declared one (names in `skip` aside). */
export function stateDiff(t: CaseTrace, state: readonly StoredNumber[], skip: ReadonlySet<string> = new Set()): string[] {
  const { c } = t;
  const groups = byName(state);
  const diffs: string[] = [];
  for (const entry of c.entries) {
    if (skip.has(entry.name)) continue;
    const group = groups.get(entry.name) ?? [];
    if (c.command === 'delete') {
      if (group.length > 0) diffs.push(`'${entry.name}' still exists (${group.map((n) => n.id).join(', ')})`);
    } else if (group.length !== 1) diffs.push(`'${entry.name}' has ${group.length} numbers`);
    else if (!matchesEntry(entry, group[0] as StoredNumber, t.assistantIds)) diffs.push(`'${entry.name}' differs from its entry`);
  }
  for (const n of state) {
    if (typeof n.name === 'string' && prunable(c, n.name)) diffs.push(`owned undeclared '${n.name}' (${n.id}) was not pruned`);
  }
  return diffs;
}

function failingNames(run: RunTrace): Set<string> {
  const results = run.outcome?.results ?? [];
  return new Set(results.filter((r) => r.operation === 'failed' || r.operation === 'unknown').map((r) => r.name));
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
const show = (s: Set<string>) => `[${[...s].sort().join(', ')}]`;

/** I1: the action never creates a number for a name that already has one. */
function checkI1(t: CaseTrace, out: string[]): void {
  const createdIds = new Set<string>();
  for (const run of t.runs) {
    const live = new Map([...byName(run.before)].map(([n, g]) => [n, g.length]));
    for (const r of run.requests) {
      if (r.method !== 'POST' || r.created === undefined) continue;
      createdIds.add(r.created);
      const name = nameInBody(r) ?? '';
      const already = live.get(name) ?? 0;
      if (already > 0)
        out.push(`I1 ${run.label}: POST created ${r.created} for '${name}', which already had ${already} number(s)`);
      live.set(name, already + 1);
    }
    for (const [name, group] of byName(run.after)) {
      const ours = group.filter((n) => createdIds.has(n.id) && !t.renamedIds.has(n.id));
      if (ours.length > 1)
        out.push(`I1 ${run.label}: '${name}' has ${ours.length} numbers the action bought: ${ours.map((n) => n.id).join(', ')}`);
    }
  }
}

/** I2: deletes only of owned, unprotected, unambiguous names; none in a run that could not list. */
function checkI2(t: CaseTrace, run: RunTrace, out: string[]): void {
  const { c } = t;
  if (run.thrown !== undefined && run.requests.some((r) => MUTATING.has(r.method))) {
    out.push(
      `I2 ${run.label}: the run stopped (${run.thrown}) but sent ${run.requests.filter((r) => MUTATING.has(r.method)).length} write(s)`,
    );
  }
  const groups = byName(run.before);
  for (const r of run.requests.filter((q) => q.method === 'DELETE')) {
    const id = idOf(r);
    const target = run.before.find((n) => n.id === id);
    const name = typeof target?.name === 'string' ? target.name : undefined;
    const declared = name !== undefined && c.entries.some((e) => e.name === name);
    // A duplicated declared name is never deleted: apply never prunes a declared name, and delete
    // needs exactly one number under the name (I6 also holds every duplicate to outlive the runs).
    const owned =
      name !== undefined &&
      (c.command === 'apply' ? prunable(c, name) : declared && !isProtected(c, name) && (groups.get(name)?.length ?? 0) === 1);
    if (!owned) out.push(`I2 ${run.label}: DELETE ${id} ('${name ?? '(unnamed or unknown)'}') is outside what the run owns`);
  }
}

/** A listing: consecutive GET /phone-number pages, complete when every page's last try got 200. */
interface Listing {
  start: number;
  end: number;
  complete: boolean;
  names: Set<string>;
}

function listings(log: (RecordedRequest | 'boundary')[]): Listing[] {
  const found: Listing[] = [];
  let pages = new Map<string, RecordedRequest>();
  let current: Listing | undefined;
  const close = () => {
    if (current) current.complete = [...pages.values()].every((p) => p.status === 200);
    current = undefined;
  };
  log.forEach((r, index) => {
    if (r === 'boundary' || MUTATING.has(r.method)) return close();
    if (r.method !== 'GET' || r.path !== '/phone-number') return;
    const first = !Object.keys(r.query).some((k) => k.startsWith('createdAt'));
    const key = JSON.stringify(r.query);
    const retryOfFirst = first && current !== undefined && pages.get(key)?.status !== 200 && pages.size === 1;
    if (first && !retryOfFirst) {
      close();
      current = { start: index, end: index, complete: false, names: new Set() };
      pages = new Map();
      found.push(current);
    }
    if (!current) return;
    current.end = index;
    pages.set(key, r);
    if (r.status === 200) for (const item of r.listed ?? []) if (item.name !== undefined) current.names.add(item.name);
  });
  close();
  return found;
}

/** I3: a second POST for a name only after a complete listing, later than the first, lacked it. */
function checkI3(t: CaseTrace, out: string[]): void {
  const log: (RecordedRequest | 'boundary')[] = [];
  const labelAt: string[] = [];
  for (const run of t.runs) {
    for (const r of run.requests) {
      log.push(r);
      labelAt.push(run.label);
    }
    log.push('boundary');
    labelAt.push(run.label);
  }
  const all = listings(log);
  const lastMaybeCreated = new Map<string, number>();
  log.forEach((r, index) => {
    if (r === 'boundary' || r.method !== 'POST' || r.path !== '/phone-number') return;
    const name = nameInBody(r) ?? '';
    const previous = lastMaybeCreated.get(name);
    if (previous !== undefined) {
      const cleared = all.some((l) => l.start > previous && l.end < index && l.complete && !l.names.has(name));
      if (!cleared)
        out.push(`I3 ${labelAt[index]}: a second POST for '${name}' with no complete listing without it since the first`);
    }
    // 429 and other 4xx answers are refusals: that POST cannot have bought anything.
    const refused = r.status >= 400 && r.status < 500;
    if (!refused) lastMaybeCreated.set(name, index);
  });
}

/** I4: a PATCH carries only fields its entry declares, with the declared values. */
function checkI4(t: CaseTrace, run: RunTrace, out: string[]): void {
  for (const r of run.requests.filter((q) => q.method === 'PATCH')) {
    const target = run.before.find((n) => n.id === idOf(r));
    const entry = t.c.entries.find((e) => e.name === target?.name);
    if (!entry || t.c.command !== 'apply') {
      out.push(`I4 ${run.label}: PATCH ${r.path} of an undeclared number`);
      continue;
    }
    const declared = declaredFields(entry, t.assistantIds);
    for (const [key, value] of Object.entries((r.body ?? {}) as Record<string, unknown>)) {
      if (!(key in declared) || key === 'numberDesiredAreaCode')
        out.push(`I4 ${run.label}: PATCH of '${entry.name}' sends undeclared field ${key}`);
      else if (!isDeepStrictEqual(value, declared[key]))
        out.push(`I4 ${run.label}: PATCH of '${entry.name}' sends ${key} other than declared`);
    }
  }
}

/** I5: success means the declared state; unknown means failure, named in the summary. */
function checkI5(t: CaseTrace, run: RunTrace, out: string[]): void {
  const outcome = run.outcome;
  const expected = expectation(t.c, run.before);
  if (expected.refusal && run.requests.some((r) => MUTATING.has(r.method))) out.push(`I5 ${run.label}: a refused plan wrote`);
  if (!outcome) {
    if (run.faultFree) out.push(`I5 ${run.label}: a fault-free run stopped: ${run.thrown}`);
    return;
  }
  for (const r of outcome.results.filter((x) => x.operation === 'unknown')) {
    if (!outcome.failed) out.push(`I5 ${run.label}: '${r.name}' is unknown but the run succeeded`);
    if (!outcome.report.includes(`**${r.name}** (unknown)`))
      out.push(`I5 ${run.label}: the summary does not name unknown '${r.name}'`);
  }
  if (!outcome.failed) for (const d of stateDiff(t, run.after)) out.push(`I5 ${run.label}: succeeded, but ${d}`);
  if (run.faultFree) {
    const failing = failingNames(run);
    if (expected.refusal) {
      if (!outcome.failed) out.push(`I5 ${run.label}: a plan over max-deletions was not refused`);
    } else if (
      !sameSet(failing, expected.failing) ||
      outcome.failures.length > 0 ||
      outcome.failed !== expected.failing.size > 0
    ) {
      out.push(
        `I5 ${run.label}: fault-free run failed ${show(failing)} ${outcome.failures.join(' ')}, expected ${show(expected.failing)}`,
      );
    }
  }
}

/** I6: the first clean run converges (duplicates fail, named, untouched); the second writes nothing. */
function checkI6(t: CaseTrace, out: string[]): void {
  const [, clean1, clean2] = t.runs;
  if (!clean1 || !clean2) return;
  const expected = expectation(t.c, clean1.before);
  const groups = byName(clean1.before);
  if (!expected.refusal) {
    for (const d of stateDiff(t, clean1.after, expected.failing)) out.push(`I6 clean-1: did not converge: ${d}`);
  }
  for (const name of expected.failing) {
    const ids = (groups.get(name) ?? []).map((n) => n.id);
    if (ids.length < 2) continue;
    const afterIds = new Set(clean2.after.map((n) => n.id));
    if (!ids.every((id) => afterIds.has(id))) out.push(`I6: a number of duplicated '${name}' was deleted`);
    const result = clean1.outcome?.results.find((r) => r.name === name);
    if (!expected.refusal && !ids.every((id) => result?.problem?.ids?.includes(id) && result.problem.message.includes(id))) {
      out.push(`I6 clean-1: duplicated '${name}' does not fail naming ${ids.join(', ')}`);
    }
  }
  const writes = clean2.requests.filter((r) => MUTATING.has(r.method));
  if (writes.length > 0)
    out.push(`I6 clean-2: ${writes.length} write(s): ${writes.map((r) => `${r.method} ${r.path}`).join(', ')}`);
}

/** Retry-After: every honoured wait is at least what the fake asked for. */
export function checkRetryAfter(run: RunTrace, out: string[]): void {
  const required: number[] = [];
  const keyOf = (r: RecordedRequest) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${JSON.stringify(r.body)}`;
  for (const { fault, record, at } of run.fired) {
    if (fault.kind !== 'rate-limit' || fault.retryAfter === undefined) continue;
    const raw = fault.retryAfter.trim();
    const ms = /^\d+(\.\d+)?$/.test(raw)
      ? Math.ceil(Number(raw) * 1000)
      : /[a-z]/i.test(raw)
        ? Date.parse(raw) - at - DATE_SLACK_MS
        : NaN;
    if (!(ms > 0) || ms > MAX_RETRY_AFTER_MS) continue;
    // Only a request that was tried again must have waited: find its attempt number in the streak.
    // Earlier tries of the same request (same key, no success in between; others may interleave).
    const index = run.requests.indexOf(record);
    let attempt = 1;
    for (let k = index - 1; k >= 0; k--) {
      const r = run.requests[k] as RecordedRequest;
      if (keyOf(r) !== keyOf(record)) continue;
      if (r.status >= 200 && r.status < 300) break;
      attempt++;
    }
    const next = run.requests.slice(index + 1).find((r) => keyOf(r) === keyOf(record));
    if (next && (attempt - 1) % (MAX_RETRIES + 1) < MAX_RETRIES) required.push(ms);
  }
  const sleeps = [...run.sleeps].sort((a, b) => b - a);
  required.sort((a, b) => b - a);
  required.forEach((ms, i) => {
    if ((sleeps[i] ?? 0) < ms)
      out.push(`R ${run.label}: Retry-After asked for ${ms} ms but the waits were [${run.sleeps.join(', ')}]`);
  });
}

export function checkCase(t: CaseTrace): string[] {
  const out: string[] = [];
  checkI1(t, out);
  checkI3(t, out);
  for (const run of t.runs) {
    checkI2(t, run, out);
    checkI4(t, run, out);
    checkI5(t, run, out);
    checkRetryAfter(run, out);
  }
  checkI6(t, out);
  return [...new Set(out)];
}
