export { FakeVapi } from './server.js';
export type {
  FakeVapiOptions,
  RecordedRequest,
  StoredNumber,
  Fault,
  FaultKind,
  FaultMethod,
  FaultPicker,
  FaultListener,
  IncomingRequest,
} from './server.js';
export { OBJECT_SCHEMAS, CREATE_SCHEMAS, UPDATE_SCHEMAS } from '../../src/sandbox/schemas.js';
