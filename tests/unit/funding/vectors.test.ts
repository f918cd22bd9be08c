// The public vectors of the 2021 call, through the engine, the CLI function and the real `socle` command.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSimulate } from '../../../src/cli/simulate';
import { simulate, type SimulationResult } from '../../../src/domain/funding';
import { codes, vectors, type Vector } from './helpers';

function expectMatches(result: SimulationResult, expected: Vector['expected']): void {
  expect(result.grantCents).toBe(expected.grantCents);
  expect(result.equipment).toEqual(expected.equipment);
  expect(result.services).toEqual(expected.services);
  expect(codes(result.findings, 'blocking')).toEqual(expected.blocking);
  expect(codes(result.findings, 'warning')).toEqual(expected.warnings);
}

describe('public vectors of snee-2021', () => {
  it('has the vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(10);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('engine: %s', (_name, v) => {
    const outcome = simulate(v.input);
    if (!outcome.ok) throw new Error(outcome.error.error);
    expectMatches(outcome.result, v.expected);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('runSimulate: %s', async (_name, v) => {
    const { exitCode, stdout } = await runSimulate(JSON.stringify(v.input));
    expect(exitCode).toBe(0);
    expectMatches(JSON.parse(stdout), v.expected);
  });
});

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../../../bin/socle.js', import.meta.url));
const cliReady = existsSync(bin) && existsSync(new URL('../../../src/cli/main.ts', import.meta.url));

/** Runs `node bin/socle.js simulate …` with `stdin`; resolves even on a non-zero exit. */
function socle(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, 'simulate', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin ?? '');
  });
}

describe.runIf(cliReady)('the `socle simulate` command (spawned)', () => {
  it('computes every vector from standard input, printing only JSON', { timeout: 120_000 }, async () => {
    const runs = await Promise.all(vectors.map((v) => socle([], JSON.stringify(v.input))));
    runs.forEach((run, i) => {
      expect(run.code, run.stderr).toBe(0);
      expectMatches(JSON.parse(run.stdout), vectors[i].expected);
    });
  });

  it('reads --input FILE', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'socle-simulate-'));
    const file = path.join(dir, 'dossier.json');
    writeFileSync(file, JSON.stringify(vectors[1].input));
    try {
      const run = await socle(['--input', file]);
      expect(run.code, run.stderr).toBe(0);
      expectMatches(JSON.parse(run.stdout), vectors[1].expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses invalid input with status 2 and an error body, never a stack trace', { timeout: 60_000 }, async () => {
    const [notJson, invalid, missingFile] = await Promise.all([
      socle([], '{ pas du json'),
      socle([], JSON.stringify({ call: 'snee-2021', schools: [{ classes: 0, pupils: 10, equipmentCents: 1, servicesCents: 1 }] })),
      socle(['--input', '/nonexistent/dossier.json']),
    ]);
    for (const run of [notJson, invalid, missingFile]) {
      expect(run.code).toBe(2);
      const body = JSON.parse(run.stdout);
      expect(typeof body.error).toBe('string');
      expect(Array.isArray(body.fields)).toBe(true);
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(JSON.parse(invalid.stdout).fields).toEqual([
      { path: 'schools[0].classes', message: 'Le nombre de classes (cycles 2 et 3) doit être un entier supérieur ou égal à 1.' },
    ]);
    expect(JSON.parse(missingFile.stdout).error).toContain('fichier introuvable');
  });

  it('has a French --help', { timeout: 60_000 }, async () => {
    const run = await socle(['--help']);
    expect(run.stdout).toContain('--input <FICHIER>');
    expect(run.stdout).toContain('Simuler la subvention');
  });
});
