// A throwaway PostgreSQL server for the tests: Debian's binaries, a fresh cluster in a temp dir,
// trust authentication on a free loopback port, stopped and removed at teardown (and on Ctrl-C).
// PostgreSQL refuses to run as root: when we are root, the cluster belongs to the user `postgres`
// and every server binary is run through `runuser -u postgres --`.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres, the maintenance database (for CREATE DATABASE). */
  url: string;
  port: number;
  /** Builds the URL of another database on the same server. */
  urlFor(database: string): string;
  /** Stops the server and removes its folder. Safe to call twice; synchronous so it works in exit handlers. */
  stop(): void;
}

const isRoot = process.getuid?.() === 0;

/** Installs Debian's `postgresql` when the server binaries are missing (root only, non-interactive). */
function installPostgres(log: (line: string) => void): void {
  if (!isRoot) {
    throw new Error('PostgreSQL est introuvable (/usr/lib/postgresql/*/bin) : installez le paquet Debian « postgresql » (apt-get install postgresql).');
  }
  log('PostgreSQL est absent : installation du paquet Debian « postgresql » (apt-get)…');
  // No default cluster: the tests start their own server, and nothing should keep running afterwards.
  const conf = '/etc/postgresql-common/createcluster.conf';
  if (!fs.existsSync(conf)) {
    fs.mkdirSync(path.dirname(conf), { recursive: true });
    fs.writeFileSync(conf, 'create_main_cluster = false\n');
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', UCF_FORCE_CONFFOLD: '1' };
  execFileSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', 'postgresql'], { stdio: ['ignore', 'inherit', 'inherit'], env });
}

/** The newest /usr/lib/postgresql/N/bin that has initdb, pg_ctl and postgres. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root)
    .filter((v) => ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(root, v, 'bin', b))))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

export function ensurePostgresBin(log: (line: string) => void = console.log): string {
  let bin = findPostgresBin();
  if (!bin) {
    installPostgres(log);
    bin = findPostgresBin();
  }
  if (!bin) throw new Error('PostgreSQL reste introuvable dans /usr/lib/postgresql/*/bin après installation.');
  return bin;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function asPostgres(bin: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

function run(bin: string, args: string[], what: string): void {
  const [cmd, argv] = asPostgres(bin, args);
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: '/' });
  if (r.status !== 0) {
    throw new Error(`${what} a échoué (code ${r.status ?? r.signal}) :\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`);
  }
}

export async function startPostgres(opts: { log?: (line: string) => void } = {}): Promise<PostgresServer> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const bin = ensurePostgresBin(log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socle-pg-'));
  const dataDir = path.join(dir, 'data');
  const socketDir = path.join(dir, 'run');
  fs.mkdirSync(socketDir);
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
    fs.chownSync(socketDir, uid, gid);
  }
  fs.chmodSync(dir, 0o700);

  let stopped = false;
  let started = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (started) {
      const [cmd, argv] = asPostgres(path.join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30']);
      const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: '/' });
      if (r.status !== 0) {
        // Last resort: the postmaster's own pid, from its pid file (never a broad kill).
        try {
          const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
          if (pid > 0) process.kill(pid, 'SIGQUIT');
        } catch { /* already gone */ }
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stop();
    process.kill(process.pid, signal);
  };
  process.on('exit', stop);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    run(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'], 'initdb');
    // Throwaway data: durability off, a touch more memory, and enough connections for parallel test files.
    fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), [
      '', '# socle tests: throwaway server',
      'fsync = off', 'synchronous_commit = off', 'full_page_writes = off',
      'max_connections = 200', 'shared_buffers = 128MB', 'max_wal_size = 2GB', 'checkpoint_timeout = 30min',
      "log_min_messages = warning", 'logging_collector = off', '',
    ].join('\n'));
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await freePort();
      try {
        run(path.join(bin, 'pg_ctl'), ['start', '-D', dataDir, '-w', '-t', '60', '-l', path.join(dir, 'server.log'),
          '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${socketDir}`], 'pg_ctl start');
        started = true;
        const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
        log(`PostgreSQL de test démarré sur 127.0.0.1:${port} (${dir})`);
        return { url, port, urlFor: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`, stop };
      } catch (e) {
        lastError = e; // most likely the port was taken in between: try another one
      }
    }
    let serverLog = '';
    try { serverLog = fs.readFileSync(path.join(dir, 'server.log'), 'utf8'); } catch { /* none */ }
    throw new Error(`${String(lastError)}\n${serverLog}`);
  } catch (e) {
    stop();
    throw e;
  }
}
