// What the integration globalSetup hands to the test files (vitest `provide` / `inject`).
// The same values are also put in process.env (SOCLE_TEST_*) for child processes.

export interface SocleTestContext {
  /** Temp folder of this test run (removed at teardown); per-file SQLite copies live under it. */
  socleTestRoot: string;
  /** URL of the throwaway PostgreSQL server's maintenance database (`postgres`). */
  soclePgUrl: string;
  /** SQLite file with the migrations applied and the reference data imported. */
  socleSqliteTemplate: string;
  /** Name of the PostgreSQL template database with the migrations applied and the reference data imported. */
  soclePgTemplate: string;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface ProvidedContext extends SocleTestContext {}
}

export const ENV = {
  socleTestRoot: 'SOCLE_TEST_ROOT',
  soclePgUrl: 'SOCLE_TEST_PG_URL',
  socleSqliteTemplate: 'SOCLE_TEST_SQLITE_TEMPLATE',
  soclePgTemplate: 'SOCLE_TEST_PG_TEMPLATE',
} as const satisfies Record<keyof SocleTestContext, string>;
