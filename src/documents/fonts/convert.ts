// Converts the DSFR's Marianne WOFF2 files to the TrueType files pdfkit needs, into assets/fonts/.
// Run once, and again only when the DSFR's fonts change: `npx tsx src/documents/fonts/convert.ts`.
// The output is committed (a few hundred KB), so generating a PDF never needs wawoff2 or a cache.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decompress } from 'wawoff2';
import { FONTS_DIR, MARIANNE_FACES } from './index';

/** WOFF2 bytes → TTF bytes (Brotli-decoded and glyf/loca tables rebuilt by Google's woff2 library). */
export async function woff2ToTtf(woff2: Uint8Array): Promise<Buffer> {
  return Buffer.from(await decompress(woff2));
}

/** The folder of the DSFR's fonts in node_modules. */
export function dsfrFontsDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist', 'fonts');
}

export async function convertMarianne(outDir: string = FONTS_DIR): Promise<string[]> {
  const written: string[] = [];
  for (const name of Object.values(MARIANNE_FACES)) {
    const ttf = await woff2ToTtf(await readFile(path.join(dsfrFontsDir(), `${name}.woff2`)));
    const target = path.join(outDir, `${name}.ttf`);
    await writeFile(target, ttf);
    written.push(target);
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of await convertMarianne()) console.log(`écrit : ${path.relative(process.cwd(), file)}`);
}
