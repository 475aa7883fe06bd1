import { LICENCE_REQUIRED_ROLES } from '../../src/contracts/documents.js';
import { addYears, kampalaDateOf } from '../../src/contracts/time.js';
import type { Api } from '../../src/platform/http.js';
import { CREDENTIAL_EXPIRY } from '../../src/modules/reliability/rules.js';
import { registerUser, uniquePhone, type RegisteredUser } from './factories.js';
import { call, type JsonResponse } from './http.js';

/** Small real files: what file-type sees in them is what a browser would send. */
export const sampleFiles = {
  /** A one-page PDF; `marker` is written into it in clear, to look for on disk. */
  pdf(marker = 'QGIG-SAMPLE-PDF'): Buffer {
    return Buffer.from(
      `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
        `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${marker}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    );
  },
  /** A 1×1 PNG. */
  png(): Buffer {
    return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  },
  /** A 1×1 JPEG. */
  jpeg(): Buffer {
    return Buffer.from(
      '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
      'base64',
    );
  },
  /** The start of a Windows executable (MZ header, PE signature). */
  exe(): Buffer {
    const bytes = Buffer.alloc(512);
    bytes.write('MZ', 0, 'latin1');
    bytes.writeUInt32LE(0x80, 0x3c);
    bytes.write('PE\0\0', 0x80, 'latin1');
    return bytes;
  },
};

export interface UploadInput {
  docType: string;
  file?: Buffer;
  filename?: string;
  /** The type the client claims; the server ignores it. */
  declaredType?: string;
  number?: string;
  expiresOn?: string;
}

export function documentForm(input: UploadInput): FormData {
  const form = new FormData();
  form.append('docType', input.docType);
  if (input.number !== undefined) form.append('number', input.number);
  if (input.expiresOn !== undefined) form.append('expiresOn', input.expiresOn);
  if (input.file)
    form.append('file', new Blob([input.file], { type: input.declaredType ?? 'application/pdf' }), input.filename ?? 'document.pdf');
  return form;
}

export function uploadDocument(app: Api, token: string, input: UploadInput): Promise<JsonResponse> {
  return call(app, 'POST', '/me/documents', { token, body: documentForm(input) });
}

export function validProfessionalProfile(overrides: Record<string, unknown> = {}) {
  return {
    bio: 'Secondary mathematics and physics teacher, 8 years in Wakiso schools.',
    roles: ['teacher'],
    skills: ['mathematics', 'physics'],
    experienceYears: 8,
    rateAmount: 50_000,
    rateUnit: 'day',
    district: 'Wakiso',
    availability: [
      { weekday: 1, start: '08:00', end: '17:00' },
      { weekday: 3, start: '08:00', end: '13:00' },
    ],
    ...overrides,
  };
}

export function validInstitutionProfile(overrides: Record<string, unknown> = {}) {
  return {
    name: 'St. Mary’s Secondary School, Kisubi',
    type: 'school',
    address: 'Plot 12, Entebbe Road, Kisubi',
    district: 'Wakiso',
    contactName: 'Namubiru Agnes',
    contactPhone: uniquePhone(),
    ...overrides,
  };
}

async function expectStatus(response: Promise<JsonResponse>, status: number, what: string): Promise<JsonResponse> {
  const answered = await response;
  if (answered.status !== status) throw new Error(`${what} failed: ${answered.status} ${JSON.stringify(answered.body)}`);
  return answered;
}

export interface Professional extends RegisteredUser {
  profile: Record<string, any>;
}

/** A professional account with a saved profile (not verified). */
export async function makeProfessional(app: Api, profile: Record<string, unknown> = {}, name = 'Nakato Sarah'): Promise<Professional> {
  const user = await registerUser(app, { role: 'professional', name });
  const saved = await expectStatus(
    call(app, 'PUT', '/me/professional', { token: user.accessToken, body: validProfessionalProfile(profile) }),
    200,
    'saving the profile',
  );
  return { ...user, profile: saved.body };
}

export interface VerifiedProfessional extends Professional {
  ninDocumentId: string;
  credentialDocumentId: string;
}

/** A licence's expiry as the approval form suggests it: UNMC's term from today. */
export const licenceExpiry = (): string => addYears(kampalaDateOf(new Date()), CREDENTIAL_EXPIRY.licenceYears);

/**
 * Through the real API: profile, NIN (PDF) and certificate (PNG) uploaded, both approved by `admin`;
 * a nurse or midwife gets a licence (expiring in three years) instead of the certificate.
 */
export async function makeVerifiedProfessional(
  app: Api,
  admin: RegisteredUser,
  profile: Record<string, unknown> = {},
): Promise<VerifiedProfessional> {
  const professional = await makeProfessional(app, profile);
  const nin = await expectStatus(
    uploadDocument(app, professional.accessToken, {
      docType: 'nin',
      file: sampleFiles.pdf(),
      filename: 'nin.pdf',
      number: 'CM90012345678K',
    }),
    201,
    'uploading the NIN',
  );
  const roles = (professional.profile.roles ?? []) as string[];
  const licensed = LICENCE_REQUIRED_ROLES.some((role) => roles.includes(role));
  const certificate = await expectStatus(
    uploadDocument(app, professional.accessToken, {
      docType: licensed ? 'license' : 'certificate',
      file: sampleFiles.png(),
      filename: licensed ? 'licence.png' : 'diploma.png',
      declaredType: 'image/png',
    }),
    201,
    'uploading the certificate',
  );
  for (const [documentId, body] of [
    [nin.body.id, undefined],
    [certificate.body.id, licensed ? { expiresOn: licenceExpiry() } : undefined],
  ] as const) {
    await expectStatus(
      call(app, 'POST', `/admin/documents/${documentId}/approve`, { token: admin.accessToken, body }),
      200,
      'approving a document',
    );
  }
  return {
    ...professional,
    profile: { ...professional.profile, verified: true },
    ninDocumentId: nin.body.id,
    credentialDocumentId: certificate.body.id,
  };
}

export interface Institution extends RegisteredUser {
  profile: Record<string, any>;
}

export async function makeInstitution(app: Api, profile: Record<string, unknown> = {}): Promise<Institution> {
  const user = await registerUser(app, { role: 'institution', name: 'Namubiru Agnes' });
  const saved = await expectStatus(
    call(app, 'PUT', '/me/institution', { token: user.accessToken, body: validInstitutionProfile(profile) }),
    200,
    'saving the institution',
  );
  return { ...user, profile: saved.body };
}
