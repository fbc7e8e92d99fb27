import type { IkStrings } from '../../src/i18n/strings.ts';
import type { FieldErrors } from '../../src/schema/errors.ts';
import { englishErrors, issuesToFields } from '../../src/schema/messages.ts';
import {
  provider as providerSchema,
  verificationRecipe,
  type AuthType,
  type CredentialField,
  type Provider,
  type ProviderInput,
  type ProviderView,
  AVAILABILITY,
  FIELD_FORMATS,
} from '../../src/schema/provider.ts';

/** What the form edits: one catalog row as the inputs hold it (strings, toggles, ordered rows). */
export interface ProviderDraft {
  key: string;
  name: string;
  category: string;
  /** The category is typed in ("New category…") rather than chosen from the catalog's. */
  categoryIsNew: boolean;
  logo: string;
  description: string;
  authType: AuthType;
  credentials: CredentialDraft[];
  helpUrl: string;
  helpInstructions: string;
  verify: boolean;
  method: Method;
  verifyUrl: string;
  headers: HeaderDraft[];
  basicAuth: boolean;
  basicUsername: string;
  basicPassword: string;
  body: string;
  validStatuses: string;
  invalidStatuses: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  userInfoUrl: string;
  scopes: string;
  /** One line per described scope: the scope, a space, its plain words (scopes never hold spaces). */
  scopeDescriptions: string;
  clientIdRef: string;
  availability: Availability;
}

export interface CredentialDraft {
  /** Stable identity of the row while it is moved around (input ids, repeat keys). */
  uid: number;
  name: string;
  label: string;
  hint: string;
  placeholder: string;
  pattern: string;
  secret: boolean;
  optional: boolean;
  format: FieldFormat;
}

export interface HeaderDraft {
  uid: number;
  name: string;
  value: string;
}

export type Method = 'GET' | 'HEAD' | 'POST';
export type FieldFormat = (typeof FIELD_FORMATS)[number];
export type Availability = (typeof AVAILABILITY)[number];
export const METHODS: readonly Method[] = ['GET', 'HEAD', 'POST'];

/** One problem, placed on an input: `id` is the input's id ('' when no input owns it). */
export interface FormError {
  id: string;
  label: string;
  /** Which repeated row it is in ("Credential field 2 (API key)"), for the summary. */
  context?: string | undefined;
  message: string;
}

/** Problems by the id of the input they belong to (or `?path` when none does). */
export type FormErrors = Record<string, FormError>;

let lastUid = 0;
const nextUid = () => ++lastUid;

export function credentialDraft(field?: CredentialField): CredentialDraft {
  return {
    uid: nextUid(),
    name: field?.name ?? '',
    label: field?.label ?? '',
    hint: field?.hint ?? '',
    placeholder: field?.placeholder ?? '',
    pattern: field?.pattern ?? '',
    secret: field?.secret ?? true,
    optional: field?.optional ?? false,
    format: field?.format ?? 'text',
  };
}

export function headerDraft(name = '', value = ''): HeaderDraft {
  return { uid: nextUid(), name, value };
}

export function emptyDraft(): ProviderDraft {
  return {
    key: '',
    name: '',
    category: '',
    categoryIsNew: false,
    logo: '',
    description: '',
    authType: 'api_key',
    credentials: [credentialDraft()],
    helpUrl: '',
    helpInstructions: '',
    verify: false,
    method: 'GET',
    verifyUrl: '',
    headers: [],
    basicAuth: false,
    basicUsername: '',
    basicPassword: '',
    body: '',
    validStatuses: '200',
    invalidStatuses: '401, 403',
    authorizeUrl: '',
    tokenUrl: '',
    revokeUrl: '',
    userInfoUrl: '',
    scopes: '',
    scopeDescriptions: '',
    clientIdRef: '',
    availability: 'available',
  };
}

