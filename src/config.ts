// Settings of a socle process, read once from the environment (README « Réglages »).
import path from 'node:path';

export interface Settings {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  logLevel: string;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env, defaults: { demo?: boolean } = {}): Settings {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT doit être un numéro de port entre 0 et 65535 (reçu « ${env.PORT} »).`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL doit commencer par postgres:// (sans DATABASE_URL, socle utilise le fichier SQLite de DATA_DIR).');
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR ?? 'var'),
    databaseUrl,
    demo: env.SOCLE_DEMO === undefined ? (defaults.demo ?? false) : env.SOCLE_DEMO !== '0',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
