#!/usr/bin/env node
// Entry point of the `socle` command: runs the bundle of the TypeScript sources (bin/bundle.js).
// Stack traces name the bundle's files, whose code is the sources' with a `// src/…` line before
// each module; NODE_OPTIONS=--enable-source-maps gives the TypeScript lines instead, for ~15 MB.
import { bundledMain } from './bundle.js';

const { main } = await import(await bundledMain());
await main(process.argv);
