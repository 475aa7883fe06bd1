import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** "+256772123456" → "256772123456": E.164 without the plus, as MTN's MSISDN fields take it. */
export function msisdnOf(phone: string): string {
  return phone.replace(/^\+/, '');
}

/** "+256752123456" → "752123456": Airtel wants the number without its country code. */
export function nationalNumberOf(phone: string): string {
  return parsePhoneNumberFromString(phone)?.nationalNumber ?? msisdnOf(phone);
}
