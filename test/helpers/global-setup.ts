// Runs once before the test files: finds which interop programs are missing, says so in
// one line (or fails the run when H5TABLES_REQUIRE_INTEROP=1), and passes the answer on.
import { INTEROP_PACKAGES, MISSING_ENV, probeMissingTools } from './interop';

export default function setup(): void {
  const missing = probeMissingTools();
  process.env[MISSING_ENV] = missing.join(',');
  if (missing.length === 0) return;
  const packages = missing.map((t) => INTEROP_PACKAGES[t]).join(' ');
  if (process.env.H5TABLES_REQUIRE_INTEROP === '1') {
    throw new Error(
      `H5TABLES_REQUIRE_INTEROP=1 but ${missing.join(', ')} missing: apt-get install ${packages}`,
    );
  }
  console.log(
    `h5tables: interop tests against ${missing.join(', ')} are skipped (not installed): apt-get install ${packages}`,
  );
}
