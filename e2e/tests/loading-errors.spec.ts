// Every step says what went wrong in the resident's language and offers a way on.
import { test, expect } from './fixtures';

test('an unknown centre says so and offers a retry', async ({ page }) => {
  await page.goto('/book/meal/no-such-centre');
  await expect(page.getByRole('alert')).toContainText('找不到这个服务中心');
  await expect(page.getByRole('button', { name: '重试' })).toBeVisible();
  await expect(page.getByRole('link', { name: '返回上一步' })).toBeVisible();
});

test('a lost connection keeps the page and recovers on retry', async ({ page }) => {
  await page.route('**/api/v1/slots**', (route) => route.abort('internetdisconnected'));
  await page.goto('/book/meal/dongshan-zhushan');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('连接不上服务器');

  // The language can change while the error is shown.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('alert')).toContainText("Can't reach the server");

  await page.unroute('**/api/v1/slots**');
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('link', { name: /Tomorrow/ })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a deep link opens the right step after a reload', { tag: '@clock' }, async ({ page }) => {
  await page.goto('/book/meal/dongshan-zhushan');
  await page.getByRole('link', { name: /明天/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请选择时间');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('请选择时间');
  // The device's configuration is found from any depth of the app.
  await expect(page.getByText('未能读取本机配置')).toHaveCount(0);
  await expect(page.getByText('竹山社区党群服务中心')).toBeVisible();
});
