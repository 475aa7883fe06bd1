import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../test/support/pdf.js';
import { maskPhone, renderPayoutReceipt, type PayoutReceiptFacts } from './receipt.js';

const facts: PayoutReceiptFacts = {
  payoutId: '0b9f6a4e-6a0e-4c7e-9d43-1f2a3b4c5d6e',
  professionalName: 'Nakato Sarah',
  phone: '+256772123456',
  network: 'mtn',
  amount: 50_000,
  currency: 'UGX',
  // 08:00 on Monday 14 December 2026 in Kampala.
  job: {
    id: '5c1e2d3f-4a5b-4c6d-8e7f-901a2b3c4d5e',
    role: 'teacher',
    startsAt: new Date('2026-12-14T05:00:00Z'),
    institutionName: 'St. Mary’s Secondary School, Kisubi',
  },
  providerReference: '1827364554',
  // 21:30 Kampala on 15 December.
  settledAt: new Date('2026-12-15T18:30:00Z'),
};

describe('renderPayoutReceipt', () => {
  it('is a PDF that a reader finds the payout, the masked wallet, the shift and the network’s reference in', async () => {
    const pdf = await renderPayoutReceipt(facts);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('Payout receipt');
    expect(text).toContain(facts.payoutId);
    expect(text).toContain('Nakato Sarah');
    expect(text).toContain('MTN Mobile Money +256 77* *** 456');
    expect(text).not.toContain('772123456');
    expect(text).toMatch(/Amount paid\s+UGX 50,000/);
    expect(text).toContain('1827364554');
    expect(text).toContain('Mon, 14 Dec 2026, 08:00 (Kampala time)');
    expect(text).toContain('St. Mary’s Secondary School, Kisubi');
    expect(text).toMatch(/Paid on\s+Tue, 15 Dec 2026, 21:30 \(Kampala time\)/);
  });

  it('draws Airtel, the largest amount and names the standard font cannot hold without failing', async () => {
    const text = await pdfText(
      await renderPayoutReceipt({
        ...facts,
        network: 'airtel',
        phone: '+256752000111',
        amount: 2_147_483_647,
        professionalName: 'Ñakato Ọlá 😀 <script>alert(1)</script>',
        job: { ...facts.job, institutionName: "Kampala'); DROP TABLE payouts; --" },
      }),
    );
    expect(text).toContain('Airtel Money +256 75* *** 111');
    expect(text).toContain('UGX 2,147,483,647');
    // Accents the font lacks are dropped, what it cannot draw at all is "?"; markup stays text.
    expect(text).toContain('Ñakato Olá ? <script>alert(1)</script>');
    expect(text).toContain("Kampala'); DROP TABLE payouts; --");
  });
});

describe('maskPhone', () => {
  it('keeps the country code, the first two and last three digits', () => {
    expect(maskPhone('+256772123456')).toBe('+256 77* *** 456');
    expect(maskPhone('+256393123456')).toBe('+256 39* *** 456');
    expect(maskPhone('12')).toBe('**');
  });
});
