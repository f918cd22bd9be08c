// Progress of long imports: a bar on a terminal, plain lines otherwise (logs, CI).
import cliProgress from 'cli-progress';

export interface Progress {
  step(label: string, total: number): void;
  tick(n?: number): void;
  done(summary?: string): void;
}

export const silentProgress: Progress = { step() {}, tick() {}, done() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return lineProgress((l) => stream.write(l + '\n'));
  let bar: cliProgress.SingleBar | null = null;
  return {
    step(label, total) {
      bar?.stop();
      bar = new cliProgress.SingleBar({ format: `${label.padEnd(28)} {bar} {value}/{total}`, stream, hideCursor: true }, cliProgress.Presets.shades_classic);
      bar.start(total, 0);
    },
    tick(n = 1) { bar?.increment(n); },
    done(summary) { bar?.stop(); bar = null; if (summary) stream.write(summary + '\n'); },
  };
}

/** One line at the start of each step and one at its end: readable in a log. */
export function lineProgress(write: (line: string) => void): Progress {
  let label = '';
  let total = 0;
  let count = 0;
  let started = 0;
  return {
    step(l, t) { label = l; total = t; count = 0; started = Date.now(); write(`${label} : ${t.toLocaleString('fr-FR')} lignes…`); },
    tick(n = 1) { count += n; },
    done(summary) {
      if (label) write(`${label} : ${count.toLocaleString('fr-FR')}/${total.toLocaleString('fr-FR')} en ${Date.now() - started} ms`);
      if (summary) write(summary);
      label = '';
    },
  };
}
