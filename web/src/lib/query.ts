export type QueryValue = string | number | boolean | null | undefined;

/** `path?a=1&b=x`, leaving out empty values (so an "Any" filter sends nothing). */
export function withQuery(path: string, params: Record<string, QueryValue>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The non-empty text fields of a filter form, as query parameters. */
export function formQuery(data: FormData): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of data) if (typeof value === 'string' && value.trim()) params[key] = value.trim();
  return params;
}