export function draftFromProvider(p: ProviderView): ProviderDraft {
  const recipe = p.verification;
  return {
    ...emptyDraft(),
    key: p.key,
    name: p.name,
    category: p.category,
    logo: p.logo,
    description: p.description,
    authType: p.authType,
    credentials: p.credentials.map(credentialDraft),
    helpUrl: p.help.url ?? '',
    helpInstructions: p.help.instructions,
    ...(recipe && {
      verify: true,
      method: recipe.method,
      verifyUrl: recipe.url,
      headers: Object.entries(recipe.headers ?? {}).map(([name, value]) => headerDraft(name, value)),
      basicAuth: recipe.basicAuth !== undefined,
      basicUsername: recipe.basicAuth?.username ?? '',
      basicPassword: recipe.basicAuth?.password ?? '',
      body: recipe.body ?? '',
      validStatuses: recipe.validStatuses.join(', '),
      invalidStatuses: recipe.invalidStatuses.join(', '),
    }),
    ...(p.oauth && {
      authorizeUrl: p.oauth.authorizeUrl,
      tokenUrl: p.oauth.tokenUrl,
      revokeUrl: p.oauth.revokeUrl ?? '',
      userInfoUrl: p.oauth.userInfoUrl ?? '',
      scopes: p.oauth.scopes.join(' '),
      scopeDescriptions: Object.entries(p.oauth.scopeDescriptions ?? {}).map(([scope, words]) => `${scope} ${words}`).join('\n'),
      clientIdRef: p.oauth.clientIdRef,
    }),
    availability: p.availability,
  };
}

/** The `{{placeholders}}` a recipe of this draft may use. */
export function placeholderNames(draft: ProviderDraft): string[] {
  const names = shownCredentials(draft).map((c) => c.name.trim()).filter(Boolean);
  return draft.authType === 'oauth2' ? [...names, 'accessToken'] : names;
}

/** OAuth providers sign in instead of pasting: their rows carry no credential fields. */
export function shownCredentials(draft: ProviderDraft): CredentialDraft[] {
  return draft.authType === 'oauth2' ? [] : draft.credentials;
}

export const ids = {
  key: 'f-key',
  name: 'f-name',
  category: 'f-category',
  categoryNew: 'f-category-new',
  logoFile: 'f-logo-file',
  logoUrl: 'f-logo-url',
  description: 'f-description',
  authType: 'f-auth-api_key',
  addCredential: 'f-add-credential',
  credential: (uid: number, prop: keyof CredentialDraft) => `f-cred-${uid}-${prop}`,
  helpUrl: 'f-help-url',
  helpInstructions: 'f-help-instructions',
  verify: 'f-verify',
  method: 'f-method',
  verifyUrl: 'f-verify-url',
  addHeader: 'f-add-header',
  header: (uid: number, prop: 'name' | 'value') => `f-header-${uid}-${prop}`,
  basicAuth: 'f-basic-auth',
  basicUsername: 'f-basic-username',
  basicPassword: 'f-basic-password',
  body: 'f-body',
  validStatuses: 'f-valid-statuses',
  invalidStatuses: 'f-invalid-statuses',
  authorizeUrl: 'f-authorize-url',
  tokenUrl: 'f-token-url',
  revokeUrl: 'f-revoke-url',
  userInfoUrl: 'f-user-info-url',
  scopes: 'f-scopes',
  scopeDescriptions: 'f-scope-descriptions',
  clientIdRef: 'f-client-id-ref',
  availability: (value: Availability) => `f-availability-${value}`,
};

type Labels = IkStrings['catalogLabels'];

/** Field paths of the schema (and of the server's 400s) whose input has a fixed id. */
const FIXED: Record<string, [string, keyof Labels]> = {
  key: [ids.key, 'key'],
  name: [ids.name, 'name'],
  description: [ids.description, 'description'],
  authType: [ids.authType, 'authType'],
  credentials: [ids.addCredential, 'credentials'],
  help: [ids.helpUrl, 'helpUrl'],
  'help.url': [ids.helpUrl, 'helpUrl'],
  'help.instructions': [ids.helpInstructions, 'helpInstructions'],
  verification: [ids.verifyUrl, 'verifyUrl'],
  'verification.method': [ids.method, 'method'],
  'verification.url': [ids.verifyUrl, 'verifyUrl'],
  'verification.basicAuth': [ids.basicUsername, 'basicUsername'],
  'verification.basicAuth.username': [ids.basicUsername, 'basicUsername'],
  'verification.basicAuth.password': [ids.basicPassword, 'basicPassword'],
  'verification.body': [ids.body, 'body'],
  'verification.validStatuses': [ids.validStatuses, 'validStatuses'],
  'verification.invalidStatuses': [ids.invalidStatuses, 'invalidStatuses'],
  oauth: [ids.authorizeUrl, 'authorizeUrl'],
  'oauth.authorizeUrl': [ids.authorizeUrl, 'authorizeUrl'],
  'oauth.tokenUrl': [ids.tokenUrl, 'tokenUrl'],
  'oauth.revokeUrl': [ids.revokeUrl, 'revokeUrl'],
  'oauth.userInfoUrl': [ids.userInfoUrl, 'userInfoUrl'],
  'oauth.scopes': [ids.scopes, 'scopes'],
  'oauth.scopeDescriptions': [ids.scopeDescriptions, 'scopeDescriptions'],
  'oauth.clientIdRef': [ids.clientIdRef, 'clientIdRef'],
};

