/** Waits for `work` or for `ms`, whichever comes first; never rejects (`work` is not cancelled). */
export async function waitAtMost(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([work?.catch(() => undefined) ?? Promise.resolve(), waited]);
  clearTimeout(timer);
}
