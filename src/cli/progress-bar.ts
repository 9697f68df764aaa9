import { Presets, SingleBar } from 'cli-progress';

export interface ProgressBar {
  update(done: number, total: number): void;
  stop(): void;
}

/** A progress bar on stderr of an interactive terminal; nothing when piped or with --json. */
export function progressBar(label: string, enabled: boolean): ProgressBar {
  if (!enabled) return { update: () => undefined, stop: () => undefined };

  const bar = new SingleBar(
    { format: `${label} {bar} {value}/{total}`, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;

  return {
    update: (done, total) => {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