const CREDENTIAL_LABELS: Partial<Record<keyof CredentialDraft, keyof Labels>> = {
  name: 'fieldName',
  label: 'fieldLabel',
  hint: 'fieldHint',
  placeholder: 'fieldPlaceholder',
  pattern: 'fieldPattern',
  format: 'fieldFormat',
  secret: 'fieldSecret',
  optional: 'fieldOptional',
};

/** Which input a field path ("credentials.1.pattern", "verification.headers.Authorization") belongs to. */
export function placeError(path: string, message: string, draft: ProviderDraft, t: IkStrings): FormError {
  const labels = t.catalogLabels;
  const segments = path.split('.');
  if (segments[0] === 'logo') {
    return { id: draft.logo.startsWith('data:') ? ids.logoFile : ids.logoUrl, label: labels.logo, message };
  }
  if (segments[0] === 'category') {
    return draft.categoryIsNew ? { id: ids.categoryNew, label: labels.categoryNew, message } : { id: ids.category, label: labels.category, message };
  }
  if (segments[0] === 'availability') return { id: ids.availability(draft.availability), label: labels.availability, message };
  if (segments[0] === 'credentials' && segments[1] !== undefined && /^\d+$/.test(segments[1])) {
    const index = Number(segments[1]);
    const row = shownCredentials(draft)[index];
    const prop = (segments[2] ?? 'name') as keyof CredentialDraft;
    const labelKey = CREDENTIAL_LABELS[prop] ?? 'fieldName';
    const context = t.catalogCredentialContext(index + 1, row?.label.trim() ?? '');
    if (!row) return { id: ids.addCredential, label: labels.credentials, context, message };
    return { id: ids.credential(row.uid, CREDENTIAL_LABELS[prop] ? prop : 'name'), label: labels[labelKey], context, message };
  }
  if (segments[0] === 'verification' && segments[1] === 'headers') {
    const rows = draft.headers;
    if (segments.length > 2) {
      // Header names may hold dots: everything after "headers." is the name.
      const name = segments.slice(2).join('.');
      const row = rows.find((h) => h.name.trim() === name);
      return { id: row ? ids.header(row.uid, 'value') : ids.addHeader, label: labels.headerValue, context: t.catalogHeaderContext(name), message };
    }
    return { id: rows[0] ? ids.header(rows[0].uid, 'name') : ids.addHeader, label: labels.headers, message };
  }
  // "verification.validStatuses.1" and "oauth.scopes.3" belong to the list's one input.
  let key = path;
  while (key && !FIXED[key]) key = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '';
  const fixed = FIXED[key];
  return fixed ? { id: fixed[0], label: labels[fixed[1]], message } : { id: '', label: path, message };
}

/** Field errors (from the schema or the server) placed on their inputs; the first per input wins. */
export function placeErrors(fields: FieldErrors, draft: ProviderDraft, t: IkStrings): FormErrors {
  const placed: FormErrors = {};
  for (const [path, message] of Object.entries(fields)) {
    const error = placeError(path, message, draft, t);
    placed[error.id || `?${path}`] ??= error;
  }
  return placed;
}

/** "Key must be…", or "Credential fields: An API-key provider needs…" when the message is not a predicate. */
export function errorSentence(error: Pick<FormError, 'label' | 'message'>): string {
  if (/^(must|is|has|are|refers|duplicates|cannot|could|does|should|only)\b/.test(error.message)) return `${error.label} ${error.message}`;
  return `${error.label}: ${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}`;
}

/** "200, 204" → [200, 204]; undefined when something in it is not a number. */
function statusList(value: string): number[] | undefined {
  const parts = value.split(/[\s,]+/).filter(Boolean);
  return parts.every((p) => /^\d{1,3}$/.test(p)) ? parts.map(Number) : undefined;
}

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

/**
 * The draft as the API's input. What only the form can get wrong (a status list that is not
 * numbers, a header row without a valid or unique name) comes back as errors on its input;
 * everything else is left for the schema.
 */
