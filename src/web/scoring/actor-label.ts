/**
 * Who did something, from the API's actor label ("user:usr_…", "api_key:key_…", "cli:…"):
 * a user's name, else the kind of actor.
 */
export function byWhom(createdBy: string, userName: (id: string | null) => string): string {
  const colon = createdBy.indexOf(':');
  const type = colon < 0 ? createdBy : createdBy.slice(0, colon);

  switch (type) {
    case 'user':
      return userName(createdBy.slice(colon + 1));
    case 'api_key':
      return 'an API key';
    case 'cli':
      return 'the CLI';
    default:
      return type;
  }
}
