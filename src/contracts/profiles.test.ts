import { describe, expect, it } from 'vitest';
import { DocumentUploadFields } from './documents.js';
import { canonicalDistrict, DISTRICTS_BY_REGION, District, UGANDA_DISTRICTS } from './districts.js';
import { Availability, BlackoutDates, ProfessionalProfileBody, PROFESSIONAL_ROLES, ProfessionalRoleInput, SkillInput } from './profiles.js';

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('the districts list', () => {
  it('holds every local government once: 146, Kampala included, sorted', () => {
    expect(UGANDA_DISTRICTS).toHaveLength(146);
    expect(new Set(UGANDA_DISTRICTS).size).toBe(146);
    expect(Object.values(DISTRICTS_BY_REGION).map((list) => list.length)).toEqual([27, 40, 41, 38]);
    expect(UGANDA_DISTRICTS).toContain('Kampala');
    expect([...UGANDA_DISTRICTS]).toEqual([...UGANDA_DISTRICTS].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it.each([
    ['kampala', 'Kampala'],
    ['  GULU   city ', 'Gulu City'],
    ['Wakiso District', 'Wakiso'],
    ['Luwero', 'Luweero'],
    ['madi okollo', 'Madi-Okollo'],
  ])('reads %j as %j', (input, expected) => {
    expect(canonicalDistrict(input)).toBe(expected);
    expect(District.parse(input)).toBe(expected);
  });

  it.each(['Nairobi', '', 'Kampala; DROP TABLE', 'x'.repeat(100)])('refuses %j', (input) => {
    expect(District.safeParse(input).success).toBe(false);
  });
});

describe('roles and skills', () => {
  it('normalises roles to the vocabulary and refuses others', () => {
    expect(ProfessionalRoleInput.parse('  Lab   Technician ')).toBe('lab technician');
    expect(ProfessionalRoleInput.parse('Laboratory technician')).toBe('lab technician');
    expect(ProfessionalRoleInput.parse('NURSE')).toBe('nurse');
    expect(PROFESSIONAL_ROLES).toEqual(
      expect.arrayContaining(['teacher', 'nurse', 'midwife', 'caregiver', 'lab technician', 'pharmacist', 'clinical officer']),
    );
    expect(ProfessionalRoleInput.safeParse('astronaut').success).toBe(false);
  });

  it('trims, lower-cases and bounds skills', () => {
    expect(SkillInput.parse('  Paediatric   CARE ')).toBe('paediatric care');
    expect(SkillInput.parse('Ōkello-style Maths')).toBe('ōkello-style maths');
    expect(SkillInput.safeParse('x').success).toBe(false);
    expect(SkillInput.safeParse('a'.repeat(41)).success).toBe(false);
    expect(SkillInput.safeParse('tab\u0007bell').success).toBe(false);
  });

  it('de-duplicates roles and skills after normalising them', () => {
    const body = ProfessionalProfileBody.parse({
      roles: ['Teacher', ' teacher ', 'NURSE'],
      skills: ['Maths', 'maths ', 'MATHS', 'Physics'],
      experienceYears: 3,
      rateAmount: 30_000,
      rateUnit: 'day',
      district: 'gulu',
    });
    expect(body).toMatchObject({
      roles: ['teacher', 'nurse'],
      skills: ['maths', 'physics'],
      district: 'Gulu',
      bio: '',
      availability: [],
      blackoutDates: [],
    });
  });
});

describe('availability', () => {
  const slot = (weekday: number, start: string, end: string) => ({ weekday, start, end });

  it('accepts touching slots, slots on other days, a slot to midnight and night slots ending the next morning', () => {
    expect(
      Availability.safeParse([slot(1, '08:00', '12:00'), slot(1, '12:00', '17:00'), slot(2, '08:00', '12:00'), slot(5, '18:00', '24:00')])
        .success,
    ).toBe(true);
    expect(
      Availability.safeParse([slot(1, '22:00', '06:00'), slot(2, '06:00', '08:00'), slot(6, '22:00', '05:00'), slot(0, '05:00', '08:00')])
        .success,
    ).toBe(true);
  });

  it.each([
    ['a night slot running into the next morning’s slot', [slot(1, '22:00', '06:00'), slot(2, '05:59', '08:00')], ['1']],
    ['Saturday night running into Sunday morning', [slot(0, '05:00', '08:00'), slot(6, '22:00', '05:01')], ['1']],
    ['an empty slot', [slot(1, '08:00', '08:00')], ['0.end']],
    ['an overlap on one weekday', [slot(1, '08:00', '12:00'), slot(1, '11:59', '15:00')], ['1']],
    ['a slot inside another', [slot(3, '08:00', '18:00'), slot(3, '10:00', '11:00')], ['1']],
    ['weekday 7', [slot(7, '08:00', '12:00')], ['0.weekday']],
    ['a fractional weekday', [slot(1.5, '08:00', '12:00')], ['0.weekday']],
    ['25:00', [slot(1, '08:00', '25:00')], ['0.end']],
    ['8am written loosely', [slot(1, '8:00', '12:00')], ['0.start']],
  ])('refuses %s', (_label, slots, paths) => {
    expect(issuePaths(Availability.safeParse(slots))).toEqual(paths);
  });

  it('allows 50 slots and refuses 51', () => {
    const slots = (count: number) =>
      Array.from({ length: count }, (_, index) =>
        slot(index % 7, `${String(Math.floor(index / 7)).padStart(2, '0')}:00`, `${String(Math.floor(index / 7)).padStart(2, '0')}:30`),
      );
    expect(Availability.safeParse(slots(50)).success).toBe(true);
    expect(Availability.safeParse(slots(51)).success).toBe(false);
  });

  it('sorts and de-duplicates blackout dates and refuses non-dates', () => {
    expect(BlackoutDates.parse(['2026-12-25', '2026-12-01', '2026-12-25'])).toEqual(['2026-12-01', '2026-12-25']);
    expect(BlackoutDates.safeParse(['2026-02-30']).success).toBe(false);
    expect(BlackoutDates.safeParse(['25/12/2026']).success).toBe(false);
  });
});

describe('document upload fields', () => {
  it('takes a NIN of exactly 14 letters and digits, upper-cased', () => {
    expect(DocumentUploadFields.parse({ docType: 'nin', number: ' cm90012345678k ' }).number).toBe('CM90012345678K');
    expect(DocumentUploadFields.parse({ docType: 'nin', number: 'AB12345678901Z' }).number).toBe('AB12345678901Z');
    for (const number of ['CM9001234567', 'CM90012345678KX', 'CM 0012345678K', 'CM9001234567-K', 'СМ90012345678K']) {
      expect(issuePaths(DocumentUploadFields.safeParse({ docType: 'nin', number })), number).toEqual(['number']);
    }
  });

  it('treats empty form fields as absent and checks licence numbers and dates', () => {
    expect(DocumentUploadFields.parse({ docType: 'license', number: '', expiresOn: '' })).toEqual({
      docType: 'license',
      number: undefined,
      expiresOn: undefined,
    });
    expect(DocumentUploadFields.parse({ docType: 'license', number: 'UNMC/RN/12345' }).number).toBe('UNMC/RN/12345');
    expect(issuePaths(DocumentUploadFields.safeParse({ docType: 'license', number: '<b>' }))).toEqual(['number']);
    expect(issuePaths(DocumentUploadFields.safeParse({ docType: 'certificate', expiresOn: '2026-13-01' }))).toEqual(['expiresOn']);
    expect(issuePaths(DocumentUploadFields.safeParse({ docType: 'passport' }))).toEqual(['docType']);
  });
});
