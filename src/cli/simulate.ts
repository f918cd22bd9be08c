// `socle simulate [--input FILE]`: JSON in (file or standard input), JSON out on standard output.
// Frozen contract (issue 3): invalid input prints {"error", "fields"} and exits with status 2.

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { simulateText } from '../domain/funding';

const EXIT_INVALID_INPUT = 2;
const EXIT_INTERNAL_ERROR = 1;

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Runs a simulation on JSON text; returns what to print on standard output and the exit status. */
export async function runSimulate(inputText: string): Promise<{ exitCode: number; stdout: string }> {
  try {
    const outcome = simulateText(inputText);
    return outcome.ok ? { exitCode: 0, stdout: json(outcome.result) } : { exitCode: EXIT_INVALID_INPUT, stdout: json(outcome.error) };
  } catch (e) {
    process.stderr.write(`socle simulate : erreur interne (${(e as Error).message})\n`);
    return { exitCode: EXIT_INTERNAL_ERROR, stdout: json({ error: 'Erreur interne du simulateur.', fields: [] }) };
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Lecture du JSON sur l’entrée standard (Ctrl-D pour terminer)…\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function unreadable(file: string, e: NodeJS.ErrnoException): string {
  const why = e.code === 'ENOENT' ? 'fichier introuvable' : e.code === 'EISDIR' ? "c'est un dossier" : e.code === 'EACCES' ? 'accès refusé' : e.message;
  return json({ error: `Impossible de lire le fichier « ${file} » : ${why}.`, fields: [{ path: '--input', message: why }] });
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      "Simuler la subvention d'un dossier selon les règles d'un appel à projets : lit un JSON " +
        '{ "call", "schools": [ … ] } (fichier --input ou entrée standard) et écrit le résultat en JSON ' +
        '(montants en centimes, constats, explication). Entrée invalide : {"error", "fields"} et code de sortie 2.',
    )
    .option('--input <FICHIER>', 'fichier JSON à lire (par défaut : entrée standard)')
    .action(async (options: { input?: string }) => {
      let text: string;
      if (options.input !== undefined) {
        try {
          text = await readFile(options.input, 'utf8');
        } catch (e) {
          process.stdout.write(unreadable(options.input, e as NodeJS.ErrnoException));
          process.exitCode = EXIT_INVALID_INPUT;
          return;
        }
      } else {
        text = await readStdin();
      }
      const { exitCode, stdout } = await runSimulate(text);
      process.stdout.write(stdout);
      process.exitCode = exitCode;
    });
}
