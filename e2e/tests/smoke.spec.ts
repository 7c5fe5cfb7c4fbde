// Placeholder smoke tests: the app team replaces these with the real flows.
import { test, expect, API } from './fixtures';

test('the server is healthy', async ({ api }) => {
  const res = await api.get(`${API}/health`);
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

test('home page shows its heading', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