export function draftToInput(draft: ProviderDraft, t: IkStrings): { input: ProviderInput; errors: FormErrors } {
  const labels = t.catalogLabels;
  const errors: FormErrors = {};
  const fail = (id: string, label: string, message: string, context?: string) => (errors[id] ??= { id, label, message, context });

  const credentials = shownCredentials(draft).map((c) => ({
    name: c.name.trim(),
    label: c.label.trim(),
    ...(optional(c.hint) && { hint: c.hint.trim() }),
    ...(optional(c.placeholder) && { placeholder: c.placeholder.trim() }),
    ...(c.pattern !== '' && { pattern: c.pattern }),
    secret: c.secret,
    optional: c.optional,
    format: c.format,
  }));

  let verification: ProviderInput['verification'];
  if (draft.verify) {
    const headers: Record<string, string> = {};
    const seen = new Set<string>();
    draft.headers.forEach((row, index) => {
      const name = row.name.trim();
      if (name === '' && row.value === '') return;
      const context = t.catalogHeaderLegend(index + 1);
      const single = verificationRecipe.shape.headers.safeParse({ [name]: 'x' });
      if (!single.success) return fail(ids.header(row.uid, 'name'), labels.headerName, t.catalogHeaderInvalid, context);
      if (seen.has(name.toLowerCase())) return fail(ids.header(row.uid, 'name'), labels.headerName, t.catalogHeaderDuplicate(name), context);
      seen.add(name.toLowerCase());
      headers[name] = row.value;
    });
    const validStatuses = statusList(draft.validStatuses);
    const invalidStatuses = statusList(draft.invalidStatuses);
    if (!validStatuses) fail(ids.validStatuses, labels.validStatuses, t.catalogStatusesInvalid);
    if (!invalidStatuses) fail(ids.invalidStatuses, labels.invalidStatuses, t.catalogStatusesInvalid);
    verification = {
      method: draft.method,
      url: draft.verifyUrl.trim(),
      ...(Object.keys(headers).length > 0 && { headers }),
      ...(draft.basicAuth && { basicAuth: { username: draft.basicUsername, password: draft.basicPassword } }),
      ...(draft.body !== '' && { body: draft.body }),
      validStatuses: validStatuses ?? [],
      invalidStatuses: invalidStatuses ?? [],
    };
  }

  const input: ProviderInput = {
    key: draft.key.trim(),
    name: draft.name.trim(),
    category: draft.category.trim(),
    logo: draft.logo.trim(),
    description: draft.description.trim(),
    authType: draft.authType,
    credentials,
    help: { ...(optional(draft.helpUrl) && { url: draft.helpUrl.trim() }), instructions: draft.helpInstructions.trim() },
    ...(verification && { verification }),
    ...(draft.authType === 'oauth2' && {
      oauth: {
        authorizeUrl: draft.authorizeUrl.trim(),
        tokenUrl: draft.tokenUrl.trim(),
        ...(optional(draft.revokeUrl) && { revokeUrl: draft.revokeUrl.trim() }),
        ...(optional(draft.userInfoUrl) && { userInfoUrl: draft.userInfoUrl.trim() }),
        scopes: draft.scopes.split(/[\s,]+/).filter(Boolean),
        ...(optional(draft.scopeDescriptions) && { scopeDescriptions: scopeDescriptionsOf(draft.scopeDescriptions) }),
        clientIdRef: draft.clientIdRef.trim(),
      },
    }),
    availability: draft.availability,
  };
  return { input, errors };
}

/** "repo Read and write your repositories" per line, to `{ repo: "Read and write your repositories" }`. */
function scopeDescriptionsOf(lines: string): Record<string, string> {
  const descriptions: Record<string, string> = {};
  for (const line of lines.split('\n')) {
    const [scope, ...words] = line.trim().split(/\s+/);
    if (scope) descriptions[scope] = words.join(' ');
  }
  return descriptions;
}

/**
 * Checks the draft the way the server will: the `provider` schema with its cross-field rules,
 * plus a key already in the catalog when adding. Returns the row to send, or the errors.
 */
export function validateDraft(draft: ProviderDraft, t: IkStrings, takenKeys: ReadonlySet<string> = new Set()): { provider?: Provider; errors: FormErrors } {
  const { input, errors } = draftToInput(draft, t);
  const parsed = providerSchema.safeParse(input, { error: englishErrors });
  const all: FormErrors = parsed.success ? {} : placeErrors(issuesToFields(parsed.error.issues), draft, t);
  if (takenKeys.has(input.key)) all[ids.key] ??= { id: ids.key, label: t.catalogLabels.key, message: t.catalogKeyTaken };
  // The form's own findings are the more precise ones for their inputs.
  Object.assign(all, errors);
  return Object.keys(all).length > 0 || !parsed.success ? { errors: all } : { provider: parsed.data, errors: {} };
}
