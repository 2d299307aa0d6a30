// The build's entry for dist/vapi-numbers.schema.json (scripts/build.mjs bundles and runs it):
// prints the config's JSON Schema, as the file holds it, on standard output.
import { configJsonSchema } from './json-schema.js';

process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
