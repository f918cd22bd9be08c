// The `socle` command runs plain JavaScript, not TypeScript compiled in the running process: the
// sources under src/ are bundled by esbuild into node_modules/.cache/socle/<key>/ and the bundle is
// imported. <key> digests every source file's path, size and modification time, so a change under
// src/ makes a new bundle at the next start (~0.3 s) and an unchanged tree reuses the last one.
// Why: tsx's loader runs in a thread of its own with a second JavaScript heap (~35 MB of resident
// memory in every server) and compiles each module at each start.
// Tests (Vitest) and benchmarks' in-process parts still read the TypeScript directly.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'socle');
const ENTRY = path.join(SRC, 'cli', 'main.ts');

function sourceKey() {
  const hash = crypto.createHash('sha256').update(`${ROOT}\n`); // the bundle names its sources' paths
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else {
        const st = fs.statSync(file);
        hash.update(`${path.relative(SRC, file)}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  walk(SRC);
  return hash.digest('hex').slice(0, 16);
}

/**
 * A module's `import.meta.url` stays the URL of its source file, so that files found next to the
 * sources (data/, assets/, the DSFR package) are found from the bundle too.
 */
const keepSourceUrls = {
  name: 'keep-source-urls',
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, (args) => ({
      contents: fs.readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
    }));
  },
};

/** The file URL of the bundled `src/cli/main.ts`, built first if the sources changed. */
export async function bundledMain() {
  const dir = path.join(CACHE, sourceKey());
  const main = path.join(dir, 'main.js');
  if (!fs.existsSync(main)) {
    const { build } = await import('esbuild');
    // Written aside then renamed: two commands started together never read a half-written bundle.
    const tmp = `${dir}.${process.pid}.tmp`;
    await build({
      entryPoints: [ENTRY], outdir: tmp, bundle: true, splitting: true, format: 'esm', platform: 'node',
      target: 'node20', packages: 'external', jsx: 'automatic', jsxImportSource: 'preact',
      sourcemap: 'linked', logLevel: 'warning', plugins: [keepSourceUrls],
    });
    try {
      fs.renameSync(tmp, dir);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another command built the same sources first
    }
    prune(CACHE, dir);
  }
  return pathToFileURL(main).href;
}

/**
 * Bundles of older sources, a week untouched, are removed from `cache` (a server may still run an
 * older one). Other commands may be building or renaming beside it at the same moment: an entry
 * that vanished between the listing and its stat is skipped, never an error.
 */
export function prune(cache, keep) {
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  for (const name of fs.readdirSync(cache)) {
    const dir = path.join(cache, name);
    if (dir === keep) continue;
    let stat;
    try {
      stat = fs.statSync(dir);
    } catch (error) {
      if (error.code === 'ENOENT') continue;
      throw error;
    }
    if (stat.mtimeMs < weekAgo) fs.rmSync(dir, { recursive: true, force: true });
  }
}
