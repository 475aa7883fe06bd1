import { expect, test, type APIRequestContext } from '@playwright/test';
import { checkPage, openFromMenu } from './support/checks.js';
import { kampalaDateIn, saveInstitutionProfile, signedInPage, verifyProfessional } from './support/jobs.js';

/** A skill no other test's professionals hold, so this test's professional ranks first among the matches. */
const SKILL = 'kampala sign language';

async function postShift(request: APIRequestContext, accessToken: string, startTime: string): Promise<string> {
  const posted = await request.post('/api/v1/jobs', {
    headers: { authorization: `Bearer ${accessToken}` },
    data: {
      role: 'teacher',
      skills: [SKILL],
      description: 'Cover a P5 class that signs.',
      date: kampalaDateIn(4),
      startTime,
      endTime: '12:00',
      rateAmount: 45000,
      rateUnit: 'day',
      district: 'Kampala',
    },
  });
  expect(posted.status(), await posted.text()).toBe(201);
  return ((await posted.json()) as { id: string }).id;
}

test('an institution marks a professional a favourite from the matches, posts a shift, and the favourite sees it offered to them first while others cannot open it', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const institution = await signedInPage(browser, page, 'institution');
  const fan = await signedInPage(browser, page, 'professional');
  const other = await signedInPage(browser, page, 'professional');
  await verifyProfessional(request, fan.user.accessToken, { roles: ['teacher'], skills: [SKILL], experienceYears: 5 });
  await verifyProfessional(request, other.user.accessToken, { roles: ['teacher'], skills: ['history'], experienceYears: 1 });
  await saveInstitutionProfile(request, institution.user.accessToken, institution.user.name);

  // The institution finds the professional among a shift's matches and marks them a favourite.
  const school = institution.page;
  const first = await postShift(request, institution.user.accessToken, '08:00');
  await school.goto(`/jobs/${first}`);
  const match = school.getByRole('region', { name: 'Best-matched professionals' }).getByRole('listitem').filter({ hasText: fan.user.name });
  await match.getByRole('button', { name: `Add ${fan.user.name} to favourites` }).click();
  await expect(match.getByRole('status')).toHaveText(
    `${fan.user.name} is one of your favourites: they see and are offered your new shifts first.`,
  );
  await expect(match.getByRole('button', { name: `Remove ${fan.user.name} from favourites` })).toBeVisible();
  await checkPage(school, 'favourites-matches');

  // The favourites page lists them.
  await openFromMenu(school, 'Favourites');
  await expect(school.getByRole('heading', { level: 1 })).toHaveText('Your favourite professionals');
  const listed = school.getByRole('listitem').filter({ hasText: fan.user.name });
  await expect(listed).toContainText('100 of 100');
  await checkPage(school, 'favourites-list');

  // A new shift: its favourite sees it, offered to them first; anyone else cannot open it yet.
  const second = await postShift(request, institution.user.accessToken, '09:00');
  const favourite = fan.page;
  await favourite.goto(`/jobs/${second}`);
  await expect(favourite.getByRole('status').filter({ hasText: `${institution.user.name} offered this shift to you first` })).toBeVisible();
  await expect(favourite.getByRole('button', { name: 'Accept this shift' })).toBeVisible();
  await checkPage(favourite, 'favourites-offered-first');
  await favourite.goto('/notifications');
  await expect(
    favourite.getByText(`${institution.user.name} marked you a favourite and offers you the teacher shift`).first(),
  ).toBeVisible();

  await other.page.goto(`/jobs/${second}`);
  await expect(other.page.getByRole('alert')).toBeVisible();
  await expect(other.page.getByRole('button', { name: 'Accept this shift' })).toHaveCount(0);
});
