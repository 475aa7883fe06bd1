import { expect, type APIRequestContext } from '@playwright/test';

interface StoredMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * The path and token of the link to `page` in the newest mail with `subject` sent to `to`, read from
 * the server's development mailbox (the e2e server has no SMTP server).
 */
export async function mailedLink(request: APIRequestContext, to: string, subject: string, page: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const response = await request.get('/api/v1/dev/mailbox');
      const { items } = (await response.json()) as { items: StoredMail[] };
      const mail = items.find((item) => item.to === to && item.subject === subject);
      link = mail && new RegExp(`${page}\\?token=[\\w-]+`).exec(mail.text)?.[0];
      return link;
    })
    .toBeDefined();
  return link!;
}

/** Confirms the user's address through the link mailed at sign-up, as its owner would. */
export async function confirmAddress(request: APIRequestContext, email: string): Promise<void> {
  const link = await mailedLink(request, email, 'Confirm your email address', '/verify-email');
  const token = new URL(link, 'http://qgig.invalid').searchParams.get('token');
  expect((await request.post('/api/v1/auth/verify-email', { data: { token } })).status()).toBe(204);
}
