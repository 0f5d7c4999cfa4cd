import assert from "node:assert/strict";
import { test } from "node:test";
import { resetWidgetsSession, takeWidgetsBundle } from "../../src/notebook/widgetsSession.js";

test("takeWidgetsBundle() is true once per kernel session, then false", () => {
  resetWidgetsSession();
  assert.deepEqual([takeWidgetsBundle(), takeWidgetsBundle(), takeWidgetsBundle()], [true, false, false]);
});

test("resetWidgetsSession() makes the next output carry the bundle again", () => {
  resetWidgetsSession();
  takeWidgetsBundle();
  resetWidgetsSession();
  assert.equal(takeWidgetsBundle(), true);
});

test("the session is kept on globalThis under a versioned symbol, so two copies of the module share it", () => {
  resetWidgetsSession();
  const key = Object.getOwnPropertySymbols(globalThis).find((s) => s.description?.startsWith("lmdiff.widgetsSent."));
  assert.equal(key, undefined);
  takeWidgetsBundle();
  assert.equal((globalThis as Record<symbol, unknown>)[Symbol.for("lmdiff.widgetsSent.v2")], true);
});
