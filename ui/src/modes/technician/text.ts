// Technician mode's words for a problem: its own support codes from its catalogue, the others as
// the rest of the app shows them.
import type { UserFacing } from "../../bindings/UserFacing";
import { catalogue, problemText } from "../../lib/i18n";
import type { PersonFound } from "../../bindings/PersonFound";

export function techProblemText(problem: UserFacing): { summary: string; nextStep: string } {
  const own = (catalogue().technician.problems as Record<string, { summary: string; nextStep: string }>)[
    problem.code
  ];
  return own ?? problemText(problem);
}

/** "Jane Doe (jdoe)", or the username alone. */
export function personName(person: Pick<PersonFound, "username" | "displayName">): string {
  return person.displayName ? `${person.displayName} (${person.username})` : person.username;
}
