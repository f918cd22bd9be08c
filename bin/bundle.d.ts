// Types of bin/bundle.js, for the tests that import it.
export function bundledMain(): Promise<string>;
export function prune(cache: string, keep: string): void;
