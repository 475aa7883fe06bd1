import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * What every page must pass, at every viewport: no serious or critical accessibility violation, no
 * horizontal scrolling; and a full-page screenshot kept in test-results/e2e/screenshots/<project>/.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  const { project } = test.info();
  await page.screenshot({ path: path.join(project.outputDir, 'screenshots', project.name, `${name}.png`), fullPage: true });

  const viewportWidth = page.viewportSize()!.width;
  const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(scrollWidth, `${name} scrolls sideways at ${viewportWidth} px`).toBeLessThanOrEqual(viewportWidth);

  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
  expect(serious, `accessibility of ${name}`).toEqual([]);
}

/** Opens a page of the signed-in navigation, through the Menu button on narrow screens. */
export async function openFromMenu(page: Page, label: string): Promise<void> {
  // The signed-in navigation appears once the session is restored; only then is it clear whether the Menu button shows.
  await page.locator('#site-nav').waitFor({ state: 'attached' });
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) {
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
  }
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
}

/**
 * Reloads `page` until `check` passes: for what settles in the background (payouts). Each reload
 * waits for the page's heading first, so a slow load is not taken for a failed check.
 */
export async function reloadUntil(page: Page, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await check();
  }).toPass({ timeout: 60_000 });
}

/**
 * Pages on through a list shown oldest first (other tests' rows may come before) until `item`
 * shows. Each step waits for the list to settle: until the item or the "Show more" button shows,
 * since the button reads "Loading…" while a page loads.
 */
export async function showMoreUntilVisible(page: Page, item: Locator): Promise<void> {
  const showMore = page.getByRole('button', { name: 'Show more' });
  for (;;) {
    await expect(item.or(showMore).first()).toBeVisible();
    if (await item.isVisible()) return;
    await showMore.click();
  }
}
