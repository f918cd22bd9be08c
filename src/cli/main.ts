// The `socle` command. Every sub-command honours the server's settings (DATA_DIR, DATABASE_URL, PORT).
import { Command } from 'commander';
import { readSettings, type Settings } from '../config';
import { openDb, type Db } from '../data/db';
import { migrate } from '../data/migrate';
import { resetDemoAccounts } from '../commands/demo-accounts';
import { ImportFileError } from '../reference/files';
import { describeReport, importReference, importSchoolsFile, isReferenceEmpty } from '../reference/import';
import { terminalProgress } from '../reference/progress';
import { frenchHelp } from './help';
import { registerSimulate } from './simulate';
import { registerAudit } from './audit';
import { registerDemo } from './demo';

const say = (line = '') => process.stderr.write(line + '\n');

async function withDb<T>(settings: Settings, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDb(settings);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function runMigrations(db: Db) {
  const applied = await migrate(db);
  say(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'Base de données à jour.');
}

async function serve(settings: Settings, db: Db) {
  const { buildApp } = await import('../web/app');
  const app = await buildApp({ db, settings, logger: { level: settings.logLevel } });
  // The job worker (e-mail delivery, session purge) runs beside the server and stops with it.
  const { startWorker } = await import('../mail/worker');
  const worker = startWorker(db, settings, { log: (msg, extra) => app.log.warn(extra ?? {}, msg) });
  app.addHook('onClose', async () => worker.stop());
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ port: settings.port, host: settings.host });
  const shown = settings.host === '0.0.0.0' || settings.host === '127.0.0.1' ? 'localhost' : settings.host;
  const port = (app.server.address() as { port: number }).port;
  say(`socle est prêt : http://${shown}:${port}/  (${db.describe})`);
}

async function start(settings: Settings) {
  const db = openDb(settings);
  say(`Base de données : ${db.describe}`);
  await runMigrations(db);
  if (await isReferenceEmpty(db)) {
    say('Première mise en route : import des données de référence (communes, EPCI, académies, écoles)…');
    const report = await importReference(db, { progress: terminalProgress() });
    say(describeReport(report).join('\n'));
  }
  if (settings.demo) {
    const accounts = await resetDemoAccounts(db, new Date());
    say('');
    say('Comptes de démonstration (mots de passe tirés au hasard à chaque démarrage ; SOCLE_DEMO=0 pour ne pas en créer) :');
    for (const a of accounts) say(`  ${a.label.padEnd(36)} ${a.email.padEnd(40)} ${a.password}`);
    say('');
  }
  await serve(settings, db);
}

export function buildProgram(): Command {
  const program = frenchHelp(new Command('socle'))
    .description("socle : la plateforme de l'appel à projets « Socle numérique dans les écoles élémentaires ».\n" +
      'Réglages par variables d’environnement : PORT (3000), HOST (127.0.0.1), DATA_DIR (var/), DATABASE_URL (postgres://… au lieu du fichier SQLite), SOCLE_DEMO (0 ou 1).')
    .showHelpAfterError("(voir socle --help)");

  program.command('start')
    .description('Mettre en route la plateforme : migrations, import des données de référence si la base est vide, comptes de démonstration, puis serveur web.')
    .action(async () => start(readSettings(process.env, { demo: true })));

  program.command('serve')
    .description('Démarrer le serveur web (applique les migrations en attente).')
    .action(async () => {
      const settings = readSettings();
      const db = openDb(settings);
      await runMigrations(db);
      await serve(settings, db);
    });

  program.command('migrate')
    .description('Appliquer les migrations de la base de données.')
    .action(async () => withDb(readSettings(), runMigrations));

  const imp = program.command('import').description('Importer des données de référence.');
  imp.command('reference')
    .description('Importer les communes, EPCI, départements, académies et écoles livrés avec socle (dossier data/).')
    .action(async () => withDb(readSettings(), async (db) => {
      await runMigrations(db);
      const report = await importReference(db, { progress: terminalProgress() });
      say(describeReport(report).join('\n'));
    }));
  imp.command('schools')
    .argument('<fichier>', "export de l'annuaire de l'éducation (CSV « ; » du ministère, ou son export JSON)")
    .description("Importer un export de l'annuaire de l'éducation, fusionné par UAI avec les écoles connues.")
    .action(async (file: string) => withDb(readSettings(), async (db) => {
      await runMigrations(db);
      const report = await importSchoolsFile(db, file, { progress: terminalProgress() });
      say(describeReport(report).join('\n'));
    }));

  program.command('jobs')
    .description('Exécuter une fois les tâches en attente (envoi des courriels par SMTP, purge des sessions expirées), puis s’arrêter.')
    .action(async () => withDb(readSettings(), async (db) => {
      await runMigrations(db);
      const { runJobsOnce } = await import('../mail/worker');
      const r = await runJobsOnce(db, readSettings());
      say(`Tâches exécutées : ${r.done}, en échec : ${r.failed}.`);
    }));

  registerSimulate(program);
  registerAudit(program);
  registerDemo(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof ImportFileError) {
      say(`Import refusé : ${e.message}`);
      process.exitCode = 1;
      return;
    }
    say(`Erreur : ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
