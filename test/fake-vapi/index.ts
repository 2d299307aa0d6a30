export * from './server.js';
export { OBJECT_SCHEMAS, CREATE_SCHEMAS, UPDATE_SCHEMAS } from '../../src/sandbox/schemas.js';
