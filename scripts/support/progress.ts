/** A one-line progress bar on stderr (redrawn in a terminal; a line per step and per tenth otherwise). */
export interface ProgressBar {
  update(step: string, done: number, total: number): void;
  finish(): void;
}

const WIDTH = 30;

export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const started = performance.now();
  let lastStep = '';
  let lastTenth = -1;
  let drawn = false;
  return {
    update(step, done, total) {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(fraction * WIDTH);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${step.padEnd(14)} ${seconds}s`;
      if (stream.isTTY) {
        stream.write(`\r${line}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (step !== lastStep || tenth !== lastTenth) stream.write(`${line}\n`);
      lastStep = step;
      lastTenth = tenth;
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
