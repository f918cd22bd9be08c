#!/usr/bin/env node
// Entry point of the `socle` command: runs the TypeScript sources through tsx.
import v8 from 'node:v8';
import { register } from 'tsx/esm/api';

// A server answers many small requests: a smaller young generation keeps its memory (RSS) low,
// at no measurable cost in requests per second (bench/search.ts prints both).
v8.setFlagsFromString('--max-semi-space-size=2');

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
