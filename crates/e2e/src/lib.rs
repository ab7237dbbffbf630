//! End-to-end tests of Jalin live in `tests/`: the real router over a fresh database with
//! reference data and the demo dataset, driven by headless Chromium through chromedriver
//! (WebDriver), with axe-core checking every main page for accessibility. The tests skip
//! with a printed reason when Chromium, chromedriver or axe-core are missing, unless
//! `JALIN_E2E_REQUIRED=1` (as in CI), where a missing tool fails them.
