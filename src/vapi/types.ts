/**
 * A phone number as the API returned it. Parsed leniently (old numbers can miss schema-required
 * fields): only `id` is guaranteed; every other field the API sent is kept as is.
 */
export interface RemoteNumber {
  id: string;
  name?: string;
  provider?: string;
  number?: string;
  sipUri?: string;
  status?: string;
  createdAt?: string;
  [field: string]: unknown;
}

/** An assistant or squad, reduced to what name resolution needs. */
export interface NamedResource {
  id: string;
  name?: string;
}

/** How a whole listing is read. */
export interface ListOptions {
  /** Aborted when the caller's deadline passes: the request or wait in progress stops, and the listing fails. */
  deadline?: AbortSignal;
}

/** Everything the engine asks of Vapi. `src/vapi/` is the only code that talks to the API. */
export interface VapiClient {
  /** Every phone number, all pages, deduplicated by id. Throws when completeness cannot be shown. */
  listPhoneNumbers(options?: ListOptions): Promise<RemoteNumber[]>;
  listAssistants(options?: ListOptions): Promise<NamedResource[]>;
  listSquads(options?: ListOptions): Promise<NamedResource[]>;
  /** One POST, never retried by the HTTP layer (a 429 may be, after its wait: nothing was made). */
  createPhoneNumber(body: Record<string, unknown>): Promise<RemoteNumber>;
  updatePhoneNumber(id: string, body: Record<string, unknown>): Promise<RemoteNumber>;
  getPhoneNumber(id: string): Promise<RemoteNumber>;
  /** `gone` when the API answered 404 (already deleted). */
  deletePhoneNumber(id: string): Promise<'deleted' | 'gone'>;
}
