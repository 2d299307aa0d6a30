// What an editor shows on hover for each key of the config (json-schema.ts attaches them to the
// generated JSON Schema). Written from SPEC section 2 and the API's own field notes
// (test/fixtures/vapi/phone-numbers.openapi.json); the loader's rules are stated where they differ.

/** Descriptions by key; a nested map describes an object's keys, its own text under `_`. */
export interface Descriptions {
  readonly [key: string]: string | Descriptions;
}

const spokenMessage: Descriptions = {
  _: 'Text to speak: a plain string, or a `type: custom-message` object with per-language variants.',
  type: 'Always `custom-message` for the object form.',
  content: 'What is said (at most 1000 characters).',
  contents: {
    _: 'Variants of the same message, one per language; used instead of `content` by multilingual assistants.',
    type: 'Always `text`.',
    text: 'What is said in this language.',
    language: 'The language of `text`: an ISO 639-1 code (or `yue`).',
  },
};

const transferPlan: Descriptions = {
  _: 'How the transfer is carried out and what the party receiving it hears. Vapi defaults to `mode: blind-transfer`.',
  mode: 'How the call is handed over: blind (straight through) or one of the warm modes, which first say a message or a summary to the destination.',
  message: {
    ...spokenMessage,
    _: 'Said to the destination party before the caller is connected (warm modes that say a message).',
  },
  timeout: 'Seconds to wait for the operator to speak first (1-600; Vapi defaults to 60).',
  sipVerb: 'The SIP verb used for the transfer: `refer` (Vapi default), `bye` or `dial`.',
  dialTimeout: 'With `sipVerb: dial`, how many seconds the destination rings before giving up (1-600).',
  holdAudioUrl: 'An http(s) URL of audio played to the caller while on hold (`warm-transfer-experimental`).',
  transferCompleteAudioUrl: 'An http(s) URL of audio played to the destination once the warm message or summary is said.',
  contextEngineeringPlan: {
    _: 'Which part of the conversation the transfer assistant is given (`warm-transfer-experimental`).',
    type: '`lastNMessages`, `none` or `all`.',
    maxMessages: 'With `type: lastNMessages`, how many of the latest messages are kept.',
  },
  twiml: 'TwiML run on the destination leg before connecting (`warm-transfer-twiml`; at most 4096 characters).',
  summaryPlan: {
    _: 'How the call summary given to the destination is produced (modes that say a summary).',
    messages: 'The prompt messages used to write the summary.',
    enabled: 'Whether a summary is generated (Vapi defaults to true).',
    timeoutSeconds: 'How long the summary may take, in seconds (1-60).',
  },
  sipHeadersInReferToEnabled: 'Whether `sipHeaders` are also added to the REFER URI as query parameters.',
  fallbackPlan: {
    _: 'What happens when the transfer fails (unreachable, busy, not a human).',
    message: { ...spokenMessage, _: 'Said to the caller when the transfer fails.' },
    endCallEnabled: 'Whether the call ends after that message (Vapi default) or stays with the assistant.',
  },
};

const destination: Descriptions = {
  type: '`number` to transfer to a phone number, `sip` to transfer to a SIP URI.',
  number:
    'With `type: number`, the number to transfer to, quoted and E.164 (`"+14155550100"`) unless `numberE164CheckEnabled: false`.',
  extension: 'With `type: number`, digits dialled after the call connects (1-10 characters).',
  callerId: 'The caller ID shown to the destination (at most 40 characters); by default the caller’s own number.',
  message: { ...spokenMessage, _: 'Said to the caller before connecting; an empty string says nothing.' },
  numberE164CheckEnabled: 'With `type: number`, set false to dial a `number` that is not E.164 (an extension, a short code).',
  transferPlan,
  description: 'What this destination is for, as a note for the assistant.',
  sipUri: 'With `type: sip`, the SIP URI to transfer to (`sip:desk@pbx.example.com`).',
  sipHeaders: 'With `type: sip`, extra SIP headers sent with the transfer.',
};

const hookAction: Descriptions = {
  _: 'An action: `type: say` speaks `exact`; `type: transfer` transfers the call to `destination`.',
  type: '`say` or `transfer`.',
  exact: 'With `type: say`, the words spoken (at most 4000 characters).',
  destination: { ...destination, _: 'With `type: transfer`, where the call goes: `type: number` or `type: sip`.' },
};

const server: Descriptions = {
  _: "The number's server: where Vapi sends this number's events (status updates, end-of-call reports, assistant requests).",
  url: 'The http:// or https:// URL requests are sent to.',
  timeoutSeconds: 'How long a request may take, in seconds (1-300; Vapi defaults to 20).',
  credentialId: 'The ID of a Vapi credential that authenticates the requests.',
  headers: 'HTTP headers sent with every request. Every value is a secret: write it as `${VAR}` (`Bearer ${WEBHOOK_TOKEN}`).',
  backoffPlan: {
    _: 'How failed requests are retried; without it they are not.',
    type: '`fixed` or `exponential` delays between retries.',
    maxRetries: 'How many times a failed request is retried (0-10).',
    baseDelaySeconds: 'The delay between retries (fixed) or the first one (exponential), in seconds (0-10).',
    excludedStatusCodes: 'HTTP status codes (100-599) that are never retried.',
  },
  staticIpAddressesEnabled: 'Whether requests come from Vapi’s fixed set of IP addresses.',
  encryptedPaths: 'Paths in the request body encrypted with the credential’s encryption plan.',
};

