import type { Config } from '../../config.js';

/** Where the in-process simulator is mounted; its API base is `${PUBLIC_URL}/at-sim`. */
export const AT_SIMULATOR_PREFIX = '/at-sim';
/** The in-process simulator's account: it only ever runs outside production, on this server. */
export const AT_SIMULATOR_ACCOUNT = { username: 'sandbox', apiKey: 'qgig-at-simulator-key', shortcode: '21284' };

export interface AfricasTalkingConnection {
  baseUrl: string;
  username: string;
  apiKey: string;
  senderId: string | undefined;
  shortcode: string;
  timeoutMs: number;
}

export function africasTalkingConnection(config: Config): AfricasTalkingConnection {
  const account = config.africasTalking ?? {
    baseUrl: `${config.publicUrl}${AT_SIMULATOR_PREFIX}`,
    senderId: undefined,
    ...AT_SIMULATOR_ACCOUNT,
  };
  return { ...account, timeoutMs: config.atTimeoutMs };
}

/** One recipient's answer in a send: `statusCode` 100-102 accepted, anything else refused. */
export interface RecipientResult {
  statusCode: number;
  status: string;
  number: string;
  cost: string;
  messageId: string;
}

interface SendResponse {
  SMSMessageData?: { Message?: string; Recipients?: RecipientResult[] };
}

/** A send that never reached a verdict for the recipient: a network fault, a timeout, 5xx, an unreadable answer. */
export class SmsTransportError extends Error {
  override name = 'SmsTransportError';
}

/** Africa's Talking's bulk SMS API: form-encoded POST to /version1/messaging with the apiKey header. */
export async function postSms(
  connection: AfricasTalkingConnection,
  message: { to: string; text: string; from: string | undefined },
): Promise<RecipientResult> {
  const form = new URLSearchParams({ username: connection.username, to: message.to, message: message.text, bulkSMSMode: '1' });
  if (message.from) form.set('from', message.from);
  let response: Response;
  try {
    response = await fetch(`${connection.baseUrl}/version1/messaging`, {
      method: 'POST',
      headers: { apiKey: connection.apiKey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      signal: AbortSignal.timeout(connection.timeoutMs),
    });
  } catch (error) {
    throw new SmsTransportError(`Africa's Talking could not be reached: ${(error as Error).message}`);
  }
  // Only 201 carries recipients; 401 is plain text, 5xx is worth another try.
  if (response.status !== 201)
    throw new SmsTransportError(`Africa's Talking answered HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const answer = (await response.json().catch(() => ({}))) as SendResponse;
  const result =
    answer.SMSMessageData?.Recipients?.find((recipient) => recipient.number === message.to) ?? answer.SMSMessageData?.Recipients?.[0];
  if (!result) throw new SmsTransportError(`Africa's Talking named no recipient: ${answer.SMSMessageData?.Message ?? 'empty answer'}`);
  return result;
}

/** 100 Processed, 101 Sent, 102 Queued. */
export const isAccepted = (statusCode: number) => statusCode >= 100 && statusCode <= 102;

/** The gateway's own trouble (500, 501, 502): the same message may go through later. The rest (blacklist, bad number, no balance, ...) will not. */
export const isTransientRefusal = (statusCode: number) => statusCode >= 500;
