// `npm run bench`: every benchmark of the project, each figure beside its baseline from this run.
// `npm run bench -- import search funding` runs only those parts.
import { startPostgres } from '../tests/support/postgres';
import { benchImport } from './import';
import { printLines, type BenchLine } from './lib';
import { benchSearch, importedDataDir } from './search';

type Part = { name: string; run: () => Promise<BenchLine[]> };

let stopPg: (() => void) | undefined;
let searchDir: string | undefined;
const dataDir = async () => (searchDir ??= await importedDataDir());

const parts: Part[] = [
  {
    name: 'import',
    run: () => benchImport(async () => {
      try {
        const pg = await startPostgres({ log: () => {} });
        stopPg = pg.stop;
        return pg.url;
      } catch (e) {
        console.error(`PostgreSQL indisponible : ${(e as Error).message}`);
        return null;
      }
    }),
  },
  { name: 'search', run: async () => benchSearch(await dataDir()) },
  { name: 'funding', run: async () => (await import('./funding')).benchFunding() },
  { name: 'simulator', run: async () => (await import('./simulator')).benchSimulator(await dataDir()) },
  // Its own DATA_DIR: the national demo is written into it.
  { name: 'review', run: async () => (await import('./review')).benchReview() },
  { name: 'demo', run: async () => (await import('./demo')).benchDemo() },
  { name: 'dossier', run: async () => (await import('./dossier')).benchDossier(await dataDir()) },
];

const wanted = process.argv.slice(2);
const all: BenchLine[] = [];
try {
  for (const part of parts.filter((p) => wanted.length === 0 || wanted.includes(p.name))) {
    console.log(`\n## ${part.name}`);
    const lines = await part.run();
    printLines(lines);
    all.push(...lines);
  }
} finally {
  stopPg?.();
}
const missed = all.filter((l) => l.met === false);
console.log(`\n${all.length} mesures, ${missed.length} cible(s) non atteinte(s)${missed.length ? ' : ' + missed.map((l) => l.name).join(' ; ') : ''}`);
