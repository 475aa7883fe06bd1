/**
 * The words seeded rows are made of. Weighted lists repeat an entry as often as it should be drawn,
 * so SQL can pick one uniformly by index.
 */
import { UGANDA_DISTRICTS } from '../../src/contracts/districts.js';
import type { ProfessionalRole } from '../../src/contracts/profiles.js';

/** Every seeded address ends in this reserved (never delivered) domain. */
export const SEED_EMAIL_DOMAIN = 'seed.qgig.test';
export const SEED_ADMIN_EMAIL = `admin@${SEED_EMAIL_DOMAIN}`;
/** Every seeded account signs in with this unless `--password` says otherwise. */
export const DEFAULT_SEED_PASSWORD = 'Qgig-Seed-Password-2026';

function weighted<T>(entries: [T, number][]): T[] {
  return entries.flatMap(([value, weight]) => Array<T>(weight).fill(value));
}

export const FIRST_NAMES = [
  'Nakato',
  'Babirye',
  'Kato',
  'Waiswa',
  'Namukasa',
  'Nalubega',
  'Ssemakula',
  'Mukasa',
  'Nansubuga',
  'Nabukenya',
  'Akello',
  'Atim',
  'Okello',
  'Ocen',
  'Apio',
  'Auma',
  'Odongo',
  'Ojok',
  'Lakot',
  'Acen',
  'Kemigisha',
  'Kyomuhendo',
  'Tumusiime',
  'Ainembabazi',
  'Atuhaire',
  'Byaruhanga',
  'Mugisha',
  'Asiimwe',
  'Niwagaba',
  'Kobusingye',
  'Namono',
  'Wanyama',
  'Wekesa',
  'Nafula',
  'Mutonyi',
  'Ejang',
  'Opio',
  'Amuge',
  'Eriaku',
  'Alupo',
  'Sarah',
  'Grace',
  'Joseph',
  'Esther',
  'Brian',
  'Ruth',
  'Moses',
  'Prossy',
  'Ivan',
  'Harriet',
  'Patience',
  'Peace',
  'Innocent',
  'Gift',
  'Brenda',
  'Emmanuel',
  'Juliet',
  'Isaac',
  'Rebecca',
  'Daniel',
];

export const SURNAMES = [
  'Ssekandi',
  'Kiggundu',
  'Nsubuga',
  'Lubega',
  'Ssempijja',
  'Kizza',
  'Mugerwa',
  'Ssali',
  'Kasozi',
  'Lwanga',
  'Okello',
  'Odoch',
  'Opiyo',
  'Ochieng',
  'Oryem',
  'Otim',
  'Acheng',
  'Ogwang',
  'Olweny',
  'Anywar',
  'Tumwine',
  'Byamukama',
  'Turyasingura',
  'Kansiime',
  'Muhwezi',
  'Rwabwogo',
  'Bagonza',
  'Kaahwa',
  'Baguma',
  'Karungi',
  'Wamala',
  'Masaba',
  'Wandera',
  'Namisi',
  'Ekwaro',
  'Okurut',
  'Emoit',
  'Etyang',
  'Ariong',
  'Amongin',
  'Mukwaya',
  'Kawooya',
  'Nakibuule',
  'Namutebi',
  'Kyeyune',
  'Bukenya',
  'Ddamulira',
  'Walusimbi',
  'Musoke',
  'Kalema',
];

/** Kampala and its neighbours post most shifts; every district appears. */
export const DISTRICT_DRAWS: string[] = [
  ...weighted<string>([
    ['Kampala', 60],
    ['Wakiso', 40],
    ['Mukono', 14],
    ['Jinja City', 8],
    ['Mbarara City', 8],
    ['Gulu City', 6],
    ['Masaka City', 5],
    ['Mbale City', 5],
    ['Lira City', 4],
    ['Arua City', 4],
    ['Fort Portal City', 4],
    ['Hoima City', 3],
    ['Soroti City', 3],
    ['Luweero', 3],
    ['Mpigi', 3],
  ]),
  ...UGANDA_DISTRICTS,
];

export const INSTITUTION_TYPES = ['school', 'clinic', 'hospital', 'household'] as const;
export type SeedInstitutionType = (typeof INSTITUTION_TYPES)[number];
export const INSTITUTION_TYPE_DRAWS = weighted<SeedInstitutionType>([
  ['school', 45],
  ['clinic', 25],
  ['hospital', 10],
  ['household', 20],
]);

/** Institution names: a first part and a kind, then ", District". */
export const INSTITUTION_NAME_PARTS: Record<SeedInstitutionType, { first: string[]; kind: string[] }> = {
  school: {
    first: [
      'St. Kizito',
      "St. Mary's",
      'St. Joseph',
      'Kampala Parents',
      'Greenhill',
      'Bishop Willis',
      'Mother Kevin',
      'Light Academy',
      'Hillside',
      'Victory',
      'Mt. Elgon',
      'Nile Vale',
      'Rwenzori',
      'Lake Victoria',
      'Good Shepherd',
      'Bright Future',
      'Kings',
      'Hope',
    ],
    kind: [
      'Primary School',
      'Secondary School',
      'Nursery and Primary School',
      'Junior School',
      'High School',
      'College',
      'Vocational Institute',
    ],
  },
  clinic: {
    first: [
      'Mercy',
      'Bethany',
      'Life Link',
      'Family Care',
      'Kisenyi',
      'Ebenezer',
      'Good Hope',
      'Nakawa',
      'Ntinda',
      'Mama Cares',
      'Healing Hands',
      'Shalom',
    ],
    kind: ['Medical Centre', 'Clinic', 'Health Centre III', 'Health Centre IV', 'Maternity Home', 'Dental Clinic', 'Diagnostic Centre'],
  },
  hospital: {
    first: [
      'St. Francis',
      'Holy Family',
      'Good Samaritan',
      'Our Lady of Lourdes',
      'Victoria',
      'Nile',
      'St. Joseph',
      'Pearl',
      'Bishop Asili',
      'Kagando',
    ],
    kind: ['Hospital', 'General Hospital', 'Community Hospital', 'Mission Hospital', 'Specialist Hospital'],
  },
  household: { first: [], kind: [] },
};

