import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS } from "../helpers/chromiumArgs.js";

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROME_BIN || "/usr/bin/chromium", args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Remove every <script> element: what a sanitising viewer leaves of an output. */
export function stripScripts(html: string): string {
  return html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
}

export interface ViewState {
  live: boolean;
  fallbackHidden: boolean;
  kind: "instance" | "corpus" | "none";
  strip: boolean;
  error: string | null;
}

/** What each <lmdiff-view-v2> on the page shows, once every live view had a chance to start. */
export async function viewStates(page: Page, timeout = 20_000): Promise<ViewState[]> {
  await page.waitForFunction(
    () => [...document.querySelectorAll("lmdiff-view-v2")].every((v) => v.querySelector(":scope > .lmdiff-live, :scope > .lmdiff-error")),
    undefined,
    { timeout },
  );
  // Lit renders asynchronously: wait for the token strips too.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll("lmdiff-view-v2 lmdiff-instance-view, lmdiff-view-v2 lmdiff-aligned-view")].every((e) =>
        e.shadowRoot?.querySelector(".strip svg"),
      ),
    undefined,
    { timeout },
  );
  return page.evaluate(() =>
    [...document.querySelectorAll("lmdiff-view-v2")].map((v) => {
      // A text's view: token by token, or (two tokenizers) on bytes.
      const one = "lmdiff-instance-view, lmdiff-aligned-view";
      const inst = v.querySelector(one) ?? v.querySelector("lmdiff-app")?.shadowRoot?.querySelector(one);
      const img = v.querySelector<HTMLImageElement>(":scope > img.lmdiff-fallback");
      return {
        live: !!v.querySelector(":scope > .lmdiff-live"),
        fallbackHidden: !!img && getComputedStyle(img).display === "none",
        kind: v.querySelector("lmdiff-app")
          ? ("corpus" as const)
          : v.querySelector("lmdiff-instance-view, lmdiff-aligned-view")
            ? ("instance" as const)
            : ("none" as const),
        strip: !!inst?.shadowRoot?.querySelector(".strip svg"),
        error: v.querySelector(":scope > .lmdiff-error")?.textContent ?? null,
      };
    }),
  );
}

/**
 * Hover token `i` of the first instance view (inside an app or not) and
 * return the text of the card it shows.
 */
export async function hoverToken(page: Page, i = 2): Promise<string> {
  if ((await page.locator("lmdiff-view-v2 lmdiff-instance-view").count()) === 0) {
    // Only views of two tokenizers: a click on character i shows both models' cards for the tokens over it.
    const aligned = page.locator("lmdiff-view-v2 lmdiff-aligned-view").first();
    await aligned.scrollIntoViewIfNeeded();
    await aligned.locator(`.strip rect.ch[data-c='${i}']`).first().click();
    const cards = aligned.locator(".cards .card");
    await cards.nth(1).waitFor({ timeout: 5_000 });
    return (await cards.allTextContents()).join(" ").replace(/\s+/g, " ").trim();
  }
  const view = page.locator("lmdiff-view-v2 lmdiff-instance-view").first();
  await view.scrollIntoViewIfNeeded();
  await view.locator(`.strip g.tok[data-i='${i}'] rect`).first().hover();
  const card = view.locator(".details lmdiff-token-card");
  await card.waitFor({ timeout: 5_000 });
  return (await card.evaluate((e) => e.shadowRoot?.textContent ?? "")).replace(/\s+/g, " ").trim();
}

/** Size of each fallback picture as laid out, and whether its image data loaded. */
export function fallbackSizes(page: Page): Promise<{ width: number; height: number; natural: number; visible: boolean }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLImageElement>("img.lmdiff-fallback")].map((img) => {
      const r = img.getBoundingClientRect();
      return { width: r.width, height: r.height, natural: img.naturalWidth, visible: getComputedStyle(img).display !== "none" };
    }),
  );
}
