#!/usr/bin/env node
// Adds up the JSON reports written into SOCLE_REPORT_DIR (or the folder given as argument) by vitest
// (vitest-*.json, one per run: unit, integration) and Playwright (playwright.json), and prints, last,
// one plain line: `N passed, N failed`. A test file that could not even load, a Playwright global
// error, or an e2e server that never started counts as one failure. Exits 1 when anything failed.
import fs from 'node:fs';
import path from 'node:path';

// Optional second argument: the exit status of the command that produced the reports (npm test).
const dir = process.argv[2] ?? process.env.SOCLE_REPORT_DIR;
const status = Number(process.argv[3] ?? 0);
if (!dir) {
  console.error('usage: node tests/summary.js REPORT_DIR [EXIT_STATUS]');
  process.exit(2);
}

let passed = 0;
let failed = 0;
const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];

for (const name of files) {
  const file = path.join(dir, name);
  let report;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`${name}: illisible (${e instanceof Error ? e.message : e}), compté comme un échec`);
    failed += 1;
    continue;
  }
  if (name.startsWith('vitest-')) {
    // Files that failed without a failed test (import error, failing hook) count once each.
    const brokenFiles = (report.testResults ?? []).filter((t) => t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed')).length;
    const p = report.numPassedTests ?? 0;
    let f = (report.numFailedTests ?? 0) + brokenFiles;
    // Unhandled errors (thrown outside any test) fail the run without failing a test: count one.
    if (report.success === false && f === 0) {
      console.log('vitest: erreur(s) hors des tests (unhandled errors), comptée(s) comme un échec');
      f = 1;
    }
    console.log(`vitest (${(report.testResults ?? []).length} fichier(s)): ${p} passed, ${f} failed, ${report.numPendingTests ?? 0} skipped`);
    passed += p;
    failed += f;
  } else if (name.startsWith('playwright')) {
    const s = report.stats ?? {};
    const p = (s.expected ?? 0) + (s.flaky ?? 0);
    const f = (s.unexpected ?? 0) + ((s.unexpected ?? 0) === 0 ? (report.errors ?? []).length : 0);
    console.log(`playwright: ${p} passed, ${f} failed, ${s.skipped ?? 0} skipped${s.flaky ? ` (${s.flaky} flaky)` : ''}`);
    passed += p;
    failed += f;
  } else if (name === 'e2e-setup-failed.json') {
    console.log(`e2e: le serveur de test n'a pas démarré (${String(report.message ?? '').split('\n')[0]})`);
    failed += report.failed ?? 1;
  }
}

if (!files.length) console.log(`aucun rapport dans ${dir}`);
if (status !== 0 && failed === 0) {
  console.log(`la commande a échoué (code ${status}) hors des tests comptés : type check, lint, ou une étape qui n'a pas écrit de rapport (voir plus haut)`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || status !== 0 ? 1 : 0);
