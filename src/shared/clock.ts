/** ISO-8601 UTC timestamp with milliseconds; sorts lexically in both stores. */
export type IsoTime = string & { readonly __iso: true };

export function nowIso(): IsoTime {
  return new Date().toISOString() as IsoTime;
}

export function toIso(date: Date | number): IsoTime {
  return new Date(date).toISOString() as IsoTime;
}
