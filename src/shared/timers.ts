/** Waits for `work` or for `ms`, whichever comes first; never rejects (`work` is not cancelled). */
export async function waitAtMost(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([work?.catch(() => undefined) ?? Promise.resolve(), waited]);
  clearTimeout(timer);
}

/** Runs `work` now and every `ms` (0: only now) on a timer that keeps no process alive. */
export function repeatEvery(work: () => Promise<void>, ms: number): NodeJS.Timeout | undefined {
  void work();
  if (ms <= 0) return undefined;

  const timer = setInterval(() => void work(), ms);
  timer.unref();

  return timer;
}
