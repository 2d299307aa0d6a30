#!/usr/bin/env node
// The vapi-numbers command: the same bundle as the action, told to be the CLI.
globalThis.vapiNumbersShell = 'cli';
await import('./index.js');
