// `socle audit verify`: checks the hash chain of every dossier's history (src/data/dossier-events.ts),
// prints a French summary, names the first broken link (dossier reference, event number, reason) and
// exits with status 1 when one is broken, 0 when every chain holds.
import type { Command } from 'commander';
import { readSettings } from '../config';
import { openDb, type Db } from '../data/db';
import { migrate } from '../data/migrate';
import { verifyEventChain, type BrokenLink } from '../data/dossier-events';

export const EXIT_BROKEN_CHAIN = 1;

export interface AuditReport {
  readonly dossiers: number;
  readonly events: number;
  readonly broken: (BrokenLink & { reference: string }) | null;
  /** French lines to print. */
  readonly lines: readonly string[];
}

const INT = new Intl.NumberFormat('fr-FR');

export async function auditVerify(db: Db): Promise<AuditReport> {
  const [d, e] = await Promise.all([
    db.kysely.selectFrom('dossiers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.kysely.selectFrom('dossier_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const dossiers = Number(d.n);
  const events = Number(e.n);
  const link = await verifyEventChain(db.kysely);
  if (link === null) {
    return { dossiers, events, broken: null, lines: [`Historiques vérifiés : ${INT.format(dossiers)} dossier(s), ${INT.format(events)} événement(s). Toutes les chaînes d'empreintes sont intactes.`] };
  }
  const ref = await db.kysely.selectFrom('dossiers').select('reference').where('id', '=', link.dossierId).executeTakeFirst();
  const reference = ref?.reference ?? link.dossierId;
  return {
    dossiers, events, broken: { ...link, reference },
    lines: [
      `Historiques vérifiés : ${INT.format(dossiers)} dossier(s), ${INT.format(events)} événement(s).`,
      `CHAÎNE ROMPUE : dossier ${reference}, événement n° ${link.seq}${link.eventId ? ` (identifiant ${link.eventId})` : ''}.`,
      `Motif : ${link.reason}`,
      "L'historique de ce dossier a été modifié en dehors de la plateforme : il ne peut plus être tenu pour fiable à partir de cet événement.",
    ],
  };
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description("Vérifier l'intégrité des données de la plateforme.");
  audit.command('verify')
    .description("Vérifier la chaîne d'empreintes de l'historique de chaque dossier ; code de sortie 1 si un maillon est rompu.")
    .action(async () => {
      const db = openDb(readSettings());
      try {
        await migrate(db);
        const report = await auditVerify(db);
        for (const line of report.lines) process.stdout.write(`${line}\n`);
        if (report.broken !== null) process.exitCode = EXIT_BROKEN_CHAIN;
      } finally {
        await db.close();
      }
    });
}
