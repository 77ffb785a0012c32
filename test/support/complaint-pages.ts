/**
 * The complaint window's pages as a browser test drives them: by the controls' ids and roles, never by their
 * texts, so one helper serves both languages. `Page` or `Frame` (the window inside a partner's iframe).
 */
import type { Frame, Page } from 'playwright-core';

type Surface = Page | Frame;

export interface ComplaintInput {
  category?: string;
  title?: string;
  description?: string;
  /** A datetime-local value. */
  occurredAt?: string;
  url?: string;
  name?: string;
  urls?: string[];
  anonymous?: boolean;
  contact?: { name?: string; phone?: string; email?: string };
  employee?: boolean;
  files?: { name: string; mimeType: string; buffer: Buffer }[];
}

export const A_COMPLAINT: Required<Pick<ComplaintInput, 'category' | 'title' | 'description' | 'occurredAt' | 'url'>> = {
  category: 'fraud',
  title: '网店收款后不发货',
  description: '我于 11 月 1 日在该网店购买一部手机并付款 2,999 元，卖家承诺三天内发货，至今未发货，客服也不再回复。',
  occurredAt: '2026-11-01T10:30',
  url: 'https://shop.example.cn/item/42',
};

/** Fills the first step; waits for the respondent match when a URL is given. */
export async function fillComplaint(s: Surface, input: ComplaintInput = {}): Promise<void> {
  const c = { ...A_COMPLAINT, ...input };
  await s.locator('#f-category option[value="fraud"]').waitFor({ state: 'attached' });
  await s.locator('#f-category').selectOption(c.category);
  await s.locator('#f-title').fill(c.title);
  await s.locator('#f-description').fill(c.description);
  await s.locator('#f-occurredAt').fill(c.occurredAt);
  await s.locator('#f-respondent-url').fill(c.url);
  if (c.url) await s.locator('.match.match-member, .match.match-none').waitFor();
  if (input.name) await s.locator('#f-respondent-name').fill(input.name);
  if (input.urls) await s.locator('#f-urls').fill(input.urls.join('\n'));
  if (input.files) await s.locator('#f-evidence').setInputFiles(input.files);
  if (input.anonymous) await s.locator('#c-anonymous').check();
  else {
    const contact = input.contact ?? { name: '张三', email: 'zhang.san@example.cn' };
    if (contact.name) await s.locator('#f-complainant-name').fill(contact.name);
    if (contact.phone) await s.locator('#f-complainant-phone').fill(contact.phone);
    if (contact.email) await s.locator('#f-complainant-email').fill(contact.email);
  }
  if (input.employee) await s.locator('#f-isEmployeeOfRespondent').check();
}

/** From the form to the review step. */
export async function toReview(s: Surface): Promise<void> {
  await s.locator('form.complaint-form button[type=submit]').click();
  await s.locator('.review').waitFor();
}

/** Consents and sends from the review step (the page waits for the proof-of-work itself). */
export async function send(s: Surface): Promise<void> {
  await s.locator('#f-consent').check();
  await s.locator('form.final button[type=submit]').click();
}

export async function readReceipt(s: Surface): Promise<{ reference: string; receiptCode: string }> {
  await s.locator('#receipt-code').waitFor({ timeout: 30_000 });
  return {
    reference: (await s.locator('#receipt-reference').textContent())!.trim(),
    receiptCode: (await s.locator('#receipt-code').textContent())!.trim(),
  };
}

/** Opens /follow and enters the reference and the receipt code. */
export async function openFollowUp(page: Page, base: string, reference: string, receiptCode: string, lang?: 'en' | 'zh-CN'): Promise<void> {
  await page.goto(`${base}/follow${lang ? `?lang=${lang}` : ''}`);
  await page.locator('#f-follow-reference').fill(reference);
  await page.locator('#f-follow-code').fill(receiptCode);
  await page.locator('form.lookup button[type=submit]').click();
  await page.locator('.state-card').waitFor();
}

/** Presses Tab until the element matching `selector` has focus (at most `max` presses); fails if it never does. */
export async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} was not reached with ${max} presses of Tab`);
}

/** The focused element's outline: keyboard focus must be visible. */
export const focusOutline = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const s = getComputedStyle(document.activeElement!);
    return `${s.outlineStyle} ${s.outlineWidth}`;
  });

/** Whether the page scrolls sideways (it must not, down to 360 px). */
export const overflowsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
