/** The lower-cased text that `q` searches for a person: name, e-mail and title. */
export function personSearchText(p: {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  title?: string | null;
}): string {
  return [p.firstName, p.lastName, p.email, p.title]
    .filter((part): part is string => Boolean(part))
    .join(' ')
    .toLowerCase();
}

/** Escapes LIKE wildcards so that a search for `50%` finds the text `50%`. */
export function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
