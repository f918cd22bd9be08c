// Shared shape of benchmark figures: each figure is printed beside a baseline measured in the same
// run, with their ratio, because absolute times on these machines drift (DESIGN.md).

export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
  /** value / baseline.value (or the share the figure is of its baseline, as the line says). */
  ratio?: number;
  /** The target in words, e.g. « ratio ≤ 10 et < 1 000 ms ». */
  target?: string;
  met?: boolean;
}

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

function figure(value: number, unit: string): string {
  return Number.isNaN(value) ? `— ${unit}` : `${number.format(value)} ${unit}`;
}

/** One line of text per figure: value, baseline, ratio, target and whether it is met. */
export function formatLine(line: BenchLine): string {
  let text = `${line.name} : ${figure(line.value, line.unit)}`;
  if (line.baseline) text += ` | référence (${line.baseline.name}) : ${figure(line.baseline.value, line.baseline.unit)}`;
  if (line.ratio !== undefined) text += ` | ratio ${number.format(line.ratio)}`;
  if (line.target !== undefined) text += ` | cible : ${line.target}`;
  if (line.met !== undefined) text += line.met ? ' ✔' : ' ✘ non atteinte';
  return text;
}

export function printLines(lines: readonly BenchLine[], write: (text: string) => void = (t) => console.log(t)): void {
  for (const line of lines) write(formatLine(line));
}
