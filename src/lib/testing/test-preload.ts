/**
 * Loaded by `bun test` before every test file (bunfig.toml `[test] preload`): hooks for the whole run of a test process.
 */
import { afterAll } from "bun:test";
import { removeTestTempDirs } from "./test-temp-dir.ts";

afterAll(removeTestTempDirs);