/** Every key a number entry (and `defaults:`) may hold. */
const ENTRY: Descriptions = {
  name: 'Required, 1-40 characters, unique across the file and the `numbers` input: numbers are matched by name, so renaming one means deleting it and creating another.',
  provider:
    'Where the number comes from: `vapi` (a free Vapi number or a SIP URI), `twilio`, `vonage`, `telnyx` or `byo-phone-number` (your own SIP trunk). Set here or under `defaults:`.',
  assistant: 'An assistant by its exact name, looked up and sent as `assistantId`. One of assistant, squad or workflow at most.',
  squad: 'A squad by its exact name, looked up and sent as `squadId`. One of assistant, squad or workflow at most.',
  assistantId: 'The ID of the assistant that answers calls; `null` leaves the number unassigned.',
  squadId: 'The ID of the squad that answers calls; `null` leaves it unset.',
  workflowId: 'The ID of the workflow that answers calls; `null` leaves it unset.',
  server,
  fallbackDestination: {
    ...destination,
    _: 'Where calls go when the assistant, squad or workflow cannot answer: `type: number` or `type: sip`.',
  },
  hooks: {
    _: 'Actions run on call events: `call.ringing` (say something or transfer before answering) and `call.ending`.',
    on: '`call.ringing` or `call.ending`.',
    do: {
      ...hookAction,
      _: 'For `call.ringing`, a list of actions (only the first runs); for `call.ending`, one action.',
    },
    filters: {
      _: 'When the hook runs: for `call.ringing`, callers whose number starts with a prefix; for `call.ending`, certain ended reasons.',
      type: '`startsWith` (call.ringing) or `oneOf` (call.ending).',
      key: '`number` (call.ringing) or `call.endedReason` (call.ending).',
      startsWith: 'Prefixes of the caller\'s number, without `+` (`"1415"`), at most 20.',
      oneOf: 'The `assistant-request-*` ended reasons the hook runs for.',
    },
  },
  numberDesiredAreaCode:
    'With `provider: vapi`, the US area code of the free number to buy, quoted (`"415"`). Used only when the number is created.',
  sipUri: 'With `provider: vapi`, a SIP URI the number answers on (`sip:desk@sip.vapi.ai`).',
  authentication: {
    _: 'With `provider: vapi` and `sipUri`, the digest credentials callers must present.',
    realm: 'The realm expected in the SIP authorization header; Vapi defaults to its region’s SIP domain.',
    username: 'The expected username, 20-40 characters.',
    password: 'The expected password, a secret: write it as `${VAR}`.',
  },
  number: 'The phone number, quoted so that YAML keeps it text (`"+14155550100"`). Required for twilio, vonage and telnyx.',
  twilioAccountSid: 'With `provider: twilio`, the Twilio account SID (required).',
  twilioAuthToken:
    'With `provider: twilio`, the Twilio auth token, a secret: `${VAR}`. Or give twilioApiKey and twilioApiSecret.',
  twilioApiKey: 'With `provider: twilio`, a Twilio API key, a secret: `${VAR}`; needs twilioApiSecret.',
  twilioApiSecret: 'With `provider: twilio`, the secret of twilioApiKey, a secret: `${VAR}`.',
  smsEnabled: "With `provider: twilio`, false keeps the number's SMS webhook; Vapi defaults to true and takes it over.",
  credentialId:
    'With `vonage`, `telnyx` or `byo-phone-number`, the ID of the Vapi credential for that carrier or SIP trunk (required).',
  numberE164CheckEnabled: 'With `provider: byo-phone-number`, set false to use a `number` that is not E.164.',
};

/** The document's own keys, and under them what every entry and `defaults:` hold. */
export const DESCRIPTIONS: Descriptions = {
  version: 'The config format: always 1 (a number, not quoted).',
  defaults: {
    ...ENTRY,
    _: 'Fields merged under every number (the number’s own keys win; its own routing replaces the default one). Any key a number may hold, except `name`.',
  },
  numbers: { ...ENTRY, _: 'The phone numbers the organisation must have, each matched by `name`. `[]` for none.' },
  prune: {
    _: 'What `prune: true` may delete: numbers not declared here whose names match.',
    match: 'Name globs (`*`, `?`, `{pr}`) of the numbers prune may delete.',
    protect: 'Name globs of numbers never deleted, even when they match.',
  },
};

export const ENTRY_DESCRIPTION = 'One phone number. Which keys it may hold depends on its `provider`.';
export const PLACEHOLDER_DESCRIPTION =
  'A `${VAR}` placeholder, replaced by that environment variable before the value is checked.';
export const SECRET_DESCRIPTION = 'A secret: in a config file it must come from a `${VAR}` placeholder, never written out.';