export const ROADS = [
  'Kira Road',
  'Jinja Road',
  'Entebbe Road',
  'Bombo Road',
  'Gayaza Road',
  'Masaka Road',
  'Hoima Road',
  'Main Street',
  'Market Street',
  'Church Road',
  'Hospital Road',
  'School Lane',
  'Station Road',
  'Republic Street',
];

/** Roles and skills come in families: schools hire educators, clinics and hospitals health workers, homes carers. */
export const FAMILIES = ['education', 'health', 'care'] as const;
export type Family = (typeof FAMILIES)[number];

export const FAMILY_DRAWS = weighted<Family>([
  ['education', 40],
  ['health', 45],
  ['care', 15],
]);

export const ROLE_DRAWS: Record<Family, ProfessionalRole[]> = {
  education: weighted<ProfessionalRole>([
    ['teacher', 60],
    ['teaching assistant', 15],
    ['special needs teacher', 10],
    ['early childhood teacher', 15],
  ]),
  health: weighted<ProfessionalRole>([
    ['nurse', 35],
    ['midwife', 15],
    ['nursing assistant', 15],
    ['clinical officer', 10],
    ['medical officer', 5],
    ['lab technician', 6],
    ['pharmacist', 3],
    ['pharmacy technician', 4],
    ['radiographer', 2],
    ['physiotherapist', 2],
    ['counsellor', 3],
  ]),
  care: weighted<ProfessionalRole>([
    ['caregiver', 60],
    ['nanny', 40],
  ]),
};

/** Households also hire nurses and nursing assistants for home care. */
export const HOUSEHOLD_ROLE_DRAWS = weighted<ProfessionalRole>([
  ['caregiver', 50],
  ['nanny', 30],
  ['nurse', 10],
  ['nursing assistant', 10],
]);

export const SKILLS: Record<Family, string[]> = {
  education: [
    'mathematics',
    'english',
    'physics',
    'chemistry',
    'biology',
    'luganda',
    'kiswahili',
    'ict',
    'geography',
    'history',
    'literature',
    'music',
    'physical education',
    'cre',
    'agriculture',
    'phonics',
    'uneb exam preparation',
    'sign language',
  ],
  health: [
    'triage',
    'wound care',
    'iv cannulation',
    'immunisation',
    'maternal health',
    'paediatrics',
    'hiv counselling',
    'emergency care',
    'icu',
    'theatre',
    'phlebotomy',
    'malaria testing',
    'family planning',
    'antenatal care',
    'pharmacy dispensing',
    'x-ray',
  ],
  care: [
    'elderly care',
    'dementia care',
    'first aid',
    'cooking',
    'child care',
    'special needs support',
    'night shifts',
    'bathing and dressing',
    'medication reminders',
    'homework help',
    'infant care',
    'housekeeping',
  ],
};

/** Rates in UGX, drawn uniformly between the bounds and rounded to 500. */
export const RATES: Record<Family, { day: [number, number]; hour: [number, number] }> = {
  education: { day: [30_000, 80_000], hour: [5_000, 15_000] },
  health: { day: [40_000, 150_000], hour: [8_000, 30_000] },
  care: { day: [20_000, 50_000], hour: [3_000, 8_000] },
};

/** Shifts by family as [start minute, length in minutes] in Kampala time; some run past midnight. */
export const SHIFTS: Record<Family, [number, number][]> = {
  education: [
    [480, 480],
    [450, 510],
    [480, 300],
    [420, 600],
    [840, 180],
  ],
  health: [
    [420, 480],
    [900, 480],
    [1380, 480],
    [480, 720],
    [1200, 720],
    [480, 540],
  ],
  care: [
    [480, 600],
    [1080, 720],
    [360, 720],
    [540, 480],
    [1200, 600],
  ],
};

/** Weekly availability patterns as [start minute, end minute). */
export const AVAILABILITY_PATTERNS: [number, number][] = [
  [480, 1020],
  [420, 900],
  [900, 1380],
  [0, 1440],
  [360, 1080],
];

export const JOB_OPENINGS = [
  'Cover needed while our regular staff member is on leave.',
  'Short-notice substitute for a colleague who is unwell.',
  'Extra hands for a busy week.',
  'Relief cover for the usual shift.',
  'Standing in during a training workshop.',
];

export const BIO_OPENINGS = [
  'Reliable and punctual.',
  'Calm under pressure.',
  'Patient and caring.',
  'Trained and registered.',
  'Happy to travel within the district.',
];

export const CANCEL_REASONS = [
  'Staff member returned early',
  'Shift no longer needed',
  'Posted by mistake',
  'Assignee fell ill',
  'School closed for the day',
];
