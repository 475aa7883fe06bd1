import { z } from 'zod';

/**
 * Uganda's local governments by region: the 135 districts, Kampala Capital City and the ten cities
 * that became separate local governments on 1 July 2020 (146 in all). Spelling follows the
 * Ministry of Local Government.
 */
export const DISTRICTS_BY_REGION = {
  Central: [
    'Buikwe',
    'Bukomansimbi',
    'Butambala',
    'Buvuma',
    'Gomba',
    'Kalangala',
    'Kalungu',
    'Kampala',
    'Kassanda',
    'Kayunga',
    'Kiboga',
    'Kyankwanzi',
    'Kyotera',
    'Luweero',
    'Lwengo',
    'Lyantonde',
    'Masaka',
    'Masaka City',
    'Mityana',
    'Mpigi',
    'Mubende',
    'Mukono',
    'Nakaseke',
    'Nakasongola',
    'Rakai',
    'Sembabule',
    'Wakiso',
  ],
  Eastern: [
    'Amuria',
    'Budaka',
    'Bududa',
    'Bugiri',
    'Bugweri',
    'Bukedea',
    'Bukwo',
    'Bulambuli',
    'Busia',
    'Butaleja',
    'Butebo',
    'Buyende',
    'Iganga',
    'Jinja',
    'Jinja City',
    'Kaberamaido',
    'Kalaki',
    'Kaliro',
    'Kamuli',
    'Kapchorwa',
    'Kapelebyong',
    'Katakwi',
    'Kibuku',
    'Kumi',
    'Kween',
    'Luuka',
    'Manafwa',
    'Mayuge',
    'Mbale',
    'Mbale City',
    'Namayingo',
    'Namisindwa',
    'Namutumba',
    'Ngora',
    'Pallisa',
    'Serere',
    'Sironko',
    'Soroti',
    'Soroti City',
    'Tororo',
  ],
  Northern: [
    'Abim',
    'Adjumani',
    'Agago',
    'Alebtong',
    'Amolatar',
    'Amudat',
    'Amuru',
    'Apac',
    'Arua',
    'Arua City',
    'Dokolo',
    'Gulu',
    'Gulu City',
    'Kaabong',
    'Karenga',
    'Kitgum',
    'Koboko',
    'Kole',
    'Kotido',
    'Kwania',
    'Lamwo',
    'Lira',
    'Lira City',
    'Madi-Okollo',
    'Maracha',
    'Moroto',
    'Moyo',
    'Nabilatuk',
    'Nakapiripirit',
    'Napak',
    'Nebbi',
    'Nwoya',
    'Obongi',
    'Omoro',
    'Otuke',
    'Oyam',
    'Pader',
    'Pakwach',
    'Terego',
    'Yumbe',
    'Zombo',
  ],
  Western: [
    'Buhweju',
    'Buliisa',
    'Bundibugyo',
    'Bunyangabu',
    'Bushenyi',
    'Fort Portal City',
    'Hoima',
    'Hoima City',
    'Ibanda',
    'Isingiro',
    'Kabale',
    'Kabarole',
    'Kagadi',
    'Kakumiro',
    'Kamwenge',
    'Kanungu',
    'Kasese',
    'Kazo',
    'Kibaale',
    'Kikuube',
    'Kiruhura',
    'Kiryandongo',
    'Kisoro',
    'Kitagwenda',
    'Kyegegwa',
    'Kyenjojo',
    'Masindi',
    'Mbarara',
    'Mbarara City',
    'Mitooma',
    'Ntoroko',
    'Ntungamo',
    'Rubanda',
    'Rubirizi',
    'Rukiga',
    'Rukungiri',
    'Rwampara',
    'Sheema',
  ],
} as const;

export type Region = keyof typeof DISTRICTS_BY_REGION;
export type DistrictName = (typeof DISTRICTS_BY_REGION)[Region][number];

/** Every district, alphabetically: what a district picker offers. */
export const UGANDA_DISTRICTS: readonly DistrictName[] = Object.values(DISTRICTS_BY_REGION)
  .flat()
  .sort((a, b) => a.localeCompare(b, 'en'));

/** Spellings in common use that name the same district. */
const ALIASES: Record<string, DistrictName> = {
  luwero: 'Luweero',
  kasanda: 'Kassanda',
  ssembabule: 'Sembabule',
  'madi okollo': 'Madi-Okollo',
  'fort portal': 'Fort Portal City',
  'kampala capital city': 'Kampala',
};

const lookupKey = (name: string) =>
  name
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/ district$/, '');

const BY_KEY = new Map<string, DistrictName>([
  ...UGANDA_DISTRICTS.map((district) => [lookupKey(district), district] as const),
  ...Object.entries(ALIASES),
]);

/** The official spelling of a district typed in any letter case (or a common variant), or undefined. */
export function canonicalDistrict(input: string): DistrictName | undefined {
  return BY_KEY.get(lookupKey(input));
}

/** Request field: any letter case or a common variant in; the official spelling out. */
export const District = z
  .string()
  .max(60)
  .transform((value, ctx) => {
    const district = canonicalDistrict(value);
    if (district) return district;
    ctx.addIssue({ code: 'custom', message: 'Choose one of Uganda’s districts' });
    return z.NEVER;
  })
  .meta({ description: 'One of Uganda’s districts (or cities), e.g. "Kampala", "Gulu City"' });
