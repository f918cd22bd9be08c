import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prune } from '../../bin/bundle.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function cacheWith(names: string[]): string {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'socle-cache-'));
  dirs.push(cache);
  for (const name of names) fs.mkdirSync(path.join(cache, name));
  return cache;
}

describe('the bundle cache of the `socle` command', () => {
  const weekAndADayAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);

  it('removes bundles a week untouched, keeps the current one and recent ones', () => {
    const cache = cacheWith(['old', 'current', 'recent']);
    for (const name of ['old', 'current']) fs.utimesSync(path.join(cache, name), weekAndADayAgo, weekAndADayAgo);
    prune(cache, path.join(cache, 'current'));
    expect(fs.readdirSync(cache).sort()).toEqual(['current', 'recent']);
  });

  it('skips an entry gone between the listing and its stat (another command renamed its build)', () => {
    const cache = cacheWith(['current']);
    // A link to nothing lists as an entry whose stat fails with ENOENT, as a renamed build does.
    fs.symlinkSync(path.join(cache, 'abc.123.tmp'), path.join(cache, 'abc.123.tmp-link'));
    expect(() => prune(cache, path.join(cache, 'current'))).not.toThrow();
    expect(fs.readdirSync(cache).sort()).toEqual(['abc.123.tmp-link', 'current']);
  });
});
