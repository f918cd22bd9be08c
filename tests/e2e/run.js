#!/usr/bin/env node
// `npm run test:e2e`: end-to-end tests against a real socle server in Debian's Chromium.
//  1. installs Debian's `chromium` when /usr/bin/chromium is missing (root only; never `npx playwright install`);
//  2. starts `node bin/socle.js start` on a fresh temp DATA_DIR (embedded SQLite), SOCLE_DEMO=1, a free
//     loopback port, and waits until it answers (migrations and the reference import run first);
//  3. runs `playwright test` (as `npx playwright test` would; extra arguments are passed on) with SOCLE_BASE_URL set,
//     and, for the server it started, SOCLE_DATA_DIR (its DATA_DIR, for specs that run `socle` commands on it) and
//     SOCLE_DEMO_ACCOUNTS (a JSON file of the demo accounts the server printed: [{ email, password }]);
//  4. stops the server it started and removes its DATA_DIR, also on Ctrl-C.
// With SOCLE_BASE_URL already set, it uses that server and starts none.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const START_TIMEOUT_MS = 180_000;

function say(line) {
  console.log(`[e2e] ${line}`);
}

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} est introuvable : installez le paquet Debian « chromium » (apt-get install chromium).`);
  }
  say(`${CHROMIUM} est absent : installation du paquet Debian « chromium » (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} a échoué (code ${r.status ?? r.signal}).`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves with the HTTP status of GET url, or rejects when nothing answers. */
function probe(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(pas de journal)';
  }
}

/** Writes a failure marker that tests/summary.js counts, so a server that never started is not « 0 failed ». */
function reportSetupFailure(message) {
  const dir = process.env.SOCLE_REPORT_DIR;
  if (dir) fs.writeFileSync(path.join(dir, 'e2e-setup-failed.json'), JSON.stringify({ failed: 1, message }));
}

class Server {
  constructor() {
    this.child = null;
    this.dataDir = null;
    this.exited = null;
    this.logFile = null;
    this.varDir = null;
    this.accountsFile = null;
  }

  async start() {
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'socle-e2e-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logFile = path.join(this.dataDir, 'server.log');
    this.logFile = logFile;
    const log = fs.openSync(logFile, 'a');
    const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: path.join(this.dataDir, 'var'), SOCLE_DEMO: '1' };
    delete env.DATABASE_URL; // the embedded SQLite default, as `npm start` on a fresh machine
    say(`démarrage de socle (node bin/socle.js start) sur ${url}, DATA_DIR=${env.DATA_DIR}`);
    this.child = spawn(process.execPath, ['bin/socle.js', 'start'], { cwd: ROOT, env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    let gone = null;
    this.exited.then((r) => { gone = r; });

    const t0 = Date.now();
    for (;;) {
      if (gone) throw new Error(`socle s'est arrêté avant de répondre (code ${gone.code ?? gone.signal}). Journal :\n${tail(logFile)}`);
      if (Date.now() - t0 > START_TIMEOUT_MS) throw new Error(`socle ne répond pas sur ${url} après ${START_TIMEOUT_MS / 1000} s. Journal :\n${tail(logFile)}`);
      try {
        const status = await probe(`${url}/`);
        say(`socle répond (HTTP ${status}) après ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        this.varDir = env.DATA_DIR;
        this.accountsFile = this.writeAccounts(logFile);
        return url;
      } catch {
        await sleep(250);
      }
    }
  }

  /** The demo accounts printed by `socle start` (« label  e-mail  password » lines), written to a JSON file. */
  writeAccounts(logFile) {
    const accounts = [];
    for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
      const m = /(\S+@demo\.socle\.invalid)\s+(\S+)\s*$/.exec(line);
      if (m) accounts.push({ email: m[1], password: m[2] });
    }
    const file = path.join(this.dataDir, 'demo-accounts.json');
    fs.writeFileSync(file, JSON.stringify(accounts), { mode: 0o600 });
    return file;
  }

  /** Stops the server this script started (by its pid) and removes its DATA_DIR. */
  async stop() {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const stopped = await Promise.race([this.exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await this.exited;
      }
    }
    if (this.dataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
    this.dataDir = null;
    this.logFile = null;
  }
}

let playwright = null;

/** `playwright test` (what `npx playwright test` runs), as a direct child so that a signal can reach it. */
function runPlaywright(baseUrl, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const cli = path.join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
    playwright = spawn(process.execPath, [cli, 'test', ...args], {
      cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...extraEnv, SOCLE_BASE_URL: baseUrl },
    });
    playwright.on('exit', (code, signal) => { playwright = null; resolve(code ?? (signal ? 1 : 0)); });
    playwright.on('error', (e) => { console.error(e); playwright = null; resolve(1); });
  });
}

async function main() {
  const args = process.argv.slice(2);
  const server = new Server();
  const onSignal = (signal) => {
    say(`${signal} reçu : arrêt des tests et du serveur de test`);
    playwright?.kill(signal);
    server.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let code = 1;
  try {
    ensureChromium();
    let baseUrl = process.env.SOCLE_BASE_URL;
    if (baseUrl) say(`serveur existant : ${baseUrl}`);
    else baseUrl = await server.start();
    const extraEnv = server.varDir ? { SOCLE_DATA_DIR: server.varDir, SOCLE_DEMO_ACCOUNTS: server.accountsFile } : {};
    code = await runPlaywright(baseUrl, args, extraEnv);
    if (code !== 0 && server.logFile) say(`fin du journal du serveur (${server.logFile}) :\n${tail(server.logFile, 30)}`);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error(`[e2e] échec : ${message}`);
    reportSetupFailure(message);
    code = 1;
  } finally {
    await server.stop();
  }
  process.exit(code);
}

await main();
