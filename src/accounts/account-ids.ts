/**
 * The identifiers of AWS Organizations the selection takes from users: account ids, OU and root ids,
 * member role names. Each parser throws a {@link UserInputError} naming the flag (or variable) and
 * the value.
 */
import { UserInputError } from '../errors';

/** The member role's default name (the one deploy/member-role.yml creates). */
export const DEFAULT_MEMBER_ROLE_NAME = 'vpce-auditor-member';

/** Accounts audited at once by default. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 8;

/** A 12-digit AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;

/** An organizational unit (`ou-…-…`) or root (`r-…`) id, as Organizations spells them. */
export const PARENT_ID = /^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

/** An IAM role name (without path): 1–64 of letters, digits and `+=,.@_-`. */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** An STS external id: 2–1224 of letters, digits and `+=,.@:/-` and spaces. */
export const EXTERNAL_ID = /^[\w+=,.@:/ -]{2,1224}$/;

function items(value: string, flag: string): string[] {
  const list = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (list.length === 0) throw new UserInputError(`${flag}: "${value}" is empty`);
  return [...new Set(list)];
}

/** `111122223333,444455556666` → the account ids, sorted, each checked for form. */
export function parseAccountIds(value: string, flag: string): string[] {
  const ids = items(value, flag);
  for (const id of ids) {
    if (!ACCOUNT_ID.test(id))
      throw new UserInputError(`${flag}: "${id}" is not an AWS account id (12 digits)`);
  }
  return ids.sort();
}

/** `ou-ab12-cdef3456,r-ab12` → the OU and root ids, each checked for form. */
export function parseParentIds(value: string, flag: string): string[] {
  const ids = items(value, flag);
  for (const id of ids) {
    if (!PARENT_ID.test(id)) {
      throw new UserInputError(
        `${flag}: "${id}" is not an organizational unit id (ou-…-…) or a root id (r-…)`,
      );
    }
  }
  return ids;
}

/** A member role name, checked for form. */
export function parseRoleName(value: string, flag: string): string {
  const name = value.trim();
  if (!ROLE_NAME.test(name)) {
    throw new UserInputError(
      `${flag}: "${value}" is not an IAM role name (1-64 of letters, digits and +=,.@_-)`,
    );
  }
  return name;
}

/** An external id, checked for form. */
export function parseExternalId(value: string, flag: string): string {
  if (!EXTERNAL_ID.test(value)) {
    throw new UserInputError(
      `${flag}: "${value}" is not an STS external id (2-1224 of letters, digits, spaces and +=,.@:/-)`,
    );
  }
  return value;
}
