// Benchmark of `socle demo --national` (issue 4: « in under a minute here »; issue 5 adds the
// académies' review, waves and conventions), on SQLite, beside the reference import of the same
// machine in the same run, for scale (no simpler program writes the same 7,000 dossiers, so the
// import is the nearest yardstick of this machine's speed right now).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../src/data/db';
import { migrate } from '../src/data/migrate';
import { generateNationalDemo } from '../src/commands/demo';
import { importReference } from '../src/reference/import';
import type { BenchLine } from './lib';

export async function benchDemo(): Promise<BenchLine[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'socle-bench-demo-'));
  const db = openDb({ dataDir });
  try {
    await migrate(db);
    const t0 = performance.now();
    await importReference(db);
    const importMs = performance.now() - t0;
    const t1 = performance.now();
    const report = await generateNationalDemo(db, { dataDir, seed: 2021 });
    const demoMs = performance.now() - t1;
    return [{
      name: `campagne nationale de démonstration SQLite (${report.dossiers} dossiers, ${report.schools} écoles, ${report.events} événements, ` +
        `${report.academies.reduce((n, a) => n + a.waves.length, 0)} vagues, ${report.byState.agreement_signed} conventions acceptées)`,
      value: Math.round(demoMs), unit: 'ms',
      baseline: { name: "import de référence, même machine, même exécution (pour l'échelle)", value: Math.round(importMs), unit: 'ms' },
      ratio: demoMs / importMs, target: '< 60 000 ms', met: demoMs < 60_000,
    }];
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
