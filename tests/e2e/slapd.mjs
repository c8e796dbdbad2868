// A real OpenLDAP slapd for the end-to-end tests (tests/fixtures/ldap/slapd.sh: LDAPS on a free
// port, its own CA, users alice / bob / carol with the demo passwords). The app verifies against
// it instead of the simulator's built-in directory. A watchdog in the fixture stops slapd when
// this test process exits, even if it is killed.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo } from "./driver.mjs";

const script = join(repo, "tests/fixtures/ldap/slapd.sh");

export function startSlapd() {
  const dir = mkdtempSync(join(tmpdir(), "baton-e2e-slapd-"));
  let out;
  try {
    out = execFileSync("bash", [script, "start", dir], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, BATON_FIXTURE_OWNER_PID: String(process.pid), BATON_FIXTURE_REMOVE_DIR: "1" },
    });
  } catch (e) {
    throw new Error(
      `slapd could not be started (${e.message}); install it with: bash tests/fixtures/ldap/install-deps.sh`,
    );
  }
  const vars = Object.fromEntries(
    out
      .split("\n")
      .filter((line) => line.startsWith("BATON_TEST_SLAPD_"))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  const ca = readFileSync(vars.BATON_TEST_SLAPD_CA, "utf8");
  return {
    /** Baton's directory keys for this slapd, plus `trusted` (e.g. the simulator's CA). */
    keys(trusted = []) {
      return {
        DirectoryType: "ldap",
        LDAPURL: vars.BATON_TEST_SLAPD_LDAPS_URL,
        LDAPBindTemplate: vars.BATON_TEST_SLAPD_BIND_TEMPLATE,
        LDAPBaseDN: vars.BATON_TEST_SLAPD_BASE_DN,
        LDAPUserFilter: vars.BATON_TEST_SLAPD_USER_FILTER,
        TrustedCACertificates: [...trusted, ca],
      };
    },
    /** The same directory with the ACL that lets a person read only their own entry
     *  (`access to * by self read by anonymous auth by * none`), trusting slapd's CA for LDAP only
     *  and `uemTrusted` (e.g. the simulator's CA) for UEM only. */
    selfonlyKeys(uemTrusted = []) {
      return {
        DirectoryType: "ldap",
        LDAPURL: vars.BATON_TEST_SLAPD_SELFONLY_LDAPS_URL,
        LDAPBindTemplate: vars.BATON_TEST_SLAPD_BIND_TEMPLATE,
        LDAPBaseDN: vars.BATON_TEST_SLAPD_BASE_DN,
        LDAPUserFilter: vars.BATON_TEST_SLAPD_USER_FILTER,
        TrustedCACertificates: undefined,
        UEMTrustedCACertificates: uemTrusted,
        LDAPTrustedCACertificates: [ca],
        LDAPUsePlatformRoots: false,
      };
    },
    stop() {
      execFileSync("bash", [script, "stop", dir], { stdio: "ignore" });
    },
  };
}
