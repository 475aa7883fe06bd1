import type { Channel } from './channel.js';

interface AfricasTalkingSettings {
  username: string;
  apiKey: string;
  senderId: string | undefined;
  baseUrl: string;
}

interface SendResponse {
  SMSMessageData?: { Message?: string; Recipients?: { statusCode: number; status: string; number: string }[] };
}

/** SMS through Africa's Talking's messaging API (form-encoded POST, apiKey header). */
export function africasTalkingChannel(settings: AfricasTalkingSettings): Channel {
  return {
    name: 'sms',
    reaches: (recipient) => Boolean(recipient.phone),
    async send(recipient, message) {
      const form = new URLSearchParams({ username: settings.username, to: recipient.phone!, message: message.sms });
      if (settings.senderId) form.set('from', settings.senderId);
      const response = await fetch(`${settings.baseUrl}/version1/messaging`, {
        method: 'POST',
        headers: { apiKey: settings.apiKey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) throw new Error(`Africa's Talking answered HTTP ${response.status}`);
      const answer = (await response.json()) as SendResponse;
      const result = answer.SMSMessageData?.Recipients?.[0];
      // 100 Processed, 101 Sent, 102 Queued: accepted for delivery.
      if (!result || result.statusCode < 100 || result.statusCode > 102) {
        throw new Error(`Africa's Talking refused the message: ${result?.status ?? answer.SMSMessageData?.Message ?? 'no recipient status'}`);
      }
    },
  };
}
