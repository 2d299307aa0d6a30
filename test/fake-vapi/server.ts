// The tests' name for the sandbox (src/sandbox), with the tests' defaults: one fixed key, and every
// request recorded so a test can audit what a run sent.
import { VapiSandbox } from '../../src/sandbox/server.js';
import type { VapiSandboxOptions } from '../../src/sandbox/server.js';

export type {
  Fault,
  FaultKind,
  FaultMethod,
  FaultPicker,
  FaultListener,
  IncomingRequest,
  RecordedRequest,
  StoredNumber,
} from '../../src/sandbox/server.js';

/** Sandbox options; `apiKey` defaults to 'test-key' and `recordRequests` to true here. */
export type FakeVapiOptions = VapiSandboxOptions;

export type FakeVapi = VapiSandbox;

export const FakeVapi = {
  start(options: FakeVapiOptions = {}): Promise<FakeVapi> {
    return VapiSandbox.start({ apiKey: 'test-key', recordRequests: true, ...options });
  },
};
