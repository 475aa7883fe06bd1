/** Signs seeded accounts in through the real API (argon2 verification, session rows and all). */

/** argon2 is CPU-bound: a few at a time keep both cores busy without queueing hundreds of hashes. */
const CONCURRENCY = 8;

export async function signIn(apiUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${apiUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { accessToken?: string; detail?: string };
  if (response.status !== 200 || !body.accessToken) {
    throw new Error(
      `Signing in ${email} failed: ${response.status} ${body.detail ?? ''}. Was the database seeded with this password (--password)?`,
    );
  }
  return body.accessToken;
}

/** Access tokens for every email, in the same order. */
export async function signInAll(apiUrl: string, emails: string[], password: string): Promise<string[]> {
  const tokens: string[] = new Array<string>(emails.length);
  let next = 0;
  const worker = async () => {
    while (next < emails.length) {
      const index = next++;
      tokens[index] = await signIn(apiUrl, emails[index]!, password);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, emails.length) }, worker));
  return tokens;
}
