// Settings of a socle process, read once from the environment (README « Réglages »).
import path from 'node:path';

export interface Settings {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  logLevel: string;
  /** smtp://host:port (or smtps://user:pass@host:465): SMTP delivery of e-mails; unset: mails stay in the outbox. */
  smtpUrl: string | undefined;
  /** Sender of the platform's e-mails. */
  mailFrom: string;
  /** Base URL of the links written in e-mails and of the OpenID Connect redirect; https makes cookies Secure. */
  publicUrl: string;
  /** OpenID Connect sign-in (ProConnect style); undefined unless OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. */
  oidc: { issuer: string; clientId: string; clientSecret: string } | undefined;
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
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new Error('SMTP_URL doit commencer par smtp:// ou smtps:// (par exemple smtp://127.0.0.1:25).');
  }
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) {
    throw new Error(`PUBLIC_URL doit être une adresse http:// ou https:// (reçu « ${env.PUBLIC_URL} »).`);
  }
  const oidcValues = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].map((v) => v?.trim() || undefined);
  if (oidcValues.some(Boolean) && !oidcValues.every(Boolean)) {
    throw new Error('La connexion OpenID Connect demande les trois réglages OIDC_ISSUER, OIDC_CLIENT_ID et OIDC_CLIENT_SECRET.');
  }
  const [issuer, clientId, clientSecret] = oidcValues;
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR ?? 'var'),
    databaseUrl,
    demo: env.SOCLE_DEMO === undefined ? (defaults.demo ?? false) : env.SOCLE_DEMO !== '0',
    logLevel: env.LOG_LEVEL ?? 'info',
    smtpUrl,
    mailFrom: env.MAIL_FROM?.trim() || 'Socle numérique <ne-pas-repondre@socle.invalid>',
    publicUrl,
    oidc: issuer && clientId && clientSecret ? { issuer, clientId, clientSecret } : undefined,
  };
}
