// One listed number as the fields a config entry declares: only what its provider's create or
// update body accepts, with values as the API returned them, secrets as SecretSlots, and routing by
// name where the name picks exactly one assistant or squad.
import { CREATE_ONLY_FIELDS, declarableFields, isSecretPath } from '../api-fields.js';
import type { Provider } from '../api-fields.js';
import type { NamedResource, RemoteNumber } from '../vapi/types.js';
import { SecretSlot } from './variables.js';

/** A number's declared fields before they are checked against the loader. */
export interface DraftEntry {
  fields: Record<string, unknown>;
  /** Fields not written, and why (routing the config cannot express, say). */
  leftOut: { field: string; reason: string }[];
}

/** The assistants and squads of the org, for routing by name. */
export interface Directory {
  assistants: NamedResource[];
  squads: NamedResource[];
}

const ROUTING_IDS = ['assistantId', 'squadId', 'workflowId'] as const;

// The routing IDs a config may write by name (workflows have no such convenience).
const BY_NAME: Partial<Record<string, { key: string; list: keyof Directory }>> = {
  assistantId: { key: 'assistant', list: 'assistants' },
  squadId: { key: 'squad', list: 'squads' },
};

// Never declared: the routing keys are written below, by name where possible; create-only fields
// (`numberDesiredAreaCode`) only steered a purchase long past, and the listing does not carry them.
function isCopiedField(provider: Provider, field: string): boolean {
  if (field === 'provider' || field === 'name') return false;
  if ((ROUTING_IDS as readonly string[]).includes(field)) return false;
  return !CREATE_ONLY_FIELDS[provider].includes(field);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value as a config declares it: nulls left out (an absent key is not compared, and the
 * loader's nested schemas take no null), secrets replaced by slots, everything else as is.
 */
function declaredValue(value: unknown, path: string[]): unknown {
  if (value === undefined || value === null) return undefined;
  if (isSecretPath(path) && typeof value === 'string') return value === '' ? undefined : new SecretSlot(path, false);
  if (Array.isArray(value)) return value.map((item, index) => declaredValue(item, [...path, String(index)]) ?? null);
  if (isPlainObject(value)) {
    // fromEntries defines keys as data, so a header named `__proto__` stays a header.
    const entries = Object.entries(value).map(([key, item]) => [key, declaredValue(item, [...path, key])] as const);
    return Object.fromEntries(entries.filter(([, kept]) => kept !== undefined));
  }
  return value;
}

/** Whether a top-level value says nothing: a later plan compares only what is declared. */
function saysNothing(value: unknown): boolean {
  if (value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

// The loader wants a credential for every twilio number and a password with every SIP username.
// The API may withhold them from listings, so a withheld one is still written as a variable.
function requiredSecrets(provider: Provider, fields: Record<string, unknown>): void {
  if (provider === 'twilio') {
    const hasKey = fields['twilioApiKey'] !== undefined;
    const hasSecret = fields['twilioApiSecret'] !== undefined;
    if (hasKey || hasSecret) {
      if (!hasKey) fields['twilioApiKey'] = new SecretSlot(['twilioApiKey'], true);
      if (!hasSecret) fields['twilioApiSecret'] = new SecretSlot(['twilioApiSecret'], true);
    } else if (fields['twilioAuthToken'] === undefined) {
      fields['twilioAuthToken'] = new SecretSlot(['twilioAuthToken'], true);
    }
  }
  const authentication = fields['authentication'];
  if (isPlainObject(authentication) && authentication['password'] === undefined) {
    authentication['password'] = new SecretSlot(['authentication', 'password'], true);
  }
}

/** The name of the resource with this id, when no other resource of the kind carries that name. */
function uniqueName(resources: NamedResource[], id: string): string | undefined {
  const name = resources.find((resource) => resource.id === id)?.name;
  if (typeof name !== 'string' || name === '') return undefined;
  return resources.filter((resource) => resource.name === name).length === 1 ? name : undefined;
}

function routing(remote: RemoteNumber, directory: Directory, draft: DraftEntry): void {
  const set = ROUTING_IDS.filter((field) => remote[field] !== null && !saysNothing(remote[field]));
  const [field, second] = set;
  if (field === undefined) return;
  if (second !== undefined) {
    draft.leftOut.push({
      field: set.join(', '),
      reason: 'the number has more than one routing target and a config declares one: add the one that answers its calls',
    });
    return;
  }
  const id = remote[field];
  const byName = BY_NAME[field];
  const name = byName !== undefined && typeof id === 'string' ? uniqueName(directory[byName.list], id) : undefined;
  if (byName === undefined || name === undefined) draft.fields[field] = id;
  else draft.fields[byName.key] = name;
}

/** The fields to declare for one listed number of a known provider. */
export function draftEntry(remote: RemoteNumber, provider: Provider, directory: Directory): DraftEntry {
  const draft: DraftEntry = { fields: {}, leftOut: [] };
  routing(remote, directory, draft);
  for (const field of declarableFields(provider)) {
    if (!isCopiedField(provider, field)) continue;
    const value = declaredValue(remote[field], [field]);
    if (!saysNothing(value)) draft.fields[field] = value;
  }
  requiredSecrets(provider, draft.fields);
  return draft;
}
