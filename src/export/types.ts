// What `export` reads and what it gives back (SPEC section 9). The export is a pure function of the
// org's listings: the caller lists, this module writes text, the caller saves it and reports.
import type { NamedResource, RemoteNumber } from '../vapi/types.js';

/** The org as the client lists it, and which names to export. */
export interface ExportInput {
  /** Every phone number, all pages (VapiClient.listPhoneNumbers). */
  numbers: RemoteNumber[];
  /** Every assistant: `assistantId` is written as `assistant: <name>` when that name is unique. */
  assistants: NamedResource[];
  /** Every squad, likewise for `squadId`. */
  squads: NamedResource[];
  /** A name glob (SPEC section 5): only names it matches are exported. Unset: every name. */
  match?: string;
}

/** One `${VAR}` the export wrote in place of a secret: the user sets it before `plan` or `apply`. */
export interface ExportVariable {
  /** An upper-case environment variable name, unique in the export: `ACME_MAIN_TWILIO_AUTH_TOKEN`. */
  name: string;
  /** The number whose secret it stands for. */
  number: string;
  id: string;
  /** Where the secret sits in that number: `['server', 'headers', 'Authorization']`. */
  path: string[];
  /** The same path as reports spell it: `server.headers.Authorization`. */
  field: string;
  /** True when the listing did not carry the value (the API withholds some secrets). */
  withheld: boolean;
}

/** A number the export could not write, and what the user can do about it. */
export interface LeftOutNumber {
  /** One ID; for a name several numbers carry, all of theirs. */
  ids: string[];
  /** Absent for a number without a name. */
  name?: string;
  /** Its phone number or SIP URI, to help find it in the dashboard. */
  line?: string;
  /** Why it was left out, e.g. `2 numbers are named "sales": id-1, id-2`. */
  reason: string;
  /** What to do, e.g. `rename all but one in the Vapi dashboard, then export again`. */
  todo: string;
}

/** A field (or a key inside one) of an exported number that was not written, and why. */
export interface LeftOutField {
  number: string;
  id: string;
  /** The key path, as reports spell it: `server.url`, `assistantId, squadId`. */
  field: string;
  reason: string;
}

/** An exported number, as the action's `numbers` output describes it (operation `unchanged`). */
export interface ExportedNumber {
  name: string;
  id: string;
  provider: string;
  number?: string;
  sipUri?: string;
  status?: string;
}

/** Everything an export produced. */
export interface ExportResult {
  /** The config file: comments naming the variables and the left-out numbers, then `version: 1`. */
  text: string;
  /** The exported numbers, sorted by name as in the text. */
  numbers: ExportedNumber[];
  variables: ExportVariable[];
  leftOut: LeftOutNumber[];
  /** Fields of exported numbers that the loader would refuse as the API returned them. */
  leftOutFields: LeftOutField[];
}
